/**
 * How the run reaches the cluster's API server, in this order:
 *  1. --context: that context, whatever it points at (k8s-access fails when it is another cluster);
 *  2. a context of the kubeconfig (--kubeconfig, else KUBECONFIG, else ~/.kube/config; the current
 *     context first) whose server is the cluster's endpoint (DescribeCluster);
 *  3. with --kubeconfig, its current context (the user chose that file: a mismatch is reported);
 *  4. otherwise straight from EKS: DescribeCluster's endpoint and CA, and a token made like
 *     `aws eks get-token`'s (eks-token.ts), so neither kubectl nor the aws CLI is needed.
 * A context whose user runs `aws eks get-token` (or aws-iam-authenticator) where that command is
 * not installed gets the same token made here instead, so such a kubeconfig works without the CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import type * as K8s from '@kubernetes/client-node';
import { failed, ok, type Fact } from '../fact.js';
import type { EksCluster, KubeAccess } from '../types.js';
import { kubeconfigFiles } from '../aws/discovery.js';

type K8sModule = typeof K8s;

export interface AccessPlan {
  kubeConfig: K8s.KubeConfig;
  /** KubeAccess without the server's answer (gitVersion comes from GET /version). */
  access: Omit<KubeAccess, 'gitVersion'>;
  /** Whose credentials, for messages: `kube context "x"`, `an EKS token (sts:GetCallerIdentity)`. */
  credentials: string;
}

export interface AccessInput {
  clusterName: string;
  cluster: Fact<EksCluster | null>;
  kubeconfig?: string;
  context?: string;
  /** Makes the EKS bearer token (eks-token.ts `eksToken` with the run's AWS runtime). */
  token: () => Promise<string>;
  env?: NodeJS.ProcessEnv;
}

