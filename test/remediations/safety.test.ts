/**
 * The rules every plan keeps, swept over every fixture inventory of every area with several
 * installs and both --fail-on settings: no call opens anything to 0.0.0.0/0 or ::/0, none deletes
 * or narrows, every created resource is tagged, ids are unique and dependencies come first.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ALL_CHECKS } from '../../src/engine/registry.js';
import type { Intent } from '../../src/values/types.js';
import { worldOpenings } from '../../src/remediations/safety.js';
import type { PlannedAction } from '../../src/remediations/types.js';
import { ecrIntent, fixtureInventory, makeIntent, s3Intent } from '../helpers/intent.js';
import { dbIntent } from '../checks/rds/intents.js';
import { redisIntent } from '../checks/elasticache/intents.js';
import { planFor } from './support/plan.js';
import { expectPlanKeepsTheRules } from './support/rules.js';

const root = new URL('../../fixtures/inventories/', import.meta.url);
const fixtures = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(new URL(`${d.name}/`, root)).filter((f) => f.endsWith('.json')).map((f) => [d.name, f.replace(/\.json$/, '')] as const));

const installs: Record<string, Intent> = {
  'external RDS and ElastiCache': { ...dbIntent(), redis: redisIntent().redis },
  'images from ECR, Harbor on S3 with a key': ecrIntent({}, undefined, { harbor: { enabled: true, storageType: 's3' }, s3: [{ use: 'harbor', bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }] }),
  'Harbor on S3 in another region': s3Intent([{ bucket: 'daytona-registry', region: 'us-east-1' }]),
  'internet-facing SSH gateway': makeIntent({ sshGateway: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } } }),
};

describe('every planned call keeps the rules', () => {
  it('sweeps enough fixtures to mean something', () => {
    expect(fixtures.length).toBeGreaterThan(50);
  });

  let planned = 0;
  it.each(fixtures)('%s/%s', (area, scenario) => {
    for (const intent of Object.values(installs)) {
      for (const failOn of ['fail', 'warn'] as const) {
        const plan = planFor(ALL_CHECKS, intent, fixtureInventory(area, scenario), failOn);
        expectPlanKeepsTheRules(plan.actions);
        planned += plan.actions.filter((a) => a.safety !== 'manual').length;
      }
    }
  });

  it('planned automated actions along the way (the sweep is not vacuous)', () => {
    expect(planned).toBeGreaterThan(20);
  });

  it('catches a rule open to the world wherever it hides in the parameters', () => {
    const action = (params: Record<string, unknown>): PlannedAction => ({ id: 'x', checkId: 'x', description: 'x', calls: [{ api: 'ec2:AuthorizeSecurityGroupEgress', iamAction: 'ec2:AuthorizeSecurityGroupEgress', target: 'sg-1', params }], safety: 'safe', remediation: 'authorize-sg-egress', dependsOn: [] });
    expect(worldOpenings(action({ IpPermissions: [{ IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))).toEqual(['ec2:AuthorizeSecurityGroupEgress would open 0.0.0.0/0 (never automated)']);
    expect(worldOpenings(action({ IpPermissions: [{ Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }))).toHaveLength(1);
    expect(worldOpenings(action({ IpPermissions: [{ IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] }))).toEqual([]);
  });
});
