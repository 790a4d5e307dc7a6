import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import {
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  ElastiCacheClient,
  type CacheCluster as RawCacheCluster,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { ACTIONS, collectElastiCache, mayBeServerless } from '../../../src/inventory/aws/elasticache.js';
import type { CacheCluster, CacheReplicationGroup } from '../../../src/inventory/types.js';
import { ACCOUNT, accessDenied, awsError, httpRuntime, paged, queryErrorXml, queryResultXml, testRuntime, actionsNamedIn } from '../../helpers/aws-mocks.js';

type Stub = AwsStub<any, any, any>;

const ARN = (kind: string, id: string): string => `arn:aws:elasticache:us-east-1:${ACCOUNT}:${kind}:${id}`;
const host = (name: string): string => `${name}.abc123.use1.cache.amazonaws.com`;

const RG_SINGLE_SHARD: ReplicationGroup = {
  ReplicationGroupId: 'daytona-redis',
  ARN: ARN('replicationgroup', 'daytona-redis'),
  Status: 'available',
  Engine: 'valkey',
  MemberClusters: ['daytona-redis-001', 'daytona-redis-002'],
  NodeGroups: [
    {
      NodeGroupId: '0001',
      PrimaryEndpoint: { Address: host('master.daytona-redis'), Port: 6379 },
      ReaderEndpoint: { Address: host('replica.daytona-redis'), Port: 6379 },
      NodeGroupMembers: [
        { CacheClusterId: 'daytona-redis-001', ReadEndpoint: { Address: host('daytona-redis-001'), Port: 6379 }, CurrentRole: 'primary' },
        { CacheClusterId: 'daytona-redis-002', ReadEndpoint: { Address: host('daytona-redis-002'), Port: 6379 }, CurrentRole: 'replica' },
      ],
    },
  ],
  TransitEncryptionEnabled: true,
  AuthTokenEnabled: true,
  UserGroupIds: [],
};

const RG_CLUSTER_MODE: ReplicationGroup = {
  ReplicationGroupId: 'sharded',
  ARN: ARN('replicationgroup', 'sharded'),
  Status: 'modifying',
  ConfigurationEndpoint: { Address: host('clustercfg.sharded'), Port: 6380 },
  MemberClusters: ['sharded-0001-001'],
  NodeGroups: [{ NodeGroupId: '0001', NodeGroupMembers: [{ CacheClusterId: 'sharded-0001-001' }] }],
  TransitEncryptionEnabled: false,
  UserGroupIds: ['daytona-users'],
};

function rawCluster(id: string, extra: Partial<RawCacheCluster> = {}): RawCacheCluster {
  return {
    CacheClusterId: id,
    ARN: ARN('cluster', id),
    Engine: 'redis',
    CacheClusterStatus: 'available',
    ReplicationGroupId: 'daytona-redis',
    CacheNodes: [{ CacheNodeId: '0001', Endpoint: { Address: host(id), Port: 6379 } }],
    SecurityGroups: [{ SecurityGroupId: 'sg-0cache', Status: 'active' }],
    CacheSubnetGroupName: 'cache-private',
    TransitEncryptionEnabled: true,
    AuthTokenEnabled: true,
    ...extra,
  };
}

const SUBNET_GROUP = { CacheSubnetGroupName: 'cache-private', VpcId: 'vpc-0aaa', Subnets: [{ SubnetIdentifier: 'subnet-1' }, { SubnetIdentifier: 'subnet-2' }] };

let ec: Stub;
beforeEach(() => {
  ec = mockClient(ElastiCacheClient);
});
afterEach(() => ec.restore());

function givenEmptyAccount(): void {
  ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });
  ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [] });
  ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [] });
  ec.on(DescribeServerlessCachesCommand).resolves({ ServerlessCaches: [] });
}

describe('elasticache ACTIONS', () => {
  it('declares exactly the IAM actions the collector names, so the permissions policy covers every call', () => {
    expect([...ACTIONS].sort()).toEqual(actionsNamedIn('src/inventory/aws/elasticache.ts'));
  });
});

