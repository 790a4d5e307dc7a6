/**
 * Which EKS cluster a run is about: --cluster, else the current kube context when it points at an
 * EKS cluster. `aws eks update-kubeconfig` names the context and its cluster entry by the cluster
 * ARN (arn:<partition>:eks:<region>:<account>:cluster/<name>), which also gives the region; contexts
 * with an alias (or made by eksctl) still run `aws eks get-token --cluster-name <name> [--region R]`
 * (or aws-iam-authenticator `-i <name>`), and the server URL carries the region.
 * The kubeconfig is read with `yaml` only: the Kubernetes client is not loaded for this.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../cli/errors.js';
import type { AwsRuntime } from './runtime.js';
import { listClusters } from './eks.js';

export interface ClusterRef {
  name: string;
  /** The region the cluster lives in, when the kube context says so. */
  region?: string;
  accountId?: string;
  source: 'flag' | 'kubeconfig';
  /** The kube context it was taken from. */
  context?: string;
}

export interface EksArn {
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

const EKS_ARN = /^arn:(aws[a-z-]*):eks:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z0-9][A-Za-z0-9_-]*)$/;

export function parseEksClusterArn(value: string | undefined): EksArn | undefined {
  const m = value ? EKS_ARN.exec(value.trim()) : null;
  return m ? { partition: m[1]!, region: m[2]!, accountId: m[3]!, name: m[4]! } : undefined;
}

/** `https://ABC.gr7.eu-west-1.eks.amazonaws.com` (or `.eks.amazonaws.com.cn`) → `eu-west-1`. */
export function regionFromEksServer(server: string | undefined): string | undefined {
  const m = server ? /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.eks\.amazonaws\.com(?:\.cn)?(?::\d+)?\/?$/i.exec(server) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The merged view kubectl has of KUBECONFIG's files: the first file to define a name wins. */
export interface Kubeconfig {
  files: string[];
  currentContext?: string;
  contexts: Map<string, { cluster?: string; user?: string }>;
  clusters: Map<string, { server?: string }>;
  users: Map<string, { exec?: { command?: string; args?: string[]; env?: { name?: string; value?: string }[] | null } }>;
}

/** --kubeconfig, else every file in KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): { files: string[]; explicit: boolean } {
  if (explicit) return { files: [explicit], explicit: true };
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (fromEnv.length) return { files: fromEnv, explicit: false };
  return { files: [join(env.HOME || homedir(), '.kube', 'config')], explicit: false };
}

/** Add the file's named entries (`{name, <field>: {...}}`) that no earlier file defined. */
function mergeByName<T>(target: Map<string, T>, entries: unknown, field: string): void {
  if (!Array.isArray(entries)) return;
  for (const e of entries) {
    const name = (e as { name?: unknown })?.name;
    if (typeof name !== 'string' || target.has(name)) continue;
    const v = (e as Record<string, unknown>)[field];
    target.set(name, (v && typeof v === 'object' ? v : {}) as T);
  }
}

/**
 * Read and merge the kubeconfig files. Missing files in KUBECONFIG or the default path are
 * skipped, as kubectl does; a missing --kubeconfig or a malformed file is a usage error.
 */
export function readKubeconfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Kubeconfig | undefined {
  const { files, explicit: isExplicit } = kubeconfigFiles(explicit, env);
  const config: Kubeconfig = { files: [], contexts: new Map(), clusters: new Map(), users: new Map() };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (isExplicit) throw new UsageError(`cannot read kubeconfig ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    let doc: Record<string, unknown>;
    try {
      doc = (parseYaml(text) ?? {}) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(`kubeconfig ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`kubeconfig ${file} is not a kubeconfig (expected a YAML mapping)`);
    config.files.push(file);
    const current = doc['current-context'];
    if (config.currentContext === undefined && typeof current === 'string' && current) config.currentContext = current;
    mergeByName(config.contexts, doc.contexts, 'context');
    mergeByName(config.clusters, doc.clusters, 'cluster');
    mergeByName(config.users, doc.users, 'user');
  }
  return config.files.length ? config : undefined;
}

/** The value after `flag` (`--cluster-name X` or `--cluster-name=X`) in an exec plugin's args. */
function argValue(args: readonly string[], flags: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const f of flags) {
      if (a === f && i + 1 < args.length) return args[i + 1];
      if (a.startsWith(`${f}=`)) return a.slice(f.length + 1);
    }
  }
  return undefined;
}

