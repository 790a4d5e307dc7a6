/**
 * IPv4 and IPv6 CIDR arithmetic on BigInt, so both families share one code path.
 * Only what reachability needs: parse, containment, overlap, and address-range sets for NACL
 * evaluation (which addresses of a peer range a rule still has to decide).
 */

export type IpVersion = 4 | 6;

export interface Cidr {
  version: IpVersion;
  /** First address of the block (host bits cleared). */
  network: bigint;
  prefix: number;
  /** The text it was parsed from, for evidence. */
  text: string;
}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseIpv6(s: string): bigint | undefined {
  if (s.length === 0 || s.split('::').length > 2) return undefined;
  let text = s;
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups: rewrite it as hex.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const compressed = text.includes('::');
  const [head, rest] = compressed ? (text.split('::') as [string, string]) : [text, ''];
  const left = groupsOf(head);
  const right = groupsOf(rest);
  const explicit = left.length + right.length;
  if (compressed ? explicit > 7 : explicit !== 8) return undefined;
  const groups = [...left, ...Array<string>(compressed ? 8 - explicit : 0).fill('0'), ...right];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** Parse an address (`10.0.0.1`, `2001:db8::1`) as a host-length block. */
export function parseIp(s: string): Cidr | undefined {
  const text = s.trim();
  if (text.includes(':')) {
    const n = parseIpv6(text);
    return n === undefined ? undefined : { version: 6, network: n, prefix: 128, text };
  }
  const n = parseIpv4(text);
  return n === undefined ? undefined : { version: 4, network: n, prefix: 32, text };
}

/** Parse `a.b.c.d/n` or `x::/n` (a bare address is a /32 or /128). Host bits are cleared. */
export function parseCidr(s: string): Cidr | undefined {
  const text = s.trim();
  const slash = text.indexOf('/');
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  if (slash < 0) return { ...addr, text };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > BITS[addr.version]) return undefined;
  return { version: addr.version, network: addr.network & mask(addr.version, prefix), prefix, text };
}

function mask(version: IpVersion, prefix: number): bigint {
  const bits = BigInt(BITS[version]);
  const all = (1n << bits) - 1n;
  return prefix === 0 ? 0n : (all >> (bits - BigInt(prefix))) << (bits - BigInt(prefix));
}

/** Last address of the block. */
export function lastAddress(c: Cidr): bigint {
  return c.network | (((1n << BigInt(BITS[c.version])) - 1n) & ~mask(c.version, c.prefix));
}

function asCidr(c: Cidr | string): Cidr | undefined {
  return typeof c === 'string' ? parseCidr(c) : c;
}

/** Whether `outer` contains every address of `inner` (same family only). Unparseable → false. */
export function cidrContains(outer: Cidr | string, inner: Cidr | string): boolean {
  const o = asCidr(outer);
  const i = asCidr(inner);
  if (!o || !i || o.version !== i.version || o.prefix > i.prefix) return false;
  return (i.network & mask(o.version, o.prefix)) === o.network;
}

/** Whether the two blocks share any address (same family only). */
export function cidrOverlaps(a: Cidr | string, b: Cidr | string): boolean {
  const x = asCidr(a);
  const y = asCidr(b);
  if (!x || !y || x.version !== y.version) return false;
  return cidrContains(x, y) || cidrContains(y, x);
}

/** `0.0.0.0/0` or `::/0`: every address of its family. */
export function isWorldCidr(c: Cidr | string | undefined): boolean {
  if (c === undefined) return false;
  const x = asCidr(c);
  return x !== undefined && x.prefix === 0;
}

export function ipVersionOf(c: string): IpVersion | undefined {
  return parseCidr(c)?.version;
}

// ------------------------------------------------------------------ address sets

/** Inclusive address interval, one family. */
export interface AddrRange {
  version: IpVersion;
  start: bigint;
  end: bigint;
}

export function rangeOf(c: Cidr): AddrRange {
  return { version: c.version, start: c.network, end: lastAddress(c) };
}

/** A set of addresses as sorted, disjoint intervals (per family). */
export class AddressSet {
  private constructor(readonly ranges: readonly AddrRange[]) {}

  static of(cidrs: readonly (Cidr | string)[]): AddressSet {
    const ranges = cidrs.map(asCidr).filter((c): c is Cidr => c !== undefined).map(rangeOf);
    return new AddressSet(normalise(ranges));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  intersects(c: Cidr): boolean {
    const r = rangeOf(c);
    return this.ranges.some((x) => x.version === r.version && x.start <= r.end && r.start <= x.end);
  }

  /** The addresses not in `c`. */
  minus(c: Cidr): AddressSet {
    const r = rangeOf(c);
    const out: AddrRange[] = [];
    for (const x of this.ranges) {
      if (x.version !== r.version || x.end < r.start || r.end < x.start) {
        out.push(x);
        continue;
      }
      if (x.start < r.start) out.push({ version: x.version, start: x.start, end: r.start - 1n });
      if (r.end < x.end) out.push({ version: x.version, start: r.end + 1n, end: x.end });
    }
    return new AddressSet(out);
  }
}

function normalise(ranges: AddrRange[]): AddrRange[] {
  const sorted = [...ranges].sort((a, b) => a.version - b.version || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: AddrRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.version === r.version && r.start <= last.end + 1n) {
      if (r.end > last.end) out[out.length - 1] = { ...last, end: r.end };
    } else out.push({ ...r });
  }
  return out;
}

/** Whether every block in `inner` lies inside some block in `outers` (union coverage is enough). */
export function coveredBy(inner: Cidr | string, outers: readonly (Cidr | string)[]): boolean {
  const i = asCidr(inner);
  if (!i) return false;
  let rest = AddressSet.of([i]);
  for (const o of outers) {
    const c = asCidr(o);
    if (c && c.version === i.version) rest = rest.minus(c);
    if (rest.isEmpty) return true;
  }
  return rest.isEmpty;
}
