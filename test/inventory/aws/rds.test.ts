import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, RDSClient, type DBCluster, type DBInstance } from '@aws-sdk/client-rds';
import { ACTIONS, collectRds } from '../../../src/inventory/aws/rds.js';
import type { DbCluster, DbInstance } from '../../../src/inventory/types.js';
import { ACCOUNT, accessDenied, httpRuntime, paged, queryErrorXml, queryResultXml, testRuntime, actionsNamedIn } from '../../helpers/aws-mocks.js';

type Stub = AwsStub<any, any, any>;

const VPC = 'vpc-0aaa1111';
const SUBNETS = ['subnet-0a1', 'subnet-0b2'];

function rawInstance(id: string, extra: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:${id}`,
    Engine: 'postgres',
    DBInstanceStatus: 'available',
    Endpoint: { Address: `${id}.abc123.us-east-1.rds.amazonaws.com`, Port: 5432 },
    DBSubnetGroup: { DBSubnetGroupName: 'db-private', VpcId: VPC, Subnets: SUBNETS.map((SubnetIdentifier) => ({ SubnetIdentifier, SubnetStatus: 'Active' })) },
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0db', Status: 'active' }],
    PubliclyAccessible: false,
    StorageEncrypted: true,
    ...extra,
  };
}

function rawCluster(id: string, extra: Partial<DBCluster> = {}): DBCluster {
  return {
    DBClusterIdentifier: id,
    DBClusterArn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:${id}`,
    Engine: 'aurora-postgresql',
    Status: 'available',
    Endpoint: `${id}.cluster-abc123.us-east-1.rds.amazonaws.com`,
    ReaderEndpoint: `${id}.cluster-ro-abc123.us-east-1.rds.amazonaws.com`,
    CustomEndpoints: [`reporting.cluster-custom-abc123.us-east-1.rds.amazonaws.com`],
    Port: 5432,
    DBSubnetGroup: 'aurora-private',
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0aurora', Status: 'active' }],
    StorageEncrypted: true,
    PubliclyAccessible: false,
    DBClusterMembers: [{ DBInstanceIdentifier: `${id}-1`, IsClusterWriter: true }],
    ...extra,
  };
}

let rds: Stub;
beforeEach(() => {
  rds = mockClient(RDSClient);
});
afterEach(() => rds.restore());

describe('rds ACTIONS', () => {
  it('declares exactly the IAM actions the collector names, so the permissions policy covers every call', () => {
    expect([...ACTIONS].sort()).toEqual(actionsNamedIn('src/inventory/aws/rds.ts'));
  });
});

