import { describe, expect, it } from 'vitest';
import type { SecurityGroup, SgRule } from '../../src/inventory/types.js';
import { assertDecided, evaluateGroups, groupsById, prefixListEntriesOf, type Peer } from '../../src/network/security-groups.js';
import { coversPort, tcpPortsOf } from '../../src/network/ports.js';
import { failed, FactUnavailable, ok, type Fact } from '../../src/inventory/fact.js';

const sg = (id: string, ingress: SgRule[], egress: SgRule[] = []): SecurityGroup => ({ id, name: id, vpcId: 'vpc-1', ingress, egress });
const nodes: Peer = {
  securityGroupIds: ['sg-nodes'],
  blocks: [
    { id: 'subnet-a', ipv4: '10.0.1.0/24', ipv6: ['2600:1f18:1:100::/64'] },
    { id: 'subnet-b', ipv4: '10.0.2.0/24', ipv6: ['2600:1f18:1:200::/64'] },
  ],
};

describe('ports and protocols', () => {
  it('tcp and 6 are TCP; -1 is every protocol and port; udp is not TCP', () => {
    expect(coversPort({ protocol: 'tcp', fromPort: 5432, toPort: 5432 }, 5432)).toBe(true);
    expect(coversPort({ protocol: '6', fromPort: 5000, toPort: 6000 }, 5432)).toBe(true);
    expect(coversPort({ protocol: '-1' }, 5432)).toBe(true);
    expect(coversPort({ protocol: 'udp', fromPort: 0, toPort: 65535 }, 5432)).toBe(false);
    expect(coversPort({ protocol: 'tcp', fromPort: 5433, toPort: 6000 }, 5432)).toBe(false);
  });

  it('a tcp rule without ports covers nothing (fail closed)', () => {
    expect(tcpPortsOf({ protocol: 'tcp' })).toBeUndefined();
  });
});

