/**
 * The in-cluster collector, through the real Kubernetes client, against the fake API server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failed, ok } from '../../../src/inventory/fact.js';
import { KUBE_REQUESTS, kubeAction } from '../../../src/inventory/kube/rbac.js';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from '../../kube-fake/server.js';
import { clusterAt, collectAgainst, type CollectAgainst } from '../../kube-fake/harness.js';
import { readyCluster, readyIntent, SECRET_VALUES } from '../../kube-fake/scenarios.js';

let fake: FakeKube;

/** A real, unrelated self-signed certificate (base64 PEM), as another cluster's CA would be. */
function otherCa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'other-ca-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=other', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return readFileSync(join(dir, 'c.pem')).toString('base64');
}
afterEach(async () => fake?.close());

async function collect(opts: FakeKubeOptions = {}, o: Partial<CollectAgainst> = {}) {
  fake = await startFakeKube({ objects: readyCluster(), ...opts });
  return collectAgainst(fake, { intent: readyIntent(), ...o });
}

describe('collectKube on a ready cluster', () => {
  it('reads every in-cluster fact the checks need', async () => {
    const { kube } = await collect();
    expect(kube.access).toEqual(ok({ server: fake.url, via: 'kubeconfig', context: 'fake', matchesCluster: true, caMatches: true, gitVersion: 'v1.31.4-eks-2d5f260' }));
    expect(kube.lbControllerDeployments).toEqual(
      ok([{ namespace: 'kube-system', name: 'aws-load-balancer-controller', replicas: 2, availableReplicas: 2, serviceAccountName: 'aws-load-balancer-controller' }]),
    );
    expect(kube.serviceAccounts?.['kube-system/aws-load-balancer-controller']).toEqual(
      ok({ namespace: 'kube-system', name: 'aws-load-balancer-controller', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/lb-controller-role' } }),
    );
    expect(kube.serviceAccounts?.['kube-system/ebs-csi-controller-sa']).toMatchObject({ value: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/ebs-csi-role' } } });
    expect(kube.storageClasses).toEqual(ok([{ name: 'gp2', provisioner: 'kubernetes.io/aws-ebs', isDefault: false }, { name: 'gp3', provisioner: 'ebs.csi.aws.com', isDefault: true }]));
    expect(kube.ingressClasses).toEqual(ok([{ name: 'alb', controller: 'ingress.k8s.aws/alb', isDefault: false }, { name: 'nginx', controller: 'k8s.io/ingress-nginx', isDefault: false }]));
    expect(kube.csiDrivers).toEqual(ok(['ebs.csi.aws.com', 'efs.csi.aws.com']));
    expect(kube.nodes).toMatchObject({ value: [{ ready: true, architecture: 'amd64' }, {}, { labels: { 'daytona-sandbox-c': 'true' }, taints: [{ key: 'sandbox', value: 'true', effect: 'NoSchedule' }] }] });
  });

  it('keeps Secret key names only: no value reaches the facts, and unasked-for Secrets are not kept', async () => {
    const { kube } = await collect();
    expect(kube.secrets).toEqual({
      'daytona/daytona-db': ok({ name: 'daytona-db', type: 'Opaque', keys: ['database-password'] }),
      'daytona/harbor-s3': ok({ name: 'harbor-s3', type: 'Opaque', keys: ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'] }),
    });
    const text = JSON.stringify(kube);
    for (const v of SECRET_VALUES) {
      expect(text).not.toContain(v);
      expect(text).not.toContain(Buffer.from(v).toString('base64'));
    }
    expect(text).not.toContain('unrelated');
    // The service accounts keep their IAM annotations, not kubectl's last-applied copy.
    expect(text).not.toContain('last-applied-configuration');
  });

  it('records a Secret the values name but the namespace lacks as null', async () => {
    const { kube } = await collect({ objects: readyCluster().filter((o) => o.metadata.name !== 'harbor-s3') });
    expect(kube.secrets?.['daytona/harbor-s3']).toEqual(ok(null));
  });

  it('follows metadata.continue page by page, honouring limit, and counts each page as a call', async () => {
    const { kube, calls } = await collect({ maxPageSize: 1 }, { deps: { pageSize: 2 } });
    expect(kube.nodes).toMatchObject({ value: { length: 3 } });
    const nodePages = fake.requests.filter((r) => r.path === '/api/v1/nodes');
    expect(nodePages.map((r) => r.query)).toEqual([{ limit: '2' }, { limit: '2', continue: expect.any(String) }, { limit: '2', continue: expect.any(String) }]);
    expect(calls['kubernetes:list nodes']).toBe(3);
    expect(calls['kubernetes:get /version']).toBe(1);
  });

  it('restarts a list whose continue token expired (410 Expired) from the start, once, and keeps no item twice', async () => {
    const { kube, calls } = await collect({ maxPageSize: 1, expireContinue: 1 }, { needs: ['kube.access', 'kube.nodes'], deps: { pageSize: 1 } });
    expect(kube.nodes).toMatchObject({ value: { length: 3 } });
    const names = (kube.nodes as { value: { name: string }[] }).value.map((n) => n.name);
    expect(new Set(names).size).toBe(3);
    const pages = fake.requests.filter((r) => r.path === '/api/v1/nodes');
    expect(pages.map((r) => [r.status, r.query.continue ? 'continue' : 'start'])).toEqual([
      [200, 'start'],
      [410, 'continue'],
      [200, 'start'],
      [200, 'continue'],
      [200, 'continue'],
    ]);
    expect(calls['kubernetes:list nodes']).toBe(5);
  });

  it('a continue token that keeps expiring is an error naming the list, never a partial list', async () => {
    const { kube } = await collect({ maxPageSize: 1, expireContinue: Infinity }, { needs: ['kube.access', 'kube.nodes'], deps: { pageSize: 1 } });
    expect(kube.nodes).toMatchObject({ error: { code: 'Expired', action: 'list nodes' } });
  });

  it('asks only for what the needs name', async () => {
    await collect({}, { needs: ['kube.access', 'kube.ingressClasses'] });
    expect(fake.requests.map((r) => r.path).sort()).toEqual(['/apis/networking.k8s.io/v1/ingressclasses', '/version']);
  });

  it('lists the Load Balancer Controller by its label across namespaces', async () => {
    await collect({}, { needs: ['kube.lbController'] });
    const list = fake.requests.find((r) => r.path === '/apis/apps/v1/deployments');
    expect(list?.query.labelSelector).toBe('app.kubernetes.io/name=aws-load-balancer-controller');
  });

  it('records a service account that does not exist as null', async () => {
    const { kube } = await collect({ objects: readyCluster().filter((o) => !(o.kind === 'ServiceAccount' && o.metadata.name === 'ebs-csi-controller-sa')) }, { needs: ['kube.csiDrivers'] });
    expect(kube.serviceAccounts?.['kube-system/ebs-csi-controller-sa']).toEqual(ok(null));
  });

  it('makes only requests the ClusterRole grants', async () => {
    await collect();
    const granted = Object.values(KUBE_REQUESTS).map(kubeAction);
    const made = [...new Set(fake.requests.map((r) => requestName(r.path)))].sort();
    expect(made).toEqual(['get /version', 'get serviceaccounts', 'list csidrivers', 'list deployments', 'list ingressclasses', 'list nodes', 'list secrets', 'list storageclasses']);
    for (const m of made) expect(granted).toContain(m);
  });
});

/** `get serviceaccounts` for /api/v1/namespaces/x/serviceaccounts/y, `list nodes` for /api/v1/nodes. */
function requestName(path: string): string {
  if (path === '/version') return 'get /version';
  const parts = path.split('/').filter(Boolean);
  let rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  if (rest[0] === 'namespaces' && rest.length > 2) rest = rest.slice(2);
  return `${rest.length > 1 ? 'get' : 'list'} ${rest[0]}`;
}

describe('collectKube when the API refuses or fails', () => {
  it('401: every fact is an Unauthorized error naming the credentials, none is a value', async () => {
    fake = await startFakeKube({ objects: readyCluster(), token: 'the-right-token' });
    const { kube } = await collectAgainst(fake, { intent: readyIntent(), kubeconfig: fake.kubeconfig({ token: 'a-wrong-token' }) });
    expect(kube.access).toMatchObject({ error: { code: 'Unauthorized', message: expect.stringMatching(/^Unauthorized: the API server .* rejected the credentials of kube context "fake" \(401\)$/) } });
    for (const f of [kube.lbControllerDeployments, kube.storageClasses, kube.ingressClasses, kube.nodes, kube.csiDrivers, kube.secrets?.['daytona/daytona-db']]) {
      expect(f).toMatchObject({ error: { code: 'Unauthorized' } });
    }
    expect(JSON.stringify(kube)).not.toContain('a-wrong-token');
  });

  it('403 on secrets: exactly the secrets facts are Forbidden, naming the verb, resource and namespace; the rest are read', async () => {
    const { kube } = await collect({ forbid: [{ verb: 'list', resource: 'secrets', namespace: 'daytona' }], user: 'arn:aws:sts::111122223333:assumed-role/ci/runner' });
    const error = {
      code: 'Forbidden',
      action: 'list secrets',
      message: 'secrets is forbidden: User "arn:aws:sts::111122223333:assumed-role/ci/runner" cannot list resource "secrets" in API group "" in the namespace "daytona"',
    };
    expect(kube.secrets).toEqual({ 'daytona/daytona-db': failed(error), 'daytona/harbor-s3': failed(error) });
    expect(kube.access).toMatchObject({ value: { matchesCluster: true } });
    expect(kube.storageClasses).toMatchObject({ value: expect.any(Array) });
    expect(kube.nodes).toMatchObject({ value: expect.any(Array) });
  });

  it('403 on a cluster-scoped list names it at the cluster scope', async () => {
    const { kube } = await collect({ forbid: [{ verb: 'list', resource: 'storageclasses' }] });
    expect(kube.storageClasses).toEqual(
      failed({ code: 'Forbidden', action: 'list storageclasses', message: 'storageclasses.storage.k8s.io is forbidden: User "x" cannot list resource "storageclasses" in API group "storage.k8s.io" at the cluster scope' }),
    );
    expect(kube.ingressClasses).toMatchObject({ value: expect.any(Array) });
  });

  it('an API server that does not answer before the deadline: the facts in flight become timeout errors', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300).unref();
    const started = Date.now();
    const { kube } = await collect({ delayMs: 5_000 }, { signal: controller.signal, needs: ['kube.access', 'kube.nodes'] });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(kube.access).toMatchObject({ error: { code: 'timeout', action: 'get /version' } });
    expect(kube.nodes).toMatchObject({ error: { code: 'timeout', action: 'list nodes' } });
  });

  it('an unreachable API server: each fact says so', async () => {
    fake = await startFakeKube({ objects: readyCluster() });
    const kubeconfig = fake.kubeconfig();
    const cluster = ok(clusterAt(fake));
    await fake.close();
    const { kube } = await collectAgainst(fake, { intent: readyIntent(), kubeconfig, cluster, needs: ['kube.access', 'kube.nodes'] });
    expect(kube.access).toMatchObject({ error: { code: 'Unreachable', message: expect.stringContaining('connection refused (ECONNREFUSED)') } });
    expect(kube.nodes).toMatchObject({ error: { code: 'Unreachable' } });
  });
});

describe('collectKube: which cluster it talks to', () => {
  it('--context for another cluster: access says so, and nothing else is read from it', async () => {
    fake = await startFakeKube({ objects: readyCluster() });
    const kubeconfig = fake.kubeconfig({ extraContexts: [{ name: 'staging', server: 'https://STAGING.gr7.eu-west-1.eks.amazonaws.com' }] });
    const { kube } = await collectAgainst(fake, { intent: readyIntent(), kubeconfig, context: 'staging' });
    expect(kube.access).toEqual(ok({ server: 'https://STAGING.gr7.eu-west-1.eks.amazonaws.com', via: 'kubeconfig', context: 'staging', matchesCluster: false }));
    expect(kube.nodes).toMatchObject({ error: { code: 'WrongCluster' } });
    expect(fake.requests).toEqual([]);
  });

  it('without --context, a kubeconfig context whose server is the cluster\'s endpoint is used, whichever is current', async () => {
    fake = await startFakeKube({ objects: readyCluster() });
    const kubeconfig = fake.kubeconfig({ extraContexts: [{ name: 'staging', server: 'https://STAGING.gr7.eu-west-1.eks.amazonaws.com' }], currentContext: 'staging' });
    const { kube } = await collectAgainst(fake, { intent: readyIntent(), needs: ['kube.access'], kubeconfig: null, deps: { env: { KUBECONFIG: kubeconfig, HOME: '/nonexistent' } } });
    expect(kube.access).toMatchObject({ value: { context: 'fake', matchesCluster: true } });
  });

  it('a context with insecure-skip-tls-verify is still verified against DescribeCluster\'s CA: the cluster\'s server is read', async () => {
    fake = await startFakeKube({ objects: readyCluster() });
    if (!fake.caData) return; // no openssl: the fake speaks plain HTTP
    const { kube } = await collectAgainst(fake, { intent: readyIntent(), needs: ['kube.access', 'kube.nodes'], kubeconfig: fake.kubeconfig({ insecure: true }) });
    expect(kube.access).toMatchObject({ value: { via: 'kubeconfig', matchesCluster: true } });
    expect(kube.nodes).toMatchObject({ value: { length: 3 } });
  });

  it('a context with insecure-skip-tls-verify whose server does not present the cluster\'s certificate gets no credentials and no pass', async () => {
    fake = await startFakeKube({ objects: readyCluster() });
    if (!fake.caData) return;
    const { kube } = await collectAgainst(fake, {
      intent: readyIntent(),
      needs: ['kube.access', 'kube.nodes'],
      kubeconfig: fake.kubeconfig({ insecure: true }),
      cluster: ok(clusterAt(fake, { certificateAuthority: otherCa() })),
    });
    expect(kube.access).toMatchObject({ error: { code: 'TLSError' } });
    expect(kube.nodes).toMatchObject({ error: { code: 'TLSError' } });
    expect(fake.requests).toEqual([]);
  });

  it('an empty file among the KUBECONFIG files is skipped, as kubectl does, and the others are still read', async () => {
    fake = await startFakeKube({ objects: readyCluster() });
    const kubeconfig = fake.kubeconfig();
    const empty = join(mkdtempSync(join(tmpdir(), 'kc-empty-')), 'config');
    writeFileSync(empty, '');
    const { kube } = await collectAgainst(fake, { intent: readyIntent(), needs: ['kube.access'], kubeconfig: null, deps: { env: { KUBECONFIG: [empty, kubeconfig].join(delimiter), HOME: '/nonexistent' } } });
    expect(kube.access).toMatchObject({ value: { via: 'kubeconfig', context: 'fake', matchesCluster: true } });
  });

  it('a kubeconfig whose CA is not the cluster\'s is not trusted as the cluster', async () => {
    fake = await startFakeKube({ objects: readyCluster() });
    const other = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----\n').toString('base64');
    const { kube } = await collectAgainst(fake, { intent: readyIntent(), needs: ['kube.access'], cluster: ok(clusterAt(fake, { certificateAuthority: other })) });
    expect(kube.access).toMatchObject({ value: { matchesCluster: true, caMatches: false } });
    expect(fake.requests).toEqual([]);
  });

  it('without DescribeCluster the server cannot be told to be the cluster: every fact is that error (fail closed)', async () => {
    const denied = failed({ code: 'AccessDenied', action: 'eks:DescribeCluster', message: 'not authorized to perform eks:DescribeCluster' });
    const { kube } = await collect({}, { cluster: denied });
    expect(kube.access).toMatchObject({ error: { code: 'AccessDenied', action: 'eks:DescribeCluster', message: expect.stringContaining('cannot tell which API server is cluster daytona') } });
    expect(kube.secrets?.['daytona/daytona-db']).toMatchObject({ error: { code: 'AccessDenied' } });
    expect(fake.requests).toEqual([]);
  });

  it('no context for the cluster and no AWS credentials for a token: the error names sts:GetCallerIdentity', async () => {
    const { kube } = await collect({}, { kubeconfig: null, needs: ['kube.access'], deps: { token: async () => Promise.reject(new Error('Could not load credentials from any providers')) } });
    expect(kube.access).toEqual(failed({ code: 'CredentialsError', action: 'sts:GetCallerIdentity', message: 'cannot make an EKS token for cluster daytona: Could not load credentials from any providers' }));
  });
});
