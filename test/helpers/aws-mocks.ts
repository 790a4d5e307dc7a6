/**
 * Shared helpers for tests that drive the AWS collectors through aws-sdk-client-mock.
 * mockClient(XClient) patches the client class's prototype, so it also catches the clients the
 * runtime imports lazily. Stubbed `send` skips the SDK middleware (no retries, no signing).
 * Several helpers own this file: add helpers, never rewrite existing ones.
 */
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import * as StsSdk from '@aws-sdk/client-sts';
import * as EksSdk from '@aws-sdk/client-eks';
import * as Ec2Sdk from '@aws-sdk/client-ec2';
import * as IamSdk from '@aws-sdk/client-iam';
import * as S3Sdk from '@aws-sdk/client-s3';
import * as RdsSdk from '@aws-sdk/client-rds';
import * as EcSdk from '@aws-sdk/client-elasticache';
import * as EcrSdk from '@aws-sdk/client-ecr';
import { AwsRuntime, type ClientConfig } from '../../src/inventory/aws/runtime.js';
import { sdkClientConfig, type ServiceName, type SdkClient } from '../../src/inventory/aws/runtime.js';
import { readFileSync } from 'node:fs';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** An error shaped like the SDK's service exceptions (name = the API error code). */
export function awsError(name: string, message = name, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode, attempts: 1 } });
}

/** What EC2 answers for a denied action. */
export const ec2Denied = (): Error => awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
/** What EKS (and other JSON services) answer for a denied action. */
export const accessDeniedException = (): Error => awsError('AccessDeniedException', 'User is not authorized to perform this action', 403);
/** What IAM, STS, RDS, ElastiCache (query protocols) answer for a denied action. */
export const accessDenied = (): Error => awsError('AccessDenied', 'User is not authorized to perform this action', 403);

/** A runtime for us-east-1 with the real (lazy) client factory: mockClient catches the clients it builds. */
export function testRuntime(config: Partial<ClientConfig> = {}, signal?: AbortSignal): AwsRuntime {
  return new AwsRuntime({ region: REGION, ...config }, signal);
}

/**
 * Answer a paginated operation page by page: the request's `tokenIn` field selects the page
 * (absent → the first), and each page but the last carries `tokenOut` = 'page-<n>'.
 * Use with stub.on(Command).callsFake(paged(...)).
 */
export function paged<T extends Record<string, unknown>>(pages: T[], tokenIn = 'NextToken', tokenOut = tokenIn): (input: Record<string, unknown>) => Promise<T> {
  return async (input) => {
    const token = input[tokenIn] as string | undefined;
    const index = token === undefined ? 0 : Number(token.replace('page-', ''));
    const page = pages[index];
    if (!page) throw awsError('InvalidNextToken', `no page ${String(token)}`);
    return index + 1 < pages.length ? { ...page, [tokenOut]: `page-${index + 1}` } : page;
  };
}

/** A promise that never settles: stands in for a call that hangs until the deadline. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

// ---------------------------------------------------------------- real SDK clients over a fake HTTP handler
// For what a stubbed `send` cannot show: the SDK's own retries (throttling, then success), and
// how its deserializers name errors that carry no body (S3 HEAD 403/404).

export interface FakeHttpRequest {
  service: ServiceName;
  method: string;
  hostname: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: string;
  /** The query-protocol `Action`, or the JSON protocol's X-Amz-Target operation; '' for S3. */
  operation: string;
  /** The form parameters of a query-protocol request. */
  params: URLSearchParams;
}

export interface FakeHttpResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

const CLIENT_CLASSES: Record<ServiceName, () => Promise<new (config: Record<string, unknown>) => SdkClient>> = {
  sts: async () => (await import('@aws-sdk/client-sts')).STSClient,
  eks: async () => (await import('@aws-sdk/client-eks')).EKSClient,
  ec2: async () => (await import('@aws-sdk/client-ec2')).EC2Client,
  iam: async () => (await import('@aws-sdk/client-iam')).IAMClient,
  s3: async () => (await import('@aws-sdk/client-s3')).S3Client,
  rds: async () => (await import('@aws-sdk/client-rds')).RDSClient,
  elasticache: async () => (await import('@aws-sdk/client-elasticache')).ElastiCacheClient,
  ecr: async () => (await import('@aws-sdk/client-ecr')).ECRClient,
};

/**
 * A runtime whose clients are the real SDK clients (signing, adaptive retries, parsing), configured
 * as the production factory configures them, answering from `respond` instead of AWS.
 * Every request is recorded in `requests`.
 */
export function httpRuntime(respond: (req: FakeHttpRequest) => FakeHttpResponse, config: Partial<ClientConfig> = {}): { rt: AwsRuntime; requests: FakeHttpRequest[] } {
  const requests: FakeHttpRequest[] = [];
  const factory = async (service: ServiceName, cfg: ClientConfig): Promise<SdkClient> => {
    const { Readable } = await import('node:stream');
    const requestHandler = {
      async handle(request: { method: string; hostname: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }) {
        const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const params = new URLSearchParams(headers['content-type']?.includes('x-www-form-urlencoded') ? body : '');
        const target = headers['x-amz-target'];
        const req: FakeHttpRequest = {
          service,
          method: request.method,
          hostname: request.hostname,
          path: request.path,
          query: request.query ?? {},
          headers,
          body,
          operation: params.get('Action') ?? (target ? target.slice(target.lastIndexOf('.') + 1) : ''),
          params,
        };
        requests.push(req);
        const res = respond(req);
        return { response: { statusCode: res.status, headers: res.headers ?? {}, body: Readable.from(res.body ? [Buffer.from(res.body)] : []) } };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs() {
        return {};
      },
    };
    const Client = await CLIENT_CLASSES[service]();
    return new Client({ ...sdkClientConfig(cfg), credentials: { accessKeyId: 'AKIDFAKEFORTESTS', secretAccessKey: 'fake-secret-for-tests' }, requestHandler });
  };
  return { rt: new AwsRuntime({ region: REGION, ...config }, undefined, factory), requests };
}

/** A query-protocol (IAM, STS, RDS, ElastiCache) error body. */
export function queryErrorXml(code: string, message = code): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
}

