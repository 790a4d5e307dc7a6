import { describe, expect, it } from 'vitest';
import { rdsPort5432 } from '../../../src/checks/rds/rds-port-5432.js';
import { networkEgress443 } from '../../../src/checks/network/network-egress-443.js';
import type { Inventory, SecurityGroup } from '../../../src/inventory/types.js';
import { ecrIntent, fixtureInventory, s3Intent } from '../../helpers/intent.js';
import { dbIntent } from '../../checks/rds/intents.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

const groups = (inv: Inventory) => (inv.ec2!.securityGroups as { value: SecurityGroup[] }).value;

describe('authorize-sg-egress (planning)', () => {
  it("allows 5432 out of the nodes' group to the database's group when only egress is missing", () => {
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'egress-restricted'));
    expect(plan.actions.map((a) => a.id)).toEqual(['authorize-sg-egress:sg-cluster:tcp5432:sg-db']);
    expect(plan.actions[0]!.calls[0]).toMatchObject({
      api: 'ec2:AuthorizeSecurityGroupEgress',
      target: 'sg-cluster',
      params: { GroupId: 'sg-cluster', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-db' }] }] },
    });
    expectPlanKeepsTheRules(plan.actions);
  });

  it('allows 443 to the S3 prefix list, the narrowest destination that satisfies network-egress-443 for S3', () => {
    const inv = fixtureInventory('network', 'egress-s3-prefix-only');
    // Nothing out of the nodes at all: S3 is missing too.
    for (const g of groups(inv)) if (g.id === 'sg-cluster') g.egress = [];
    const plan = planFor(networkEgress443, s3Intent([{ region: 'eu-west-1' }], { images: [] }), inv);
    expect(plan.statuses['network-egress-443']).toBe('fail');
    expect(plan.actions.map((a) => [a.id, a.calls[0]!.params.IpPermissions])).toEqual([
      ['authorize-sg-egress:sg-cluster:tcp443:pl-6da54004', [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-6da54004', Description: 'added by daytona-preflight: nodegroup/system to S3 on 443' }] }]],
    ]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it("allows 443 to the ECR interface endpoints' group when the endpoints exist", () => {
    const inv = fixtureInventory('network', 'private-endpoints');
    for (const g of groups(inv)) if (g.id === 'sg-cluster') g.egress = g.egress.filter((r) => r.referencedGroupId === undefined);
    const plan = planFor(networkEgress443, ecrIntent({ region: 'eu-west-1' }, ecrIntent().images.filter((i) => i.followsGlobalRegistry)), inv);
    expect(plan.statuses['network-egress-443']).toBe('fail');
    const ids = plan.actions.map((a) => a.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('authorize-sg-egress:sg-cluster:tcp443:sg-'))).toBe(true);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('never automates 0.0.0.0/0: with no ECR endpoint the plan prints the choices, the internet rule among them for a person to run', () => {
    const plan = planFor(networkEgress443, ecrIntent(), fixtureInventory('network', 'egress-s3-prefix-only'));
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([
      ['manual:network-egress-443:egress-ecr.api', 'manual'],
      ['manual:network-egress-443:egress-ecr.dkr', 'manual'],
    ]);
    expect(plan.actions[0]!.notes!.join('\n')).toContain("--group-id sg-cluster --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]'");
    expectPlanKeepsTheRules(plan.actions);
  });

  it('leaves the public-registry warning alone under --fail-on fail, and prints steps for it under --fail-on warn', () => {
    const inv = fixtureInventory('network', 'private-endpoints');
    expect(planFor(networkEgress443, ecrIntent(), inv).actions).toEqual([]);
    const warn = planFor(networkEgress443, ecrIntent(), inv, 'warn');
    expect(warn.actions.map((a) => [a.id, a.safety])).toEqual([['manual:network-egress-443:egress-registries', 'manual']]);
  });
});
