import { describe, expect, it } from 'vitest';
import { AddressSet, cidrContains, cidrOverlaps, coveredBy, isWorldCidr, parseCidr, parseIp } from '../../src/network/cidr.js';

describe('CIDR parsing', () => {
  it('parses IPv4 blocks and clears host bits', () => {
    expect(parseCidr('10.0.1.7/24')).toMatchObject({ version: 4, prefix: 24, network: parseIp('10.0.1.0')!.network });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ version: 4, prefix: 0, network: 0n });
  });

  it('reads a bare address as a host block', () => {
    expect(parseCidr('192.168.1.1')).toMatchObject({ version: 4, prefix: 32 });
    expect(parseCidr('2001:db8::1')).toMatchObject({ version: 6, prefix: 128 });
  });

  it('parses IPv6 in full, compressed and IPv4-embedded forms', () => {
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!.network).toBe(parseIp('2001:db8::1')!.network);
    expect(parseIp('::')!.network).toBe(0n);
    expect(parseIp('::1')!.network).toBe(1n);
    expect(parseIp('::ffff:10.0.0.1')!.network).toBe((0xffffn << 32n) | (10n << 24n) | 1n);
    expect(parseCidr('2600:1f18:abcd:1200::/56')).toMatchObject({ version: 6, prefix: 56 });
  });

  it('rejects malformed input rather than guessing', () => {
    for (const bad of ['10.0.0.256/24', '10.0.0/24', '10.0.0.0/33', '2001:db8::1::2', '2001:db8::/129', 'not-a-cidr', '', '10.0.0.0/x', '1:2:3:4:5:6:7:8:9']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });
});

describe('containment', () => {
  it('a /16 contains its /24s and not its neighbours', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.5.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.5.0/24')).toBe(false);
    expect(cidrContains('10.0.5.0/24', '10.0.0.0/16')).toBe(false);
  });

  it('IPv6 containment works on 128-bit addresses', () => {
    expect(cidrContains('2600:1f18:abcd::/48', '2600:1f18:abcd:1200::/56')).toBe(true);
    expect(cidrContains('2600:1f18:abcd::/48', '2600:1f18:abce:1200::/56')).toBe(false);
    expect(cidrContains('::/0', '2600:1f18:abcd:1200::/56')).toBe(true);
  });

  it('never mixes families: 0.0.0.0/0 does not contain IPv6, ::/0 does not contain IPv4', () => {
    expect(cidrContains('0.0.0.0/0', '2001:db8::/64')).toBe(false);
    expect(cidrContains('::/0', '10.0.0.0/8')).toBe(false);
  });

  it('overlap is containment either way', () => {
    expect(cidrOverlaps('10.0.0.0/16', '10.0.1.0/24')).toBe(true);
    expect(cidrOverlaps('10.0.1.0/24', '10.0.0.0/16')).toBe(true);
    expect(cidrOverlaps('10.0.1.0/24', '10.0.2.0/24')).toBe(false);
  });

  it('world blocks are the /0 of either family only', () => {
    expect(isWorldCidr('0.0.0.0/0')).toBe(true);
    expect(isWorldCidr('::/0')).toBe(true);
    expect(isWorldCidr('0.0.0.0/1')).toBe(false);
    expect(isWorldCidr(undefined)).toBe(false);
  });

  it('union coverage: two /25s together cover their /24, one alone does not', () => {
    expect(coveredBy('10.0.1.0/24', ['10.0.1.0/25', '10.0.1.128/25'])).toBe(true);
    expect(coveredBy('10.0.1.0/24', ['10.0.1.0/25'])).toBe(false);
    expect(coveredBy('10.0.1.0/24', ['2001:db8::/32'])).toBe(false);
  });
});

describe('address sets', () => {
  it('subtracting blocks leaves what no block decided', () => {
    let s = AddressSet.of(['10.0.0.0/16']);
    s = s.minus(parseCidr('10.0.0.0/17')!);
    expect(s.isEmpty).toBe(false);
    expect(s.intersects(parseCidr('10.0.1.0/24')!)).toBe(false);
    expect(s.intersects(parseCidr('10.0.200.0/24')!)).toBe(true);
    s = s.minus(parseCidr('10.0.128.0/17')!);
    expect(s.isEmpty).toBe(true);
  });

  it('merges adjacent blocks', () => {
    expect(AddressSet.of(['10.0.0.0/25', '10.0.0.128/25']).ranges).toHaveLength(1);
  });
});
