/**
 * Protocols and port ranges as security groups and network ACLs spell them. EC2 reports a
 * protocol by name (`tcp`) or number (`6`); `-1` means every protocol and every port.
 */

export interface PortRange {
  from: number;
  to: number;
}

/** Return traffic of a TCP connection goes back to the client's ephemeral port: any of these. */
export const EPHEMERAL: PortRange = { from: 1024, to: 65535 };
/** What Linux clients (the nodes and their pods) actually use: net.ipv4.ip_local_port_range default. */
export const LINUX_EPHEMERAL: PortRange = { from: 32768, to: 60999 };

export type ProtocolMatch = 'all' | 'tcp' | 'other';

export function tcpMatch(protocol: string): ProtocolMatch {
  const p = protocol.trim().toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  if (p === 'tcp' || p === '6') return 'tcp';
  return 'other';
}

/**
 * The TCP ports a rule or entry covers: every port for protocol -1, its range for tcp, none
 * otherwise. A tcp rule without ports (not something EC2 returns) covers nothing: fail closed.
 */
export function tcpPortsOf(rule: { protocol: string; fromPort?: number; toPort?: number }): PortRange | undefined {
  const m = tcpMatch(rule.protocol);
  if (m === 'all') return { from: 0, to: 65535 };
  if (m !== 'tcp' || rule.fromPort === undefined || rule.toPort === undefined) return undefined;
  // -1/-1 on tcp is how some tools spell "all ports".
  if (rule.fromPort === -1 && rule.toPort === -1) return { from: 0, to: 65535 };
  return { from: rule.fromPort, to: rule.toPort };
}

export function coversPort(rule: { protocol: string; fromPort?: number; toPort?: number }, port: number): boolean {
  const r = tcpPortsOf(rule);
  return r !== undefined && r.from <= port && port <= r.to;
}

export function formatPorts(r: PortRange): string {
  if (r.from === 0 && r.to === 65535) return 'all';
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

export function overlaps(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}
