/**
 * Live collection: from the facts the checks need to a filled Inventory.
 *
 * Shape of a run (DESIGN §3, §9): everything that depends on nothing starts at once (caller
 * identity, the cluster, node group names, add-ons, Pod Identity, self-managed nodes, RDS,
 * ElastiCache, S3, prefix lists); each dependent read starts as soon as its own inputs are known
 * (a node group's launch template as soon as that group is described, its role as soon as its
 * ARN is known), and ids that many parts need go into one batched request (all security groups
 * in one DescribeSecurityGroups, all subnets in one DescribeSubnets). Failures become Fact errors
 * naming the IAM action; only a run that cannot start (no region, no credentials, no or an
 * unknown cluster) throws, as a UsageError (exit 2). At the deadline every unfinished call ends
 * as a `timeout` Fact error.
 */
import { setMaxListeners } from 'node:events';
import type { FactNeed } from '../engine/types.js';
import type { Intent } from '../values/types.js';
import { failed, ok, type Fact, type FactError } from './fact.js';
import { untilAborted } from './deadline.js';
import type {
  AwsTarget,
  Ec2Instance,
  EksAddon,
  EksCluster,
  ElastiCacheFacts,
  IamFacts,
  Inventory,
  KubeFacts,
  NodeGroup,
  PodIdentityAssociation,
  PrefixList,
  RdsFacts,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcEndpoint,
} from './types.js';
import { secretKey } from './types.js';
import { effectiveRoleArn, roleNameFromArn } from './nodes.js';
import { AwsRuntime, toFactError, type ClientConfig, type SdkClient, type ServiceName } from './aws/runtime.js';
import { planCollection, type CollectionPlan } from './aws/plan.js';
import { clusterNotFoundError, discoverCluster, noClusterError, type ClusterRef } from './aws/discovery.js';
import { credentialsUsageError, identityUsageError, isCredentialError, resolveSdkRegion } from './aws/credentials.js';
import { getCallerIdentity } from './aws/sts.js';
import { allOk, collectAddons, describeCluster, describePodIdentityAssociations, listPodIdentityAssociations, type PodIdentitySummary, describeClusterVersions, describeNodegroup, listNodegroups } from './aws/eks.js';
import {
  BatchLoader,
  describeLaunchTemplateVersion,
  describeNetworkAcls,
  describePeerings,
  describePrefixLists,
  getManagedPrefixListEntries,
  describeRouteTables,
  describeSecurityGroups,
  describeSelfManagedNodes,
  describeSubnets,
  describeVpcEndpoints,
  describeVpcs,
  resolveInstanceProfileRoles,
  unique,
  type LaunchTemplateFacts,
} from './aws/ec2.js';
import { collectAccessKeys, collectIamPrincipals } from './aws/iam.js';
import { collectS3 } from './aws/s3.js';
import { collectRds } from './aws/rds.js';
import { collectElastiCache } from './aws/elasticache.js';
import { collectEcr } from './aws/ecr.js';
import { isMissingModule } from '../permissions/hooks.js';
import { resolveDatabase, databaseTarget } from '../checks/rds/target.js';
import { resolveCache, cacheTarget } from '../checks/elasticache/target.js';
import type { ServiceTarget } from '../network/port-access.js';

export interface CollectOptions {
  needs: ReadonlySet<FactNeed>;
  intent: Intent;
  cluster?: string;
  region?: string;
  profile?: string;
  kubeconfig?: string;
  context?: string;
  /** false under --no-kube */
  kube: boolean;
  timeoutMs: number;
  onProgress?: (message: string) => void;
  /** CPU work to do once the first calls are in flight (the checks that need no facts), instead of after the last. */
  whileWaiting?: () => void;
}

export interface CollectResult {
  inventory: Inventory;
  apiCalls: Record<string, number>;
  apiRetries: Record<string, number>;
}

/**
 * What src/inventory/kube/collect.ts exports as `collectKube`: called once per run, only when
 * kube.* facts are needed and --no-kube is off, after DescribeCluster has answered.
 */
