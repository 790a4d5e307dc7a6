import { describe, expect, it } from 'vitest';
import { elasticacheNetwork } from '../../../src/checks/elasticache/elasticache-network.js';
import { elasticacheCluster } from '../../../src/checks/elasticache/elasticache-cluster.js';
import { fixtureInventory, runOne } from '../../helpers/intent.js';
import { SERVERLESS, redisIntent } from './intents.js';

const run = (scenario: string, intent = redisIntent()) => runOne(elasticacheNetwork, intent, fixtureInventory('elasticache', scenario));

describe('elasticache-network', () => {
  it("passes when the cache is in the cluster's VPC", () => {
    expect(run('same-vpc').status).toBe('pass');
  });

  it('fails when the cache is in another VPC without peering', () => {
    const r = run('other-vpc-no-peering');
    expect(r.status).toBe('fail');
    expect(r.message).toContain("ElastiCache replication group daytona-redis is in vpc-data, not the cluster's VPC vpc-main, and no VPC peering connection joins the two");
  });

  it('passes with an active peering and routes both ways', () => {
    const r = run('peered-with-routes');
    expect(r.status).toBe('pass');
    expect(r.evidence.verdict).toBe('peered');
    const back = r.evidence.back as { routeTableId: string; association: string; via: string }[];
    expect(back.every((h) => h.routeTableId === 'rtb-data-main' && h.association === 'main' && h.via === 'pcx-0data')).toBe(true);
  });

  it('fails when the cache subnets have no route back through the peering, naming their (main) route table', () => {
    const r = run('peered-no-return-route');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ElastiCache replication group daytona-redis side: rtb-data-main (subnet-data-a, subnet-data-b) sends 10.0.1.0/24, 10.0.2.0/24 nowhere');
    expect((r.evidence.missingRoutes as { forward: unknown[] }).forward).toEqual([]);
  });

  it('fails when the peering is not active yet', () => {
    const r = run('peering-pending');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('is not active (pcx-0data: pending-acceptance)');
  });

  it('places a serverless cache, which names no VPC, by its subnets', () => {
    const r = run('serverless', redisIntent({ host: SERVERLESS }));
    expect(r.status).toBe('pass');
    expect(r.message).toContain("ElastiCache serverless cache daytona-serverless is in the cluster's VPC vpc-main");
  });

  it('is an error when the route tables of the cache VPC were not collected', () => {
    const inv = fixtureInventory('elasticache', 'peered-with-routes');
    const tables = inv.ec2!.routeTables as { value: { vpcId: string }[] };
    tables.value = tables.value.filter((t) => t.vpcId !== 'vpc-data');
    const r = runOne(elasticacheNetwork, redisIntent(), inv);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'NotCollected', action: 'ec2:DescribeRouteTables' });
  });

  it('is an error naming the denied ElastiCache action', () => {
    expect(run('access-denied').error?.action).toBe('elasticache:DescribeReplicationGroups');
  });

  it('is skipped naming elasticache-cluster when the host is not a cache endpoint', () => {
    const r = runOne([elasticacheCluster, elasticacheNetwork], redisIntent({ host: 'redis.internal' }), fixtureInventory('elasticache', 'same-vpc'));
    expect(r.status).toBe('skip');
    expect(r.reason).toBe('depends on elasticache-cluster');
  });
});