/** A query-protocol success body for `operation` with `inner` as its result. */
export function queryResultXml(operation: string, inner: string): string {
  return `<${operation}Response><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${operation}Response>`;
}

// ------------------------------------------------------------------ a whole (fake) account


export const CLUSTER = 'daytona';
export const VPC = 'vpc-0a1b2c3d4e5f60001';
export const DB_HOST = 'daytona-db.cabc123xyz.us-east-1.rds.amazonaws.com';
export const CACHE_HOST = 'daytona-cache.abc123.ng.0001.use1.cache.amazonaws.com';
export const BUCKET = 'daytona-harbor';
export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const arn = (kind: 'role' | 'user' | 'policy' | 'instance-profile', name: string): string => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const awsManaged = (name: string) => ({ PolicyArn: `arn:aws:iam::aws:policy/${name}`, PolicyName: name });

/**
 * The values of a typical Daytona install on AWS: external RDS PostgreSQL and ElastiCache Redis,
 * Harbor on S3 with an access key, images from this account's ECR.
 */
export const TYPICAL_VALUES = `
postgresql: { enabled: false }
externalDatabase: { host: ${DB_HOST}, existingSecret: daytona-db }
redis: { enabled: false }
externalRedis: { host: ${CACHE_HOST}, existingSecret: daytona-redis }
global: { imageRegistry: ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com }
harbor:
  persistence:
    imageChartStorage:
      type: s3
      s3: { bucket: ${BUCKET}, region: ${REGION}, accesskey: ${ACCESS_KEY_ID}, secretkey: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY }
`;