export interface KubeCollectInput {
  needs: ReadonlySet<FactNeed>;
  intent: Intent;
  kubeconfig?: string;
  context?: string;
  clusterName: string;
  /** DescribeCluster's answer: endpoint and CA (to build access from EKS, and to tell a context for another cluster). */
  cluster: Fact<EksCluster | null>;
  region: string;
  profile?: string;
  /** The run's AWS access (call ledger, deadline); its config has region and profile for the EKS token. */
  rt: AwsRuntime;
  /** Aborted at the run's deadline. */
  signal: AbortSignal;
  onProgress?: (message: string) => void;
}

export type CollectKube = (input: KubeCollectInput) => Promise<KubeFacts>;

/** Seams for tests: the SDK client factory, the kube collector loader, the environment. */
export interface CollectDeps {
  clientFactory?: (service: ServiceName, config: ClientConfig) => Promise<SdkClient>;
  loadKube?: () => Promise<CollectKube | undefined>;
  env?: NodeJS.ProcessEnv;
}

export const KUBE_DISABLED_REASON = 'in-cluster checks disabled by --no-kube';

/** Whose IAM roles the checks judge (iam.addonRoles): the EBS CSI driver's and the LB controller's. */
const EBS_CSI_ADDON = 'aws-ebs-csi-driver';
const EBS_CSI_SA = 'kube-system/ebs-csi-controller-sa';
/** iam-node-role asks whether the VPC CNI runs with its own role. */
const VPC_CNI_SA = 'kube-system/aws-node';
const LB_CONTROLLER_SA_NAME = 'aws-load-balancer-controller';
const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

export async function collectInventory(opts: CollectOptions, deps: CollectDeps = {}): Promise<CollectResult> {
  const env = deps.env ?? process.env;
  const plan = planCollection(opts.needs, opts.intent, { kube: opts.kube });
  // Only in-cluster facts, and --no-kube: nothing to read, so no credentials needed either.
  if (plan.kube === 'disabled' && [...opts.needs].every((n) => n.startsWith('kube.'))) {
    return { inventory: { kube: { disabled: KUBE_DISABLED_REASON } }, apiCalls: {}, apiRetries: {} };
  }

  let clusterRef: ClusterRef | undefined;
  if (plan.needsCluster) {
    const found = discoverCluster({ cluster: opts.cluster, kubeconfig: opts.kubeconfig, context: opts.context }, env, { useKube: plan.kube === 'collect' });
    if (!found.cluster) throw noClusterError(found.note);
    clusterRef = found.cluster;
  }
  const region = await chooseRegion(opts, clusterRef);

  const controller = new AbortController();
  // Every call in flight listens for the deadline: many at once is normal here, not a leak.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  timer.unref?.();
  const rt = new AwsRuntime({ region, ...(opts.profile ? { profile: opts.profile } : {}) }, controller.signal, deps.clientFactory);
  const run = new LiveCollection(rt, plan, opts, clusterRef?.name, controller, deps.loadKube ?? loadKubeCollector);
  try {
    const inventory = await run.collect();
    return { inventory, apiCalls: { ...rt.calls }, apiRetries: { ...rt.retries } };
  } finally {
    clearTimeout(timer);
    // Anything still in flight (after a usage error) stops here.
    controller.abort();
    rt.destroy();
  }
}

/** --region; else the region of the cluster the kube context names; else the SDK's own resolution. */
async function chooseRegion(opts: CollectOptions, ref: ClusterRef | undefined): Promise<string> {
  if (opts.region) return opts.region;
  if (ref?.source === 'kubeconfig' && ref.region) return ref.region;
  try {
    return await resolveSdkRegion(opts.profile);
  } catch (err) {
    if (ref?.region) return ref.region;
    throw err;
  }
}

export async function loadKubeCollector(): Promise<CollectKube | undefined> {
  // Kept out of the static graph: the Kubernetes client is loaded only by runs that need it.
  const spec = './kube/collect.js';
  try {
    const mod = (await import(/* @vite-ignore */ spec)) as { collectKube?: CollectKube };
    return typeof mod.collectKube === 'function' ? mod.collectKube : undefined;
  } catch (err) {
    if (isMissingModule(err, spec)) return undefined;
    throw err;
  }
}

/** A fact that could not be collected because one it depends on failed: same code and action. */
function blocked<T>(cause: FactError, what: string): Fact<T> {
  return failed({ code: cause.code, message: `${what} not collected: ${cause.message}`, ...(cause.action ? { action: cause.action } : {}) });
}

