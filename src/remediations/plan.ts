/**
 * Planning: for each finding that makes the exit code non-zero under --fail-on, ask every
 * remediation that fixes that check for its actions (pure, from the facts); a finding nothing
 * automated covers gets printed manual steps. Actions are deduplicated by id (two checks may ask
 * for the same policy on the same role), dependencies that are not in the plan are dropped, and
 * the list is put in dependency order.
 */
import type { Check, CheckResult, FactNeed } from '../engine/types.js';
import type { FailOn } from '../engine/exit-code.js';
import type { Intent } from '../values/types.js';
import type { Inventory } from '../inventory/types.js';
import type { PlanContext, PlannedAction, Remediation } from './types.js';
import { manualAction, runTarget } from './support.js';
import { manualFor, manualSteps } from './manual.js';
import { createBucket } from './create-bucket.js';
import { scopeBucketAccess } from './scope-bucket-access.js';
import { attachNodePolicies } from './attach-node-policies.js';
import { authorizeSgIngress } from './authorize-sg-ingress.js';
import { authorizeSgEgress } from './authorize-sg-egress.js';
import { createEcrRepositories } from './create-ecr-repositories.js';
import { tagSubnets } from './tag-subnets.js';
import { createS3Endpoint } from './create-s3-endpoint.js';

/** Every automated remediation of DESIGN §6. */
export const REMEDIATIONS: readonly Remediation[] = [
  createBucket,
  scopeBucketAccess,
  attachNodePolicies,
  authorizeSgIngress,
  authorizeSgEgress,
  createEcrRepositories,
  tagSubnets,
  createS3Endpoint,
];

export function findRemediation(id: string): Remediation | undefined {
  return REMEDIATIONS.find((r) => r.id === id);
}

/** The findings that make the exit code 1 under --fail-on: fail, and warn with --fail-on warn. */
export function failingResults(results: readonly CheckResult[], failOn: FailOn): CheckResult[] {
  return results.filter((r) => r.status === 'fail' || (failOn === 'warn' && r.status === 'warn'));
}

export function planContext(intent: Intent, inventory: Inventory, failOn: FailOn, results: readonly CheckResult[]): PlanContext {
  const t = runTarget(inventory);
  return { intent, inventory, failOn, results, partition: t.partition, ...(t.accountId ? { accountId: t.accountId } : {}), ...(t.region ? { region: t.region } : {}) };
}

export interface Plan {
  actions: PlannedAction[];
  /** The checks the plan was made for. */
  checkIds: string[];
  /** The facts the plan was made from: the needs of those checks and what their remediations read. */
  needs: FactNeed[];
}

/** Stable topological order: an action comes after everything it depends on, otherwise in plan order. */
export function dependencyOrder(actions: readonly PlannedAction[]): PlannedAction[] {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: PlannedAction[] = [];
  const visit = (a: PlannedAction): void => {
    if (done.has(a.id)) return;
    if (visiting.has(a.id)) throw new Error(`remediation plan has a dependency cycle through ${a.id}`);
    visiting.add(a.id);
    for (const d of a.dependsOn) {
      const dep = byId.get(d);
      if (dep) visit(dep);
    }
    visiting.delete(a.id);
    done.add(a.id);
    out.push(a);
  };
  actions.forEach(visit);
  return out;
}

export function planRemediations(ctx: PlanContext, checks: readonly Check[]): Plan {
  const byCheck = new Map(checks.map((c) => [c.id, c]));
  const actions = new Map<string, PlannedAction>();
  const needs = new Set<FactNeed>();
  const failing = failingResults(ctx.results, ctx.failOn);
  for (const result of failing) {
    const check = byCheck.get(result.id);
    for (const n of check?.needs ?? []) needs.add(n);
    const produced: PlannedAction[] = [];
    for (const r of REMEDIATIONS.filter((x) => x.fixes.includes(result.id))) {
      let planned: PlannedAction[];
      try {
        planned = r.plan(ctx, result);
      } catch (err) {
        // Facts a planner needs but the check did not (or a shape it did not expect): steps, not a crash.
        const why = err instanceof Error ? err.message : String(err);
        planned = [manualAction(result.id, `unplanned:${r.id}`, `${r.id} could not be planned from the facts (${why}); fix by hand`, manualSteps(ctx, result, check))];
      }
      if (planned.some((a) => a.safety !== 'manual')) for (const n of r.reads ?? []) needs.add(n);
      produced.push(...planned);
    }
    if (produced.length === 0) produced.push(manualFor(ctx, result, check));
    for (const a of produced) if (!actions.has(a.id)) actions.set(a.id, a);
  }
  const ids = new Set(actions.keys());
  const cleaned = [...actions.values()].map((a) => ({ ...a, dependsOn: a.dependsOn.filter((d) => ids.has(d) && d !== a.id) }));
  return { actions: dependencyOrder(cleaned), checkIds: failing.map((r) => r.id), needs: [...needs].sort() };
}
