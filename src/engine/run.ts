import type { Check, CheckResult, Outcome, Status } from './types.js';
import type { Intent } from '../values/types.js';
import type { Inventory } from '../inventory/types.js';
import { FactUnavailable } from '../inventory/fact.js';

export function docsText(check: Check): string {
  return `${check.docs.what}\n\nWhy: ${check.docs.why}\n\nFix: ${check.docs.fix}`;
}

function toResult(check: Check, outcome: Outcome, durationMs: number): CheckResult {
  return {
    id: check.id,
    area: check.area,
    title: check.title,
    severity: check.severity,
    status: outcome.status,
    message: outcome.message,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    resources: outcome.resources ?? [],
    evidence: outcome.evidence ?? {},
    valuesPaths: outcome.valuesPaths ?? [],
    ...(check.remediation ? { remediation: { id: check.remediation, automatic: check.remediation !== 'manual' } } : {}),
    docs: docsText(check),
    durationMs,
  };
}

/** Evaluate one check, turning a throw into `error` (the engine, not each check, fails closed). */
export function evaluateCheck(check: Check, intent: Intent, inventory: Inventory): Outcome {
  try {
    const outcome = check.evaluate(intent, inventory);
    return outcome;
  } catch (err) {
    if (err instanceof FactUnavailable) {
      const e = err.factError;
      return {
        status: 'error',
        message: e.action ? `could not evaluate: ${e.code} on ${e.action}` : `could not evaluate: ${e.message}`,
        reason: e.code === 'timeout' ? 'timeout' : e.action ? `${e.code} on ${e.action}` : e.message,
        error: e,
      };
    }
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'error', message: `check failed to run: ${message}`, reason: 'internal error in check', error: { code: 'CheckError', message } };
  }
}

export interface RunOptions {
  /** Checks deselected by --skip: reported as skip. */
  userSkipped?: readonly Check[];
}

/**
 * Run the selected checks over one intent and inventory. Checks are pure and fast, so they run in
 * catalogue order with their dependencies first; the slow, concurrent part is collection.
 */
export function runChecks(checks: readonly Check[], intent: Intent, inventory: Inventory, opts: RunOptions = {}): CheckResult[] {
  const statusById = new Map<string, Status>();
  const results = new Map<string, CheckResult>();
  const byId = new Map(checks.map((c) => [c.id, c]));
  const visiting = new Set<string>();

  const run = (check: Check): Status => {
    const known = statusById.get(check.id);
    if (known) return known;
    if (visiting.has(check.id)) throw new Error(`dependency cycle through ${check.id}`);
    visiting.add(check.id);
    const started = performance.now();
    let outcome: Outcome;
    const applies = check.appliesTo(intent);
    const kubeOff = inventory.kube?.disabled;
    if (applies !== true) {
      outcome = { status: 'skip', message: `not applicable: ${applies}`, reason: applies };
    } else if (kubeOff && check.needs.length > 0 && check.needs.every((n) => n.startsWith('kube.'))) {
      outcome = { status: 'skip', message: `skipped: ${kubeOff}`, reason: kubeOff };
    } else {
      const blocking = (check.dependsOn ?? [])
        .map((id) => byId.get(id))
        .filter((dep): dep is Check => dep !== undefined)
        .filter((dep) => {
          const s = run(dep);
          return s === 'fail' || s === 'error' || s === 'skip';
        });
      outcome = blocking.length
        ? {
            status: 'skip',
            message: `skipped: depends on ${blocking.map((d) => d.id).join(', ')}, which did not pass`,
            reason: `depends on ${blocking.map((d) => d.id).join(', ')}`,
          }
        : evaluateCheck(check, intent, inventory);
    }
    visiting.delete(check.id);
    const result = toResult(check, outcome, Math.round((performance.now() - started) * 1000) / 1000);
    statusById.set(check.id, result.status);
    results.set(check.id, result);
    return result.status;
  };

  for (const check of checks) run(check);
  for (const check of opts.userSkipped ?? []) {
    results.set(check.id, toResult(check, { status: 'skip', message: 'skipped by --skip', reason: 'disabled by --skip' }, 0));
  }
  // Catalogue order, whatever order they were evaluated in.
  const order = [...checks, ...(opts.userSkipped ?? [])];
  return order.map((c) => results.get(c.id)!).filter(Boolean);
}
