/**
 * Install breakers end to end through the `check` command's code path (runCheckCommand): values
 * file → intent → collection (AWS mocked as a whole account, Kubernetes through the real client
 * against the fake API server, reached with --kubeconfig) → checks → JSON report and snapshot.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCheckCommand, type CheckOptions } from '../../../src/cli/check-command.js';
import type { Report } from '../../../src/report/types.js';
import { validateReport } from '../../../src/report/schema.js';
import { arn, mockAccount, REGION, typicalAccount, type AccountMocks, type FakeAccount } from '../../helpers/aws-mocks.js';
import { secret, startFakeKube, type FakeKube, type FakeKubeOptions, type KubeObject } from '../../kube-fake/server.js';
import { NS, readyCluster, SECRET_VALUES } from '../../kube-fake/scenarios.js';

const VALUES = `
postgresql: { enabled: false }
externalDatabase: { host: daytona-db.cabc123xyz.us-east-1.rds.amazonaws.com, existingSecret: daytona-db }
harbor:
  persistence:
    imageChartStorage:
      type: s3
      s3: { bucket: daytona-harbor, region: us-east-1, existingSecret: harbor-s3 }
`;
const SELECTED = ['k8s', 'eks-lb-controller', 'eks-storage'];
const IN_CLUSTER = ['k8s-access', 'k8s-secrets', 'k8s-storage-class', 'k8s-ingress-class', 'k8s-runner-nodes', 'eks-lb-controller', 'eks-storage'];

/**
 * The ready cluster with the IRSA annotations pointing at the mocked account's roles, and the TLS
 * Secret the chart's Harbor ingress reads by default (harbor.expose.tls.secret.secretName).
 */
function cluster(): KubeObject[] {
  const tls = secret(NS, 'daytona.example.com-tls', { 'tls.crt': '-----BEGIN CERTIFICATE-----', 'tls.key': 'tls-private-key-never-shown' }, 'kubernetes.io/tls');
  return [...readyCluster(), tls].map((o) => {
    const role = o.metadata.annotations?.['eks.amazonaws.com/role-arn'];
    return role ? { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'eks.amazonaws.com/role-arn': arn('role', role.slice(role.lastIndexOf('/') + 1)) } } } : o;
  });
}

let fake: FakeKube | undefined;
let mocks: AccountMocks | undefined;
let dir: string;
let stdout: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dp-k8s-cli-'));
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  mocks?.restore();
  mocks = undefined;
  await fake?.close();
  fake = undefined;
});

interface Scenario {
  objects?: KubeObject[];
  server?: FakeKubeOptions;
  account?: (a: FakeAccount) => void;
  opts?: Partial<CheckOptions>;
}

async function check(s: Scenario = {}): Promise<{ code: number; report: Report; byId: Record<string, Report['checks'][number]>; snapshot: string }> {
  fake = await startFakeKube({ objects: s.objects ?? cluster(), ...s.server });
  const account = typicalAccount();
  account.cluster.endpoint = fake.url;
  account.cluster.certificateAuthority = { data: fake.caData };
  s.account?.(account);
  mocks = mockAccount(account);
  const values = join(dir, 'values.yaml');
  writeFileSync(values, VALUES);
  const snapshot = join(dir, 'snapshot.json');
  const code = await runCheckCommand({
    values: [values],
    set: [],
    cluster: 'daytona',
    region: REGION,
    namespace: NS,
    release: 'daytona',
    kubeconfig: fake.kubeconfig(),
    kube: true,
    only: SELECTED,
    skip: [],
    output: 'json',
    failOn: 'fail',
    saveSnapshot: snapshot,
    fix: false,
    yes: false,
    dryRun: false,
    fixType: 'safe',
    timeoutSeconds: 30,
    ...s.opts,
  });
  const report = JSON.parse(stdout) as Report;
  expect(validateReport(report)).toEqual({ valid: true, errors: [] });
  return { code, report, byId: Object.fromEntries(report.checks.map((c) => [c.id, c])), snapshot: readFileSync(snapshot, 'utf8') };
}

const statuses = (byId: Record<string, { status: string }>) => Object.fromEntries(IN_CLUSTER.map((id) => [id, byId[id]?.status]));