/** The kube facts the needs ask for, each set to `error`. */
export function kubeFactsWithError(needs: ReadonlySet<FactNeed>, intent: Intent, error: FactError): KubeFacts {
  const f = failed(error);
  const out: KubeFacts = {};
  if (needs.has('kube.access')) out.access = f;
  if (needs.has('kube.lbController')) out.lbControllerDeployments = f;
  if (needs.has('kube.secrets')) out.secrets = Object.fromEntries(intent.secrets.map((s) => [secretKey(s.namespace, s.name), f]));
  if (needs.has('kube.storageClasses')) out.storageClasses = f;
  if (needs.has('kube.ingressClasses')) out.ingressClasses = f;
  if (needs.has('kube.nodes')) out.nodes = f;
  if (needs.has('kube.csiDrivers')) out.csiDrivers = f;
  return out;
}

/** Mark a promise as handled (it is awaited later) so an early usage error leaves no unhandled rejection. */
function track<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * IAM principals are asked for as their names become known (the cluster role after
 * DescribeCluster, each node role after its DescribeNodegroup…); a name is fetched once.
 */
class IamBatcher {
  readonly facts: IamFacts = {};
  private readonly asked = { roles: new Set<string>(), users: new Set<string>() };
  private pending: Promise<void>[] = [];

  constructor(private readonly rt: AwsRuntime) {}

  roles(names: Iterable<string>): void {
    this.ask('roles', names);
  }

  users(names: Iterable<string>): void {
    this.ask('users', names);
  }

  private ask(kind: 'roles' | 'users', names: Iterable<string>): void {
    const fresh = unique(names).filter((n) => n && !this.asked[kind].has(n));
    if (!fresh.length) return;
    for (const n of fresh) this.asked[kind].add(n);
    const which = { roles: kind === 'roles' ? fresh : [], users: kind === 'users' ? fresh : [] };
    this.pending.push(
      collectIamPrincipals(this.rt, which).then(
        (got) => this.merge(kind, fresh, got),
        (err) => this.merge(kind, fresh, { [kind]: Object.fromEntries(fresh.map((n) => [n, failed(toFactError(err, kind === 'roles' ? 'iam:GetRole' : 'iam:GetUser'))])) }),
      ),
    );
  }

  private merge(kind: 'roles' | 'users', names: string[], got: IamFacts): void {
    const into = (this.facts[kind] ??= {});
    for (const n of names) {
      const f = got[kind]?.[n];
      into[n] = f ?? failed({ code: 'NotCollected', message: `IAM ${kind === 'roles' ? 'role' : 'user'} ${n} was not returned by the collector` });
    }
  }

  /** Wait for every batch, including batches asked for while waiting. */
  async settle(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }
}

/** `namespace/name` of the LB controller Deployments' service accounts, when the cluster was read. */
function lbControllerAccounts(kube: KubeFacts | undefined): Set<string> | undefined {
  const deployments = kube?.lbControllerDeployments && 'value' in kube.lbControllerDeployments ? kube.lbControllerDeployments.value : undefined;
  return deployments && new Set(deployments.map((d) => `${d.namespace}/${d.serviceAccountName ?? 'default'}`));
}

const byKey = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const arnsToRoleNames = (arns: Iterable<string | undefined>): string[] => unique([...arns].filter((a): a is string => Boolean(a)).map(roleNameFromArn));

class LiveCollection {
  private readonly iam: IamBatcher;
  private readonly subnets: BatchLoader<Subnet>;
  private readonly launchTemplates = new Map<string, Promise<Fact<LaunchTemplateFacts>>>();

  constructor(
    private readonly rt: AwsRuntime,
    private readonly plan: CollectionPlan,
    private readonly opts: CollectOptions,
    private readonly clusterName: string | undefined,
    private readonly controller: AbortController,
    private readonly loadKube: () => Promise<CollectKube | undefined>,
  ) {
    this.iam = new IamBatcher(rt);
    this.subnets = new BatchLoader((ids) => describeSubnets(rt, ids));
  }

  private progress(message: string): void {
    this.opts.onProgress?.(message);
  }