describe('collectRds', () => {
  it('trims instances and clusters to what the checks read, placing a cluster in its member’s VPC and subnets', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [rawInstance('daytona-db'), rawInstance('aurora-1', { Engine: 'aurora-postgresql', DBClusterIdentifier: 'aurora', DBSubnetGroup: { VpcId: 'vpc-0bbb', Subnets: [{ SubnetIdentifier: 'subnet-0c3' }] } })] });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [rawCluster('aurora')] });
    const rt = testRuntime();

    const facts = await collectRds(rt);

    expect(facts.instances).toEqual<{ value: DbInstance[] }>({
      value: [
        {
          id: 'daytona-db',
          arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:daytona-db`,
          engine: 'postgres',
          status: 'available',
          address: 'daytona-db.abc123.us-east-1.rds.amazonaws.com',
          port: 5432,
          vpcId: VPC,
          subnetIds: SUBNETS,
          securityGroupIds: ['sg-0db'],
          publiclyAccessible: false,
          storageEncrypted: true,
        },
        expect.objectContaining({ id: 'aurora-1', clusterId: 'aurora', vpcId: 'vpc-0bbb' }),
      ],
    });
    expect(facts.clusters).toEqual<{ value: DbCluster[] }>({
      value: [
        {
          id: 'aurora',
          arn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:aurora`,
          engine: 'aurora-postgresql',
          status: 'available',
          endpoint: 'aurora.cluster-abc123.us-east-1.rds.amazonaws.com',
          readerEndpoint: 'aurora.cluster-ro-abc123.us-east-1.rds.amazonaws.com',
          customEndpoints: ['reporting.cluster-custom-abc123.us-east-1.rds.amazonaws.com'],
          port: 5432,
          securityGroupIds: ['sg-0aurora'],
          vpcId: 'vpc-0bbb',
          subnetIds: ['subnet-0c3'],
          storageEncrypted: true,
          publiclyAccessible: false,
          memberIds: ['aurora-1'],
        },
      ],
    });
    // Members placed the cluster: no subnet-group call.
    expect(rt.calls).toEqual({ 'rds:DescribeDBInstances': 1, 'rds:DescribeDBClusters': 1 });
    for (const action of Object.keys(rt.calls)) expect(ACTIONS).toContain(action);
  });

  it('follows Marker pagination of instances and clusters, asking for the largest pages', async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(paged([{ DBInstances: [rawInstance('a')] }, { DBInstances: [rawInstance('b')] }, { DBInstances: [rawInstance('c')] }], 'Marker'));
    rds.on(DescribeDBClustersCommand).callsFake(paged([{ DBClusters: [rawCluster('x', { DBClusterMembers: [{ DBInstanceIdentifier: 'a' }] })] }, { DBClusters: [rawCluster('y', { DBClusterMembers: [{ DBInstanceIdentifier: 'c' }] })] }], 'Marker'));
    const rt = testRuntime();

    const facts = await collectRds(rt);

    expect('value' in facts.instances && facts.instances.value.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect('value' in facts.clusters && facts.clusters.value.map((c) => [c.id, c.vpcId])).toEqual([
      ['x', VPC],
      ['y', VPC],
    ]);
    expect(rt.calls).toEqual({ 'rds:DescribeDBInstances': 3, 'rds:DescribeDBClusters': 2 });
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0]?.args[0].input).toEqual({ MaxRecords: 100, Marker: undefined });
  });

  it('places a cluster without listed members from its DB subnet group, reading all groups once (paged)', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [rawCluster('serverless-v1', { DBClusterMembers: [], DBSubnetGroup: 'aurora-private' }), rawCluster('other', { DBClusterMembers: [], DBSubnetGroup: 'other-private' })] });
    rds.on(DescribeDBSubnetGroupsCommand).callsFake(
      paged(
        [
          { DBSubnetGroups: [{ DBSubnetGroupName: 'aurora-private', VpcId: 'vpc-0ccc', Subnets: [{ SubnetIdentifier: 'subnet-1' }, { SubnetIdentifier: 'subnet-2' }] }] },
          { DBSubnetGroups: [{ DBSubnetGroupName: 'other-private', VpcId: 'vpc-0ddd', Subnets: [{ SubnetIdentifier: 'subnet-9' }] }] },
        ],
        'Marker',
      ),
    );
    const rt = testRuntime();

    const facts = await collectRds(rt);

    expect('value' in facts.clusters && facts.clusters.value.map((c) => [c.id, c.vpcId, c.subnetIds])).toEqual([
      ['serverless-v1', 'vpc-0ccc', ['subnet-1', 'subnet-2']],
      ['other', 'vpc-0ddd', ['subnet-9']],
    ]);
    expect(rt.calls['rds:DescribeDBSubnetGroups']).toBe(2);
  });

  it('is an AccessDenied error on rds:DescribeDBInstances for instances, while clusters are still collected', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(accessDenied());
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [rawCluster('aurora')] });
    rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [{ DBSubnetGroupName: 'aurora-private', VpcId: VPC, Subnets: [{ SubnetIdentifier: 'subnet-1' }] }] });

    const facts = await collectRds(testRuntime());

    expect(facts.instances).toEqual({ error: { code: 'AccessDenied', action: 'rds:DescribeDBInstances', message: 'not authorized to perform rds:DescribeDBInstances' } });
    // Its members could not be read: the subnet group placed it.
    expect(facts.clusters).toEqual({ value: [expect.objectContaining({ id: 'aurora', vpcId: VPC, subnetIds: ['subnet-1'] })] });
  });

  it('is an AccessDenied error on rds:DescribeDBClusters for clusters, while instances are still collected', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [rawInstance('db')] });
    rds.on(DescribeDBClustersCommand).rejects(accessDenied());

    const facts = await collectRds(testRuntime());

    expect(facts.clusters).toEqual({ error: { code: 'AccessDenied', action: 'rds:DescribeDBClusters', message: 'not authorized to perform rds:DescribeDBClusters' } });
    expect(facts.instances).toEqual({ value: [expect.objectContaining({ id: 'db' })] });
  });

  it('makes clusters an error naming rds:DescribeDBSubnetGroups when a cluster needs its subnet group and that is denied', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [rawInstance('db')] });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [rawCluster('lonely', { DBClusterMembers: [] })] });
    rds.on(DescribeDBSubnetGroupsCommand).rejects(accessDenied());

    const facts = await collectRds(testRuntime());

    expect(facts.clusters).toEqual({ error: { code: 'AccessDenied', action: 'rds:DescribeDBSubnetGroups', message: 'not authorized to perform rds:DescribeDBSubnetGroups' } });
    expect(facts.instances).toEqual({ value: [expect.objectContaining({ id: 'db' })] });
  });

  it('reports an account without databases as two empty lists', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({});
    rds.on(DescribeDBClustersCommand).resolves({});

    expect(await collectRds(testRuntime())).toEqual({ instances: { value: [] }, clusters: { value: [] } });
  });
});

