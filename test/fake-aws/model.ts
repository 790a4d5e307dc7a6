/**
 * The fake account's state: a small, readable description of what exists in one AWS account
 * (one home region), in the APIs' own terms but without their nesting. The handlers render AWS
 * responses from it and apply writes to it, so a collect after a write sees the change.
 *
 * Descriptions (fixtures/accounts/*.json) may leave out any list or map: `normalizeAccount` fills
 * them. Times that matter relative to "now" (access-key age) are given in days, so a fixture does
 * not age.
 */

export type Tags = Record<string, string>;
export type PolicyDoc = { Version?: string; Statement: unknown[] | Record<string, unknown> } & Record<string, unknown>;

// ------------------------------------------------------------------ EC2

export interface VpcM {
  id: string;
  cidr: string;
  /** Further associated IPv4 CIDRs. */
  extraCidrs?: string[];
  ipv6Cidrs?: string[];
  isDefault?: boolean;
  tags?: Tags;
}

export interface SubnetM {
  id: string;
  vpcId: string;
  cidr: string;
  az: string;
  ipv6Cidrs?: string[];
  mapPublicIpOnLaunch?: boolean;
  tags?: Tags;
}

/** One security-group rule: exactly one peer (cidr, cidrV6, prefixList or group). */
export interface SgRuleM {
  id: string;
  egress: boolean;
  /** 'tcp' | 'udp' | 'icmp' | '-1' */
  protocol: string;
  from?: number;
  to?: number;
  cidr?: string;
  cidrV6?: string;
  prefixList?: string;
  group?: string;
  description?: string;
  tags?: Tags;
}

export interface SecurityGroupM {
  id: string;
  name: string;
  vpcId: string;
  description?: string;
  tags?: Tags;
  rules: SgRuleM[];
}

export interface RouteM {
  destination?: string;
  destinationV6?: string;
  prefixList?: string;
  gateway?: string;
  nat?: string;
  peering?: string;
  transitGateway?: string;
  egressOnlyGateway?: string;
  /** 'active' (default) | 'blackhole' */
  state?: string;
}

export interface RouteTableM {
  id: string;
  vpcId: string;
  main?: boolean;
  subnetIds?: string[];
  routes: RouteM[];
  tags?: Tags;
}

export interface NaclEntryM {
  rule: number;
  egress: boolean;
  protocol: string;
  action: 'allow' | 'deny';
  cidr?: string;
  cidrV6?: string;
  from?: number;
  to?: number;
}

export interface NaclM {
  id: string;
  vpcId: string;
  isDefault?: boolean;
  subnetIds: string[];
  entries: NaclEntryM[];
}

export interface VpcEndpointM {
  id: string;
  vpcId: string;
  /** com.amazonaws.<region>.s3, …ecr.api, …ecr.dkr */
  service: string;
  type: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  /** lower case, as the wire value: 'available' (default), 'pending', … */
  state?: string;
  routeTableIds?: string[];
  subnetIds?: string[];
  groupIds?: string[];
  privateDns?: boolean;
  tags?: Tags;
}

export interface PeeringSideM {
  vpcId: string;
  cidr: string;
  ownerId?: string;
  region?: string;
}

export interface PeeringM {
  id: string;
  /** 'active' | 'pending-acceptance' | 'rejected' | … */
  status: string;
  requester: PeeringSideM;
  accepter: PeeringSideM;
}

export interface PrefixListM {
  id: string;
  name: string;
  cidrs: string[];
  /** A customer-managed list (GetManagedPrefixListEntries only); otherwise an AWS service list (DescribePrefixLists). */
  customer?: boolean;
}

export interface InstanceM {
  id: string;
  type: string;
  arch?: string;
  subnetId: string;
  groupIds: string[];
  /** Instance profile ARN. */
  profileArn?: string;
  /** 'running' (default) | 'stopped' | … */
  state?: string;
  rootVolumeId?: string;
  tags?: Tags;
}

export interface VolumeM {
  id: string;
  sizeGiB: number;
  type?: string;
}

export interface LaunchTemplateVersionM {
  number: number;
  instanceType?: string;
  groupIds?: string[];
  /** Groups on the first network interface instead of SecurityGroupIds. */
  interfaceGroupIds?: string[];
  volumeGiB?: number;
}

export interface LaunchTemplateM {
  id: string;
  name: string;
  defaultVersion: number;
  versions: LaunchTemplateVersionM[];
}

export interface Ec2Model {
  vpcs: VpcM[];
  subnets: SubnetM[];
  securityGroups: SecurityGroupM[];
  routeTables: RouteTableM[];
  networkAcls: NaclM[];
  vpcEndpoints: VpcEndpointM[];
  peerings: PeeringM[];
  prefixLists: PrefixListM[];
  instances: InstanceM[];
  volumes: VolumeM[];
  launchTemplates: LaunchTemplateM[];
}

