import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCallerIdentity, partitionOf, ACTIONS } from '../../../src/inventory/aws/sts.js';
import { credentialsUsageError, identityUsageError, isCredentialError, NO_REGION_MESSAGE, resolveSdkRegion } from '../../../src/inventory/aws/credentials.js';
import { AwsRuntime, sdkClientConfig } from '../../../src/inventory/aws/runtime.js';
import { UsageError } from '../../../src/cli/errors.js';
import { awsError, httpRuntime, queryErrorXml, queryResultXml, testRuntime } from '../../helpers/aws-mocks.js';

const CALLER = { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/preflight', UserId: 'AIDAEXAMPLEUSERID0001' };

describe('sts:GetCallerIdentity → the run target', () => {
  let sts: ReturnType<typeof mockClient>;
  beforeEach(() => {
    sts = mockClient(STSClient);
  });
  afterEach(() => sts.restore());

  it('reads account, caller ARN and partition, and keeps the run region', async () => {
    sts.on(GetCallerIdentityCommand).resolves(CALLER);
    const rt = testRuntime({ region: 'eu-west-1' });
    expect(await getCallerIdentity(rt)).toEqual({ accountId: '123456789012', callerArn: CALLER.Arn, partition: 'aws', region: 'eu-west-1' });
    expect(rt.calls).toEqual({ 'sts:GetCallerIdentity': 1 });
  });

  it('takes the partition from the caller ARN (GovCloud, China)', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ ...CALLER, Arn: 'arn:aws-us-gov:sts::123456789012:assumed-role/ci/session' });
    expect((await getCallerIdentity(testRuntime({ region: 'us-gov-west-1' }))).partition).toBe('aws-us-gov');
    expect(partitionOf('arn:aws-cn:iam::123456789012:role/x')).toBe('aws-cn');
    expect(() => partitionOf('not-an-arn')).toThrow(/not an ARN/);
  });

  it('throws the SDK error for the caller to classify', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired', 403));
    await expect(getCallerIdentity(testRuntime())).rejects.toMatchObject({ name: 'ExpiredToken' });
  });

  it('declares the one action it calls', () => {
    expect(ACTIONS).toEqual(['sts:GetCallerIdentity']);
  });
});

describe('credential problems are usage errors with a way out', () => {
  it('recognises missing, expired and invalid credentials, but not a denial', () => {
    for (const name of ['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'AuthFailure']) {
      expect(isCredentialError(awsError(name)), name).toBe(true);
    }
    expect(isCredentialError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'Error' }))).toBe(true);
    expect(isCredentialError(awsError('AccessDenied'))).toBe(false);
    expect(isCredentialError(awsError('ThrottlingException'))).toBe(false);
  });

  it('says how to fix it, for the profile given, and never prints an access key id whole', () => {
    const err = credentialsUsageError(awsError('InvalidClientTokenId', 'The security token AKIAIOSFODNN7EXAMPLE is invalid'), 'prod');
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/^no valid AWS credentials: InvalidClientTokenId: /);
    expect(err.message).toContain("aws sso login --profile prod");
    expect(err.message).toContain('AKIA…MPLE');
    expect(err.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(credentialsUsageError(awsError('CredentialsProviderError', 'Could not load credentials from any providers')).message).toMatch(/AWS_PROFILE or pass --profile/);
  });

  it('names the failed call when the identity cannot be read for another reason', () => {
    expect(identityUsageError(awsError('UnknownEndpoint', 'getaddrinfo ENOTFOUND sts.example')).message).toMatch(/sts:GetCallerIdentity failed: UnknownEndpoint/);
  });
});

describe('region resolution (no --region)', () => {
  afterEach(() => vi.unstubAllEnvs());

  const noAwsConfig = () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-aws-'));
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    return dir;
  };

  it('uses AWS_REGION as the SDK does', async () => {
    noAwsConfig();
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    expect(await resolveSdkRegion()).toBe('eu-central-1');
  });

  it("uses the profile's region from the shared config", async () => {
    const dir = noAwsConfig();
    writeFileSync(join(dir, 'config'), '[profile ci]\nregion = ap-south-1\n');
    expect(await resolveSdkRegion('ci')).toBe('ap-south-1');
  });

  it('is a usage error when there is none at all', async () => {
    noAwsConfig();
    await expect(resolveSdkRegion()).rejects.toThrow(new UsageError(NO_REGION_MESSAGE));
  });
});

describe('the real SDK client, as the runtime builds it', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('retries throttling itself, and the runtime counts one call and the retried attempt', async () => {
    let n = 0;
    const { rt, requests } = httpRuntime((req) => {
      n++;
      if (n === 1) return { status: 400, body: queryErrorXml('Throttling', 'Rate exceeded') };
      return { status: 200, body: queryResultXml(req.operation, `<Arn>${CALLER.Arn}</Arn><UserId>${CALLER.UserId}</UserId><Account>${CALLER.Account}</Account>`) };
    });
    const target = await getCallerIdentity(rt);
    expect(target.accountId).toBe('123456789012');
    expect(requests.map((r) => r.operation)).toEqual(['GetCallerIdentity', 'GetCallerIdentity']);
    expect(rt.calls).toEqual({ 'sts:GetCallerIdentity': 1 });
    expect(rt.retries).toEqual({ 'sts:GetCallerIdentity': 1 });
  });

  it('sets no endpoint: AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL reach the SDK untouched', async () => {
    expect(Object.keys(sdkClientConfig({ region: 'us-east-1', profile: 'p' })).sort()).toEqual(['maxAttempts', 'profile', 'region', 'retryMode']);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKEFORTESTS');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret-for-tests');
    const hostOf = async (): Promise<string> => {
      // The production factory builds the client; a build-step middleware reads where it would send.
      const rt = new AwsRuntime({ region: 'us-east-1' });
      const client = (await rt.client('sts')) as STSClient;
      let host = '';
      client.middlewareStack.add(
        () => async (args) => {
          const req = args.request as { protocol: string; hostname: string; port?: number };
          host = `${req.protocol}//${req.hostname}${req.port ? `:${req.port}` : ''}`;
          throw Object.assign(new Error('captured'), { name: 'Captured' });
        },
        { step: 'build', name: 'captureHost' },
      );
      await rt.send('sts:GetCallerIdentity', new GetCallerIdentityCommand({})).catch(() => undefined);
      rt.destroy();
      return host;
    };
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://localhost:4566');
    expect(await hostOf()).toBe('http://localhost:4566');
    vi.stubEnv('AWS_ENDPOINT_URL_STS', 'http://sts.emulator.test:9000');
    expect(await hostOf()).toBe('http://sts.emulator.test:9000');
    vi.stubEnv('AWS_ENDPOINT_URL', undefined);
    vi.stubEnv('AWS_ENDPOINT_URL_STS', undefined);
    expect(await hostOf()).toBe('https://sts.us-east-1.amazonaws.com');
  });
});
