/**
 * The EKS bearer token, checked against the documented shape of `aws eks get-token`'s token: the
 * prefix, unpadded base64url, a presigned GET for sts.<region>.amazonaws.com with Action and
 * Version, the SigV4 query parameters, X-Amz-Expires=60 and the signed x-k8s-aws-id header. The
 * signature is recomputed here independently (node:crypto) from the same fixed credentials.
 */
import { createHash, createHmac } from 'node:crypto';
import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsRuntime, sdkClientConfig } from '../../../src/inventory/aws/runtime.js';
import { EKS_TOKEN_PREFIX, eksToken, presignEksToken, resolveStsTarget } from '../../../src/inventory/kube/eks-token.js';
import { ok } from '../../../src/inventory/fact.js';
import { startFakeKube, type FakeKube } from '../../kube-fake/server.js';
import { collectAgainst, clusterAt } from '../../kube-fake/harness.js';
import { readyCluster, readyIntent } from '../../kube-fake/scenarios.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SESSION = { ...CREDENTIALS, sessionToken: 'IQoJb3JpZ2luX2VjE/example+session==' };
const DATE = new Date('2024-01-02T03:04:05Z');
const REGIONAL = { protocol: 'https:', hostname: 'sts.eu-west-1.amazonaws.com', path: '/', signingRegion: 'eu-west-1' };

/** The presigned URL inside a token, after checking the token's own encoding. */
function decode(token: string): URL {
  expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
  const body = token.slice(EKS_TOKEN_PREFIX.length);
  expect(body).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: no '+', '/' or '=' padding
  return new URL(Buffer.from(body, 'base64url').toString('utf8'));
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** SigV4 query-string verification, written from the AWS documentation, not from the signer under test. */
function signatureIsValid(url: URL, secretAccessKey: string, clusterName: string): boolean {
  const q = url.searchParams;
  const [, date, region, service, terminator] = (q.get('X-Amz-Credential') ?? '').split('/');
  const canonicalQuery = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const signedHeaders = q.get('X-Amz-SignedHeaders') ?? '';
  const headers: Record<string, string> = { host: url.host, 'x-k8s-aws-id': clusterName };
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((h) => `${h}:${headers[h]}\n`)
    .join('');
  const canonicalRequest = ['GET', url.pathname, canonicalQuery, canonicalHeaders, signedHeaders, sha256('')].join('\n');
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = ['AWS4-HMAC-SHA256', q.get('X-Amz-Date'), scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date!), region!), service!), terminator!);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex') === q.get('X-Amz-Signature');
}

describe('the EKS token (as `aws eks get-token` makes it)', () => {
  it('is k8s-aws-v1. and unpadded base64url of a presigned STS GetCallerIdentity URL for the regional endpoint', async () => {
    const url = decode(await presignEksToken({ clusterName: 'daytona', credentials: CREDENTIALS, target: REGIONAL, signingDate: DATE }));
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('GetCallerIdentity');
    expect(q.get('Version')).toBe('2011-06-15');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20240102/eu-west-1/sts/aws4_request');
    expect(q.get('X-Amz-Date')).toBe('20240102T030405Z');
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.has('X-Amz-Security-Token')).toBe(false);
    // The cluster name travels as a signed header, never in the URL.
    expect(url.href).not.toContain('x-k8s-aws-id=');
  });

  it('carries a signature that verifies for the cluster name it was made for, and only for it', async () => {
    const url = decode(await presignEksToken({ clusterName: 'daytona', credentials: CREDENTIALS, target: REGIONAL, signingDate: DATE }));
    expect(signatureIsValid(url, CREDENTIALS.secretAccessKey, 'daytona')).toBe(true);
    expect(signatureIsValid(url, CREDENTIALS.secretAccessKey, 'another-cluster')).toBe(false);
    expect(signatureIsValid(url, 'a-different-secret', 'daytona')).toBe(false);
  });

  it('includes the session token of temporary credentials (signed with the rest)', async () => {
    const url = decode(await presignEksToken({ clusterName: 'daytona', credentials: SESSION, target: REGIONAL, signingDate: DATE }));
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(SESSION.sessionToken);
    expect(signatureIsValid(url, SESSION.secretAccessKey, 'daytona')).toBe(true);
  });

  it('never carries the secret access key', async () => {
    const token = await presignEksToken({ clusterName: 'daytona', credentials: SESSION, target: REGIONAL, signingDate: DATE });
    expect(decode(token).href).not.toContain(SESSION.secretAccessKey);
    expect(decode(token).href).not.toContain(encodeURIComponent(SESSION.secretAccessKey));
  });
});

