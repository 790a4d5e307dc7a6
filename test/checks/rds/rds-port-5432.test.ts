import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../../../src/checks/rds/rds-instance.js';
import { rdsPort5432 } from '../../../src/checks/rds/rds-port-5432.js';
import { fixtureInventory, runOne } from '../../helpers/intent.js';
import { DB_ARN, dbIntent } from './intents.js';

const run = (scenario: string, intent = dbIntent()) => runOne(rdsPort5432, intent, fixtureInventory('rds', scenario));

describe('rds-port-5432', () => {
  it('passes when the database group admits 5432 from the cluster security group the managed nodes carry', () => {
    const r = run('same-vpc');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('admits TCP 5432 from every node set (nodegroup/system via sgr-db-5432)');
    expect(r.resources).toEqual([DB_ARN, 'sg-db']);
    expect(r.evidence.missingIngress).toEqual([]);
    expect(r.evidence.missingEgress).toEqual([]);
  });

  it('fails when the database group has no rule for 5432, planning a group-referenced rule', () => {
    const r = run('sg-without-5432');
    expect(r.status).toBe('fail');
    expect(r.message).toContain("no rule in RDS instance daytona-db's security group (sg-db) admits TCP 5432 from nodegroup/system");
    expect(r.evidence.missingIngress).toEqual([{ nodeSet: 'nodegroup/system', sourceGroupIds: ['sg-cluster'], targetGroupId: 'sg-db', port: 5432 }]);
    expect(r.evidence.missingEgress).toEqual([]);
    expect(r.remediation).toEqual({ id: 'authorize-sg-ingress', automatic: true });
  });

  it('passes when a rule admits 5432 from a CIDR that contains every node subnet', () => {
    const r = run('cidr-rule');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('nodegroup/system via sgr-db-vpc');
  });

  it('fails when the CIDR rule covers only one of the node subnets, naming the one left out', () => {
    const r = run('cidr-rule-partial');
    expect(r.status).toBe('fail');
    const sets = r.evidence.nodeSets as { nodeSet: string; ingress: { uncoveredSubnetIds: string[] } }[];
    expect(sets[0]!.ingress.uncoveredSubnetIds).toEqual(['subnet-priv-b']);
  });

  it('passes when a rule names a customer-managed prefix list whose entries contain every node subnet', () => {
    const r = run('prefix-list-rule');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('nodegroup/system via sgr-db-corp');
  });

  it('is an error naming ec2:GetManagedPrefixListEntries when the only rule names a prefix list whose entries could not be read', () => {
    const r = run('prefix-list-denied');
    expect(r.status).toBe('error');
    expect(r.message).toContain('ec2:GetManagedPrefixListEntries');
    expect(r.error?.message).toContain('prefix list pl-0c0rp in sg-db');
  });

  it("passes in an IPv6 cluster when a rule admits the node subnets' IPv6 blocks", () => {
    const r = run('ipv6-cluster');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('nodegroup/system via sgr-db-v6');
  });

  it("fails in an IPv4 cluster when only the node subnets' IPv6 blocks are admitted: pods there have IPv4 addresses only", () => {
    const inv = fixtureInventory('rds', 'ipv6-cluster');
    (inv.eks!.cluster as { value: { ipFamily?: string } }).value.ipFamily = 'ipv4';
    const r = runOne(rdsPort5432, dbIntent(), inv);
    expect(r.status).toBe('fail');
    expect(r.evidence.missingIngress).toEqual([{ nodeSet: 'nodegroup/system', sourceGroupIds: ['sg-cluster'], targetGroupId: 'sg-db', port: 5432 }]);
  });

  it('warns when a rule opens 5432 to 0.0.0.0/0, naming that rule', () => {
    const r = run('world-open');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('sg-db/sgr-db-world (0.0.0.0/0, port 5432) is open to the world');
    expect(r.evidence.worldOpenRules).toEqual([{ groupId: 'sg-db', ruleId: 'sgr-db-world', ports: '5432', peer: '0.0.0.0/0', description: 'temporary' }]);
  });

  it("fails for a launch-template node group whose own group replaces the cluster group, and names only that node group", () => {
    const r = run('launch-template-nodegroup');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('admits TCP 5432 from nodegroup/runners');
    expect(r.message).not.toContain('nodegroup/system');
    expect(r.evidence.missingIngress).toEqual([{ nodeSet: 'nodegroup/runners', sourceGroupIds: ['sg-runner'], targetGroupId: 'sg-db', port: 5432 }]);
  });

  it('judges self-managed nodes instance by instance: one admitted group does not cover another instance', () => {
    const r = run('self-managed-nodes');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('admits TCP 5432 from self-managed');
    expect(r.evidence.missingIngress).toEqual([{ nodeSet: 'self-managed', sourceGroupIds: ['sg-self-b'], targetGroupId: 'sg-db', port: 5432 }]);
    const sets = r.evidence.nodeSets as { nodeSet: string; ingress: { allowed: boolean } }[];
    expect(sets.map((s) => [s.nodeSet, s.ingress.allowed])).toEqual([
      ['nodegroup/system', true],
      ['self-managed', false],
    ]);
  });

  it('fails with only egress missing when the nodes may not send 5432 out, so the remediation adds an egress rule', () => {
    const r = run('egress-restricted');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the security groups of nodegroup/system (sg-cluster) do not allow TCP 5432 outbound');
    expect(r.evidence.missingIngress).toEqual([]);
    expect(r.evidence.missingEgress).toEqual([{ nodeSet: 'nodegroup/system', groupIds: ['sg-cluster'], destinationGroupIds: ['sg-db'], port: 5432 }]);
  });

  it('fails when the database has no security group at all', () => {
    const inv = fixtureInventory('rds', 'same-vpc');
    (inv.rds!.instances as { value: { securityGroupIds: string[] }[] }).value[0]!.securityGroupIds = [];
    const r = runOne(rdsPort5432, dbIntent(), inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('admits TCP 5432 from nodegroup/system');
  });

  it('judges the port the values configure, not 5432', () => {
    const r = run('same-vpc', dbIntent({ port: 6432 }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('admits TCP 6432');
  });

  it('is an error naming rds:DescribeDBInstances when that call was denied', () => {
    const r = run('access-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'rds:DescribeDBInstances' });
  });

  it('is an error, not a fail, when the database group was not collected', () => {
    const inv = fixtureInventory('rds', 'same-vpc');
    const groups = inv.ec2!.securityGroups as { value: { id: string }[] };
    groups.value = groups.value.filter((g) => g.id !== 'sg-db');
    const r = runOne(rdsPort5432, dbIntent(), inv);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'NotCollected', action: 'ec2:DescribeSecurityGroups' });
  });

  it('is skipped naming rds-instance when the host matches no database', () => {
    const r = runOne([rdsInstance, rdsPort5432], dbIntent({ host: 'nowhere.example.com' }), fixtureInventory('rds', 'same-vpc'));
    expect(r.status).toBe('skip');
    expect(r.reason).toBe('depends on rds-instance');
  });

  it('is skipped naming eks-nodes when the cluster has no nodes to judge', () => {
    const inv = fixtureInventory('rds', 'same-vpc');
    inv.eks!.nodegroups = { value: [] };
    const r = runOne(rdsPort5432, dbIntent(), inv);
    expect(r.status).toBe('skip');
    expect(r.message).toContain('eks-nodes');
  });
});
