/**
 * The Secret store through the real Kubernetes client, against a small API server on 127.0.0.1
 * that creates Secrets (POST) and answers reads as the API server does.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeSecretStore } from '../../src/remediations/kube-secrets.js';
import { AwsRuntime } from '../../src/inventory/aws/runtime.js';
import { ok } from '../../src/inventory/fact.js';
import type { Inventory } from '../../src/inventory/types.js';
import type { SecretStore } from '../../src/remediations/types.js';

const TOKEN = 'kube-token-for-tests-0000';
interface Seen {
  method: string;
  path: string;
  body?: unknown;
}
const seen: Seen[] = [];
const secrets = new Map<string, unknown>();
let forbidCreate = false;
let server: http.Server;
let url = '';

const statusBody = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ method: req.method ?? '', path, ...(raw ? { body: JSON.parse(raw) } : {}) });
      const send = (code: number, body: unknown) => {
        res.statusCode = code;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      const ns = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
      if (ns && req.method === 'GET') return ns[1] === 'daytona' ? send(200, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'daytona' } }) : send(404, statusBody(404, 'NotFound', `namespaces "${ns[1]}" not found`));
      const one = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(path);
      if (one && req.method === 'GET') {
        const s = secrets.get(`${one[1]}/${one[2]}`);
        return s ? send(200, s) : send(404, statusBody(404, 'NotFound', `secrets "${one[2]}" not found`));
      }
      const list = /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/.exec(path);
      if (list && req.method === 'POST') {
        if (forbidCreate) return send(403, statusBody(403, 'Forbidden', `secrets is forbidden: User "ops" cannot create resource "secrets" in API group "" in the namespace "${list[1]}"`));
        const body = JSON.parse(raw) as { metadata: { name: string } };
        const key = `${list[1]}/${body.metadata.name}`;
        if (secrets.has(key)) return send(409, statusBody(409, 'AlreadyExists', `secrets "${body.metadata.name}" already exists`));
        secrets.set(key, body);
        return send(201, body);
      }
      return send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  secrets.clear();
  forbidCreate = false;
});

/** Plain HTTP on loopback: the client allows it only with insecure-skip-tls-verify. */
function kubeconfig(server = url): string {
  const file = join(mkdtempSync(join(tmpdir(), 'dp-kubeconfig-')), 'config');
  writeFileSync(file, ['apiVersion: v1', 'kind: Config', 'current-context: t', 'clusters:', '- name: t', '  cluster:', `    server: ${server}`, '    insecure-skip-tls-verify: true', 'contexts:', '- name: t', '  context: { cluster: t, user: t }', 'users:', '- name: t', '  user:', `    token: ${TOKEN}`, ''].join('\n'));
  return file;
}

const inventory = (endpoint = url): Inventory => ({
  eks: { clusterName: 'daytona', cluster: ok({ name: 'daytona', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/daytona', status: 'ACTIVE', version: '1.31', roleArn: 'r', endpoint, vpcId: 'vpc-1', subnetIds: [], securityGroupIds: [] }) },
});

async function store(inv = inventory(), file = kubeconfig()): Promise<SecretStore & { rt: AwsRuntime }> {
  const rt = new AwsRuntime({ region: 'eu-west-1' });
  const s = await kubeSecretStore({ inventory: inv, rt, kubeconfig: file, env: {} });
  if ('unavailable' in s) throw new Error(s.unavailable);
  return Object.assign(s, { rt });
}

describe('the Kubernetes Secret store', () => {
  it('creates an Opaque Secret with the keys as stringData and the managed-by label, counting the request', async () => {
    const s = await store();
    expect(await s.namespaceExists('daytona')).toBe(true);
    expect(await s.exists('daytona', 'harbor-s3-secret')).toBe(false);
    await s.create('daytona', 'harbor-s3-secret', { REGISTRY_STORAGE_S3_ACCESSKEY: 'id', REGISTRY_STORAGE_S3_SECRETKEY: 'secret' }, { 'managed-by': 'daytona-preflight' });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      path: '/api/v1/namespaces/daytona/secrets',
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'harbor-s3-secret', namespace: 'daytona', labels: { 'managed-by': 'daytona-preflight' } }, type: 'Opaque', stringData: { REGISTRY_STORAGE_S3_ACCESSKEY: 'id', REGISTRY_STORAGE_S3_SECRETKEY: 'secret' } },
    });
    expect(await s.exists('daytona', 'harbor-s3-secret')).toBe(true);
    expect(s.rt.calls).toEqual({ 'kubernetes:get namespaces': 1, 'kubernetes:get secrets': 2, 'kubernetes:create secrets': 1 });
    expect(s.where).toBe(`${url} (kube context "t")`);
  });

  it('says when the namespace does not exist', async () => {
    expect(await (await store()).namespaceExists('elsewhere')).toBe(false);
  });

  it('refuses to replace a Secret that exists, and words a refusal without the client text or the token', async () => {
    const s = await store();
    await s.create('daytona', 'x', { a: 'b' }, {});
    await expect(s.create('daytona', 'x', { a: 'c' }, {})).rejects.toThrow('secrets "x" already exists');
    forbidCreate = true;
    const err = await s.create('daytona', 'y', { a: 'b' }, {}).catch((e: Error) => e);
    expect((err as Error).message).toBe('secrets is forbidden: User "ops" cannot create resource "secrets" in API group "" in the namespace "daytona"');
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('is unavailable under --no-kube, without a described cluster, or when the context reaches another cluster', async () => {
    const rt = new AwsRuntime({ region: 'eu-west-1' });
    expect(await kubeSecretStore({ inventory: { kube: { disabled: 'in-cluster checks disabled by --no-kube' } }, rt })).toEqual({ unavailable: 'there is no cluster access (in-cluster checks disabled by --no-kube)' });
    expect(await kubeSecretStore({ inventory: {}, rt })).toEqual({ unavailable: 'the cluster was not described, so its API server is unknown' });
    const other = await kubeSecretStore({ inventory: inventory('https://ABC.gr7.eu-west-1.eks.amazonaws.com'), rt, kubeconfig: kubeconfig(), env: {} });
    expect(other).toEqual({ unavailable: `the kube context reaches ${url}, not cluster daytona` });
    expect(seen).toEqual([]);
  });
});