describe('RDS through the real SDK client', () => {
  beforeEach(() => rds.restore());

  it('retries Throttling and parses instances and clusters from the wire', async () => {
    const seen: Record<string, number> = {};
    const { rt } = httpRuntime((req) => {
      const n = (seen[req.operation] = (seen[req.operation] ?? 0) + 1);
      if (n === 1) return { status: 400, body: queryErrorXml('Throttling', 'Rate exceeded') };
      if (req.operation === 'DescribeDBInstances') {
        return {
          status: 200,
          body: queryResultXml(
            'DescribeDBInstances',
            `<DBInstances><DBInstance><DBInstanceIdentifier>pg-1</DBInstanceIdentifier><DBInstanceArn>arn:aws:rds:us-east-1:${ACCOUNT}:db:pg-1</DBInstanceArn><Engine>aurora-postgresql</Engine><DBInstanceStatus>available</DBInstanceStatus><Endpoint><Address>pg-1.x.rds.amazonaws.com</Address><Port>5432</Port></Endpoint><DBSubnetGroup><DBSubnetGroupName>g</DBSubnetGroupName><VpcId>${VPC}</VpcId><Subnets><Subnet><SubnetIdentifier>subnet-0a1</SubnetIdentifier></Subnet></Subnets></DBSubnetGroup><VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-0db</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership></VpcSecurityGroups><PubliclyAccessible>true</PubliclyAccessible><StorageEncrypted>false</StorageEncrypted><DBClusterIdentifier>pg</DBClusterIdentifier></DBInstance></DBInstances>`,
          ),
        };
      }
      if (req.operation === 'DescribeDBClusters') {
        return {
          status: 200,
          body: queryResultXml(
            'DescribeDBClusters',
            `<DBClusters><DBCluster><DBClusterIdentifier>pg</DBClusterIdentifier><DBClusterArn>arn:aws:rds:us-east-1:${ACCOUNT}:cluster:pg</DBClusterArn><Engine>aurora-postgresql</Engine><Status>available</Status><Endpoint>pg.cluster-x.rds.amazonaws.com</Endpoint><ReaderEndpoint>pg.cluster-ro-x.rds.amazonaws.com</ReaderEndpoint><CustomEndpoints><member>c.cluster-custom-x.rds.amazonaws.com</member></CustomEndpoints><Port>5432</Port><DBSubnetGroup>g</DBSubnetGroup><VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-0aur</VpcSecurityGroupId></VpcSecurityGroupMembership></VpcSecurityGroups><StorageEncrypted>true</StorageEncrypted><DBClusterMembers><DBClusterMember><DBInstanceIdentifier>pg-1</DBInstanceIdentifier></DBClusterMember></DBClusterMembers></DBCluster></DBClusters>`,
          ),
        };
      }
      return { status: 400, body: queryErrorXml('InvalidAction') };
    });

    const facts = await collectRds(rt);

    expect(facts.instances).toEqual({
      value: [
        {
          id: 'pg-1',
          arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:pg-1`,
          engine: 'aurora-postgresql',
          status: 'available',
          address: 'pg-1.x.rds.amazonaws.com',
          port: 5432,
          vpcId: VPC,
          subnetIds: ['subnet-0a1'],
          securityGroupIds: ['sg-0db'],
          publiclyAccessible: true,
          storageEncrypted: false,
          clusterId: 'pg',
        },
      ],
    });
    expect(facts.clusters).toEqual({
      value: [
        {
          id: 'pg',
          arn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:pg`,
          engine: 'aurora-postgresql',
          status: 'available',
          endpoint: 'pg.cluster-x.rds.amazonaws.com',
          readerEndpoint: 'pg.cluster-ro-x.rds.amazonaws.com',
          customEndpoints: ['c.cluster-custom-x.rds.amazonaws.com'],
          port: 5432,
          securityGroupIds: ['sg-0aur'],
          vpcId: VPC,
          subnetIds: ['subnet-0a1'],
          storageEncrypted: true,
          memberIds: ['pg-1'],
        },
      ],
    });
    expect(rt.retries).toEqual({ 'rds:DescribeDBInstances': 1, 'rds:DescribeDBClusters': 1 });
  });
});