// ------------------------------------------------------------------ EKS

export interface NodegroupM {
  name: string;
  /** 'ACTIVE' (default) | 'CREATING' | 'DEGRADED' … */
  status?: string;
  roleArn: string;
  subnetIds: string[];
  instanceTypes?: string[];
  amiType?: string;
  labels?: Tags;
  /** effect as the EKS API spells it: NO_SCHEDULE | NO_EXECUTE | PREFER_NO_SCHEDULE */
  taints?: { key: string; value?: string; effect: string }[];
  diskSize?: number;
  scaling?: { min: number; max: number; desired: number };
  launchTemplate?: { id?: string; name?: string; version?: string };
  /** The group EKS made for remote access (resources.remoteAccessSecurityGroup). */
  remoteAccessGroupId?: string;
}

export interface AddonM {
  name: string;
  version?: string;
  status?: string;
  roleArn?: string;
}

export interface PodIdentityM {
  id: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
}

export interface ClusterM {
  name: string;
  version: string;
  /** 'ACTIVE' (default) | 'CREATING' | … */
  status?: string;
  platformVersion?: string;
  roleArn: string;
  vpcId: string;
  subnetIds: string[];
  clusterSecurityGroupId: string;
  /** Additional (control-plane) security groups. */
  securityGroupIds?: string[];
  endpoint?: string;
  /** base64 CA bundle */
  ca?: string;
  autoMode?: { compute: boolean; loadBalancing: boolean; blockStorage: boolean };
  tags?: Tags;
  nodegroups: NodegroupM[];
  addons: AddonM[];
  podIdentity: PodIdentityM[];
}

export interface EksVersionM {
  version: string;
  /** STANDARD_SUPPORT | EXTENDED_SUPPORT */
  status: string;
  endOfStandardSupport?: string;
  endOfExtendedSupport?: string;
}

export interface EksModel {
  clusters: ClusterM[];
  versions: EksVersionM[];
}

// ------------------------------------------------------------------ IAM

export interface RoleM {
  path?: string;
  /** Attached managed policy ARNs. */
  attached: string[];
  inline: Record<string, PolicyDoc>;
  boundary?: string;
  tags?: Tags;
}

export interface AccessKeyM {
  id: string;
  status: 'Active' | 'Inactive';
  /** Created this many days before "now". */
  ageDays: number;
  lastUsedDaysAgo?: number;
}

export interface UserM {
  path?: string;
  attached: string[];
  inline: Record<string, PolicyDoc>;
  groups: string[];
  boundary?: string;
  tags?: Tags;
  accessKeys: AccessKeyM[];
}

export interface GroupM {
  attached: string[];
  inline: Record<string, PolicyDoc>;
}

export interface ManagedPolicyM {
  document: PolicyDoc;
  /** v1 unless set. */
  versionId?: string;
}

export interface IamModel {
  roles: Record<string, RoleM>;
  users: Record<string, UserM>;
  groups: Record<string, GroupM>;
  /** Customer-managed (and any non-shipped AWS-managed) policies by ARN. */
  policies: Record<string, ManagedPolicyM>;
  /** Instance profile name → role name. */
  instanceProfiles: Record<string, string>;
  /** Access key ids of other accounts → their account id (sts:GetAccessKeyInfo). */
  foreignAccessKeys: Record<string, string>;
}

// ------------------------------------------------------------------ S3, RDS, ElastiCache, ECR

export interface BucketM {
  region: string;
  /** Another account's bucket: every call answers 403. */
  ownerAccountId?: string;
  publicAccessBlock?: { blockPublicAcls: boolean; ignorePublicAcls: boolean; blockPublicPolicy: boolean; restrictPublicBuckets: boolean } | null;
  encryption?: { algorithm: string; kmsKeyId?: string } | null;
  tags?: Tags;
}

export interface S3Model {
  buckets: Record<string, BucketM>;
}

export interface DbInstanceM {
  id: string;
  engine: string;
  engineVersion?: string;
  status?: string;
  address: string;
  port: number;
  subnetGroup: string;
  groupIds: string[];
  publiclyAccessible?: boolean;
  encrypted?: boolean;
  clusterId?: string;
}

export interface DbClusterM {
  id: string;
  engine: string;
  status?: string;
  endpoint: string;
  readerEndpoint?: string;
  port: number;
  subnetGroup: string;
  groupIds: string[];
  members: string[];
  encrypted?: boolean;
  publiclyAccessible?: boolean;
}

export interface SubnetGroupM {
  name: string;
  vpcId: string;
  subnetIds: string[];
}

export interface RdsModel {
  instances: DbInstanceM[];
  clusters: DbClusterM[];
  subnetGroups: SubnetGroupM[];
}

