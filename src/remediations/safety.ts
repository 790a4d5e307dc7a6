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

/** Operations that remove or narrow what exists: never planned (a rollback of the run's own key is not a planned call). */
export const DESTRUCTIVE = /:(Delete|Revoke|Remove|Detach|Replace|Disassociate|Disable|Deregister|Untag)/;