describe('collectElastiCache', () => {
  it('trims replication groups, cache clusters and serverless caches to what the checks read, in one round of four calls', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [RG_SINGLE_SHARD, RG_CLUSTER_MODE] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [rawCluster('daytona-redis-001'), rawCluster('standalone', { ReplicationGroupId: undefined, TransitEncryptionEnabled: false, AuthTokenEnabled: false })] });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [SUBNET_GROUP] });
    ec.on(DescribeServerlessCachesCommand).resolves({
      ServerlessCaches: [
        {
          ServerlessCacheName: 'daytona-serverless',
          ARN: ARN('serverlesscache', 'daytona-serverless'),
          Status: 'available',
          Engine: 'valkey',
          Endpoint: { Address: 'daytona-serverless-abc.serverless.use1.cache.amazonaws.com', Port: 6379 },
          ReaderEndpoint: { Address: 'daytona-serverless-abc.serverless.use1.cache.amazonaws.com', Port: 6380 },
          SecurityGroupIds: ['sg-0sls'],
          SubnetIds: ['subnet-7', 'subnet-8'],
          UserGroupId: 'daytona-users',
        },
      ],
    });
    const rt = testRuntime();

    const facts = await collectElastiCache(rt);

    expect(facts.replicationGroups).toEqual<{ value: CacheReplicationGroup[] }>({
      value: [
        {
          id: 'daytona-redis',
          arn: ARN('replicationgroup', 'daytona-redis'),
          status: 'available',
          engine: 'valkey',
          primaryEndpoint: host('master.daytona-redis'),
          readerEndpoint: host('replica.daytona-redis'),
          port: 6379,
          nodeEndpoints: [host('daytona-redis-001'), host('daytona-redis-002')],
          memberClusterIds: ['daytona-redis-001', 'daytona-redis-002'],
          transitEncryption: true,
          authTokenEnabled: true,
          userGroupIds: [],
        },
        {
          id: 'sharded',
          arn: ARN('replicationgroup', 'sharded'),
          status: 'modifying',
          configurationEndpoint: host('clustercfg.sharded'),
          port: 6380,
          nodeEndpoints: [],
          memberClusterIds: ['sharded-0001-001'],
          transitEncryption: false,
          authTokenEnabled: false,
          userGroupIds: ['daytona-users'],
        },
      ],
    });
    expect(facts.cacheClusters).toEqual<{ value: CacheCluster[] }>({
      value: [
        {
          id: 'daytona-redis-001',
          arn: ARN('cluster', 'daytona-redis-001'),
          engine: 'redis',
          status: 'available',
          replicationGroupId: 'daytona-redis',
          nodeEndpoints: [host('daytona-redis-001')],
          port: 6379,
          securityGroupIds: ['sg-0cache'],
          subnetGroupName: 'cache-private',
          vpcId: 'vpc-0aaa',
          subnetIds: ['subnet-1', 'subnet-2'],
          transitEncryption: true,
          authTokenEnabled: true,
        },
        expect.objectContaining({ id: 'standalone', transitEncryption: false, authTokenEnabled: false }),
        {
          id: 'daytona-serverless',
          arn: ARN('serverlesscache', 'daytona-serverless'),
          engine: 'valkey',
          status: 'available',
          nodeEndpoints: ['daytona-serverless-abc.serverless.use1.cache.amazonaws.com'],
          port: 6379,
          securityGroupIds: ['sg-0sls'],
          subnetIds: ['subnet-7', 'subnet-8'],
          transitEncryption: true,
          authTokenEnabled: true,
          serverless: true,
        },
      ],
    });
    expect(rt.calls).toEqual({
      'elasticache:DescribeReplicationGroups': 1,
      'elasticache:DescribeCacheClusters': 1,
      'elasticache:DescribeCacheSubnetGroups': 1,
      'elasticache:DescribeServerlessCaches': 1,
    });
    for (const action of Object.keys(rt.calls)) expect(ACTIONS).toContain(action);
    expect(ec.commandCalls(DescribeCacheClustersCommand)[0]?.args[0].input).toEqual({ ShowCacheNodeInfo: true, MaxRecords: 100, Marker: undefined });
  });

  it('follows Marker and NextToken pagination of every list', async () => {
    ec.on(DescribeReplicationGroupsCommand).callsFake(paged([{ ReplicationGroups: [RG_SINGLE_SHARD] }, { ReplicationGroups: [RG_CLUSTER_MODE] }], 'Marker'));
    ec.on(DescribeCacheClustersCommand).callsFake(paged([{ CacheClusters: [rawCluster('c1')] }, { CacheClusters: [rawCluster('c2', { CacheSubnetGroupName: 'late' })] }], 'Marker'));
    ec.on(DescribeCacheSubnetGroupsCommand).callsFake(paged([{ CacheSubnetGroups: [SUBNET_GROUP] }, { CacheSubnetGroups: [{ CacheSubnetGroupName: 'late', VpcId: 'vpc-0late', Subnets: [] }] }], 'Marker'));
    ec.on(DescribeServerlessCachesCommand).callsFake(paged([{ ServerlessCaches: [{ ServerlessCacheName: 's1' }] }, { ServerlessCaches: [{ ServerlessCacheName: 's2' }] }], 'NextToken'));
    const rt = testRuntime();

    const facts = await collectElastiCache(rt);

    expect('value' in facts.replicationGroups && facts.replicationGroups.value.map((g) => g.id)).toEqual(['daytona-redis', 'sharded']);
    expect('value' in facts.cacheClusters && facts.cacheClusters.value.map((c) => [c.id, c.vpcId])).toEqual([
      ['c1', 'vpc-0aaa'],
      ['c2', 'vpc-0late'],
      ['s1', undefined],
      ['s2', undefined],
    ]);
    expect(rt.calls).toEqual({
      'elasticache:DescribeReplicationGroups': 2,
      'elasticache:DescribeCacheClusters': 2,
      'elasticache:DescribeCacheSubnetGroups': 2,
      'elasticache:DescribeServerlessCaches': 2,
    });
  });

  it('is an AccessDenied error on elasticache:DescribeReplicationGroups for groups, while clusters are still collected', async () => {
    givenEmptyAccount();
    ec.on(DescribeReplicationGroupsCommand).rejects(accessDenied());
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [rawCluster('c1')] });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [SUBNET_GROUP] });

    const facts = await collectElastiCache(testRuntime());

    expect(facts.replicationGroups).toEqual({ error: { code: 'AccessDenied', action: 'elasticache:DescribeReplicationGroups', message: 'not authorized to perform elasticache:DescribeReplicationGroups' } });
    expect(facts.cacheClusters).toEqual({ value: [expect.objectContaining({ id: 'c1', vpcId: 'vpc-0aaa' })] });
  });

  it.each(['elasticache:DescribeCacheClusters', 'elasticache:DescribeCacheSubnetGroups', 'elasticache:DescribeServerlessCaches'])(
    'makes cache clusters an AccessDenied error naming %s, while replication groups are still collected',
    async (action) => {
      givenEmptyAccount();
      ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [RG_SINGLE_SHARD] });
      ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [rawCluster('c1')] });
      if (action === 'elasticache:DescribeCacheClusters') ec.on(DescribeCacheClustersCommand).rejects(accessDenied());
      if (action === 'elasticache:DescribeCacheSubnetGroups') ec.on(DescribeCacheSubnetGroupsCommand).rejects(accessDenied());
      if (action === 'elasticache:DescribeServerlessCaches') ec.on(DescribeServerlessCachesCommand).rejects(accessDenied());

      const facts = await collectElastiCache(testRuntime());

      expect(facts.cacheClusters).toEqual({ error: { code: 'AccessDenied', action, message: `not authorized to perform ${action}` } });
      expect(facts.replicationGroups).toEqual({ value: [expect.objectContaining({ id: 'daytona-redis' })] });
    },
  );

  it('reads the serverless list only when the configured host may be a serverless endpoint', async () => {
    givenEmptyAccount();
    ec.on(DescribeServerlessCachesCommand).rejects(accessDenied());
    const rt = testRuntime();

    const facts = await collectElastiCache(rt, { host: host('master.daytona-redis') });

    expect(facts.cacheClusters).toEqual({ value: [] });
    expect(rt.calls['elasticache:DescribeServerlessCaches']).toBeUndefined();
    expect(mayBeServerless('daytona-abc123.serverless.use1.cache.amazonaws.com')).toBe(true);
    expect(mayBeServerless('DAYTONA-abc123.SERVERLESS.use1.cache.amazonaws.com.')).toBe(true);
    expect(mayBeServerless(undefined)).toBe(true);
    expect(mayBeServerless(host('master.daytona-redis'))).toBe(false);
  });

  it('does not need the subnet groups when no cache cluster uses one', async () => {
    givenEmptyAccount();
    ec.on(DescribeCacheSubnetGroupsCommand).rejects(accessDenied());

    expect((await collectElastiCache(testRuntime())).cacheClusters).toEqual({ value: [] });
  });

  it('reads an endpoint that does not know DescribeServerlessCaches (an emulator) as having none, but not a throttled one', async () => {
    givenEmptyAccount();
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [rawCluster('c1')] });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [SUBNET_GROUP] });
    ec.on(DescribeServerlessCachesCommand).rejectsOnce(awsError('InvalidAction', 'The action DescribeServerlessCaches is not valid for this web service.')).rejects(awsError('Throttling', 'Rate exceeded'));

    const unsupported = await collectElastiCache(testRuntime());
    const throttled = await collectElastiCache(testRuntime());

    expect(unsupported.cacheClusters).toEqual({ value: [expect.objectContaining({ id: 'c1' })] });
    expect(throttled.cacheClusters).toEqual({ error: { code: 'Throttling', action: 'elasticache:DescribeServerlessCaches', message: 'Rate exceeded' } });
  });
});