  async collect(): Promise<Inventory> {
    const { plan, rt } = this;
    const name = this.clusterName ?? '';
    const none = Promise.resolve(undefined);
    this.progress(`reading AWS (${rt.region})${name ? ` for cluster ${name}` : ''}`);

    // Stage 1: everything that needs nothing but the cluster name.
    const targetP = track(this.target());
    const clusterP = track(plan.eks.cluster ? this.cluster(name) : none);
    const versionsP = track(plan.eks.versions ? describeClusterVersions(rt) : none);
    const nodegroupsP = track(plan.eks.nodegroups ? this.nodegroups(name) : none);
    const selfManagedP = track(plan.ec2.selfManagedNodes ? this.selfManagedNodes(name) : none);
    const addonsP = track(plan.eks.addons ? this.addons(name) : none);
    // The in-cluster read needs only the cluster (its endpoint, when no kube context names it).
    const kubeP = track(plan.kube === 'none' ? none : clusterP.then((c) => (c && 'value' in c && c.value === null ? undefined : this.kube(name, c ?? failed({ code: 'NotCollected', message: 'the cluster was not described' })))));
    const podIdentityP = track(plan.eks.podIdentity ? this.podIdentity(name, kubeP) : none);
    const rdsP = track(plan.rds ? collectRds(rt) : none);
    const cacheP = track(plan.elasticache ? collectElastiCache(rt, { host: this.opts.intent.redis.host }) : none);
    const s3P = track(plan.s3Buckets.length ? collectS3(rt, plan.s3Buckets) : none);
    const prefixListsP = track(plan.ec2.prefixLists ? describePrefixLists(rt) : none);
    // Access keys and ECR repository policies are judged against the caller's account.
    const accountP = track(targetP.then((t) => ('value' in t ? t.value.accountId : undefined)));
    const accessKeysP = track(plan.accessKeyIds.length ? this.accessKeys(accountP) : none);
    const ecr = plan.ecr;
    const ecrP = track(ecr ? accountP.then((id) => collectEcr(rt, ecr.registry, ecr.images, id ? { callerAccountId: id } : {})) : none);
    this.opts.whileWaiting?.();

    // The run cannot go on without valid credentials or with a cluster that does not exist.
    const target = await targetP;
    const cluster = await clusterP;
    if (cluster && 'value' in cluster && cluster.value === null) {
      const error = await clusterNotFoundError(rt, name);
      this.controller.abort();
      throw error;
    }

    // Stage 2: what depends on the cluster.
    if (plan.iam.clusterRole && cluster && 'value' in cluster && cluster.value) this.iam.roles(arnsToRoleNames([cluster.value.roleArn]));
    const podRolesP = track(plan.iam.addonRoles ? this.podIdentityRoles(podIdentityP, kubeP) : none);

    // Stage 3: the network, as each part's inputs arrive.
    const dbTargetsP = track(this.dbTargets(rdsP, cacheP));
    const clusterVpc = cluster && 'value' in cluster && cluster.value ? cluster.value.vpcId : undefined;
    const clusterError = cluster && 'error' in cluster ? cluster.error : undefined;
    const vpcScopeP = track(dbTargetsP.then((dbs) => unique([...(clusterVpc ? [clusterVpc] : []), ...dbs.flatMap((d) => (d.vpcId ? [d.vpcId] : []))])));
    const byVpc = <T>(wanted: boolean, what: string, fetch: (vpcIds: string[]) => Promise<Fact<T[]>>, scope: Promise<string[]> = vpcScopeP): Promise<Fact<T[]> | undefined> => {
      if (!wanted) return none;
      if (!clusterVpc) return Promise.resolve(blocked<T[]>(clusterError ?? { code: 'NotCollected', message: 'the cluster VPC is unknown' }, what));
      return scope.then(fetch);
    };
    const endpointsP = track(byVpc(plan.ec2.endpoints, 'VPC endpoints', (ids) => describeVpcEndpoints(rt, ids), Promise.resolve(clusterVpc ? [clusterVpc] : [])));
    const routesP = track(byVpc(plan.ec2.routes, 'route tables', (ids) => describeRouteTables(rt, ids)));
    const naclsP = track(byVpc(plan.ec2.nacls, 'network ACLs', (ids) => describeNetworkAcls(rt, ids)));
    const peeringP = track(byVpc(plan.ec2.peering, 'VPC peering connections', (ids) => describePeerings(rt, ids)));
    const networkP = track(plan.ec2.network ? this.network(cluster, nodegroupsP, selfManagedP, dbTargetsP, endpointsP, vpcScopeP, prefixListsP) : none);

    const [versions, nodegroups, selfManaged, addons, podIdentity, rds, cache, s3, prefixLists, accessKeys, ecrFacts, kube, endpoints, routes, nacls, peering, network] = await Promise.all([
      versionsP,
      nodegroupsP,
      selfManagedP,
      addonsP,
      podIdentityP,
      rdsP,
      cacheP,
      s3P,
      prefixListsP,
      accessKeysP,
      ecrP,
      kubeP,
      endpointsP,
      routesP,
      naclsP,
      peeringP,
      networkP,
      podRolesP,
    ]);
    await this.iam.settle();

    const inv: Inventory = { target };
    if (plan.needsCluster) {
      inv.eks = {
        clusterName: name,
        cluster: cluster ?? failed({ code: 'NotCollected', message: 'the cluster was not described' }),
        ...(versions ? { supportedVersions: versions } : {}),
        ...(nodegroups ? { nodegroups } : {}),
        ...(addons ? { addons } : {}),
        ...(podIdentity ? { podIdentityAssociations: podIdentity } : {}),
      };
    }
    const ec2 = {
      ...(network ?? {}),
      ...(routes ? { routeTables: routes } : {}),
      ...(nacls ? { networkAcls: nacls } : {}),
      ...(endpoints ? { vpcEndpoints: endpoints } : {}),
      ...(peering ? { peeringConnections: peering } : {}),
      ...(prefixLists ? { prefixLists } : {}),
      ...(selfManaged ? { selfManagedNodes: selfManaged } : {}),
    };
    if (Object.keys(ec2).length) inv.ec2 = ec2;
    // Principals arrive in the order their reads finish: sorted, two snapshots of one account read alike.
    const { roles, users } = this.iam.facts;
    const iam: IamFacts = { ...(roles ? { roles: byKey(roles) } : {}), ...(users ? { users: byKey(users) } : {}), ...(accessKeys ? { accessKeys } : {}) };
    if (Object.keys(iam).length) inv.iam = iam;
    if (s3) inv.s3 = s3;
    if (rds) inv.rds = rds;
    if (cache) inv.elasticache = cache;
    if (ecrFacts) inv.ecr = ecrFacts;
    if (kube) inv.kube = kube;
    return inv;
  }

