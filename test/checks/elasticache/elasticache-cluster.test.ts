import { describe, expect, it } from 'vitest';
import { elasticacheCluster } from '../../../src/checks/elasticache/elasticache-cluster.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';
import { NODE_2, PRIMARY, READER, RG_ARN, SERVERLESS, redisIntent } from './intents.js';

const run = (scenario: string, intent = redisIntent()) => runOne(elasticacheCluster, intent, fixtureInventory('elasticache', scenario));

describe('elasticache-cluster', () => {
  it("passes when externalRedis.host is an available replication group's primary endpoint", () => {
    const r = run('same-vpc');
    expect(r.status).toBe('pass');
    expect(r.message).toBe('externalRedis.host is the primary endpoint of ElastiCache replication group daytona-redis (redis, available, port 6379)');
    expect(r.resources).toEqual([RG_ARN]);
  });

  it('fails when the host matches no ElastiCache endpoint, listing the caches here', () => {
    const r = run('same-vpc', redisIntent({ host: 'daytona-redis.other.euw1.cache.amazonaws.com' }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain("externalRedis.host 'daytona-redis.other.euw1.cache.amazonaws.com' matches no ElastiCache endpoint in this account and region");
    expect(r.message).toContain('Caches here: replication group daytona-redis');
    expect((r.evidence.endpointsHere as unknown[]).length).toBe(6);
  });

  it('fails on the reader endpoint when the group has a replica (writes get READONLY)', () => {
    const r = run('same-vpc', redisIntent({ host: READER }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain(`use the primary endpoint ${PRIMARY}`);
  });

  it('warns on a node endpoint, which may be a replica after a failover', () => {
    const r = run('same-vpc', redisIntent({ host: NODE_2.toUpperCase() }));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('is a node endpoint of ElastiCache replication group daytona-redis');
  });

  it('fails when the cache is not available, and when the engine is memcached', () => {
    const inv = fixtureInventory('elasticache', 'same-vpc');
    const g = (inv.elasticache!.replicationGroups as { value: { status: string; engine: string }[] }).value[0]!;
    g.status = 'create-failed';
    g.engine = 'memcached';
    const r = runOne(elasticacheCluster, redisIntent(), inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('runs memcached; Daytona needs Redis or Valkey');
    expect(r.message).toContain("is 'create-failed', not 'available'");
  });

  it('fails when the cache listens on another port than externalRedis.port', () => {
    const r = run('same-vpc', redisIntent({ port: 6380 }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('listens on port 6379, but externalRedis.port is 6380');
  });

  it('recognises a serverless cache by its endpoint', () => {
    const r = run('serverless', redisIntent({ host: SERVERLESS }));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('ElastiCache serverless cache daytona-serverless (valkey, available, port 6379)');
  });

  it('is an error naming elasticache:DescribeReplicationGroups when that call was denied', () => {
    const r = run('access-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'elasticache:DescribeReplicationGroups' });
  });

  it('is skipped when the chart runs its own Redis', () => {
    expect(run('same-vpc', makeIntent()).status).toBe('skip');
  });
});
