import { describe, expect, it } from 'vitest';
import type { NaclEntry, NetworkAcl } from '../../src/inventory/types.js';
import { evaluateNacl, naclFor } from '../../src/network/nacl.js';
import { EPHEMERAL } from '../../src/network/ports.js';

const acl = (entries: NaclEntry[]): NetworkAcl => ({ id: 'acl-1', vpcId: 'vpc-1', isDefault: false, subnetIds: ['subnet-a'], entries });
const entry = (ruleNumber: number, action: 'allow' | 'deny', egress: boolean, cidr = '0.0.0.0/0', protocol = '6', fromPort?: number, toPort?: number): NaclEntry => ({
  ruleNumber,
  action,
  egress,
  protocol,
  cidrIpv4: cidr,
  ...(fromPort !== undefined ? { fromPort, toPort: toPort ?? fromPort } : {}),
});
const STAR_IN = entry(32767, 'deny', false, '0.0.0.0/0', '-1');
const STAR_OUT = entry(32767, 'deny', true, '0.0.0.0/0', '-1');

describe('network ACL evaluation', () => {
  it('the default ACL (allow all, then *) allows everything', () => {
    const v = evaluateNacl(acl([entry(100, 'allow', true, '0.0.0.0/0', '-1'), STAR_OUT]), { direction: 'egress', ports: { from: 443, to: 443 }, peers: ['0.0.0.0/0'] });
    expect(v.allowed).toBe(true);
  });

  it('rules apply in ruleNumber order, not list order: a lower-numbered deny wins', () => {
    const v = evaluateNacl(acl([entry(200, 'allow', false, '10.0.0.0/16', '6', 5432), entry(100, 'deny', false, '10.0.1.0/24', '6', 5432), STAR_IN]), {
      direction: 'ingress',
      ports: { from: 5432, to: 5432 },
      peers: ['10.0.1.0/24'],
    });
    expect(v.allowed).toBe(false);
    expect(v.blocked).toEqual([{ ports: { from: 5432, to: 5432 }, scope: 'all', rules: [100] }]);
  });

  it('a lower-numbered allow wins over a later deny', () => {
    const v = evaluateNacl(acl([entry(100, 'allow', false, '10.0.1.0/24', '6', 5432), entry(110, 'deny', false, '0.0.0.0/0', '-1'), STAR_IN]), {
      direction: 'ingress',
      ports: { from: 5432, to: 5432 },
      peers: ['10.0.1.0/24'],
    });
    expect(v.allowed).toBe(true);
  });

  it('each direction is judged alone: an inbound allow does not let the reply out', () => {
    const a = acl([entry(100, 'allow', false, '0.0.0.0/0', '-1'), STAR_IN, STAR_OUT]);
    expect(evaluateNacl(a, { direction: 'ingress', ports: { from: 5432, to: 5432 }, peers: ['10.0.1.0/24'] }).allowed).toBe(true);
    const out = evaluateNacl(a, { direction: 'egress', ports: EPHEMERAL, peers: ['10.0.1.0/24'] });
    expect(out.allowed).toBe(false);
    expect(out.blocked).toEqual([{ ports: { from: 1024, to: 65535 }, scope: 'all', rules: [32767] }]);
  });

  it('a packet no entry matches is denied, even without an explicit * entry', () => {
    const v = evaluateNacl(acl([entry(100, 'allow', true, '0.0.0.0/0', '6', 80)]), { direction: 'egress', ports: { from: 443, to: 443 }, peers: ['0.0.0.0/0'] });
    expect(v.blocked).toEqual([{ ports: { from: 443, to: 443 }, scope: 'all', rules: ['*'] }]);
  });

  it('cuts the ephemeral range where entries start and end, naming the pieces denied', () => {
    const v = evaluateNacl(acl([entry(100, 'allow', false, '0.0.0.0/0', '6', 32768, 65535), STAR_IN]), { direction: 'ingress', ports: EPHEMERAL, peers: ['0.0.0.0/0'] });
    expect(v.blocked).toEqual([{ ports: { from: 1024, to: 32767 }, scope: 'all', rules: [32767] }]);
  });

  it('an allow for part of the peer addresses leaves the rest to later entries (scope "some")', () => {
    const v = evaluateNacl(acl([entry(100, 'allow', true, '52.216.0.0/15', '6', 443), STAR_OUT]), { direction: 'egress', ports: { from: 443, to: 443 }, peers: ['0.0.0.0/0'] });
    expect(v.blocked).toEqual([{ ports: { from: 443, to: 443 }, scope: 'some', rules: [32767] }]);
  });

  it('two partial allows that together cover the peer allow it', () => {
    const v = evaluateNacl(acl([entry(100, 'allow', false, '10.0.1.0/25', '6', 5432), entry(110, 'allow', false, '10.0.1.128/25', '6', 5432), STAR_IN]), {
      direction: 'ingress',
      ports: { from: 5432, to: 5432 },
      peers: ['10.0.1.0/24'],
    });
    expect(v.allowed).toBe(true);
  });

  it('ignores IPv6 entries for IPv4 peers and non-TCP entries for TCP', () => {
    const v = evaluateNacl(
      acl([{ ruleNumber: 50, action: 'deny', egress: true, protocol: '-1', cidrIpv6: '::/0' }, entry(60, 'deny', true, '0.0.0.0/0', '17', 443), entry(100, 'allow', true, '0.0.0.0/0', '6', 443), STAR_OUT]),
      { direction: 'egress', ports: { from: 443, to: 443 }, peers: ['0.0.0.0/0'] },
    );
    expect(v.allowed).toBe(true);
  });

  it("a subnet without an explicit association uses its VPC's default ACL", () => {
    const own: NetworkAcl = { id: 'acl-own', vpcId: 'vpc-1', isDefault: false, subnetIds: ['subnet-a'], entries: [] };
    const dflt: NetworkAcl = { id: 'acl-default', vpcId: 'vpc-1', isDefault: true, subnetIds: [], entries: [] };
    const other: NetworkAcl = { id: 'acl-other-default', vpcId: 'vpc-2', isDefault: true, subnetIds: [], entries: [] };
    expect(naclFor('subnet-a', 'vpc-1', [dflt, own])!.id).toBe('acl-own');
    expect(naclFor('subnet-b', 'vpc-1', [other, own, dflt])!.id).toBe('acl-default');
  });
});