  /** sts:GetCallerIdentity. Missing or invalid credentials end the run (exit 2); a timeout is a fact. */
  private async target(): Promise<Fact<AwsTarget>> {
    try {
      return ok(await getCallerIdentity(this.rt));
    } catch (err) {
      const fact = toFactError(err, 'sts:GetCallerIdentity');
      if (fact.code === 'timeout') return failed(fact);
      this.controller.abort();
      throw isCredentialError(err) ? credentialsUsageError(err, this.opts.profile) : identityUsageError(err);
    }
  }

  /** DescribeCluster; a missing vpcId is derived from the cluster's subnets (DescribeSubnets, shared with the network read). */
  private async cluster(name: string): Promise<Fact<EksCluster | null>> {
    this.progress(`describing EKS cluster ${name}`);
    const fact = await describeCluster(this.rt, name);
    if (!('value' in fact) || !fact.value || fact.value.vpcId) return fact;
    const subnets = await this.subnets.load(fact.value.subnetIds);
    if ('error' in subnets) return blocked(subnets.error, `the VPC of cluster ${name} (derived from its subnets)`);
    const vpcId = subnets.value[0]?.vpcId;
    if (!vpcId) return failed({ code: 'NotFound', message: `cluster ${name} reports no VPC and none of its subnets could be found`, action: 'ec2:DescribeSubnets' });
    return ok({ ...fact.value, vpcId });
  }

