/**
 * The Inventory: plain, JSON-serialisable facts about the account and cluster.
 * Collectors fill it (only the parts the Intent needs); checks read it; snapshots store it.
 * Shapes are trimmed from the AWS and Kubernetes API responses to what the checks reason about;
 * field names follow the API's meaning in camelCase.
 */
import type { Fact } from './fact.js';

export const INVENTORY_VERSION = 2;

export interface Inventory {
  /** sts:GetCallerIdentity plus the region the run targets. */
  target?: Fact<AwsTarget>;
  eks?: EksFacts;
  ec2?: Ec2Facts;
  iam?: IamFacts;
  s3?: S3Facts;
  rds?: RdsFacts;
  elasticache?: ElastiCacheFacts;
  ecr?: EcrFacts;
  kube?: KubeFacts;
}

export interface AwsTarget {
  accountId: string;
  callerArn: string;
  partition: string;
  region: string;
}

// ---------------------------------------------------------------- EKS
export interface EksFacts {
  clusterName: string;
  /** null when DescribeCluster answered ResourceNotFoundException. */
  cluster: Fact<EksCluster | null>;
  /** eks:DescribeClusterVersions: the versions AWS still lists (standard or extended support). */
  supportedVersions?: Fact<EksVersionSupport[]>;
  nodegroups?: Fact<NodeGroup[]>;
  addons?: Fact<EksAddon[]>;
  podIdentityAssociations?: Fact<PodIdentityAssociation[]>;
}

export interface EksCluster {
  name: string;
  arn: string;
  status: string; // ACTIVE | CREATING | …
  version: string; // "1.29"
  platformVersion?: string;
  roleArn: string;
  endpoint?: string;
  certificateAuthority?: string; // base64 PEM
  vpcId: string;
  subnetIds: string[];
  clusterSecurityGroupId?: string;
  /** Additional security groups: on the control-plane ENIs, not on the nodes. */
  securityGroupIds: string[];
  /** kubernetesNetworkConfig.ipFamily: the address family of pods and services. */
  ipFamily?: 'ipv4' | 'ipv6';
  /** EKS Auto Mode switches (computeConfig / elasticLoadBalancing / blockStorage). */
  autoMode?: { compute: boolean; loadBalancing: boolean; blockStorage: boolean };
  tags?: Record<string, string>;
}

export interface EksVersionSupport {
  version: string;
  status?: string; // STANDARD_SUPPORT | EXTENDED_SUPPORT | UNSUPPORTED
  endOfStandardSupportDate?: string;
  endOfExtendedSupportDate?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string; // NoSchedule | NO_SCHEDULE …
}

export interface NodeGroup {
  name: string;
  arn: string;
  status: string;
  nodeRoleArn: string;
  subnetIds: string[];
  instanceTypes: string[];
  amiType?: string;
  labels: Record<string, string>;
  taints: Taint[];
  diskSizeGiB?: number;
  scaling?: { min: number; max: number; desired: number };
  launchTemplate?: { id?: string; name?: string; version?: string };
  remoteAccessSecurityGroupId?: string;
  /** From the launch template version, when the group has one: these replace the cluster SG on the nodes. */
  launchTemplateSecurityGroupIds?: string[];
  launchTemplateRootVolumeGiB?: number;
  launchTemplateInstanceType?: string;
}

export interface EksAddon {
  name: string;
  version?: string;
  status: string;
  serviceAccountRoleArn?: string;
}

export interface PodIdentityAssociation {
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  /** Role chaining: the role the pods finally get credentials for (roleArn assumes it). */
  targetRoleArn?: string;
  /** A session policy that narrows the role's permissions for these pods (an intersection, like a boundary). */
  sessionPolicy?: PolicyDocument;
  associationId: string;
}

// ---------------------------------------------------------------- EC2
export interface Ec2Facts {
  vpcs?: Fact<Vpc[]>;
  subnets?: Fact<Subnet[]>;
  securityGroups?: Fact<SecurityGroup[]>;
  routeTables?: Fact<RouteTable[]>;
  networkAcls?: Fact<NetworkAcl[]>;
  vpcEndpoints?: Fact<VpcEndpoint[]>;
  peeringConnections?: Fact<VpcPeering[]>;
  /** AWS-managed prefix lists (com.amazonaws.<region>.s3 …) by id. */
  prefixLists?: Fact<PrefixList[]>;
  /** The CIDRs of each other (customer-managed) prefix list a collected group's rule references, by list id. */
  prefixListEntries?: Record<string, Fact<string[]>>;
  /** Running instances tagged kubernetes.io/cluster/<name>=owned that belong to no managed node group. */
  selfManagedNodes?: Fact<Ec2Instance[]>;
}

