/**
 * A small fake Kubernetes API server for tests, on 127.0.0.1 and a random port, speaking the API's
 * JSON: objects with apiVersion/kind/metadata, `<Kind>List` answers with `metadata.continue` paging
 * that honours `limit` and `continue`, label selectors, `/version`, and failures as the API server
 * sends them (a `Status` object: 401 Unauthorized, 403 Forbidden with the RBAC message, 404 NotFound).
 *
 * HTTPS with a throwaway self-signed certificate for 127.0.0.1 (made with openssl), so the client
 * verifies the server against a CA exactly as it does against an EKS endpoint; without openssl it
 * falls back to HTTP, which the client accepts only with insecure-skip-tls-verify.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

interface ResourceType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** The kinds the fake serves. */
const TYPES: ResourceType[] = [
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass', namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', resource: 'csidrivers', kind: 'CSIDriver', namespaced: false },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
];

const apiVersionOf = (t: ResourceType) => (t.group ? `${t.group}/${t.version}` : t.version);

export interface ForbiddenRule {
  verb: 'get' | 'list';
  resource: string;
  /** Only in this namespace (namespaced resources); every namespace when absent. */
  namespace?: string;
}

export interface FakeKubeOptions {
  objects?: KubeObject[];
  /** The bearer token the server accepts (default 'fake-token'); ignored when `authenticate` is set. */
  token?: string;
  /** Decide on a bearer token (e.g. verify an EKS token): true to accept. */
  authenticate?: (token: string) => boolean;
  /** Requests answered 403 Forbidden. */
  forbid?: ForbiddenRule[];
  /** The user named in Forbidden messages. */
  user?: string;
  gitVersion?: string;
  /** The most items one page holds, whatever `limit` asks (the API server may return fewer). */
  maxPageSize?: number;
  /** Milliseconds before answering each request (for deadlines). */
  delayMs?: number;
  /** false: plain HTTP (the client then needs insecure-skip-tls-verify). */
  tls?: boolean;
  /** Answer this many list requests that carry a `continue` token with 410 Expired (as after an etcd compaction); Infinity for all. */
  expireContinue?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  status: number;
}

export interface FakeKube {
  url: string;
  port: number;
  /** PEM of the server certificate (its own CA), base64 as in a kubeconfig or DescribeCluster; undefined over HTTP. */
  caData?: string;
  requests: RecordedRequest[];
  objects: KubeObject[];
  /** Replace the options that decide answers (objects, forbid, token…) for later requests. */
  update(opts: Partial<FakeKubeOptions>): void;
  /** Write a kubeconfig with one context (or more) pointing here; returns its path. */
  kubeconfig(opts?: {
    context?: string;
    token?: string;
    server?: string;
    extraContexts?: { name: string; server: string; caData?: string }[];
    currentContext?: string;
    dir?: string;
    /** insecure-skip-tls-verify: true and no CA on the main cluster entry. */
    insecure?: boolean;
  }): string;
  close(): Promise<void>;
}

let certCache: { key: Buffer; cert: Buffer } | null | undefined;

/** A self-signed certificate for 127.0.0.1, made once per test process; null when openssl is missing. */
function selfSignedCert(): { key: Buffer; cert: Buffer } | null {
  if (certCache !== undefined) return certCache;
  const dir = mkdtempSync(join(tmpdir(), 'kube-fake-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=kube-fake', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' },
    );
    certCache = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    certCache = null;
  }
  return certCache;
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** `a=b,c!=d,e` against labels. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((term) => {
      const ne = /^([^!=]+)!=(.*)$/.exec(term);
      if (ne) return l[ne[1]!.trim()] !== ne[2]!.trim();
      const eq = /^([^!=]+)==?(.*)$/.exec(term);
      if (eq) return l[eq[1]!.trim()] === eq[2]!.trim();
      if (term.startsWith('!')) return !(term.slice(1) in l);
      return term in l;
    });
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
}