describe('ElastiCache through the real SDK client', () => {
  beforeEach(() => ec.restore());

  it('retries Throttling and parses groups, clusters, subnet groups and serverless caches from the wire', async () => {
    const seen: Record<string, number> = {};
    const bodies: Record<string, string> = {
      DescribeReplicationGroups: `<ReplicationGroups><ReplicationGroup><ReplicationGroupId>rg</ReplicationGroupId><ARN>${ARN('replicationgroup', 'rg')}</ARN><Status>available</Status><Engine>redis</Engine><MemberClusters><ClusterId>rg-001</ClusterId></MemberClusters><NodeGroups><NodeGroup><NodeGroupId>0001</NodeGroupId><PrimaryEndpoint><Address>${host('master.rg')}</Address><Port>6379</Port></PrimaryEndpoint><ReaderEndpoint><Address>${host('replica.rg')}</Address><Port>6379</Port></ReaderEndpoint><NodeGroupMembers><NodeGroupMember><CacheClusterId>rg-001</CacheClusterId><ReadEndpoint><Address>${host('rg-001')}</Address><Port>6379</Port></ReadEndpoint></NodeGroupMember></NodeGroupMembers></NodeGroup></NodeGroups><TransitEncryptionEnabled>true</TransitEncryptionEnabled><AuthTokenEnabled>false</AuthTokenEnabled><UserGroupIds><member>ug-1</member></UserGroupIds></ReplicationGroup></ReplicationGroups>`,
      DescribeCacheClusters: `<CacheClusters><CacheCluster><CacheClusterId>rg-001</CacheClusterId><ARN>${ARN('cluster', 'rg-001')}</ARN><Engine>redis</Engine><CacheClusterStatus>available</CacheClusterStatus><ReplicationGroupId>rg</ReplicationGroupId><CacheNodes><CacheNode><CacheNodeId>0001</CacheNodeId><Endpoint><Address>${host('rg-001')}</Address><Port>6379</Port></Endpoint></CacheNode></CacheNodes><SecurityGroups><member><SecurityGroupId>sg-0cache</SecurityGroupId><Status>active</Status></member></SecurityGroups><CacheSubnetGroupName>cache-private</CacheSubnetGroupName><TransitEncryptionEnabled>true</TransitEncryptionEnabled><AuthTokenEnabled>false</AuthTokenEnabled></CacheCluster></CacheClusters>`,
      DescribeCacheSubnetGroups: `<CacheSubnetGroups><CacheSubnetGroup><CacheSubnetGroupName>cache-private</CacheSubnetGroupName><VpcId>vpc-0aaa</VpcId><Subnets><Subnet><SubnetIdentifier>subnet-1</SubnetIdentifier></Subnet></Subnets></CacheSubnetGroup></CacheSubnetGroups>`,
      DescribeServerlessCaches: `<ServerlessCaches><member><ServerlessCacheName>sls</ServerlessCacheName><ARN>${ARN('serverlesscache', 'sls')}</ARN><Status>available</Status><Engine>valkey</Engine><Endpoint><Address>sls.serverless.use1.cache.amazonaws.com</Address><Port>6379</Port></Endpoint><SecurityGroupIds><SecurityGroupId>sg-0sls</SecurityGroupId></SecurityGroupIds><SubnetIds><SubnetId>subnet-7</SubnetId></SubnetIds></member></ServerlessCaches>`,
    };
    const { rt } = httpRuntime((req) => {
      const n = (seen[req.operation] = (seen[req.operation] ?? 0) + 1);
      if (n === 1 && req.operation === 'DescribeReplicationGroups') return { status: 400, body: queryErrorXml('Throttling', 'Rate exceeded') };
      const body = bodies[req.operation];
      return body ? { status: 200, body: queryResultXml(req.operation, body) } : { status: 400, body: queryErrorXml('InvalidAction') };
    });

    const facts = await collectElastiCache(rt);

    expect(facts.replicationGroups).toEqual({
      value: [
        {
          id: 'rg',
          arn: ARN('replicationgroup', 'rg'),
          status: 'available',
          engine: 'redis',
          primaryEndpoint: host('master.rg'),
          readerEndpoint: host('replica.rg'),
          port: 6379,
          nodeEndpoints: [host('rg-001')],
          memberClusterIds: ['rg-001'],
          transitEncryption: true,
          authTokenEnabled: false,
          userGroupIds: ['ug-1'],
        },
      ],
    });
    expect(facts.cacheClusters).toEqual({
      value: [
        {
          id: 'rg-001',
          arn: ARN('cluster', 'rg-001'),
          engine: 'redis',
          status: 'available',
          replicationGroupId: 'rg',
          nodeEndpoints: [host('rg-001')],
          port: 6379,
          securityGroupIds: ['sg-0cache'],
          subnetGroupName: 'cache-private',
          vpcId: 'vpc-0aaa',
          subnetIds: ['subnet-1'],
          transitEncryption: true,
          authTokenEnabled: false,
        },
        {
          id: 'sls',
          arn: ARN('serverlesscache', 'sls'),
          engine: 'valkey',
          status: 'available',
          nodeEndpoints: ['sls.serverless.use1.cache.amazonaws.com'],
          port: 6379,
          securityGroupIds: ['sg-0sls'],
          subnetIds: ['subnet-7'],
          transitEncryption: true,
          authTokenEnabled: false,
          serverless: true,
        },
      ],
    });
    expect(rt.retries).toEqual({ 'elasticache:DescribeReplicationGroups': 1 });
  });
});