  /** ListNodegroups, then per group (concurrently): DescribeNodegroup → its role → its launch template. */
  private async nodegroups(name: string): Promise<Fact<NodeGroup[]>> {
    const names = await listNodegroups(this.rt, name);
    if ('error' in names) return names;
    this.progress(`reading ${names.value.length} node group(s)`);
    const groups = await Promise.all(
      unique(names.value).map(async (ngName): Promise<Fact<NodeGroup>> => {
        const ng = await describeNodegroup(this.rt, name, ngName);
        if ('error' in ng) return ng;
        if (this.plan.iam.nodeRoles) this.iam.roles(arnsToRoleNames([ng.value.nodeRoleArn]));
        const spec = ng.value.launchTemplate;
        if (!spec) return ng;
        // The template's groups replace the cluster security group on the nodes: without them the
        // nodes' groups are unknown, so the node group fact fails with the template read.
        const lt = await this.launchTemplate(spec);
        if ('error' in lt) return blocked(lt.error, `node group ${ngName} (its launch template)`);
        return ok({
          ...ng.value,
          ...(lt.value.securityGroupIds.length ? { launchTemplateSecurityGroupIds: lt.value.securityGroupIds } : {}),
          ...(lt.value.rootVolumeGiB !== undefined ? { launchTemplateRootVolumeGiB: lt.value.rootVolumeGiB } : {}),
          ...(lt.value.instanceType ? { launchTemplateInstanceType: lt.value.instanceType } : {}),
        });
      }),
    );
    return allOk(groups);
  }

  /** One DescribeLaunchTemplateVersions per distinct template version, however many groups share it. */
  private launchTemplate(spec: { id?: string; name?: string; version?: string }): Promise<Fact<LaunchTemplateFacts>> {
    const key = `${spec.id ?? `name:${spec.name}`}@${spec.version ?? '$Default'}`;
    let p = this.launchTemplates.get(key);
    if (!p) {
      p = describeLaunchTemplateVersion(this.rt, spec);
      this.launchTemplates.set(key, p);
    }
    return p;
  }

  /**
   * Self-managed nodes; with the node roles needed, each instance profile's role too. A profile
   * whose role cannot be read fails the fact: a node whose role is unknown must not pass silently.
   */
  private async selfManagedNodes(name: string): Promise<Fact<Ec2Instance[]>> {
    const found = await describeSelfManagedNodes(this.rt, name);
    if ('error' in found || !this.plan.ec2.instanceProfileRoles) return found;
    const profiles = unique(found.value.flatMap((i) => (i.iamInstanceProfileArn ? [i.iamInstanceProfileArn] : [])));
    if (!profiles.length) return found;
    const roles = await resolveInstanceProfileRoles(this.rt, profiles);
    for (const [profile, role] of roles) if ('error' in role) return blocked(role.error, `self-managed nodes (the role of instance profile ${profile})`);
    const instances = found.value.map((i) => {
      const role = i.iamInstanceProfileArn ? roles.get(i.iamInstanceProfileArn) : undefined;
      const roleArn = role && 'value' in role ? role.value : null;
      return roleArn ? { ...i, roleArn } : i;
    });
    this.iam.roles(arnsToRoleNames(instances.map((i) => i.roleArn)));
    return ok(instances);
  }

  private async addons(name: string): Promise<Fact<EksAddon[]>> {
    const addons = await collectAddons(this.rt, name);
    if ('value' in addons && this.plan.iam.addonRoles) this.iam.roles(arnsToRoleNames(addons.value.filter((a) => a.name === EBS_CSI_ADDON).map((a) => a.serviceAccountRoleArn)));
    return addons;
  }

  /**
   * The Pod Identity roles the checks judge: the EBS CSI driver's at once, the Load Balancer
   * Controller's once the cluster says which service account it runs as; and the IRSA roles
   * annotated on the service accounts the in-cluster collector read.
   */
  /**
   * The Pod Identity associations of the service accounts the checks judge: the list omits the
   * role, and describing every association of a busy cluster costs a call each. The EBS CSI
   * driver's, the VPC CNI's and the LB controller's (by the chart's default name) are described at
   * once; an LB controller account with another name once the cluster names it.
   */
  private async podIdentity(name: string, kubeP: Promise<KubeFacts | undefined>): Promise<Fact<PodIdentityAssociation[]>> {
    const list = await listPodIdentityAssociations(this.rt, name);
    if ('error' in list) return list;
    const key = (s: PodIdentitySummary) => `${s.namespace}/${s.serviceAccount}`;
    const known = (s: PodIdentitySummary) => key(s) === EBS_CSI_SA || key(s) === VPC_CNI_SA || s.serviceAccount === LB_CONTROLLER_SA_NAME;
    const firstP = describePodIdentityAssociations(this.rt, name, list.value.filter(known));
    const lbAccounts = lbControllerAccounts(await kubeP);
    const rest = await describePodIdentityAssociations(this.rt, name, list.value.filter((s) => !known(s) && lbAccounts?.has(key(s))));
    const both = allOk([await firstP, rest]);
    return 'error' in both ? both : ok(both.value.flat());
  }