describe('the STS endpoint the token is presigned for', () => {
  const client = (region: string) => new STSClient({ region, credentials: CREDENTIALS });
  const saved = process.env.AWS_ENDPOINT_URL_STS;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = saved;
  });

  it('is the regional endpoint the STS client resolves (not the global one)', async () => {
    expect(await resolveStsTarget(client('eu-west-1') as never)).toEqual({ protocol: 'https:', hostname: 'sts.eu-west-1.amazonaws.com', path: '/', signingRegion: 'eu-west-1' });
    expect(await resolveStsTarget(client('us-east-1') as never)).toMatchObject({ hostname: 'sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' });
  });

  it('follows the partition (China) and AWS_ENDPOINT_URL_STS (emulators), as every SDK call does', async () => {
    expect(await resolveStsTarget(client('cn-north-1') as never)).toMatchObject({ hostname: 'sts.cn-north-1.amazonaws.com.cn', signingRegion: 'cn-north-1' });
    process.env.AWS_ENDPOINT_URL_STS = 'http://localhost:4566';
    expect(await resolveStsTarget(client('eu-west-1') as never)).toMatchObject({ protocol: 'http:', hostname: 'localhost', port: 4566, signingRegion: 'eu-west-1' });
  });

  it('sends nothing to STS while resolving it (no API call is counted)', async () => {
    const sts = client('eu-west-1');
    const rt = new AwsRuntime({ region: 'eu-west-1' }, undefined, async () => sts as never);
    const token = await eksToken(rt, 'daytona');
    expect(rt.calls).toEqual({});
    const url = decode(token);
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(signatureIsValid(url, CREDENTIALS.secretAccessKey, 'daytona')).toBe(true);
  });

  it('fails when the SDK finds no credentials', async () => {
    const bare = new STSClient({ region: 'eu-west-1', credentials: async () => Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })) });
    const rt = new AwsRuntime({ region: 'eu-west-1' }, undefined, async () => bare as never);
    await expect(eksToken(rt, 'daytona')).rejects.toThrow(/Could not load credentials/);
  });
});

describe('access built from EKS alone (no kube context for the cluster)', () => {
  let fake: FakeKube;
  afterEach(async () => fake?.close());

  it('reaches the API server with DescribeCluster\'s endpoint and CA and a token the server verifies', async () => {
    const sts = new STSClient({ ...sdkClientConfig({ region: 'eu-west-1' }), credentials: CREDENTIALS });
    const seen: URL[] = [];
    fake = await startFakeKube({
      objects: readyCluster(),
      // What the EKS authenticator does, offline: decode the token and verify its presigned URL.
      authenticate: (token) => {
        if (!token.startsWith(EKS_TOKEN_PREFIX)) return false;
        const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
        seen.push(url);
        return url.host === 'sts.eu-west-1.amazonaws.com' && signatureIsValid(url, CREDENTIALS.secretAccessKey, 'daytona');
      },
    });
    const rt = new AwsRuntime({ region: 'eu-west-1' }, undefined, async () => sts as never);
    const { kube } = await collectAgainst(fake, {
      intent: readyIntent(),
      needs: ['kube.access', 'kube.nodes'],
      kubeconfig: null,
      cluster: ok(clusterAt(fake)),
      deps: { token: () => eksToken(rt, 'daytona') },
    });
    expect(kube.access).toEqual({ value: expect.objectContaining({ via: 'eks', server: fake.url, matchesCluster: true, gitVersion: 'v1.31.4-eks-2d5f260' }) });
    expect(kube.nodes).toMatchObject({ value: expect.arrayContaining([expect.objectContaining({ name: 'ip-10-0-2-20.eu-west-1.compute.internal' })]) });
    expect(seen.length).toBeGreaterThan(0);
  });
});
