/**
 * Small helpers the RDS, ElastiCache and Network checks share to turn findings into an Outcome.
 */
import type { Inventory } from '../inventory/types.js';
import type { Outcome } from '../engine/types.js';
import { networkNodeSets, type NetNodeSet } from './nodes.js';

const MAX_SHOWN = 5;

/** Collects fail- and warn-level findings; the worst decides the status. */
export class Findings {
  readonly fails: string[] = [];
  readonly warns: string[] = [];

  fail(message: string): this {
    this.fails.push(message);
    return this;
  }

  warn(message: string): this {
    this.warns.push(message);
    return this;
  }

  get status(): 'pass' | 'warn' | 'fail' {
    return this.fails.length ? 'fail' : this.warns.length ? 'warn' : 'pass';
  }

  /** The outcome: failures first, then warnings; `passMessage` when there is neither. */
  outcome(passMessage: string, rest: Omit<Outcome, 'status' | 'message'> = {}): Outcome {
    const all = [...this.fails, ...this.warns];
    // Long lists stay readable: the evidence carries every item.
    const shown = all.length > MAX_SHOWN ? [...all.slice(0, MAX_SHOWN), `and ${all.length - MAX_SHOWN} more (see evidence)`] : all;
    const message = this.status === 'pass' ? passMessage : shown.join('; ');
    return { status: this.status, message, ...rest };
  }
}

/**
 * Run `fn` with the nodes, or skip when there are none to judge: the subject is missing, and
 * eks-cluster / eks-nodes say why. A verdict over zero node sets would be vacuous, never a pass.
 */
export function withNodes(inv: Inventory, fn: (sets: NetNodeSet[]) => Outcome): Outcome {
  const sets = networkNodeSets(inv);
  if (sets.length === 0) {
    return {
      status: 'skip',
      message: 'skipped: the cluster has no managed node group or self-managed node to judge (see eks-cluster, eks-nodes)',
      reason: 'depends on eks-nodes',
    };
  }
  return fn(sets);
}

/** `a, b and 3 more` */
export function listBrief(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * A managed service's status: `available` passes; states in which it still serves connections
 * while changing (a backup, a modification) warn; anything else (creating, stopped, failed,
 * rebooting, deleting…) fails, because the install's migration job cannot connect.
 */
export function judgeStatus(f: Findings, label: string, status: string, servingStates: readonly string[]): void {
  const s = status.toLowerCase();
  if (s === 'available') return;
  if (servingStates.includes(s)) f.warn(`${label} is '${status}': it serves connections, but is changing; install once it is 'available'`);
  else f.fail(`${label} is '${status}', not 'available'`);
}