export interface Vpc {
  id: string;
  cidrs: string[];
  ipv6Cidrs: string[];
}

export interface Subnet {
  id: string;
  vpcId: string;
  cidr: string;
  ipv6Cidrs: string[];
  availabilityZone: string;
  mapPublicIpOnLaunch?: boolean;
  tags: Record<string, string>;
}

/** One flattened security-group rule: one source or destination per entry. */
export interface SgRule {
  ruleId?: string;
  protocol: string; // '-1' | 'tcp' | 'udp' | 'icmp' | number as string
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  description?: string;
}

export interface SecurityGroup {
  id: string;
  name: string;
  vpcId: string;
  ingress: SgRule[];
  egress: SgRule[];
  tags?: Record<string, string>;
}

export interface Route {
  destinationCidr?: string;
  destinationIpv6Cidr?: string;
  destinationPrefixListId?: string;
  gatewayId?: string; // igw-… or vpce-… (gateway endpoint)
  natGatewayId?: string;
  transitGatewayId?: string;
  vpcPeeringConnectionId?: string;
  egressOnlyInternetGatewayId?: string;
  state?: string; // active | blackhole
}

export interface RouteTable {
  id: string;
  vpcId: string;
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}

export interface NaclEntry {
  ruleNumber: number;
  egress: boolean;
  protocol: string; // '-1' | '6' (tcp) | …
  action: 'allow' | 'deny';
  cidrIpv4?: string;
  cidrIpv6?: string;
  fromPort?: number;
  toPort?: number;
}

export interface NetworkAcl {
  id: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NaclEntry[];
}

export interface VpcEndpoint {
  id: string;
  vpcId: string;
  serviceName: string; // com.amazonaws.us-east-1.s3
  type: string; // Gateway | Interface
  state: string;
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  privateDnsEnabled?: boolean;
}

export interface VpcPeering {
  id: string;
  status: string; // active | pending-acceptance | …
  requesterVpcId: string;
  requesterCidrs: string[];
  accepterVpcId: string;
  accepterCidrs: string[];
}

export interface PrefixList {
  id: string;
  name: string;
}

export interface Ec2Instance {
  id: string;
  subnetId: string;
  securityGroupIds: string[];
  instanceType: string;
  architecture?: string;
  iamInstanceProfileArn?: string;
  /** Role behind the instance profile, resolved by the collector. */
  roleArn?: string;
  rootVolumeGiB?: number;
  tags: Record<string, string>;
}