/** A typical account in the AWS APIs' own shapes (SDK output types): tests edit it before mocking. */
export function typicalAccount() {
  const subnet = (id: string, cidr: string, az: string, tags: Record<string, string> = {}): Ec2Sdk.Subnet => ({
    SubnetId: id,
    VpcId: VPC,
    CidrBlock: cidr,
    AvailabilityZone: az,
    MapPublicIpOnLaunch: Boolean(tags['kubernetes.io/role/elb']),
    Ipv6CidrBlockAssociationSet: [],
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  });
  const sg = (id: string, name: string): Ec2Sdk.SecurityGroup => ({ GroupId: id, GroupName: name, VpcId: VPC, IpPermissions: [], IpPermissionsEgress: [] });
  let ruleSeq = 0;
  const rule = (group: string, egress: boolean, r: Partial<Ec2Sdk.SecurityGroupRule>): Ec2Sdk.SecurityGroupRule => ({
    SecurityGroupRuleId: `sgr-${String(++ruleSeq).padStart(8, '0')}`,
    GroupId: group,
    IsEgress: egress,
    ...r,
  });
  const allOut = (group: string) => rule(group, true, { IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' });
  return {
    caller: { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/preflight`, UserId: 'AIDAEXAMPLEUSERID0001' },
    cluster: {
      name: CLUSTER,
      arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
      status: 'ACTIVE',
      version: '1.31',
      platformVersion: 'eks.12',
      endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
      roleArn: arn('role', 'daytona-cluster-role'),
      certificateAuthority: { data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==' },
      resourcesVpcConfig: {
        vpcId: VPC,
        subnetIds: ['subnet-0private0a', 'subnet-0private0b', 'subnet-0public00a'],
        clusterSecurityGroupId: 'sg-0cluster',
        securityGroupIds: ['sg-0controlplane'],
        endpointPublicAccess: true,
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
      tags: { team: 'platform' },
    } as EksSdk.Cluster,
    clusterVersions: [
      { clusterVersion: '1.33', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: new Date('2026-07-29T00:00:00Z') },
      { clusterVersion: '1.32', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: new Date('2026-03-23T00:00:00Z') },
      { clusterVersion: '1.31', versionStatus: 'STANDARD_SUPPORT', endOfStandardSupportDate: new Date('2025-11-26T00:00:00Z') },
      { clusterVersion: '1.30', status: 'extended-support', endOfExtendedSupportDate: new Date('2026-07-23T00:00:00Z') },
    ] as EksSdk.ClusterVersionInformation[],
    nodegroups: [
      {
        nodegroupName: 'system',
        nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${CLUSTER}/system/1`,
        status: 'ACTIVE',
        nodeRole: arn('role', 'daytona-node-role'),
        subnets: ['subnet-0private0a', 'subnet-0private0b'],
        instanceTypes: ['m5.large'],
        amiType: 'AL2023_x86_64_STANDARD',
        diskSize: 50,
        scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 },
        labels: {},
        taints: [],
      },
      {
        nodegroupName: 'runners',
        nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${CLUSTER}/runners/2`,
        status: 'ACTIVE',
        nodeRole: arn('role', 'daytona-node-role'),
        subnets: ['subnet-0private0a'],
        amiType: 'CUSTOM',
        scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 1 },
        labels: { 'daytona-sandbox-c': 'true' },
        taints: [{ key: 'sandbox', value: 'true', effect: 'NO_SCHEDULE' }],
        launchTemplate: { id: 'lt-0runners0000001', name: 'runners', version: '3' },
      },
    ] as EksSdk.Nodegroup[],
    launchTemplateVersions: [
      {
        LaunchTemplateId: 'lt-0runners0000001',
        LaunchTemplateName: 'runners',
        VersionNumber: 3,
        LaunchTemplateData: {
          InstanceType: 'm5.4xlarge',
          SecurityGroupIds: ['sg-0runners'],
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 200, VolumeType: 'gp3' } }],
        },
      },
    ] as Ec2Sdk.LaunchTemplateVersion[],
    addons: [
      { addonName: 'vpc-cni', addonVersion: 'v1.19.2-eksbuild.1', status: 'ACTIVE' },
      { addonName: 'coredns', addonVersion: 'v1.11.4-eksbuild.2', status: 'ACTIVE' },
      { addonName: 'kube-proxy', addonVersion: 'v1.31.3-eksbuild.2', status: 'ACTIVE' },
      { addonName: 'aws-ebs-csi-driver', addonVersion: 'v1.38.1-eksbuild.1', status: 'ACTIVE', serviceAccountRoleArn: arn('role', 'ebs-csi-role') },
    ] as EksSdk.Addon[],
    podIdentityAssociations: [] as (EksSdk.PodIdentityAssociation & { associationId: string })[],
    instances: [] as Ec2Sdk.Instance[],
    volumes: [] as Ec2Sdk.Volume[],
    instanceProfiles: {} as Record<string, string>,
    subnets: [
      subnet('subnet-0private0a', '10.0.1.0/24', 'us-east-1a', { 'kubernetes.io/role/internal-elb': '1' }),
      subnet('subnet-0private0b', '10.0.2.0/24', 'us-east-1b', { 'kubernetes.io/role/internal-elb': '1' }),
      subnet('subnet-0public00a', '10.0.101.0/24', 'us-east-1a', { 'kubernetes.io/role/elb': '1' }),
      subnet('subnet-0db00000a', '10.0.201.0/24', 'us-east-1a'),
      subnet('subnet-0db00000b', '10.0.202.0/24', 'us-east-1b'),
      { ...subnet('subnet-0elsewhere', '10.9.0.0/24', 'us-east-1a'), VpcId: 'vpc-0other' },
    ],
    vpcs: [
      { VpcId: VPC, CidrBlock: '10.0.0.0/16', CidrBlockAssociationSet: [{ CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } }] },
      { VpcId: 'vpc-0other', CidrBlock: '10.9.0.0/16', CidrBlockAssociationSet: [{ CidrBlock: '10.9.0.0/16', CidrBlockState: { State: 'associated' } }] },
    ] as Ec2Sdk.Vpc[],
    securityGroups: [
      sg('sg-0cluster', 'eks-cluster-sg-daytona'),
      sg('sg-0controlplane', 'daytona-control-plane'),
      sg('sg-0runners', 'daytona-runners'),
      sg('sg-0rds', 'daytona-db'),
      sg('sg-0cache', 'daytona-cache'),
      sg('sg-0endpoints', 'vpc-endpoints'),
      sg('sg-0unrelated', 'someone-else'),
    ],
    securityGroupRules: [
      rule('sg-0cluster', false, { IpProtocol: '-1', FromPort: -1, ToPort: -1, ReferencedGroupInfo: { GroupId: 'sg-0cluster' } }),
      allOut('sg-0cluster'),
      allOut('sg-0runners'),
      rule('sg-0rds', false, { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, ReferencedGroupInfo: { GroupId: 'sg-0cluster' }, Description: 'nodes' }),
      rule('sg-0rds', false, { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, ReferencedGroupInfo: { GroupId: 'sg-0runners' } }),
      rule('sg-0cache', false, { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, CidrIpv4: '10.0.0.0/16' }),
      rule('sg-0endpoints', false, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '10.0.0.0/16' }),
      allOut('sg-0unrelated'),
    ],
    routeTables: [
      {
        RouteTableId: 'rtb-0main',
        VpcId: VPC,
        Associations: [{ Main: true, RouteTableId: 'rtb-0main' }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0abc', State: 'active' },
          { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-0s3gateway', State: 'active' },
        ],
      },
      {
        RouteTableId: 'rtb-0public',
        VpcId: VPC,
        Associations: [{ Main: false, SubnetId: 'subnet-0public00a', RouteTableId: 'rtb-0public' }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', State: 'active' },
        ],
      },
    ] as Ec2Sdk.RouteTable[],
    networkAcls: [
      {
        NetworkAclId: 'acl-0default',
        VpcId: VPC,
        IsDefault: true,
        Associations: ['subnet-0private0a', 'subnet-0private0b', 'subnet-0public00a', 'subnet-0db00000a', 'subnet-0db00000b'].map((SubnetId) => ({ SubnetId, NetworkAclId: 'acl-0default' })),
        Entries: [
          { RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 100, Egress: true, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Egress: true, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
        ],
      },
    ] as Ec2Sdk.NetworkAcl[],
    vpcEndpoints: [
      { VpcEndpointId: 'vpce-0s3gateway', VpcEndpointType: 'Gateway', VpcId: VPC, ServiceName: `com.amazonaws.${REGION}.s3`, State: 'available' as Ec2Sdk.State, RouteTableIds: ['rtb-0main'] },
      {
        VpcEndpointId: 'vpce-0ecrapi',
        VpcEndpointType: 'Interface',
        VpcId: VPC,
        ServiceName: `com.amazonaws.${REGION}.ecr.api`,
        State: 'available' as Ec2Sdk.State,
        SubnetIds: ['subnet-0private0a', 'subnet-0private0b'],
        Groups: [{ GroupId: 'sg-0endpoints', GroupName: 'vpc-endpoints' }],
        PrivateDnsEnabled: true,
      },
    ] as Ec2Sdk.VpcEndpoint[],
    peeringConnections: [] as Ec2Sdk.VpcPeeringConnection[],
    prefixLists: [
      { PrefixListId: 'pl-63a5400a', PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: ['52.216.0.0/15'] },
      { PrefixListId: 'pl-02cd2c6b', PrefixListName: `com.amazonaws.${REGION}.dynamodb`, Cidrs: ['3.218.180.0/22'] },
    ] as Ec2Sdk.PrefixList[],
    dbInstances: [
      {
        DBInstanceIdentifier: 'daytona-db',
        DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:daytona-db`,
        Engine: 'postgres',
        DBInstanceStatus: 'available',
        Endpoint: { Address: DB_HOST, Port: 5432 },
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0rds', Status: 'active' }],
        DBSubnetGroup: { DBSubnetGroupName: 'daytona-db', VpcId: VPC, Subnets: [{ SubnetIdentifier: 'subnet-0db00000a' }, { SubnetIdentifier: 'subnet-0db00000b' }] },
        PubliclyAccessible: false,
        StorageEncrypted: true,
      },
      {
        DBInstanceIdentifier: 'reporting',
        DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:reporting`,
        Engine: 'mysql',
        DBInstanceStatus: 'available',
        Endpoint: { Address: 'reporting.cabc123xyz.us-east-1.rds.amazonaws.com', Port: 3306 },
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0unrelated', Status: 'active' }],
        DBSubnetGroup: { DBSubnetGroupName: 'other', VpcId: 'vpc-0other', Subnets: [{ SubnetIdentifier: 'subnet-0elsewhere' }] },
        PubliclyAccessible: false,
        StorageEncrypted: true,
      },
    ] as RdsSdk.DBInstance[],
    dbClusters: [] as RdsSdk.DBCluster[],
    replicationGroups: [
      {
        ReplicationGroupId: 'daytona-cache',
        ARN: `arn:aws:elasticache:${REGION}:${ACCOUNT}:replicationgroup:daytona-cache`,
        Status: 'available',
        Engine: 'redis',
        MemberClusters: ['daytona-cache-001'],
        NodeGroups: [
          {
            NodeGroupId: '0001',
            PrimaryEndpoint: { Address: CACHE_HOST, Port: 6379 },
            ReaderEndpoint: { Address: 'daytona-cache-ro.abc123.ng.0001.use1.cache.amazonaws.com', Port: 6379 },
            NodeGroupMembers: [{ CacheClusterId: 'daytona-cache-001', ReadEndpoint: { Address: 'daytona-cache-001.abc123.0001.use1.cache.amazonaws.com', Port: 6379 } }],
          },
        ],
        TransitEncryptionEnabled: false,
        AuthTokenEnabled: false,
      },
    ] as EcSdk.ReplicationGroup[],
    cacheClusters: [
      {
        CacheClusterId: 'daytona-cache-001',
        ARN: `arn:aws:elasticache:${REGION}:${ACCOUNT}:cluster:daytona-cache-001`,
        Engine: 'redis',
        CacheClusterStatus: 'available',
        ReplicationGroupId: 'daytona-cache',
        CacheSubnetGroupName: 'daytona-cache',
        SecurityGroups: [{ SecurityGroupId: 'sg-0cache', Status: 'active' }],
        CacheNodes: [{ CacheNodeId: '0001', Endpoint: { Address: 'daytona-cache-001.abc123.0001.use1.cache.amazonaws.com', Port: 6379 } }],
      },
    ] as EcSdk.CacheCluster[],
    cacheSubnetGroups: [{ CacheSubnetGroupName: 'daytona-cache', VpcId: VPC, Subnets: [{ SubnetIdentifier: 'subnet-0db00000a' }, { SubnetIdentifier: 'subnet-0db00000b' }] }] as EcSdk.CacheSubnetGroup[],
    buckets: { [BUCKET]: { region: REGION } } as Record<string, { region: string }>,
    roles: {
      'daytona-cluster-role': { attached: [awsManaged('AmazonEKSClusterPolicy')], inline: {} },
      'daytona-node-role': {
        attached: [awsManaged('AmazonEKSWorkerNodePolicy'), awsManaged('AmazonEKS_CNI_Policy'), awsManaged('AmazonEC2ContainerRegistryReadOnly')],
        inline: {},
      },
      'ebs-csi-role': { attached: [awsManaged('service-role/AmazonEBSCSIDriverPolicy')], inline: {} },
      'lb-controller-role': { attached: [{ PolicyArn: arn('policy', 'AWSLoadBalancerControllerIAMPolicy'), PolicyName: 'AWSLoadBalancerControllerIAMPolicy' }], inline: {} },
    } as Record<string, { attached: IamSdk.AttachedPolicy[]; inline: Record<string, object> }>,
    users: {
      'harbor-registry': {
        attached: [],
        inline: {
          'harbor-s3': {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], Resource: `arn:aws:s3:::${BUCKET}` },
              { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], Resource: `arn:aws:s3:::${BUCKET}/*` },
            ],
          },
        },
      },
    } as Record<string, { attached: IamSdk.AttachedPolicy[]; inline: Record<string, object> }>,
    customerPolicies: {
      [arn('policy', 'AWSLoadBalancerControllerIAMPolicy')]: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['elasticloadbalancing:*', 'ec2:Describe*', 'ec2:AuthorizeSecurityGroupIngress'], Resource: '*' }],
      },
    } as Record<string, object>,
    accessKeys: { [ACCESS_KEY_ID]: { user: 'harbor-registry', status: 'Active', created: new Date('2025-01-15T10:00:00Z') } } as Record<string, { user: string; status: string; created: Date }>,
    ecrImages: {
      'daytonaio/daytona-api': ['v0.168.4-k8s-oss-amd64'],
      'daytonaio/daytona-proxy': ['v0.168.4-k8s-oss-amd64'],
      'daytonaio/daytona-ssh-gateway': ['v0.168.4-k8s-oss-amd64'],
      'daytonaio/daytona-runner-manager': ['v0.168.4-k8s-oss-amd64'],
      'daytonaio/daytona-runner': ['v0.168.4-k8s-oss-amd64'],
      'library/busybox': ['1.37', 'latest'],
      'dexidp/dex': ['v2.42.0'],
    } as Record<string, string[]>,
  };
}

export type FakeAccount = ReturnType<typeof typicalAccount>;

/** Adds self-managed nodes (and the instance one managed node group owns, which is not one). */
export function withSelfManagedNodes(account: FakeAccount): FakeAccount {
  const profile = arn('instance-profile', 'self-managed-nodes');
  account.instances = [
    {
      InstanceId: 'i-0selfmanaged0001',
      InstanceType: 'c5.2xlarge',
      Architecture: 'x86_64',
      SubnetId: 'subnet-0private0b',
      SecurityGroups: [{ GroupId: 'sg-0selfmanaged', GroupName: 'self-managed' }],
      IamInstanceProfile: { Arn: profile, Id: 'AIPAEXAMPLE' },
      RootDeviceName: '/dev/xvda',
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0root0001', Status: 'attached' } }],
      Tags: [{ Key: `kubernetes.io/cluster/${CLUSTER}`, Value: 'owned' }],
      State: { Name: 'running', Code: 16 },
    },
    {
      InstanceId: 'i-0managed00000001',
      InstanceType: 'm5.large',
      SubnetId: 'subnet-0private0a',
      SecurityGroups: [{ GroupId: 'sg-0cluster' }],
      Tags: [
        { Key: `kubernetes.io/cluster/${CLUSTER}`, Value: 'owned' },
        { Key: 'eks:nodegroup-name', Value: 'system' },
      ],
      State: { Name: 'running', Code: 16 },
    },
  ];
  account.volumes = [{ VolumeId: 'vol-0root0001', Size: 150, VolumeType: 'gp3' }];
  account.instanceProfiles = { 'self-managed-nodes': arn('role', 'self-managed-node-role') };
  account.roles['self-managed-node-role'] = { attached: [awsManaged('AmazonEKSWorkerNodePolicy'), awsManaged('AmazonEKS_CNI_Policy')], inline: {} };
  account.securityGroups.push({ GroupId: 'sg-0selfmanaged', GroupName: 'self-managed', VpcId: VPC, IpPermissions: [], IpPermissionsEgress: [] });
  return account;
}

const notFound = (name: string, message: string, status = 400) => awsError(name, message, status);

/** Does an EC2 resource match every filter of the request (values ORed, filters ANDed)? */
function matchesFilters(input: { Filters?: Ec2Sdk.Filter[] }, fields: Record<string, () => (string | undefined)[]>): boolean {
  return (input.Filters ?? []).every((f) => {
    const field = fields[f.Name ?? ''];
    if (!field) throw awsError('InvalidParameterValue', `unknown filter ${f.Name}`);
    const have = field();
    return (f.Values ?? []).some((v) => have.includes(v));
  });
}

const tagField = (tags: Ec2Sdk.Tag[] | undefined, key: string) => () => (tags ?? []).filter((t) => t.Key === key).map((t) => t.Value);

export interface AccountMocks {
  sts: AwsClientStub<StsSdk.STSClient>;
  eks: AwsClientStub<EksSdk.EKSClient>;
  ec2: AwsClientStub<Ec2Sdk.EC2Client>;
  iam: AwsClientStub<IamSdk.IAMClient>;
  s3: AwsClientStub<S3Sdk.S3Client>;
  rds: AwsClientStub<RdsSdk.RDSClient>;
  elasticache: AwsClientStub<EcSdk.ElastiCacheClient>;
  ecr: AwsClientStub<EcrSdk.ECRClient>;
  /** Every command the fake account answered, by SDK command name. */
  commandNames(): string[];
  restore(): void;
}

/**
 * Answer every read the collectors make from the account's data, the way the APIs do: filters,
 * pagination-free single pages, not-found errors for unknown names. Returns the stubs so tests
 * can override single operations (`mocks.eks.on(DescribeClusterCommand).rejects(...)`).
 */
export function mockAccount(a: FakeAccount): AccountMocks {
  const sts = mockClient(StsSdk.STSClient);
  const eks = mockClient(EksSdk.EKSClient);
  const ec2 = mockClient(Ec2Sdk.EC2Client);
  const iam = mockClient(IamSdk.IAMClient);
  const s3 = mockClient(S3Sdk.S3Client);
  const rds = mockClient(RdsSdk.RDSClient);
  const elasticache = mockClient(EcSdk.ElastiCacheClient);
  const ecr = mockClient(EcrSdk.ECRClient);
  const any = <T>(x: T) => x as never;

  sts.on(StsSdk.GetCallerIdentityCommand).callsFake(async () => any(a.caller));
  sts.on(StsSdk.GetAccessKeyInfoCommand).callsFake(async () => any({ Account: ACCOUNT }));

  // EKS
  eks.on(EksSdk.DescribeClusterCommand).callsFake(async (input: { name: string }) => {
    if (input.name !== a.cluster.name) throw notFound('ResourceNotFoundException', `No cluster found for name: ${input.name}.`, 404);
    return any({ cluster: a.cluster });
  });
  eks.on(EksSdk.ListClustersCommand).callsFake(async () => any({ clusters: [a.cluster.name] }));
  eks.on(EksSdk.DescribeClusterVersionsCommand).callsFake(async () => any({ clusterVersions: a.clusterVersions }));
  eks.on(EksSdk.ListNodegroupsCommand).callsFake(async () => any({ nodegroups: a.nodegroups.map((n) => n.nodegroupName) }));
  eks.on(EksSdk.DescribeNodegroupCommand).callsFake(async (input: { nodegroupName: string }) => {
    const ng = a.nodegroups.find((n) => n.nodegroupName === input.nodegroupName);
    if (!ng) throw notFound('ResourceNotFoundException', `No node group found for name: ${input.nodegroupName}.`, 404);
    return any({ nodegroup: ng });
  });
  eks.on(EksSdk.ListAddonsCommand).callsFake(async () => any({ addons: a.addons.map((x) => x.addonName) }));
  eks.on(EksSdk.DescribeAddonCommand).callsFake(async (input: { addonName: string }) => {
    const addon = a.addons.find((x) => x.addonName === input.addonName);
    if (!addon) throw notFound('ResourceNotFoundException', `No addon: ${input.addonName}`, 404);
    return any({ addon });
  });
  eks.on(EksSdk.ListPodIdentityAssociationsCommand).callsFake(async () =>
    any({ associations: a.podIdentityAssociations.map(({ clusterName, namespace, serviceAccount, associationArn, associationId }) => ({ clusterName, namespace, serviceAccount, associationArn, associationId })) }),
  );
  eks.on(EksSdk.DescribePodIdentityAssociationCommand).callsFake(async (input: { associationId: string }) => {
    const association = a.podIdentityAssociations.find((x) => x.associationId === input.associationId);
    if (!association) throw notFound('ResourceNotFoundException', `No association ${input.associationId}`, 404);
    return any({ association });
  });

  // EC2
  ec2.on(Ec2Sdk.DescribeSubnetsCommand).callsFake(async (input) => any({ Subnets: a.subnets.filter((s) => matchesFilters(input, { 'subnet-id': () => [s.SubnetId], 'vpc-id': () => [s.VpcId] })) }));
  ec2.on(Ec2Sdk.DescribeVpcsCommand).callsFake(async (input) => any({ Vpcs: a.vpcs.filter((v) => matchesFilters(input, { 'vpc-id': () => [v.VpcId] })) }));
  ec2.on(Ec2Sdk.DescribeSecurityGroupsCommand).callsFake(async (input) =>
    any({ SecurityGroups: a.securityGroups.filter((g) => matchesFilters(input, { 'group-id': () => [g.GroupId], 'vpc-id': () => [g.VpcId] })) }),
  );
  ec2.on(Ec2Sdk.DescribeSecurityGroupRulesCommand).callsFake(async (input) =>
    any({ SecurityGroupRules: a.securityGroupRules.filter((r) => matchesFilters(input, { 'group-id': () => [r.GroupId], 'security-group-rule-id': () => [r.SecurityGroupRuleId] })) }),
  );
  ec2.on(Ec2Sdk.DescribeRouteTablesCommand).callsFake(async (input) => any({ RouteTables: a.routeTables.filter((t) => matchesFilters(input, { 'vpc-id': () => [t.VpcId] })) }));
  ec2.on(Ec2Sdk.DescribeNetworkAclsCommand).callsFake(async (input) => any({ NetworkAcls: a.networkAcls.filter((t) => matchesFilters(input, { 'vpc-id': () => [t.VpcId] })) }));
  ec2.on(Ec2Sdk.DescribeVpcEndpointsCommand).callsFake(async (input) => any({ VpcEndpoints: a.vpcEndpoints.filter((e) => matchesFilters(input, { 'vpc-id': () => [e.VpcId] })) }));
  ec2.on(Ec2Sdk.DescribeVpcPeeringConnectionsCommand).callsFake(async (input) =>
    any({
      VpcPeeringConnections: a.peeringConnections.filter((p) =>
        matchesFilters(input, { 'requester-vpc-info.vpc-id': () => [p.RequesterVpcInfo?.VpcId], 'accepter-vpc-info.vpc-id': () => [p.AccepterVpcInfo?.VpcId] }),
      ),
    }),
  );
  ec2.on(Ec2Sdk.DescribePrefixListsCommand).callsFake(async () => any({ PrefixLists: a.prefixLists }));
  ec2.on(Ec2Sdk.DescribeInstancesCommand).callsFake(async (input) => {
    const clusterTagFilter = (input as { Filters?: Ec2Sdk.Filter[] }).Filters?.find((f) => f.Name?.startsWith('tag:'))?.Name?.slice(4) ?? '';
    const instances = a.instances.filter((i) => matchesFilters(input, { [`tag:${clusterTagFilter}`]: tagField(i.Tags, clusterTagFilter), 'instance-state-name': () => [i.State?.Name] }));
    return any({ Reservations: instances.length ? [{ ReservationId: 'r-0abc', Instances: instances }] : [] });
  });
  ec2.on(Ec2Sdk.DescribeVolumesCommand).callsFake(async (input) => any({ Volumes: a.volumes.filter((v) => matchesFilters(input, { 'volume-id': () => [v.VolumeId] })) }));
  ec2.on(Ec2Sdk.DescribeLaunchTemplateVersionsCommand).callsFake(async (input: Ec2Sdk.DescribeLaunchTemplateVersionsRequest) => {
    const versions = a.launchTemplateVersions.filter(
      (v) => (v.LaunchTemplateId === input.LaunchTemplateId || v.LaunchTemplateName === input.LaunchTemplateName) && (input.Versions ?? []).includes(String(v.VersionNumber)),
    );
    if (!versions.length) throw notFound('InvalidLaunchTemplateId.NotFound', 'The specified launch template does not exist.');
    return any({ LaunchTemplateVersions: versions });
  });

  // IAM
  const noSuch = (what: string) => notFound('NoSuchEntityException', `The ${what} cannot be found.`, 404);
  iam.on(IamSdk.GetInstanceProfileCommand).callsFake(async (input: { InstanceProfileName: string }) => {
    const role = a.instanceProfiles[input.InstanceProfileName];
    if (!role) throw noSuch(`instance profile ${input.InstanceProfileName}`);
    return any({ InstanceProfile: { InstanceProfileName: input.InstanceProfileName, Arn: arn('instance-profile', input.InstanceProfileName), Roles: [{ RoleName: role.split('/').pop(), Arn: role }] } });
  });
  const principal = (kind: 'role' | 'user', name: string) => {
    const p = (kind === 'role' ? a.roles : a.users)[name];
    if (!p) throw noSuch(`${kind} with name ${name}`);
    return p;
  };
  iam.on(IamSdk.GetRoleCommand).callsFake(async (input: { RoleName: string }) => {
    principal('role', input.RoleName);
    return any({ Role: { RoleName: input.RoleName, Arn: arn('role', input.RoleName), Path: '/', RoleId: 'AROAEXAMPLE', CreateDate: new Date('2024-01-01T00:00:00Z') } });
  });
  iam.on(IamSdk.ListAttachedRolePoliciesCommand).callsFake(async (input: { RoleName: string }) => any({ AttachedPolicies: principal('role', input.RoleName).attached, IsTruncated: false }));
  iam.on(IamSdk.ListRolePoliciesCommand).callsFake(async (input: { RoleName: string }) => any({ PolicyNames: Object.keys(principal('role', input.RoleName).inline), IsTruncated: false }));
  iam.on(IamSdk.GetRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string }) =>
    any({ RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(principal('role', input.RoleName).inline[input.PolicyName])) }),
  );
  iam.on(IamSdk.GetUserCommand).callsFake(async (input: { UserName: string }) => {
    principal('user', input.UserName);
    return any({ User: { UserName: input.UserName, Arn: arn('user', input.UserName), Path: '/', UserId: 'AIDAEXAMPLE', CreateDate: new Date('2024-01-01T00:00:00Z') } });
  });
  iam.on(IamSdk.ListAttachedUserPoliciesCommand).callsFake(async (input: { UserName: string }) => any({ AttachedPolicies: principal('user', input.UserName).attached, IsTruncated: false }));
  iam.on(IamSdk.ListUserPoliciesCommand).callsFake(async (input: { UserName: string }) => any({ PolicyNames: Object.keys(principal('user', input.UserName).inline), IsTruncated: false }));
  iam.on(IamSdk.GetUserPolicyCommand).callsFake(async (input: { UserName: string; PolicyName: string }) =>
    any({ UserName: input.UserName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(principal('user', input.UserName).inline[input.PolicyName])) }),
  );
  iam.on(IamSdk.ListGroupsForUserCommand).callsFake(async () => any({ Groups: [], IsTruncated: false }));
  iam.on(IamSdk.GetPolicyCommand).callsFake(async (input: { PolicyArn: string }) => {
    if (!a.customerPolicies[input.PolicyArn]) throw noSuch(`policy ${input.PolicyArn}`);
    return any({ Policy: { Arn: input.PolicyArn, DefaultVersionId: 'v2', PolicyName: input.PolicyArn.split('/').pop() } });
  });
  iam.on(IamSdk.GetPolicyVersionCommand).callsFake(async (input: { PolicyArn: string }) =>
    any({ PolicyVersion: { VersionId: 'v2', IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(a.customerPolicies[input.PolicyArn])) } }),
  );
  iam.on(IamSdk.GetAccessKeyLastUsedCommand).callsFake(async (input: { AccessKeyId: string }) => {
    const key = a.accessKeys[input.AccessKeyId];
    if (!key) throw awsError('AccessDenied', 'User is not authorized to perform: iam:GetAccessKeyLastUsed', 403);
    return any({ UserName: key.user, AccessKeyLastUsed: { ServiceName: 's3', Region: REGION, LastUsedDate: new Date('2025-06-01T00:00:00Z') } });
  });
  iam.on(IamSdk.ListAccessKeysCommand).callsFake(async (input: { UserName: string }) =>
    any({
      AccessKeyMetadata: Object.entries(a.accessKeys)
        .filter(([, k]) => k.user === input.UserName)
        .map(([AccessKeyId, k]) => ({ AccessKeyId, UserName: k.user, Status: k.status, CreateDate: k.created })),
      IsTruncated: false,
    }),
  );

  // S3
  const bucket = (name: string) => {
    const b = a.buckets[name];
    if (!b) throw awsError('NotFound', 'Not Found', 404);
    return b;
  };
  s3.on(S3Sdk.HeadBucketCommand).callsFake(async (input: { Bucket: string }) => any({ BucketRegion: bucket(input.Bucket).region }));
  s3.on(S3Sdk.GetBucketLocationCommand).callsFake(async (input: { Bucket: string }) => any({ LocationConstraint: bucket(input.Bucket).region === 'us-east-1' ? undefined : bucket(input.Bucket).region }));
  s3.on(S3Sdk.GetPublicAccessBlockCommand).callsFake(async (input: { Bucket: string }) => {
    bucket(input.Bucket);
    return any({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
  });
  s3.on(S3Sdk.GetBucketEncryptionCommand).callsFake(async (input: { Bucket: string }) => {
    bucket(input.Bucket);
    return any({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } });
  });

  // RDS, ElastiCache
  rds.on(RdsSdk.DescribeDBInstancesCommand).callsFake(async () => any({ DBInstances: a.dbInstances }));
  rds.on(RdsSdk.DescribeDBClustersCommand).callsFake(async () => any({ DBClusters: a.dbClusters }));
  rds.on(RdsSdk.DescribeDBSubnetGroupsCommand).callsFake(async () => any({ DBSubnetGroups: [] }));
  elasticache.on(EcSdk.DescribeReplicationGroupsCommand).callsFake(async () => any({ ReplicationGroups: a.replicationGroups }));
  elasticache.on(EcSdk.DescribeCacheClustersCommand).callsFake(async () => any({ CacheClusters: a.cacheClusters }));
  elasticache.on(EcSdk.DescribeCacheSubnetGroupsCommand).callsFake(async () => any({ CacheSubnetGroups: a.cacheSubnetGroups }));
  elasticache.on(EcSdk.DescribeServerlessCachesCommand).callsFake(async () => any({ ServerlessCaches: [] }));

  // ECR: a missing name fails the whole DescribeRepositories, a missing tag the whole DescribeImages (as the API does).
  const repo = (name: string) => ({ repositoryName: name, registryId: ACCOUNT, repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`, repositoryUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}` });
  ecr.on(EcrSdk.DescribeRepositoriesCommand).callsFake(async (input: { repositoryNames?: string[] }) => {
    const names = input.repositoryNames ?? Object.keys(a.ecrImages);
    const missing = names.find((n) => !a.ecrImages[n]);
    if (missing) throw awsError('RepositoryNotFoundException', `The repository with name '${missing}' does not exist in the registry with id '${ACCOUNT}'`);
    return any({ repositories: names.map(repo) });
  });
  ecr.on(EcrSdk.DescribeImagesCommand).callsFake(async (input: { repositoryName: string; imageIds?: { imageTag?: string }[] }) => {
    const tags = a.ecrImages[input.repositoryName];
    if (!tags) throw awsError('RepositoryNotFoundException', `The repository with name '${input.repositoryName}' does not exist`);
    const wanted = (input.imageIds ?? []).map((i) => i.imageTag ?? '');
    if (wanted.some((t) => !tags.includes(t))) throw awsError('ImageNotFoundException', 'The image requested does not exist in the specified repository.');
    return any({ imageDetails: wanted.map((t) => ({ repositoryName: input.repositoryName, imageTags: [t], imageDigest: `sha256:${t}` })) });
  });
  ecr.on(EcrSdk.GetRepositoryPolicyCommand).callsFake(async () => {
    throw awsError('RepositoryPolicyNotFoundException', 'Repository policy does not exist');
  });

  const stubs = [sts, eks, ec2, iam, s3, rds, elasticache, ecr] as { calls(): { args: unknown[] }[]; restore(): void }[];
  return {
    sts,
    eks,
    ec2,
    iam,
    s3,
    rds,
    elasticache,
    ecr,
    commandNames: () => stubs.flatMap((stub) => stub.calls().map((c) => (c.args[0] as object).constructor.name)),
    restore: () => stubs.forEach((stub) => stub.restore()),
  };
}

/**
 * Every IAM action named as a string literal in a source file (`'rds:DescribeDBInstances'`).
 * A collector's ACTIONS must equal this set: an action called but not declared would be missing
 * from the generated `permissions` policy.
 */
export function actionsNamedIn(sourcePath: string): string[] {
  const text = readFileSync(new URL(`../../${sourcePath}`, import.meta.url), 'utf8');
  return [...new Set([...text.matchAll(/'((?:sts|eks|ec2|iam|s3|rds|elasticache|ecr):[A-Z][A-Za-z0-9]+)'/g)].map((m) => m[1]!))].sort();
}