  private async podIdentityRoles(podIdentityP: Promise<Fact<PodIdentityAssociation[]> | undefined>, kubeP: Promise<KubeFacts | undefined>): Promise<void> {
    const associations = await podIdentityP;
    const list = associations && 'value' in associations ? associations.value : [];
    const rolesFor = (keep: (a: PodIdentityAssociation) => boolean) => arnsToRoleNames(list.filter(keep).map(effectiveRoleArn));
    this.iam.roles(rolesFor((a) => `${a.namespace}/${a.serviceAccount}` === EBS_CSI_SA));
    const kube = await kubeP;
    const lbAccounts = lbControllerAccounts(kube);
    // Without the cluster's word, the chart's default service account name stands in.
    this.iam.roles(rolesFor((a) => (lbAccounts ? lbAccounts.has(`${a.namespace}/${a.serviceAccount}`) : a.serviceAccount === LB_CONTROLLER_SA_NAME)));
    const annotated = Object.values(kube?.serviceAccounts ?? {}).flatMap((sa) => ('value' in sa && sa.value ? [sa.value.annotations[ROLE_ARN_ANNOTATION]] : []));
    this.iam.roles(arnsToRoleNames(annotated));
  }

  /** Started with the run: the caller's account is awaited only to interpret a denied lookup. */
  private accessKeys(accountP: Promise<string | undefined>): Promise<NonNullable<IamFacts['accessKeys']>> {
    return collectAccessKeys(this.rt, this.plan.accessKeyIds, {
      callerAccountId: accountP,
      ...(this.plan.iam.s3User ? { onUser: (userName: string) => this.iam.users([userName]) } : {}),
    });
  }

  /** The RDS resource and the cache the values name (their groups, subnets and VPC are read too). */
  private async dbTargets(rdsP: Promise<RdsFacts | undefined>, cacheP: Promise<ElastiCacheFacts | undefined>): Promise<ServiceTarget[]> {
    const [rds, cache] = await Promise.all([rdsP, cacheP]);
    const targets: ServiceTarget[] = [];
    const intent = this.opts.intent;
    try {
      const match = rds ? resolveDatabase(intent, { rds }).match : undefined;
      if (match) targets.push(databaseTarget(match.resource));
    } catch {
      // RDS facts are errors: the RDS checks report them; nothing more to read here.
    }
    try {
      const match = cache ? resolveCache(intent, { elasticache: cache }).match : undefined;
      if (match) targets.push(cacheTarget(match.resource));
    } catch {
      // Likewise for ElastiCache.
    }
    return targets;
  }