// ---------------------------------------------------------------- IAM
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, unknown>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** A policy attached to a principal. AWS-managed documents are not fetched: see src/iam/managed-policies. */
export interface AttachedPolicy {
  arn: string;
  name: string;
  /** Present for customer-managed policies (GetPolicyVersion of the default version). */
  document?: PolicyDocument;
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface IamPrincipal {
  kind: 'role' | 'user';
  name: string;
  arn: string;
  attached: AttachedPolicy[];
  inline: InlinePolicy[];
  /** Users only: the groups and their policies. */
  groups?: { name: string; attached: AttachedPolicy[]; inline: InlinePolicy[] }[];
  permissionsBoundary?: AttachedPolicy;
  tags?: Record<string, string>;
}

export interface AccessKeyInfo {
  accessKeyId: string;
  userName: string;
  status: string; // Active | Inactive
  createDate?: string;
}

export interface IamFacts {
  /** By role name; null when the role does not exist. */
  roles?: Record<string, Fact<IamPrincipal | null>>;
  /** By user name; null when the user does not exist. */
  users?: Record<string, Fact<IamPrincipal | null>>;
  /** By access key id (never the secret); null when the key is not in this account. */
  accessKeys?: Record<string, Fact<AccessKeyInfo | null>>;
}

// ---------------------------------------------------------------- S3
export interface S3Facts {
  /** By bucket name; null when the bucket does not exist (404 on HeadBucket). */
  buckets: Record<string, Fact<S3Bucket | null>>;
}

export interface S3Bucket {
  name: string;
  region: string;
  /** null when no PublicAccessBlock configuration exists. */
  publicAccessBlock: Fact<{ blockPublicAcls: boolean; ignorePublicAcls: boolean; blockPublicPolicy: boolean; restrictPublicBuckets: boolean } | null>;
  /** null when no default encryption is configured. */
  encryption: Fact<{ algorithm: string; kmsKeyId?: string } | null>;
}

// ---------------------------------------------------------------- RDS
export interface RdsFacts {
  instances: Fact<DbInstance[]>;
  clusters: Fact<DbCluster[]>;
}

export interface DbInstance {
  id: string;
  arn: string;
  engine: string;
  status: string;
  address?: string;
  port?: number;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  publiclyAccessible: boolean;
  storageEncrypted: boolean;
  clusterId?: string;
}

export interface DbCluster {
  id: string;
  arn: string;
  engine: string;
  status: string;
  endpoint?: string;
  readerEndpoint?: string;
  customEndpoints: string[];
  port?: number;
  securityGroupIds: string[];
  /** Resolved from the member instances or the DB subnet group. */
  vpcId?: string;
  subnetIds: string[];
  storageEncrypted: boolean;
  publiclyAccessible?: boolean;
  memberIds: string[];
}

// ---------------------------------------------------------------- ElastiCache
export interface ElastiCacheFacts {
  replicationGroups: Fact<CacheReplicationGroup[]>;
  cacheClusters: Fact<CacheCluster[]>;
}

export interface CacheReplicationGroup {
  id: string;
  arn: string;
  status: string;
  engine?: string;
  primaryEndpoint?: string;
  readerEndpoint?: string;
  configurationEndpoint?: string;
  port?: number;
  nodeEndpoints: string[];
  memberClusterIds: string[];
  transitEncryption: boolean;
  authTokenEnabled: boolean;
  userGroupIds: string[];
}

export interface CacheCluster {
  id: string;
  arn: string;
  engine: string;
  status: string;
  replicationGroupId?: string;
  nodeEndpoints: string[];
  port?: number;
  securityGroupIds: string[];
  subnetGroupName?: string;
  vpcId?: string;
  subnetIds: string[];
  transitEncryption: boolean;
  authTokenEnabled: boolean;
  /** An ElastiCache Serverless cache (DescribeServerlessCaches): no VPC id or subnet group, TLS always on. */
  serverless?: boolean;
}

// ---------------------------------------------------------------- ECR
export interface EcrFacts {
  registryId: string;
  region: string;
  /** By repository name (with its path); null when the repository does not exist. */
  repositories: Record<string, Fact<EcrRepository | null>>;
}

export interface EcrRepository {
  name: string;
  arn: string;
  uri: string;
  /** Tags asked for that exist (BatchGetImage / DescribeImages on the wanted tags). */
  presentTags: Fact<string[]>;
  /** Repository policy; null when none is set. Only collected for cross-account registries. */
  policy?: Fact<PolicyDocument | null>;
}

// ---------------------------------------------------------------- Kubernetes
export interface KubeFacts {
  /** Set under --no-kube: the reason the in-cluster facts were not collected. */
  disabled?: string;
  access?: Fact<KubeAccess>;
  /** Deployments labelled app.kubernetes.io/name=aws-load-balancer-controller, all namespaces. */
  lbControllerDeployments?: Fact<KubeDeployment[]>;
  /** ServiceAccounts by "namespace/name". */
  serviceAccounts?: Record<string, Fact<KubeServiceAccount | null>>;
  /** The Secrets the values name, by `namespace/name` (secretKey): key names only; null when absent. */
  secrets?: Record<string, Fact<KubeSecretKeys | null>>;
  storageClasses?: Fact<KubeStorageClass[]>;
  ingressClasses?: Fact<KubeIngressClass[]>;
  nodes?: Fact<KubeNode[]>;
  csiDrivers?: Fact<string[]>;
}

export interface KubeAccess {
  server: string;
  /** How access was found: kubeconfig context, or built from EKS. */
  via: 'kubeconfig' | 'eks';
  context?: string;
  gitVersion?: string;
  /** The server URL equals DescribeCluster's endpoint. */
  matchesCluster: boolean;
  /** The kubeconfig's CA equals DescribeCluster's certificate authority; absent when either is unknown. */
  caMatches?: boolean;
}

export interface KubeDeployment {
  namespace: string;
  name: string;
  replicas: number;
  availableReplicas: number;
  serviceAccountName?: string;
}

export interface KubeServiceAccount {
  namespace: string;
  name: string;
  annotations: Record<string, string>;
}

export interface KubeSecretKeys {
  name: string;
  type?: string;
  keys: string[];
}

export interface KubeStorageClass {
  name: string;
  provisioner: string;
  isDefault: boolean;
}

export interface KubeIngressClass {
  name: string;
  controller: string;
  isDefault: boolean;
}

export interface KubeNode {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  architecture?: string;
  ready: boolean;
}

/** The key of a Secret in KubeFacts.secrets. */
export const secretKey = (namespace: string, name: string): string => `${namespace}/${name}`;
