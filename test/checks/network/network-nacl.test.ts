import { describe, expect, it } from 'vitest';
import { networkNacl } from '../../../src/checks/network/network-nacl.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';
import { dbIntent } from '../rds/intents.js';

const run = (scenario: string, intent = makeIntent()) => runOne(networkNacl, intent, fixtureInventory('network', scenario));
type Blocked = { aclId: string; subnetIds: string[]; direction: string; ports: string; peer: string; scope: string; rules: (number | string)[]; severity: string };

describe('network-nacl', () => {
  it('passes with the default ACL (allow all both ways)', () => {
    const r = run('nat');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual(['acl-default']);
  });

  it('fails when the node ACL lets 443 out but not the replies back in (stateless)', () => {
    const r = run('nacl-blocks-return');
    expect(r.status).toBe('fail');
    expect(r.message).toBe('acl-nodes on subnet-priv-a, subnet-priv-b (nodegroup/system) inbound return traffic of HTTPS: ports 1024-65535 denied for every peer address (rule #32767)');
    expect((r.evidence.blocked as Blocked[]).map((b) => `${b.subnetIds.join('+')} ${b.direction} ${b.ports}`)).toEqual(['subnet-priv-a+subnet-priv-b ingress 1024-65535']);
  });

  it('fails when return traffic from the internet is blocked on ephemeral ports outside the Linux range: pods are SNATed to random ports over 1024-65535', () => {
    const inv = fixtureInventory('network', 'nacl-blocks-return');
    const acl = (inv.ec2!.networkAcls as { value: { id: string; entries: object[] }[] }).value.find((a) => a.id === 'acl-nodes')!;
    acl.entries.push({ ruleNumber: 120, egress: false, protocol: '6', action: 'allow', cidrIpv4: '0.0.0.0/0', fromPort: 32768, toPort: 65535 });
    const r = runOne(networkNacl, makeIntent(), inv);
    expect(r.status).toBe('fail');
    expect((r.evidence.blocked as Blocked[])[0]).toMatchObject({ ports: '1024-32767', severity: 'fail' });
  });

  /** nacl-database-denied without its deny, the database ACL letting replies out only on 32768-65535. */
  const dbRepliesAbove32767 = () => {
    const inv = fixtureInventory('network', 'nacl-database-denied');
    const acl = (inv.ec2!.networkAcls as { value: { id: string; entries: { ruleNumber: number; egress: boolean; fromPort?: number }[] }[] }).value.find((a) => a.id === 'acl-data')!;
    acl.entries = acl.entries.filter((e) => e.ruleNumber !== 90);
    acl.entries.find((e) => e.ruleNumber === 100 && e.egress)!.fromPort = 32768;
    return inv;
  };

  it("warns when a same-VPC database's replies are blocked only on ephemeral ports outside the Linux range (pods keep their own ports)", () => {
    const r = runOne(networkNacl, dbIntent(), dbRepliesAbove32767());
    expect(r.status).toBe('warn');
    expect((r.evidence.blocked as Blocked[]).map((b) => `${b.aclId} ${b.direction} ${b.ports} ${b.peer} ${b.severity}`)).toEqual([
      'acl-data egress 1024-32767 10.0.1.0/24 warn',
      'acl-data egress 1024-32767 10.0.2.0/24 warn',
    ]);
  });

  it("fails when a peered-VPC database's replies are blocked on any ephemeral port: the nodes SNAT pods' connections there", () => {
    const inv = dbRepliesAbove32767();
    const subnets = inv.ec2!.subnets as { value: { id: string; vpcId: string }[] };
    for (const s of subnets.value) if (s.id.startsWith('subnet-db-')) s.vpcId = 'vpc-data';
    const r = runOne(networkNacl, dbIntent(), inv);
    expect(r.status).toBe('fail');
    expect((r.evidence.blocked as Blocked[]).map((b) => `${b.aclId} ${b.direction} ${b.ports} ${b.peer} ${b.severity}`)).toEqual([
      'acl-data egress 1024-32767 10.0.1.0/24 fail',
      'acl-data egress 1024-32767 10.0.2.0/24 fail',
    ]);
  });

  it('warns when 443 is allowed out only to part of the internet', () => {
    const inv = fixtureInventory('network', 'nacl-blocks-return');
    const acl = (inv.ec2!.networkAcls as { value: { id: string; entries: { ruleNumber: number; egress: boolean; cidrIpv4?: string }[] }[] }).value.find((a) => a.id === 'acl-nodes')!;
    acl.entries.find((e) => e.ruleNumber === 100 && e.egress)!.cidrIpv4 = '52.216.0.0/15';
    acl.entries.push({ ruleNumber: 120, egress: false, protocol: '6', action: 'allow', cidrIpv4: '0.0.0.0/0', fromPort: 1024, toPort: 65535 } as never);
    const r = runOne(networkNacl, makeIntent(), inv);
    expect(r.status).toBe('warn');
    expect((r.evidence.blocked as Blocked[])[0]).toMatchObject({ direction: 'egress', ports: '443', scope: 'some' });
  });

  it('passes with an external database when the ACLs let 5432 and its replies through', () => {
    const r = run('nacl-with-database', dbIntent());
    expect(r.status).toBe('pass');
    expect(r.message).toContain('and of the database allow 443, 5432 and the return traffic');
  });

  it("fails when the database subnets' ACL denies 5432 from a node subnet, naming the rule", () => {
    const r = run('nacl-database-denied', dbIntent());
    expect(r.status).toBe('fail');
    expect(r.message).toBe('acl-data on subnet-db-a, subnet-db-b inbound TCP 5432 from the nodes (subnet-priv-b): ports 5432 denied for every peer address (rule #90)');
    const blocked = r.evidence.blocked as Blocked[];
    expect(blocked.every((b) => b.aclId === 'acl-data' && b.peer === '10.0.2.0/24' && b.rules[0] === 90)).toBe(true);
  });

  it('notes, rather than judges, a database the host does not resolve to', () => {
    const r = run('nacl-with-database', dbIntent({ host: 'nowhere.example.com' }));
    expect(r.status).toBe('pass');
    expect(r.evidence.notEvaluated).toEqual(['TCP 5432: externalDatabase.host is not an RDS endpoint here (see rds-instance)']);
  });

  it('is an error naming ec2:DescribeNetworkAcls when that call was denied', () => {
    const r = run('nacls-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'UnauthorizedOperation', action: 'ec2:DescribeNetworkAcls' });
  });

  it('is skipped when the cluster has no nodes', () => {
    expect(run('no-nodes').status).toBe('skip');
  });
});