describe('security group evaluation', () => {
  it('admits the nodes through a rule that references a group they carry, naming the rule', () => {
    const v = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-1', protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-nodes' }])], 'ingress', 5432, nodes);
    expect(v.allowed).toBe(true);
    expect(v.matchedBy).toEqual([{ groupId: 'sg-db', ruleId: 'sgr-1', ports: '5432', peer: 'sg-nodes' }]);
    expect(v.worldOpen).toEqual([]);
  });

  it('does not admit through a reference to a group the nodes do not carry', () => {
    const v = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-1', protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-cluster' }])], 'ingress', 5432, nodes);
    expect(v.allowed).toBe(false);
    expect(v.uncoveredBlocks).toEqual(['subnet-a', 'subnet-b']);
  });

  it('admits through a CIDR that contains every node subnet', () => {
    const v = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-2', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.0.0/16' }])], 'ingress', 5432, nodes);
    expect(v.allowed).toBe(true);
    expect(v.matchedBy.map((r) => r.ruleId)).toEqual(['sgr-2']);
  });

  it('admits when several CIDR rules together cover the node subnets, and not when one subnet is left out', () => {
    const both = [
      { ruleId: 'sgr-a', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.1.0/24' },
      { ruleId: 'sgr-b', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.2.0/24' },
    ];
    expect(evaluateGroups([sg('sg-db', both)], 'ingress', 5432, nodes).allowed).toBe(true);
    const one = evaluateGroups([sg('sg-db', both.slice(0, 1))], 'ingress', 5432, nodes);
    expect(one.allowed).toBe(false);
    expect(one.uncoveredBlocks).toEqual(['subnet-b']);
  });

  it('admits over IPv6 when every IPv6 block of the subnets is covered', () => {
    const v = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-6', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv6: '2600:1f18:1::/48' }])], 'ingress', 5432, nodes);
    expect(v.allowed).toBe(true);
  });

  it('admits with protocol -1 whatever the port', () => {
    const v = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-all', protocol: '-1', referencedGroupId: 'sg-nodes' }])], 'ingress', 6379, nodes);
    expect(v.allowed).toBe(true);
    expect(v.matchedBy[0]!.ports).toBe('all');
  });

  it('does not admit when the port range misses the port', () => {
    const v = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-3', protocol: 'tcp', fromPort: 3306, toPort: 3306, referencedGroupId: 'sg-nodes' }])], 'ingress', 5432, nodes);
    expect(v.allowed).toBe(false);
  });

  it('a rule open to 0.0.0.0/0 or ::/0 admits and is reported as world-open', () => {
    const v = evaluateGroups(
      [sg('sg-db', [{ ruleId: 'sgr-w', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '0.0.0.0/0' }, { ruleId: 'sgr-w6', protocol: 'tcp', fromPort: 0, toPort: 65535, cidrIpv6: '::/0' }])],
      'ingress',
      5432,
      nodes,
    );
    expect(v.allowed).toBe(true);
    expect(v.worldOpen.map((r) => r.ruleId)).toEqual(['sgr-w', 'sgr-w6']);
  });

  it('reports a world-open rule even when a group reference already admits the nodes', () => {
    const v = evaluateGroups(
      [sg('sg-db', [{ ruleId: 'sgr-1', protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-nodes' }]), sg('sg-db2', [{ ruleId: 'sgr-w', protocol: '-1', cidrIpv4: '0.0.0.0/0' }])],
      'ingress',
      5432,
      nodes,
    );
    expect(v.allowed).toBe(true);
    expect(v.worldOpen.map((r) => r.ruleId)).toEqual(['sgr-w']);
  });

  it('a prefix-list rule matches only a peer that the list stands for', () => {
    const group = sg('sg-nodes', [], [{ ruleId: 'sgr-pl', protocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-63a5400a' }]);
    expect(evaluateGroups([group], 'egress', 443, { securityGroupIds: [], blocks: [], prefixListIds: ['pl-63a5400a'] }).allowed).toBe(true);
    expect(evaluateGroups([group], 'egress', 443, { securityGroupIds: [], blocks: [{ id: 'internet', ipv4: '0.0.0.0/0', ipv6: [] }] }).allowed).toBe(false);
  });

  it('evaluates egress rules for egress and ignores them for ingress', () => {
    const group = sg('sg-nodes', [], [{ ruleId: 'sgr-e', protocol: '-1', cidrIpv4: '0.0.0.0/0' }]);
    const db: Peer = { securityGroupIds: ['sg-db'], blocks: [{ id: 'subnet-db', ipv4: '10.0.10.0/24', ipv6: [] }] };
    expect(evaluateGroups([group], 'egress', 5432, db).allowed).toBe(true);
    expect(evaluateGroups([group], 'ingress', 5432, db).allowed).toBe(false);
  });

  it('a subnet whose addresses were not collected is never covered by a CIDR, only by a world rule', () => {
    const unknown: Peer = { securityGroupIds: ['sg-x'], blocks: [{ id: 'subnet-gone', ipv6: [] }] };
    const v = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-2', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.0.0/8' }])], 'ingress', 5432, unknown);
    expect(v.allowed).toBe(false);
    expect(v.unknownBlocks).toEqual(['subnet-gone']);
    const w = evaluateGroups([sg('sg-db', [{ ruleId: 'sgr-w', protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '0.0.0.0/0' }])], 'ingress', 5432, unknown);
    expect(w.allowed).toBe(true);
  });

  it('a group that was not collected makes the verdict an error naming DescribeSecurityGroups', () => {
    const inv = { ec2: { securityGroups: { value: [sg('sg-db', [])] } } };
    expect(() => groupsById(inv, ['sg-db', 'sg-missing'])).toThrow(FactUnavailable);
    try {
      groupsById(inv, ['sg-missing']);
    } catch (e) {
      expect((e as FactUnavailable).factError).toMatchObject({ code: 'NotCollected', action: 'ec2:DescribeSecurityGroups' });
    }
  });
});

describe('rules that name a customer-managed prefix list', () => {
  const plRule: SgRule = { ruleId: 'sgr-pl', protocol: 'tcp', fromPort: 5432, toPort: 5432, prefixListId: 'pl-corp' };
  const lists = (entries: Record<string, Fact<readonly string[]>>) => (id: string) => entries[id];

  it('stand for the CIDRs the list holds: a list covering the node subnets admits them, naming list and CIDR', () => {
    const v = evaluateGroups([sg('sg-db', [plRule])], 'ingress', 5432, nodes, lists({ 'pl-corp': ok(['10.0.0.0/16', '192.168.0.0/24']) }));
    expect(v.allowed).toBe(true);
    expect(v.matchedBy).toEqual([{ groupId: 'sg-db', ruleId: 'sgr-pl', ports: '5432', peer: 'pl-corp (10.0.0.0/16)' }]);
  });

  it('do not admit when the list leaves a node subnet out', () => {
    const v = evaluateGroups([sg('sg-db', [plRule])], 'ingress', 5432, nodes, lists({ 'pl-corp': ok(['10.0.1.0/24']) }));
    expect(v.allowed).toBe(false);
    expect(v.uncoveredBlocks).toEqual(['subnet-b']);
    expect(v.unknownPrefixLists).toEqual([]);
  });

  it('name a list open to the world as such', () => {
    const v = evaluateGroups([sg('sg-db', [plRule])], 'ingress', 5432, nodes, lists({ 'pl-corp': ok(['0.0.0.0/0']) }));
    expect(v.allowed).toBe(true);
    expect(v.worldOpen.map((r) => r.peer)).toEqual(['pl-corp (0.0.0.0/0)']);
  });

  it('whose entries could not be read leave a refusal undecided (an error naming the action), but not another rule’s admission', () => {
    const denied = lists({ 'pl-corp': failed({ code: 'UnauthorizedOperation', message: 'not authorized', action: 'ec2:GetManagedPrefixListEntries' }) });
    const refused = evaluateGroups([sg('sg-db', [plRule])], 'ingress', 5432, nodes, denied);
    expect(refused.allowed).toBe(false);
    expect(() => assertDecided(refused)).toThrow(/UnauthorizedOperation on ec2:GetManagedPrefixListEntries: prefix list pl-corp in sg-db/);
    const admitted = evaluateGroups([sg('sg-db', [plRule, { ruleId: 'sgr-1', protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-nodes' }])], 'ingress', 5432, nodes, denied);
    expect(admitted.allowed).toBe(true);
    expect(() => assertDecided(admitted)).not.toThrow();
  });

  it('an AWS service list (S3) is not a customer list: never expanded, never an error', () => {
    const inv = { ec2: { prefixLists: ok([{ id: 'pl-s3', name: 'com.amazonaws.us-east-1.s3' }]), prefixListEntries: { 'pl-corp': ok(['10.0.0.0/16']) } } };
    const entriesOf = prefixListEntriesOf(inv);
    expect(entriesOf('pl-s3')).toBeUndefined();
    expect(entriesOf('pl-corp')).toEqual(ok(['10.0.0.0/16']));
    expect(entriesOf('pl-other')).toEqual(failed({ code: 'NotCollected', message: 'the entries of prefix list pl-other were not collected', action: 'ec2:GetManagedPrefixListEntries' }));
  });
});