export interface ReplicationGroupM {
  id: string;
  engine?: string;
  status?: string;
  primaryEndpoint?: string;
  readerEndpoint?: string;
  configurationEndpoint?: string;
  port: number;
  members: string[];
  transitEncryption?: boolean;
  authToken?: boolean;
  userGroupIds?: string[];
}

export interface CacheClusterM {
  id: string;
  engine: string;
  status?: string;
  replicationGroupId?: string;
  subnetGroup: string;
  groupIds: string[];
  nodes: { id: string; address: string; port: number }[];
  transitEncryption?: boolean;
  authToken?: boolean;
}

export interface ServerlessCacheM {
  name: string;
  engine: string;
  status?: string;
  endpoint: string;
  readerEndpoint?: string;
  port: number;
  groupIds: string[];
  subnetIds: string[];
  userGroupId?: string;
}

export interface ElastiCacheModel {
  replicationGroups: ReplicationGroupM[];
  cacheClusters: CacheClusterM[];
  subnetGroups: SubnetGroupM[];
  serverless: ServerlessCacheM[];
}

export interface EcrImageM {
  tags: string[];
  digest?: string;
  /** ACTIVE (default) | ARCHIVED | ACTIVATING */
  status?: string;
}

export interface RepositoryM {
  name: string;
  /** Another registry (account) than this account's. */
  registryId?: string;
  /** Another region than the account's home region. */
  region?: string;
  images: EcrImageM[];
  policy?: PolicyDoc;
  scanOnPush?: boolean;
  encryption?: string;
  tags?: Tags;
}

export interface EcrModel {
  repositories: RepositoryM[];
}

// ------------------------------------------------------------------ the account

export interface AccountModel {
  accountId: string;
  /** The home region: where the account's resources live unless they say otherwise. */
  region: string;
  partition: string;
  caller: { arn: string; userId: string };
  ec2: Ec2Model;
  eks: EksModel;
  iam: IamModel;
  s3: S3Model;
  rds: RdsModel;
  elasticache: ElastiCacheModel;
  ecr: EcrModel;
}

type PartialSections<T> = { [K in keyof T]?: Partial<T[K]> };

/** What a fixture writes: any section, list or map may be left out. */
export type AccountDescription = Pick<AccountModel, 'accountId' | 'region'> &
  Partial<Pick<AccountModel, 'partition' | 'caller'>> &
  PartialSections<Pick<AccountModel, 'ec2' | 'eks' | 'iam' | 's3' | 'rds' | 'elasticache' | 'ecr'>>;

/** A full model from a description: missing lists and maps become empty, nothing is shared. */
export function normalizeAccount(d: AccountDescription): AccountModel {
  const copy = structuredClone(d);
  const partition = copy.partition ?? 'aws';
  return {
    accountId: copy.accountId,
    region: copy.region,
    partition,
    caller: copy.caller ?? { arn: `arn:${partition}:iam::${copy.accountId}:user/preflight`, userId: 'AIDAFAKECALLER000001' },
    ec2: {
      vpcs: [],
      subnets: [],
      securityGroups: [],
      routeTables: [],
      networkAcls: [],
      vpcEndpoints: [],
      peerings: [],
      prefixLists: [],
      instances: [],
      volumes: [],
      launchTemplates: [],
      ...copy.ec2,
    },
    eks: {
      versions: [],
      ...copy.eks,
      clusters: (copy.eks?.clusters ?? []).map((c) => ({ ...c, nodegroups: c.nodegroups ?? [], addons: c.addons ?? [], podIdentity: c.podIdentity ?? [] })),
    },
    iam: {
      roles: {},
      users: {},
      groups: {},
      policies: {},
      instanceProfiles: {},
      foreignAccessKeys: {},
      ...copy.iam,
    },
    s3: { buckets: {}, ...copy.s3 },
    rds: { instances: [], clusters: [], subnetGroups: [], ...copy.rds },
    elasticache: { replicationGroups: [], cacheClusters: [], subnetGroups: [], serverless: [], ...copy.elasticache },
    ecr: { repositories: [], ...copy.ecr },
  };
}

// ------------------------------------------------------------------ names

export function iamArn(m: AccountModel, kind: 'role' | 'user' | 'group' | 'policy' | 'instance-profile', name: string, path = '/'): string {
  return `arn:${m.partition}:iam::${m.accountId}:${kind}${path}${name}`;
}

/** The last segment of an ARN or a plain name: IAM calls take names. */
export function nameOf(nameOrArn: string): string {
  return nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);
}

export function ecrHost(m: AccountModel, registryId = m.accountId, region = m.region): string {
  return `${registryId}.dkr.ecr.${region}.amazonaws.com${m.partition === 'aws-cn' ? '.cn' : ''}`;
}