  /**
   * VPCs, subnets and security groups of the cluster, the nodes, the database and cache the values
   * name, and the interface endpoints: each kind in one batched request once its ids are known.
   */
  private async network(
    cluster: Fact<EksCluster | null> | undefined,
    nodegroupsP: Promise<Fact<NodeGroup[]> | undefined>,
    selfManagedP: Promise<Fact<Ec2Instance[]> | undefined>,
    dbTargetsP: Promise<ServiceTarget[]>,
    endpointsP: Promise<Fact<VpcEndpoint[]> | undefined>,
    vpcScopeP: Promise<string[]>,
    serviceListsP: Promise<Fact<PrefixList[]> | undefined>,
  ): Promise<{ vpcs: Fact<Vpc[]>; subnets: Fact<Subnet[]>; securityGroups: Fact<SecurityGroup[]>; prefixListEntries?: Record<string, Fact<string[]>> }> {
    const c = cluster && 'value' in cluster && cluster.value ? cluster.value : undefined;
    const valueOf = async <T>(p: Promise<Fact<T[]> | undefined>): Promise<T[]> => {
      const f = await p;
      return f && 'value' in f ? f.value : [];
    };
    const vpcsP = vpcScopeP.then((ids) => describeVpcs(this.rt, ids));
    const subnetsP = Promise.all([valueOf(nodegroupsP), valueOf(selfManagedP), dbTargetsP, valueOf(endpointsP)]).then(([groups, instances, dbs, endpoints]) =>
      this.subnets.load([
        ...(c?.subnetIds ?? []),
        ...groups.flatMap((g) => g.subnetIds),
        ...instances.map((i) => i.subnetId),
        ...dbs.flatMap((d) => d.subnetIds),
        ...endpoints.filter((e) => e.type === 'Interface').flatMap((e) => e.subnetIds),
      ]),
    );
    const groupsP = Promise.all([valueOf(nodegroupsP), valueOf(selfManagedP), dbTargetsP, valueOf(endpointsP)]).then(([groups, instances, dbs, endpoints]) => {
      this.progress('reading security groups');
      return describeSecurityGroups(
        this.rt,
        unique([
          ...(c?.clusterSecurityGroupId ? [c.clusterSecurityGroupId] : []),
          ...(c?.securityGroupIds ?? []),
          ...groups.flatMap((g) => [...(g.launchTemplateSecurityGroupIds ?? []), ...(g.remoteAccessSecurityGroupId ? [g.remoteAccessSecurityGroupId] : [])]),
          ...instances.flatMap((i) => i.securityGroupIds),
          ...dbs.flatMap((d) => d.securityGroupIds),
          ...endpoints.filter((e) => e.type === 'Interface').flatMap((e) => e.securityGroupIds),
        ]),
      );
    });
    // Rules may name a customer-managed prefix list instead of CIDRs: its entries decide what they admit.
    const entriesP = Promise.all([groupsP, serviceListsP]).then(async ([groups, serviceLists]) => {
      if (!('value' in groups)) return undefined;
      const service = new Set(serviceLists && 'value' in serviceLists ? serviceLists.value.map((l) => l.id) : []);
      const ids = unique(groups.value.flatMap((g) => [...g.ingress, ...g.egress]).flatMap((r) => (r.prefixListId && !service.has(r.prefixListId) ? [r.prefixListId] : [])));
      if (!ids.length) return undefined;
      return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await getManagedPrefixListEntries(this.rt, id)] as const)));
    });
    const [vpcs, subnets, securityGroups, prefixListEntries] = await Promise.all([vpcsP, subnetsP, groupsP, entriesP]);
    return { vpcs, subnets, securityGroups, ...(prefixListEntries ? { prefixListEntries } : {}) };
  }

  /** The in-cluster facts (another module), bounded by the deadline like every AWS call. */
  private async kube(name: string, cluster: Fact<EksCluster | null>): Promise<KubeFacts> {
    const { needs, intent } = this.opts;
    if (this.plan.kube === 'disabled') return { disabled: KUBE_DISABLED_REASON };
    const collect = await this.loadKube();
    if (!collect) {
      return kubeFactsWithError(needs, intent, { code: 'NotAvailable', message: 'the in-cluster collector is not part of this build' });
    }
    this.progress('reading the Kubernetes API');
    const signal = this.controller.signal;
    const timeout = () => kubeFactsWithError(needs, intent, { code: 'timeout', message: 'the Kubernetes API did not answer before the deadline', action: 'kubernetes' });
    const input: KubeCollectInput = {
      needs,
      intent,
      clusterName: name,
      cluster,
      region: this.rt.region,
      rt: this.rt,
      signal,
      ...(this.opts.kubeconfig ? { kubeconfig: this.opts.kubeconfig } : {}),
      ...(this.opts.context ? { context: this.opts.context } : {}),
      ...(this.opts.profile ? { profile: this.opts.profile } : {}),
      ...(this.opts.onProgress ? { onProgress: this.opts.onProgress } : {}),
    };
    try {
      return await untilAborted(collect(input), signal, timeout);
    } catch (err) {
      // The in-cluster collector should record failures as facts; a throw still must not pass.
      const message = err instanceof Error ? err.message : String(err);
      return kubeFactsWithError(needs, intent, { code: 'KubeCollectorError', message: message.slice(0, 300) });
    }
  }
}