describe('check, in-cluster scenarios', () => {
  it('a ready cluster: every in-cluster check passes, exit 0; the snapshot holds the in-cluster facts with Secret key names only', async () => {
    const { code, byId, report, snapshot } = await check();
    expect(statuses(byId)).toEqual(Object.fromEntries(IN_CLUSTER.map((id) => [id, 'pass'])));
    expect(code).toBe(0);
    expect(report.apiCalls).toMatchObject({ 'kubernetes:get /version': 1, 'kubernetes:list secrets': 1, 'eks:DescribeCluster': 1 });
    const inv = JSON.parse(snapshot).inventory;
    expect(inv.kube.secrets['daytona/harbor-s3']).toEqual({ value: { name: 'harbor-s3', type: 'Opaque', keys: ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'] } });
    expect(inv.kube.storageClasses.value).toContainEqual({ name: 'gp3', provisioner: 'ebs.csi.aws.com', isDefault: true });
    for (const v of [...SECRET_VALUES, 'tls-private-key-never-shown']) {
      expect(snapshot).not.toContain(v);
      expect(snapshot).not.toContain(Buffer.from(v).toString('base64'));
      expect(stdout).not.toContain(v);
    }
  });

  it('no Load Balancer Controller: eks-lb-controller fails, exit 1', async () => {
    const { code, byId } = await check({ objects: cluster().filter((o) => !(o.kind === 'Deployment' && o.metadata.name === 'aws-load-balancer-controller')) });
    expect(byId['eks-lb-controller']).toMatchObject({ status: 'fail', message: expect.stringContaining('the AWS Load Balancer Controller is not installed') });
    expect(code).toBe(1);
  });

  it('a missing Secret: k8s-secrets fails naming it, exit 1', async () => {
    const { code, byId } = await check({ objects: cluster().filter((o) => o.metadata.name !== 'harbor-s3') });
    expect(byId['k8s-secrets']).toMatchObject({ status: 'fail', message: expect.stringContaining('Secret harbor-s3') });
    expect(code).toBe(1);
  });

  it('a Secret without its key: k8s-secrets fails naming the key', async () => {
    const objects = cluster().map((o) => (o.metadata.name === 'daytona-db' && o.kind === 'Secret' ? { ...o, data: { 'db-password': Buffer.from(SECRET_VALUES[0]!).toString('base64') } } : o));
    const { code, byId, snapshot } = await check({ objects });
    expect(byId['k8s-secrets']).toMatchObject({ status: 'fail', message: 'Secret daytona-db (externalDatabase.existingSecret) lacks key database-password (it has: db-password)' });
    expect(code).toBe(1);
    expect(snapshot).not.toContain(SECRET_VALUES[0]);
  });

  it('no default StorageClass: k8s-storage-class fails', async () => {
    const objects = cluster().map((o) => (o.kind === 'StorageClass' ? { ...o, metadata: { name: o.metadata.name } } : o));
    const { code, byId } = await check({ objects });
    expect(byId['k8s-storage-class']).toMatchObject({ status: 'fail', message: expect.stringMatching(/^no default StorageClass/) });
    expect(code).toBe(1);
  });

  it('a missing IngressClass: k8s-ingress-class fails', async () => {
    const { code, byId } = await check({ objects: cluster().filter((o) => !(o.kind === 'IngressClass' && o.metadata.name === 'nginx')) });
    expect(byId['k8s-ingress-class']).toMatchObject({ status: 'fail', message: expect.stringMatching(/^IngressClass nginx does not exist/) });
    expect(code).toBe(1);
  });

  it('no runner nodes and no runner node group: k8s-runner-nodes fails', async () => {
    const { code, byId } = await check({
      objects: cluster().filter((o) => !(o.kind === 'Node' && o.metadata.labels?.['daytona-sandbox-c'])),
      account: (a) => (a.nodegroups = a.nodegroups.filter((g) => g.nodegroupName !== 'runners')),
    });
    expect(byId['k8s-runner-nodes']).toMatchObject({ status: 'fail', message: expect.stringMatching(/^no node with daytona-sandbox-c=true/) });
    expect(code).toBe(1);
  });

  it('403 on secrets: exactly k8s-secrets is an error naming `list secrets`; the others pass; exit 3', async () => {
    const { code, byId } = await check({ server: { forbid: [{ verb: 'list', resource: 'secrets', namespace: NS }] } });
    expect(byId['k8s-secrets']).toMatchObject({ status: 'error', reason: 'Forbidden on list secrets', error: { code: 'Forbidden', action: 'list secrets' } });
    expect(statuses(byId)).toEqual({ ...Object.fromEntries(IN_CLUSTER.map((id) => [id, 'pass'])), 'k8s-secrets': 'error' });
    expect(code).toBe(3);
  });

  it('--no-kube: the in-cluster checks skip with the reason; AWS alone still judges the EBS add-on', async () => {
    const { code, byId } = await check({ opts: { kube: false } });
    for (const id of ['k8s-access', 'k8s-secrets', 'k8s-storage-class', 'k8s-ingress-class', 'k8s-runner-nodes', 'eks-lb-controller']) {
      expect(byId[id], id).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
    }
    expect(byId['eks-storage']!.status).toBe('pass');
    expect(fake!.requests).toEqual([]);
    expect(code).toBe(0);
  });
});
