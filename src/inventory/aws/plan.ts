/**
 * From the facts the selected checks read (FactNeed) to what the collection must do. A need often
 * implies others it cannot be answered without: the nodes' security groups need the node groups,
 * which need their launch templates; the node roles need the self-managed nodes' instance
 * profiles. Nothing outside the plan is called.
 */
import type { FactNeed } from '../../engine/types.js';
import type { EcrRegistry, Intent } from '../../values/types.js';

export interface CollectionPlan {
  /** Some need is about the cluster: a cluster name is required. */
  needsCluster: boolean;
  eks: {
    cluster: boolean;
    versions: boolean;
    nodegroups: boolean;
    addons: boolean;
    podIdentity: boolean;
  };
  ec2: {
    /** VPCs, subnets and security groups of the cluster, the nodes (and the databases when asked). */
    network: boolean;
    routes: boolean;
    nacls: boolean;
    endpoints: boolean;
    peering: boolean;
    prefixLists: boolean;
    selfManagedNodes: boolean;
    /** Resolve self-managed nodes' instance profiles to roles (iam:GetInstanceProfile). */
    instanceProfileRoles: boolean;
  };
  iam: { clusterRole: boolean; nodeRoles: boolean; addonRoles: boolean; s3User: boolean };
  /** Access key ids from the values (never the secrets). */
  accessKeyIds: string[];
  s3Buckets: string[];
  rds: boolean;
  elasticache: boolean;
  ecr?: { registry: EcrRegistry; images: { repository: string; tag: string }[] };
  /** 'collect' when kube.* facts are needed and allowed, 'disabled' under --no-kube, 'none' when not needed. */
  kube: 'collect' | 'disabled' | 'none';
}

const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

export function planCollection(needs: ReadonlySet<FactNeed>, intent: Intent, opts: { kube: boolean }): CollectionPlan {
  const has = (n: FactNeed) => needs.has(n);
  const kubeNeeded = [...needs].some((n) => n.startsWith('kube.'));
  const kube: CollectionPlan['kube'] = !kubeNeeded ? 'none' : opts.kube ? 'collect' : 'disabled';

  const iam = {
    clusterRole: has('iam.clusterRole'),
    nodeRoles: has('iam.nodeRoles'),
    addonRoles: has('iam.addonRoles'),
    s3User: has('iam.s3User'),
  };
  const ec2Network = has('ec2.network');
  const routes = has('ec2.routes');
  const nacls = has('ec2.nacls');
  const endpoints = has('ec2.endpoints');
  const peering = has('ec2.peering');
  // The nodes are part of "the network" (their subnets and groups) and of the node roles.
  const selfManagedNodes = has('ec2.selfManagedNodes') || ec2Network || iam.nodeRoles;
  const nodegroups = has('eks.nodegroups') || ec2Network || iam.nodeRoles;
  const addons = has('eks.addons') || iam.addonRoles;
  const podIdentity = has('eks.podIdentity') || iam.addonRoles;
  const clusterFacts = has('eks.cluster') || nodegroups || routes || nacls || endpoints || peering || iam.clusterRole || kube === 'collect';

  const ecr =
    has('ecr') && intent.ecr
      ? {
          registry: intent.ecr,
          images: uniqueImages(intent.images.filter((i) => i.followsGlobalRegistry).map((i) => ({ repository: i.repository, tag: i.tag }))),
        }
      : undefined;

  return {
    needsCluster: clusterFacts || has('eks.versions') || addons || podIdentity || selfManagedNodes,
    eks: { cluster: clusterFacts, versions: has('eks.versions'), nodegroups, addons, podIdentity },
    ec2: {
      network: ec2Network,
      routes,
      nacls,
      endpoints,
      peering,
      // S3 is reached through its prefix list (security-group egress, gateway-endpoint routes).
      prefixLists: ec2Network || routes || endpoints,
      selfManagedNodes,
      instanceProfileRoles: iam.nodeRoles,
    },
    iam,
    accessKeyIds: iam.s3User ? uniq(intent.s3.flatMap((t) => (t.accessKeyId ? [t.accessKeyId] : []))) : [],
    s3Buckets: has('s3.buckets') ? uniq(intent.s3.map((t) => t.bucket).filter(Boolean)) : [],
    // network-nacl also reads these, but only an external database or cache is in AWS at all.
    rds: has('rds') && intent.database.external,
    elasticache: has('elasticache') && intent.redis.external,
    ...(ecr ? { ecr } : {}),
    kube,
  };
}

function uniqueImages(images: { repository: string; tag: string }[]): { repository: string; tag: string }[] {
  const seen = new Set<string>();
  return images.filter((i) => {
    const key = `${i.repository}:${i.tag}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
