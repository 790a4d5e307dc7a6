import { describe, expect, it } from 'vitest';
import { rdsPort5432 } from '../../../src/checks/rds/rds-port-5432.js';
import { elasticachePort6379 } from '../../../src/checks/elasticache/elasticache-port-6379.js';
import { fixtureInventory } from '../../helpers/intent.js';
import { dbIntent } from '../../checks/rds/intents.js';
import { redisIntent } from '../../checks/elasticache/intents.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

const TAGS = [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] }];

describe('authorize-sg-ingress (planning)', () => {
  it('admits 5432 on the database group from the cluster security group the managed nodes carry: a group reference, tagged, described', () => {
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'sg-without-5432'));
    expect(plan.actions).toEqual([
      {
        id: 'authorize-sg-ingress:sg-db:tcp5432:sg-cluster',
        checkId: 'rds-port-5432',
        description: 'Admit TCP 5432 on sg-db (RDS instance daytona-db) from security group sg-cluster, which the nodes of nodegroup/system carry',
        calls: [
          {
            api: 'ec2:AuthorizeSecurityGroupIngress',
            iamAction: 'ec2:AuthorizeSecurityGroupIngress',
            target: 'sg-db',
            params: {
              GroupId: 'sg-db',
              IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-cluster', Description: 'added by daytona-preflight: nodegroup/system to daytona-db on 5432' }] }],
              TagSpecifications: TAGS,
            },
          },
        ],
        safety: 'safe',
        remediation: 'authorize-sg-ingress',
        dependsOn: [],
      },
    ]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it("uses the node group's own group when its launch template replaces the cluster group", () => {
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'launch-template-nodegroup'));
    expect(plan.actions.map((a) => a.id)).toEqual(['authorize-sg-ingress:sg-db:tcp5432:sg-runner']);
  });

  it('admits only the self-managed instances left out, by the group they carry', () => {
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'self-managed-nodes'));
    expect(plan.actions.map((a) => a.id)).toEqual(['authorize-sg-ingress:sg-db:tcp5432:sg-self-b']);
  });

  it('admits 6379 on the cache group (the member clusters\' group)', () => {
    const plan = planFor(elasticachePort6379, redisIntent(), fixtureInventory('elasticache', 'sg-without-6379'));
    expect(plan.actions.map((a) => [a.id, a.calls[0]!.params.GroupId])).toEqual([['authorize-sg-ingress:sg-redis:tcp6379:sg-cluster', 'sg-redis']]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('plans nothing when the database already admits every node (a second --fix plans nothing)', () => {
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'same-vpc'));
    expect(plan.statuses['rds-port-5432']).toBe('pass');
    expect(plan.actions).toEqual([]);
  });

  it('plans nothing for a rule open to the world: a warning is not a failure, and the tool never narrows rules', () => {
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'world-open'), 'warn');
    expect(plan.statuses['rds-port-5432']).toBe('warn');
    expect(plan.actions.every((a) => a.safety === 'manual')).toBe(true);
  });

  it('makes a reference across VPCs a manual step naming both groups', () => {
    const inv = fixtureInventory('rds', 'sg-without-5432');
    const groups = (inv.ec2!.securityGroups as { value: { id: string; vpcId: string }[] }).value;
    groups.find((g) => g.id === 'sg-db')!.vpcId = 'vpc-elsewhere';
    const plan = planFor(rdsPort5432, dbIntent(), inv);
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ safety: 'manual', remediation: 'manual', calls: [] });
    expect(plan.actions[0]!.notes!.join('\n')).toContain('--group-id sg-db');
    expect(plan.actions[0]!.notes!.join('\n')).not.toContain('CidrIp=0.0.0.0/0');
  });
});