/** The EKS cluster a kube context points at, if it can be told from the kubeconfig alone. */
export function clusterFromContext(config: Kubeconfig, contextName: string): Omit<ClusterRef, 'source'> | undefined {
  const ctx = config.contexts.get(contextName);
  if (!ctx) return undefined;
  const arn = parseEksClusterArn(ctx.cluster) ?? parseEksClusterArn(contextName);
  if (arn) return { name: arn.name, region: arn.region, accountId: arn.accountId, context: contextName };
  const server = ctx.cluster ? config.clusters.get(ctx.cluster)?.server : undefined;
  const exec = ctx.user ? config.users.get(ctx.user)?.exec : undefined;
  const args = exec?.args ?? [];
  // aws eks get-token --cluster-name N; aws-iam-authenticator token -i N
  const name = args.includes('get-token') ? argValue(args, ['--cluster-name', '--cluster-id']) : argValue(args, ['-i', '--cluster-id']);
  if (!name) return undefined;
  const region = argValue(args, ['--region']) ?? exec?.env?.find((e) => e?.name === 'AWS_REGION' || e?.name === 'AWS_DEFAULT_REGION')?.value ?? regionFromEksServer(server);
  return { name, ...(region ? { region } : {}), context: contextName };
}

export interface DiscoveryInput {
  cluster?: string;
  kubeconfig?: string;
  context?: string;
}

export interface Discovery {
  cluster?: ClusterRef;
  /** The kube context looked at and why it gave no cluster, for the usage message. */
  note?: string;
}

/**
 * --cluster wins. Otherwise --context (or the current context) of the kubeconfig, when it points
 * at an EKS cluster. A --context that does not exist, or a --kubeconfig that cannot be read, is a
 * usage error when the run uses them (`useKube`, or no --cluster); otherwise the kubeconfig only
 * offers a region and a broken one is ignored.
 */
export function discoverCluster(input: DiscoveryInput, env: NodeJS.ProcessEnv = process.env, opts: { useKube?: boolean } = {}): Discovery {
  let config: Kubeconfig | undefined;
  const strict = !input.cluster || (opts.useKube === true && Boolean(input.context || input.kubeconfig));
  if (strict) {
    config = readKubeconfig(input.kubeconfig, env);
  } else {
    try {
      config = readKubeconfig(input.kubeconfig, env);
    } catch {
      config = undefined;
    }
  }
  if (strict && input.context && config && !config.contexts.has(input.context)) {
    throw new UsageError(`kube context '${input.context}' not found in ${config.files.join(', ')}`);
  }
  if (strict && input.context && !config) throw new UsageError(`kube context '${input.context}' given, but no kubeconfig was found (${kubeconfigFiles(input.kubeconfig, env).files.join(', ')})`);
  const contextName = input.context ?? config?.currentContext;
  const fromContext = config && contextName ? clusterFromContext(config, contextName) : undefined;
  if (input.cluster) {
    // The context's region helps only when it is about the same cluster.
    const sameRegion = fromContext && fromContext.name === input.cluster ? fromContext.region : undefined;
    return { cluster: { name: input.cluster, ...(sameRegion ? { region: sameRegion } : {}), source: 'flag' } };
  }
  if (fromContext) return { cluster: { ...fromContext, source: 'kubeconfig' } };
  const note = !config
    ? 'no kubeconfig found'
    : !contextName
      ? `no current context in ${config.files.join(', ')}`
      : `kube context '${contextName}' does not point at an EKS cluster`;
  return { note };
}

export function noClusterError(note: string | undefined): UsageError {
  return new UsageError(`no EKS cluster to check: pass --cluster NAME${note ? ` (${note})` : ''}`);
}

/** The usage error for a cluster DescribeCluster does not know, naming the clusters that exist. */
export async function clusterNotFoundError(rt: AwsRuntime, name: string): Promise<UsageError> {
  const clusters = await listClusters(rt);
  const here =
    'error' in clusters
      ? `could not list the clusters here: ${clusters.error.code} on ${clusters.error.action ?? 'eks:ListClusters'}`
      : clusters.value.length
        ? `clusters here: ${[...clusters.value].sort().join(', ')}`
        : 'there are no EKS clusters in this region';
  return new UsageError(`cluster ${name} not found in ${rt.region}; ${here}. Pass --cluster and --region for the cluster to check.`);
}
