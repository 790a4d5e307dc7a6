/**
 * The rules every plan must keep, checked over the data itself (and asserted in tests over every
 * planned call): no call opens anything to the whole internet (a /0 CIDR anywhere in its
 * parameters), and no call deletes, revokes, replaces or detaches.
 */
import { isWorldCidr } from '../network/cidr.js';
import type { PlannedAction } from './types.js';

/** `/0` CIDRs anywhere in an action's call parameters, as `api: CIDR` lines. */
export function worldOpenings(action: PlannedAction): string[] {
  const found: string[] = [];
  const walk = (v: unknown, api: string): void => {
    if (typeof v === 'string') {
      if (v.includes('/') && isWorldCidr(v.trim())) found.push(`${api} would open ${v} (never automated)`);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, api));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, api));
  };
  for (const c of action.calls) walk(c.params, c.api);
  return found;
}

/**
 * Address ranges in a security-group rule, as `api: CIDR` lines. The remediations only ever name a
 * group or a prefix list as a rule's other end; a range is refused whatever its size (0.0.0.0/1
 * and 128.0.0.0/1 together are the whole internet).
 */
export function addressRanges(action: PlannedAction): string[] {
  const found: string[] = [];
  for (const c of action.calls) {
    const perms = (c.params as { IpPermissions?: unknown }).IpPermissions;
    for (const p of Array.isArray(perms) ? perms : []) {
      const ranges = [...((p as { IpRanges?: unknown[] })?.IpRanges ?? []), ...((p as { Ipv6Ranges?: unknown[] })?.Ipv6Ranges ?? [])];
      for (const r of ranges) found.push(`${c.api} names ${String((r as { CidrIp?: unknown; CidrIpv6?: unknown })?.CidrIp ?? (r as { CidrIpv6?: unknown })?.CidrIpv6)} (a group or prefix list, never an address range)`);
    }
  }
  return found;
}

/** Operations that remove or narrow what exists: never planned (a rollback of the run's own key is not a planned call). */
export const DESTRUCTIVE = /:(Delete|Revoke|Remove|Detach|Replace|Disassociate|Disable|Deregister|Untag)/;
