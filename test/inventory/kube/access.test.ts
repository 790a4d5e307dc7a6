import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { failed, ok } from '../../../src/inventory/fact.js';
import type { EksCluster } from '../../../src/inventory/types.js';
import { canonicalServer, planAccess, sameCa, sameServer, type AccessInput } from '../../../src/inventory/kube/access.js';

const ENDPOINT = 'https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com';
const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const CA = b64(pem('MIIBcluster0ca'));

const cluster = (over: Partial<EksCluster> = {}): EksCluster => ({
  name: 'daytona',
  arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/daytona',
  status: 'ACTIVE',
  version: '1.31',
  roleArn: 'arn:aws:iam::111122223333:role/c',
  endpoint: ENDPOINT,
  certificateAuthority: CA,
  vpcId: 'vpc-1',
  subnetIds: [],
  securityGroupIds: [],
  ...over,
});

/** A kubeconfig file with these contexts (name → server), the first current unless said. */
function kubeconfig(contexts: Record<string, string>, current?: string, ca?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  const names = Object.keys(contexts);
  const text = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current ?? names[0]}`,
    'clusters:',
    ...names.flatMap((n) => [`- name: ${n}`, '  cluster:', `    server: ${contexts[n]}`, ...(ca ? [`    certificate-authority-data: ${ca}`] : [])]),
    'contexts:',
    ...names.flatMap((n) => [`- name: ${n}`, '  context:', `    cluster: ${n}`, `    user: ${n}`]),
    'users:',
    ...names.flatMap((n) => [`- name: ${n}`, '  user:', `    token: token-${n}`]),
  ].join('\n');
  const file = join(dir, 'config');
  writeFileSync(file, text);
  return file;
}

const input = (over: Partial<AccessInput> = {}): AccessInput => ({
  clusterName: 'daytona',
  cluster: ok(cluster()),
  token: async () => 'k8s-aws-v1.token',
  env: { HOME: mkdtempSync(join(tmpdir(), 'home-')) },
  ...over,
});

describe('server and CA comparison', () => {
  it('treats scheme, host case, default port and a trailing slash as the same server', () => {
    expect(canonicalServer('https://ABC.gr7.eu-west-1.eks.amazonaws.com/')).toBe('https://abc.gr7.eu-west-1.eks.amazonaws.com:443');
    expect(sameServer('https://abc.gr7.eu-west-1.eks.amazonaws.com:443', 'https://ABC.gr7.eu-west-1.eks.amazonaws.com')).toBe(true);
    expect(sameServer('https://abc.gr7.eu-west-1.eks.amazonaws.com', 'https://abd.gr7.eu-west-1.eks.amazonaws.com')).toBe(false);
    expect(sameServer('https://127.0.0.1:6443', 'https://127.0.0.1:6444')).toBe(false);
    expect(sameServer(undefined, ENDPOINT)).toBe(false);
  });

  it('compares certificates, not line wrapping; unknown when either side has none', () => {
    expect(sameCa({ caData: b64(pem('MIIB\ncluster0ca')) }, CA)).toBe(true);
    expect(sameCa({ caData: b64(pem('MIIBother')) }, CA)).toBe(false);
    expect(sameCa({}, CA)).toBeUndefined();
    expect(sameCa({ caData: CA }, undefined)).toBeUndefined();
  });
});

describe('planAccess: which context', () => {
  it('--context wins, even for another cluster (k8s-access then fails)', async () => {
    const file = kubeconfig({ prod: ENDPOINT, staging: 'https://STAGING.gr7.eu-west-1.eks.amazonaws.com' });
    const plan = await planAccess(k8s, input({ kubeconfig: file, context: 'staging' }));
    expect(plan).toMatchObject({ value: { access: { context: 'staging', matchesCluster: false, via: 'kubeconfig' } } });
  });

  it('prefers a context whose server is the endpoint over the current one', async () => {
    const file = kubeconfig({ staging: 'https://STAGING.gr7.eu-west-1.eks.amazonaws.com', prod: ENDPOINT }, 'staging');
    const plan = await planAccess(k8s, input({ env: { KUBECONFIG: file, HOME: '/nonexistent' } }));
    expect(plan).toMatchObject({ value: { access: { context: 'prod', matchesCluster: true }, credentials: 'kube context "prod"' } });
  });

  it('merges KUBECONFIG files as kubectl does: the first file to define a name wins, missing files are skipped', async () => {
    const first = kubeconfig({ prod: 'https://OLD.gr7.eu-west-1.eks.amazonaws.com' });
    const second = kubeconfig({ prod: ENDPOINT, other: ENDPOINT }, 'other');
    const plan = await planAccess(k8s, input({ env: { KUBECONFIG: [first, '/nonexistent/config', second].join(':'), HOME: '/nonexistent' } }));
    // prod comes from the first file (another server), so the matching context is `other`.
    expect(plan).toMatchObject({ value: { access: { context: 'other', matchesCluster: true } } });
  });

  it('with --kubeconfig and no context for the cluster, its current context is used (and reported as another cluster)', async () => {
    const file = kubeconfig({ staging: 'https://STAGING.gr7.eu-west-1.eks.amazonaws.com' });
    const plan = await planAccess(k8s, input({ kubeconfig: file }));
    expect(plan).toMatchObject({ value: { access: { context: 'staging', matchesCluster: false } } });
  });

  it('with no context for the cluster in the default kubeconfig, access is built from EKS', async () => {
    const file = kubeconfig({ staging: 'https://STAGING.gr7.eu-west-1.eks.amazonaws.com' });
    const plan = await planAccess(k8s, input({ env: { KUBECONFIG: file, HOME: '/nonexistent' } }));
    expect(plan).toMatchObject({ value: { access: { via: 'eks', server: ENDPOINT, matchesCluster: true, caMatches: true } } });
    const kc = 'value' in plan ? plan.value.kubeConfig : undefined;
    expect(kc?.getCurrentCluster()).toMatchObject({ server: ENDPOINT, caData: CA, skipTLSVerify: false });
    expect(kc?.getCurrentUser()).toMatchObject({ token: 'k8s-aws-v1.token' });
  });

  it('a cluster without an endpoint yet cannot be reached from EKS', async () => {
    const plan = await planAccess(k8s, input({ cluster: ok(cluster({ status: 'CREATING', endpoint: undefined })) }));
    expect(plan).toMatchObject({ error: { code: 'NoEndpoint', action: 'eks:DescribeCluster', message: expect.stringContaining('status CREATING') } });
  });

  it('a missing --kubeconfig or --context is an error fact, not a crash', async () => {
    expect(await planAccess(k8s, input({ kubeconfig: '/nonexistent/kubeconfig' }))).toMatchObject({ error: { code: 'KubeconfigError' } });
    const file = kubeconfig({ prod: ENDPOINT });
    expect(await planAccess(k8s, input({ kubeconfig: file, context: 'nope' }))).toMatchObject({ error: { code: 'KubeconfigError', message: expect.stringContaining('"nope" not found') } });
  });

  it('fails closed when DescribeCluster could not be read', async () => {
    const plan = await planAccess(k8s, input({ cluster: failed({ code: 'timeout', message: 'eks:DescribeCluster did not finish before the deadline', action: 'eks:DescribeCluster' }) }));
    expect(plan).toMatchObject({ error: { code: 'timeout', action: 'eks:DescribeCluster' } });
  });
});

describe('planAccess: a kubeconfig made by `aws eks update-kubeconfig` where the aws CLI is not installed', () => {
  function execKubeconfig(command: string, args: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'kc-exec-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: prod',
        'clusters:',
        `- name: prod`,
        '  cluster:',
        `    server: ${ENDPOINT}`,
        `    certificate-authority-data: ${CA}`,
        'contexts:',
        '- name: prod',
        '  context: { cluster: prod, user: prod }',
        'users:',
        '- name: prod',
        '  user:',
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1beta1',
        `      command: ${command}`,
        `      args: [${args.map((a) => JSON.stringify(a)).join(', ')}]`,
      ].join('\n'),
    );
    return file;
  }
  const emptyPath = () => mkdtempSync(join(tmpdir(), 'path-'));

  it('uses the EKS token made here instead of running the missing `aws eks get-token`', async () => {
    const file = execKubeconfig('aws', ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'daytona', '--output', 'json']);
    const plan = await planAccess(k8s, input({ env: { KUBECONFIG: file, HOME: '/nonexistent', PATH: emptyPath() } }));
    expect(plan).toMatchObject({ value: { access: { context: 'prod', via: 'kubeconfig', matchesCluster: true }, credentials: expect.stringContaining('runs aws, which is not installed') } });
    expect('value' in plan && plan.value.kubeConfig.getCurrentUser()).toMatchObject({ token: 'k8s-aws-v1.token' });
  });

  it('runs the plugin as configured when it is installed', async () => {
    const bin = emptyPath();
    writeFileSync(join(bin, 'aws'), '#!/bin/sh\n', { mode: 0o755 });
    const file = execKubeconfig('aws', ['eks', 'get-token', '--cluster-name', 'daytona']);
    const plan = await planAccess(k8s, input({ env: { KUBECONFIG: file, HOME: '/nonexistent', PATH: bin } }));
    expect(plan).toMatchObject({ value: { credentials: 'kube context "prod"' } });
    expect('value' in plan && plan.value.kubeConfig.getCurrentUser()?.exec).toMatchObject({ command: 'aws' });
  });

  it('leaves other credential plugins alone', async () => {
    const file = execKubeconfig('kubelogin', ['get-token']);
    const plan = await planAccess(k8s, input({ env: { KUBECONFIG: file, HOME: '/nonexistent', PATH: emptyPath() } }));
    expect(plan).toMatchObject({ value: { credentials: 'kube context "prod"' } });
  });
});
