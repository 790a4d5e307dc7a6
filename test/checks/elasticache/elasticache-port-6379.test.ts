import { describe, expect, it } from 'vitest';
import { elasticachePort6379 } from '../../../src/checks/elasticache/elasticache-port-6379.js';
import { fixtureInventory, runOne } from '../../helpers/intent.js';
import { RG_ARN, redisIntent } from './intents.js';

const run = (scenario: string, intent = redisIntent()) => runOne(elasticachePort6379, intent, fixtureInventory('elasticache', scenario));

describe('elasticache-port-6379', () => {
  it("passes when the cache's group (from its member clusters) admits 6379 from the nodes' group", () => {
    const r = run('same-vpc');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual([RG_ARN, 'sg-redis']);
    expect(r.message).toContain('nodegroup/system via sgr-redis-6379');
  });

  it('fails when no rule admits 6379, planning the ingress rule from the cluster security group', () => {
    const r = run('sg-without-6379');
    expect(r.status).toBe('fail');
    expect(r.evidence.missingIngress).toEqual([{ nodeSet: 'nodegroup/system', sourceGroupIds: ['sg-cluster'], targetGroupId: 'sg-redis', port: 6379 }]);
  });

  it('warns when 6379 is open to ::/0', () => {
    const inv = fixtureInventory('elasticache', 'same-vpc');
    const g = (inv.ec2!.securityGroups as { value: { id: string; ingress: object[] }[] }).value.find((x) => x.id === 'sg-redis')!;
    g.ingress.push({ ruleId: 'sgr-redis-v6', protocol: '-1', cidrIpv6: '::/0' });
    const r = runOne(elasticachePort6379, redisIntent(), inv);
    expect(r.status).toBe('warn');
    expect(r.message).toContain('sg-redis/sgr-redis-v6 (::/0, port all)');
  });

  it('is an error when the member clusters that carry the groups were not described', () => {
    const inv = fixtureInventory('elasticache', 'same-vpc');
    inv.elasticache!.cacheClusters = { value: [] };
    const r = runOne(elasticachePort6379, redisIntent(), inv);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'NotCollected', action: 'elasticache:DescribeCacheClusters' });
  });

  it('is an error naming the denied ElastiCache action', () => {
    expect(run('access-denied').status).toBe('error');
  });
});