/** Scheme, lower-cased host, explicit port and path without trailing slash: `https://X.eks.amazonaws.com` = `https://x.eks.amazonaws.com:443/`. */
export function canonicalServer(server: string): string {
  try {
    const u = new URL(server.trim());
    const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
    return `${u.protocol}//${u.hostname.toLowerCase()}${port ? `:${port}` : ''}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return server.trim().toLowerCase().replace(/\/+$/, '');
  }
}

export function sameServer(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b) && canonicalServer(a!) === canonicalServer(b!);
}

/** The certificates of a PEM bundle, as base64 bodies without whitespace (comparable across line wrapping). */
function pemBodies(pem: string): string[] {
  const bodies = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));
  return bodies.sort();
}

/** Does the kubeconfig's CA (data or file) equal DescribeCluster's? undefined when either is unknown. */
export function sameCa(cluster: { caData?: string; caFile?: string }, eksCa: string | undefined): boolean | undefined {
  if (!eksCa) return undefined;
  let pem: string | undefined;
  try {
    if (cluster.caData) pem = Buffer.from(cluster.caData, 'base64').toString('utf8');
    else if (cluster.caFile) pem = readFileSync(cluster.caFile, 'utf8');
  } catch {
    return undefined;
  }
  if (pem === undefined) return undefined;
  const mine = pemBodies(pem);
  const theirs = pemBodies(Buffer.from(eksCa, 'base64').toString('utf8'));
  if (!mine.length || !theirs.length) return undefined;
  return mine.length === theirs.length && mine.every((b, i) => b === theirs[i]);
}

/** Whether a kubeconfig holds more than blank lines, comments and document markers. */
function definesAnything(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const t = line.trim();
    return t !== '' && !t.startsWith('#') && t !== '---' && t !== '...';
  });
}

interface Merged {
  clusters: K8s.Cluster[];
  users: K8s.User[];
  contexts: K8s.Context[];
  currentContext?: string;
  files: string[];
}

/**
 * Read and merge kubeconfig files as kubectl does (the first file to define a name wins; the first
 * current-context wins). Missing files are skipped unless the file was given with --kubeconfig.
 */
export function loadKubeconfigs(k8s: K8sModule, explicit: string | undefined, env: NodeJS.ProcessEnv): Merged {
  const { files, explicit: isExplicit } = kubeconfigFiles(explicit, env);
  const merged: Merged = { clusters: [], users: [], contexts: [], files: [] };
  for (const file of files) {
    if (!isExplicit && !existsSync(file)) continue;
    merged.files.push(file);
    // An empty file (or one of comments only) defines nothing, as for kubectl; the client would throw on it.
    if (!definesAnything(readFileSync(file, 'utf8'))) continue;
    const kc = new k8s.KubeConfig();
    // FILTER: one malformed entry must not hide the others (kubectl ignores them too).
    kc.loadFromFile(file, { onInvalidEntry: 'filter' });
    const add = <T extends { name: string }>(into: T[], from: T[] | undefined) => {
      for (const x of from ?? []) if (!into.some((y) => y.name === x.name)) into.push(x);
    };
    add(merged.clusters, kc.getClusters());
    add(merged.users, kc.getUsers());
    add(merged.contexts, kc.getContexts());
    if (!merged.currentContext && kc.getCurrentContext()) merged.currentContext = kc.getCurrentContext();
  }
  return merged;
}

function configFor(k8s: K8sModule, merged: Merged, context: string, replace?: K8s.Cluster): K8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const clusters = replace ? merged.clusters.map((c) => (c.name === replace.name ? replace : c)) : merged.clusters;
  kc.loadFromOptions({ clusters, users: merged.users, contexts: merged.contexts, currentContext: context });
  return kc;
}

/**
 * insecure-skip-tls-verify would hand the credentials (an EKS bearer token among them) to whichever
 * server answers, and prove nothing about which cluster it is: an HTTPS server is verified against
 * DescribeCluster's CA instead, as for access built from EKS. undefined when nothing is to change.
 */
function verifiedAgainstEks(cluster: K8s.Cluster, eksCa: string | undefined): K8s.Cluster | undefined {
  if (!cluster.skipTLSVerify || !eksCa || !cluster.server.toLowerCase().startsWith('https:')) return undefined;
  const { caFile: _ignored, ...rest } = cluster;
  return { ...rest, caData: eksCa, skipTLSVerify: false };
}

/** An exec credential plugin that makes an EKS token: `aws eks get-token …` or aws-iam-authenticator. */
function isEksTokenExec(exec: { command?: string; args?: string[] } | undefined): boolean {
  const cmd = basename(exec?.command ?? '').replace(/\.(exe|cmd|bat)$/i, '');
  return (cmd === 'aws' && (exec?.args ?? []).includes('get-token')) || cmd === 'aws-iam-authenticator';
}

/** Whether a command can be run: a path that exists, or a name found on PATH. */
export function commandExists(command: string, env: NodeJS.ProcessEnv): boolean {
  if (command.includes('/') || command.includes('\\')) return existsSync(command);
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => exts.some((ext) => existsSync(join(dir, command + ext))));
}

async function fromContext(k8s: K8sModule, merged: Merged, ctx: K8s.Context, eks: EksCluster, input: AccessInput): Promise<Fact<AccessPlan>> {
  const cluster = merged.clusters.find((c) => c.name === ctx.cluster);
  if (!cluster) return failed({ code: 'KubeconfigError', message: `kube context "${ctx.name}" names cluster entry "${ctx.cluster}", which ${merged.files.join(', ')} does not define` });
  const caMatches = sameCa(cluster, eks.certificateAuthority);
  const access: AccessPlan['access'] = {
    server: cluster.server,
    via: 'kubeconfig',
    context: ctx.name,
    matchesCluster: sameServer(cluster.server, eks.endpoint),
    ...(caMatches !== undefined ? { caMatches } : {}),
  };
  const pinned = verifiedAgainstEks(cluster, eks.certificateAuthority);
  const pinNote = pinned ? ' (its insecure-skip-tls-verify is overridden: the server is verified against the cluster CA from DescribeCluster)' : '';
  const exec = merged.users.find((u) => u.name === ctx.user)?.exec as { command?: string; args?: string[] } | undefined;
  if (exec?.command && isEksTokenExec(exec) && !commandExists(exec.command, input.env ?? process.env)) {
    const token = await eksTokenFact(input, eks);
    if ('error' in token) return token;
    const user = 'daytona-preflight-eks-token';
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromOptions({ clusters: [pinned ?? cluster], users: [{ name: user, token: token.value }], contexts: [{ name: ctx.name, cluster: cluster.name, user }], currentContext: ctx.name });
    return ok({ kubeConfig, access, credentials: `an EKS token from the AWS credentials of this run (kube context "${ctx.name}" runs ${exec.command}, which is not installed)${pinNote}` });
  }
  return ok({ kubeConfig: configFor(k8s, merged, ctx.name, pinned), access, credentials: `kube context "${ctx.name}"${pinNote}` });
}

async function eksTokenFact(input: AccessInput, eks: EksCluster): Promise<Fact<string>> {
  try {
    return ok(await input.token());
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return failed({ code: 'CredentialsError', action: 'sts:GetCallerIdentity', message: `cannot make an EKS token for cluster ${eks.name}: ${message.slice(0, 300)}` });
  }
}

async function fromEks(k8s: K8sModule, input: AccessInput, eks: EksCluster): Promise<Fact<AccessPlan>> {
  if (!eks.endpoint || !eks.certificateAuthority) {
    return failed({
      code: 'NoEndpoint',
      action: 'eks:DescribeCluster',
      message: `cluster ${eks.name} (status ${eks.status}) reports no API endpoint or certificate authority yet, and no kube context points at it`,
    });
  }
  const token = await eksTokenFact(input, eks);
  if ('error' in token) return token;
  const name = eks.arn || eks.name;
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name, server: eks.endpoint, caData: eks.certificateAuthority, skipTLSVerify: false }],
    users: [{ name: 'daytona-preflight-eks-token', token: token.value }],
    contexts: [{ name, cluster: name, user: 'daytona-preflight-eks-token' }],
    currentContext: name,
  });
  return ok({
    kubeConfig,
    access: { server: eks.endpoint, via: 'eks', matchesCluster: true, caMatches: true },
    credentials: 'an EKS token from the AWS credentials of this run',
  });
}

export async function planAccess(k8s: K8sModule, input: AccessInput): Promise<Fact<AccessPlan>> {
  const { cluster, clusterName } = input;
  if ('error' in cluster) {
    // Without DescribeCluster the API server reached cannot be told to be this cluster: fail closed.
    return failed({ ...cluster.error, message: `cannot tell which API server is cluster ${clusterName}: ${cluster.error.message}`, action: cluster.error.action ?? 'eks:DescribeCluster' });
  }
  if (!cluster.value) return failed({ code: 'ResourceNotFoundException', action: 'eks:DescribeCluster', message: `cluster ${clusterName} was not found` });
  const eks = cluster.value;

  let merged: Merged;
  try {
    merged = loadKubeconfigs(k8s, input.kubeconfig, input.env ?? process.env);
  } catch (err) {
    return failed({ code: 'KubeconfigError', message: `cannot read the kubeconfig: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300)}` });
  }
  if (input.context) {
    const ctx = merged.contexts.find((c) => c.name === input.context);
    if (!ctx) return failed({ code: 'KubeconfigError', message: `kube context "${input.context}" not found in ${merged.files.join(', ') || 'any kubeconfig'}` });
    return fromContext(k8s, merged, ctx, eks, input);
  }
  const ordered = [...merged.contexts].sort((a, b) => Number(b.name === merged.currentContext) - Number(a.name === merged.currentContext));
  const matching = ordered.find((ctx) => sameServer(merged.clusters.find((c) => c.name === ctx.cluster)?.server, eks.endpoint));
  if (matching) return fromContext(k8s, merged, matching, eks, input);
  const current = input.kubeconfig ? merged.contexts.find((c) => c.name === merged.currentContext) : undefined;
  if (current) return fromContext(k8s, merged, current, eks, input);
  return fromEks(k8s, input, eks);
}