/** /api/v1/[namespaces/NS/]RESOURCE[/NAME] and /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE[/NAME]. */
function route(path: string): Route | undefined {
  const parts = path.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = TYPES.find((t) => t.group === group && t.version === version && t.resource === rest[0]);
  if (!type || rest.length > 2 || (namespace && !type.namespaced)) return undefined;
  return { type, ...(namespace ? { namespace } : {}), ...(rest[1] ? { name: rest[1] } : {}) };
}

export async function startFakeKube(initial: FakeKubeOptions = {}): Promise<FakeKube> {
  let opts: FakeKubeOptions = { ...initial };
  const tls = opts.tls === false ? null : selfSignedCert();
  const requests: RecordedRequest[] = [];
  const state = { objects: [...(initial.objects ?? [])] };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams.entries());
    const send = (code: number, body: unknown) => {
      requests.push({ method: req.method ?? '', path: url.pathname, query, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), status: code });
      const answer = () => {
        res.statusCode = code;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (opts.delayMs) setTimeout(answer, opts.delayMs).unref();
      else answer();
    };

    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const accepted = opts.authenticate ? opts.authenticate(token) : token === (opts.token ?? 'fake-token');
    if (!accepted) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (req.method !== 'GET') return send(405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));

    if (url.pathname === '/version') {
      const gitVersion = opts.gitVersion ?? 'v1.31.4-eks-2d5f260';
      const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
      return send(200, { major: m?.[1] ?? '1', minor: m?.[2] ?? '31', gitVersion, platform: 'linux/amd64', goVersion: 'go1.22.9', compiler: 'gc' });
    }

    const r = route(url.pathname);
    if (!r) return send(404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
    const verb = r.name ? 'get' : 'list';
    const denied = (opts.forbid ?? []).find((f) => f.verb === verb && f.resource === r.type.resource && (!f.namespace || f.namespace === r.namespace));
    if (denied) {
      const groupResource = r.type.group ? `${r.type.resource}.${r.type.group}` : r.type.resource;
      const subject = r.name ? `${groupResource} "${r.name}"` : groupResource;
      const scope = r.type.namespaced && r.namespace ? `in the namespace "${r.namespace}"` : 'at the cluster scope';
      const message = `${subject} is forbidden: User "${opts.user ?? 'x'}" cannot ${verb} resource "${r.type.resource}" in API group "${r.type.group}" ${scope}`;
      return send(403, status(403, 'Forbidden', message, { ...(r.name ? { name: r.name } : {}), ...(r.type.group ? { group: r.type.group } : {}), kind: r.type.resource }));
    }

    const ofType = state.objects.filter((o) => o.kind === r.type.kind && (!r.namespace || o.metadata.namespace === r.namespace));
    if (r.name) {
      const found = ofType.find((o) => o.metadata.name === r.name);
      if (!found) return send(404, status(404, 'NotFound', `${r.type.resource} "${r.name}" not found`, { name: r.name, ...(r.type.group ? { group: r.type.group } : {}), kind: r.type.resource }));
      return send(200, found);
    }

    const selected = ofType.filter((o) => matchesSelector(o.metadata.labels, query.labelSelector)).sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    // An opaque continue token: the offset of the next item.
    const offset = query.continue ? Number(Buffer.from(query.continue, 'base64url').toString('utf8').replace('offset:', '')) : 0;
    const expired = query.continue && (opts.expireContinue ?? 0) > 0;
    if (expired) opts = { ...opts, expireContinue: opts.expireContinue! - 1 };
    if (expired || (query.continue && !Number.isInteger(offset))) {
      return send(410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'));
    }
    const limit = query.limit ? Number(query.limit) : Infinity;
    const size = Math.min(limit > 0 ? limit : Infinity, opts.maxPageSize ?? Infinity);
    const items = selected.slice(offset, offset + size);
    const more = offset + items.length < selected.length;
    // Items of a list carry no apiVersion/kind: the list does.
    const bare = items.map(({ apiVersion: _a, kind: _k, ...o }) => o);
    return send(200, {
      kind: `${r.type.kind}List`,
      apiVersion: apiVersionOf(r.type),
      metadata: { resourceVersion: '4242', ...(more ? { continue: Buffer.from(`offset:${offset + items.length}`).toString('base64url'), remainingItemCount: selected.length - offset - items.length } : {}) },
      items: bare,
    });
  };

  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const caData = tls ? tls.cert.toString('base64') : undefined;

  const clusterEntry = (name: string, server: string, ca: string | undefined) =>
    [`- name: ${name}`, '  cluster:', `    server: ${server}`, ...(ca ? [`    certificate-authority-data: ${ca}`] : ['    insecure-skip-tls-verify: true'])].join('\n');

  return {
    url,
    port,
    ...(caData ? { caData } : {}),
    requests,
    get objects() {
      return state.objects;
    },
    update(next) {
      opts = { ...opts, ...next };
      if (next.objects) state.objects = [...next.objects];
    },
    kubeconfig(k = {}) {
      const context = k.context ?? 'fake';
      const dir = k.dir ?? mkdtempSync(join(tmpdir(), 'kube-fake-config-'));
      const file = join(dir, 'kubeconfig');
      const extra = k.extraContexts ?? [];
      const text = [
        'apiVersion: v1',
        'kind: Config',
        `current-context: ${k.currentContext ?? context}`,
        'clusters:',
        clusterEntry(context, k.server ?? url, k.insecure ? undefined : caData),
        ...extra.map((e) => clusterEntry(e.name, e.server, e.caData)),
        'contexts:',
        `- name: ${context}`,
        '  context:',
        `    cluster: ${context}`,
        `    user: ${context}`,
        ...extra.flatMap((e) => [`- name: ${e.name}`, '  context:', `    cluster: ${e.name}`, `    user: ${context}`]),
        'users:',
        `- name: ${context}`,
        '  user:',
        `    token: ${k.token ?? opts.token ?? 'fake-token'}`,
        '',
      ].join('\n');
      writeFileSync(file, text, 'utf8');
      return file;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- objects, as the API returns them

export const deployment = (namespace: string, name: string, o: { labels?: Record<string, string>; replicas?: number; available?: number; serviceAccountName?: string } = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, uid: `uid-${namespace}-${name}`, labels: o.labels ?? {} },
  spec: {
    replicas: o.replicas ?? 2,
    selector: { matchLabels: o.labels ?? {} },
    template: { metadata: { labels: o.labels ?? {} }, spec: { serviceAccountName: o.serviceAccountName, containers: [{ name, image: `public.ecr.aws/eks/${name}:v2.11.0` }] } },
  },
  status: { replicas: o.replicas ?? 2, ...(o.available !== undefined ? { availableReplicas: o.available, readyReplicas: o.available } : { availableReplicas: o.replicas ?? 2 }) },
});

export const serviceAccount = (namespace: string, name: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace, annotations: { ...annotations, 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"ServiceAccount"}' } },
});

/** A Secret with real base64 values, so tests can show the values never travel further. */
export const secret = (namespace: string, name: string, data: Record<string, string>, type = 'Opaque'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace },
  type,
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
});

export const storageClass = (name: string, provisioner: string, isDefault = false): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  provisioner,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
});

export const ingressClass = (name: string, controller: string, isDefault = false): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  spec: { controller },
});

export const csiDriver = (name: string): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'CSIDriver',
  metadata: { name },
  spec: { attachRequired: true, podInfoOnMount: false },
});

export const node = (name: string, o: { labels?: Record<string, string>; taints?: { key: string; value?: string; effect: string }[]; arch?: string; ready?: boolean } = {}): KubeObject => {
  const arch = o.arch ?? 'amd64';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/arch': arch, 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}) },
    status: {
      nodeInfo: { architecture: arch, operatingSystem: 'linux', kubeletVersion: 'v1.31.4-eks-aeac579' },
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', reason: 'KubeletReady' }],
    },
  };
};
