/** Planning from fixture inventories, as --fix plans: the checks run through the engine, then the plan. */
import type { Check } from '../../../src/engine/types.js';
import type { FailOn } from '../../../src/engine/exit-code.js';
import type { Intent } from '../../../src/values/types.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { runChecks } from '../../../src/engine/run.js';
import { planContext, planRemediations, type Plan } from '../../../src/remediations/plan.js';

export function planFor(checks: Check | readonly Check[], intent: Intent, inventory: Inventory, failOn: FailOn = 'fail'): Plan & { statuses: Record<string, string> } {
  const list = Array.isArray(checks) ? (checks as readonly Check[]) : [checks as Check];
  const results = runChecks(list, intent, inventory);
  const plan = planRemediations(planContext(intent, inventory, failOn, results), list);
  return { ...plan, statuses: Object.fromEntries(results.map((r) => [r.id, r.status])) };
}
