/**
 * `check --fix` (DESIGN §2, §6): after the checks, plan remediations for the findings that make
 * the exit code non-zero under --fail-on, print the plan on stderr, then
 * - --dry-run: print the exact calls too, change nothing (mode 'dry-run');
 * - --plan-out FILE: save the plan bound to the observed state, change nothing (mode 'plan');
 * - --yes, or a "yes" at the prompt on a TTY (default no): apply (mode 'apply'), collect and
 *   evaluate again, and report the state after, with the statuses before;
 * - otherwise (no TTY, no --yes): change nothing (mode 'plan').
 * --apply-plan FILE replaces planning by a saved plan, refused (exit 2) when the facts it was made
 * from changed since. Only `safe` actions run unless --fix-type risky; `manual` ones never do.
 */
import type { Check, Status } from '../engine/types.js';
import { summarize } from '../engine/exit-code.js';
import { runChecks } from '../engine/run.js';
import type { Intent, ValuesView } from '../values/types.js';
import type { Inventory } from '../inventory/types.js';
import { AwsRuntime, type ClientConfig } from '../inventory/aws/runtime.js';
import type { Redactor } from '../secrets/redact.js';
import type { RemediationActionRecord, RemediationReport, Report } from '../report/types.js';
import { buildReport } from '../report/build.js';
import { UsageError } from '../cli/errors.js';
import { progress } from '../cli/progress.js';
import { gatherInventory, neededFacts, type CheckOptions, type Evaluation } from '../cli/check-command.js';
import { callRecord, type ActionOutcome, type PlannedAction, type SecretStore } from './types.js';
import { failingResults, planContext, planRemediations } from './plan.js';
import { applyActions } from './apply.js';
import { boundFacts, changedPaths, digestOf, factPaths } from './state.js';
import { readPlanFile, writePlanFile } from './plan-file.js';
import { renderOutcomes, renderPlan, writer } from './print.js';
import { kubeSecretStore, type SecretStoreInput } from './kube-secrets.js';
import { runTarget } from './support.js';

export interface FixInput {
  report: Report;
  intent: Intent;
  inventory: Inventory;
  opts: CheckOptions;
  /** The selected checks (evaluated again after applying) and those --skip deselected. */
  checks: readonly Check[];
  skipped: readonly Check[];
  redactor: Redactor;
  values: ValuesView;
  startedAt: Date;
}

/** Seams for tests; each defaults to the real thing. */
export interface FixDeps {
  stderr?: (text: string) => void;
  /** Whether a person can answer a prompt (default: stdin and stderr are TTYs). */
  interactive?: boolean;
  confirm?: (message: string) => Promise<boolean>;
  runtime?: (config: ClientConfig, signal: AbortSignal) => AwsRuntime;
  secretStore?: (input: SecretStoreInput) => Promise<SecretStore | { unavailable: string }>;
  gather?: (opts: CheckOptions, intent: Intent, needs: ReturnType<typeof neededFacts>, redactor: Redactor) => Promise<Evaluation>;
  now?: () => Date;
  width?: number;
}

type Mode = RemediationReport['mode'];

async function askConfirm(message: string): Promise<boolean> {
  const { default: confirm } = await import('@inquirer/confirm');
  return confirm({ message, default: false }, { output: process.stderr });
}

function toRecord(o: ActionOutcome, redactor: Redactor): RemediationActionRecord {
  const a = o.action;
  const notes = [...(a.notes ?? []), ...o.notes].map((n) => redactor.text(n));
  return {
    id: a.id,
    checkId: a.checkId,
    description: a.description,
    calls: a.calls.map((c) => ({ ...callRecord(c), params: redactor.deep(c.params) })),
    safety: a.safety,
    remediation: a.remediation,
    dependsOn: a.dependsOn,
    status: o.status,
    requestIds: o.requestIds,
    ...(o.error !== undefined ? { error: redactor.text(o.error) } : {}),
    ...(o.at ? { at: o.at } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

const planned = (a: PlannedAction): ActionOutcome => ({ action: a, status: 'planned', requestIds: [], notes: [] });

function addCounts(...maps: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * The actions of a saved plan, after proving the facts it was made from have not changed, and that
 * each action is exactly one this tool plans for those facts: a reviewer may drop actions from the
 * file, but an action edited by hand (a `risky` one relabelled `safe`, a changed parameter) is refused.
 */
function loadApprovedPlan(file: string, inventory: Inventory, redactor: Redactor, fresh: readonly PlannedAction[]): PlannedAction[] {
  const saved = readPlanFile(file);
  const now = boundFacts(inventory, Object.keys(saved.facts), redactor);
  if (digestOf(now) !== saved.digest) {
    const changed = changedPaths(saved.facts, now);
    const shown = changed.slice(0, 10).join(', ');
    throw new UsageError(
      `plan ${file} no longer matches the account: ${changed.length} fact path${changed.length === 1 ? '' : 's'} changed since it was made (${saved.createdAt}): ${shown}${changed.length > 10 ? `, and ${changed.length - 10} more` : ''}. Make a new plan with --plan-out.`,
    );
  }
  // Compared as the plan file holds them: redacted, through JSON.
  const asSaved = (a: PlannedAction) => digestOf({ action: JSON.parse(redactor.text(JSON.stringify(a))) as unknown });
  const planned = new Map(fresh.map((a) => [a.id, asSaved(a)]));
  const edited = saved.actions.filter((a) => planned.get(a.id) !== asSaved(a)).map((a) => a.id);
  if (edited.length) {
    throw new UsageError(`plan ${file} was edited: ${edited.join(', ')} ${edited.length === 1 ? 'is not an action' : 'are not actions'} daytona-preflight plans for these facts. Make a new plan with --plan-out.`);
  }
  return saved.actions;
}

export async function runFix(input: FixInput, deps: FixDeps = {}): Promise<Report> {
  const { report, intent, inventory, opts, redactor } = input;
  const say = writer(deps.stderr ?? ((t) => void process.stderr.write(t)), redactor);
  const now = deps.now ?? (() => new Date());
  if (opts.planOut && opts.applyPlan) throw new UsageError('--plan-out and --apply-plan cannot be combined: save a plan in one run, apply it in another');

  const ctx = planContext(intent, inventory, opts.failOn, report.checks);
  const findings = failingResults(report.checks, opts.failOn).length;
  let actions: PlannedAction[];
  let paths: string[] = [];
  if (opts.applyPlan) {
    actions = loadApprovedPlan(opts.applyPlan, inventory, redactor, planRemediations(ctx, input.checks).actions);
    say(`Plan ${opts.applyPlan}: the account still matches the facts it was made from.\n`);
  } else {
    const plan = planRemediations(ctx, input.checks);
    actions = plan.actions;
    paths = factPaths(plan.needs);
  }
  say(renderPlan(actions, { ...(deps.width ? { width: deps.width } : process.stderr.columns ? { width: process.stderr.columns } : {}), exact: opts.dryRun, findings }));

  const runnable = actions.filter((a) => a.safety === 'safe' || (a.safety === 'risky' && opts.fixType === 'risky'));
  const heldBack = actions.filter((a) => a.safety === 'risky' && opts.fixType !== 'risky');
  if (heldBack.length) say(`${heldBack.length} risky action${heldBack.length === 1 ? '' : 's'} will not be applied without --fix-type risky.\n`);

  let mode: Mode;
  if (opts.dryRun) {
    mode = 'dry-run';
    say('Dry run: nothing was changed.\n');
  } else if (opts.planOut) {
    mode = 'plan';
    const t = runTarget(inventory);
    const saved = writePlanFile(
      opts.planOut,
      { target: { ...(t.accountId ? { accountId: t.accountId } : {}), ...(t.region ? { region: t.region } : {}), ...(inventory.eks?.clusterName ? { cluster: inventory.eks.clusterName } : {}) }, failOn: opts.failOn, facts: boundFacts(inventory, paths, redactor), actions },
      redactor,
      now(),
    );
    say(`Plan saved to ${opts.planOut} (${saved.digest}); nothing was changed. Apply it with: daytona-preflight check --fix --apply-plan ${opts.planOut} --yes\n`);
  } else if (opts.yes) {
    mode = 'apply';
  } else if (deps.interactive ?? (Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY))) {
    if (runnable.length === 0) mode = 'plan';
    else {
      const t = runTarget(inventory);
      const where = [t.accountId ? `account ${t.accountId}` : '', t.region ?? ''].filter(Boolean).join(' in ');
      const yes = await (deps.confirm ?? askConfirm)(`Apply ${runnable.length} action${runnable.length === 1 ? '' : 's'}${where ? ` to ${where}` : ''}?`);
      mode = yes ? 'apply' : 'plan';
      if (!yes) say('Nothing was changed.\n');
    }
  } else {
    mode = 'plan';
    if (actions.length) say('No TTY and no --yes: the plan was printed and nothing was changed. Run with --yes to apply it (and --fix-type risky for the risky actions), or save it with --plan-out FILE.\n');
  }

  const before = { summary: report.summary, statuses: Object.fromEntries(report.checks.map((c) => [c.id, c.status])) as Record<string, Status> };
  if (mode !== 'apply') {
    return { ...report, remediation: { mode, actions: actions.map((a) => toRecord(planned(a), redactor)), before } };
  }

  // Apply: a runtime of its own (the collection's was closed), bound to the same deadline length.
  const t = runTarget(inventory);
  const region = t.region ?? opts.region;
  if (!region && runnable.length) throw new UsageError('cannot apply: the region of the run is unknown (pass --region)');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutSeconds * 1000);
  timer.unref?.();
  // With nothing runnable no client is ever built (they load lazily), so the region does not matter.
  const config: ClientConfig = { region: region ?? 'us-east-1', ...(opts.profile ? { profile: opts.profile } : {}) };
  const rt = deps.runtime ? deps.runtime(config, controller.signal) : new AwsRuntime(config, controller.signal);
  let store: Promise<SecretStore | { unavailable: string }> | undefined;
  const storeInput: SecretStoreInput = { inventory, rt, ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(opts.context ? { context: opts.context } : {}) };
  let outcomes: ActionOutcome[];
  try {
    outcomes = await applyActions(actions, { rt, redactor, now, secrets: () => (store ??= (deps.secretStore ?? kubeSecretStore)(storeInput)) }, { fixType: opts.fixType });
  } finally {
    clearTimeout(timer);
    rt.destroy();
  }
  say(renderOutcomes(outcomes));
  const remediationFailed = outcomes.some((o) => o.status === 'failed');
  const records = outcomes.map((o) => toRecord(o, redactor));
  if (!outcomes.some((o) => o.status === 'applied' || o.status === 'failed')) {
    return { ...report, apiCalls: addCounts(report.apiCalls, rt.calls), summary: summarize(report.checks.map((c) => c.status), opts.failOn, remediationFailed), remediation: { mode, actions: records, before } };
  }

  // The state after: collected and evaluated again, exactly as the first time.
  say('Checking again…\n');
  const needs = neededFacts(input.checks, intent);
  progress.start('collecting facts again');
  let after: Evaluation;
  try {
    after = await (deps.gather ?? gatherInventory)(opts, intent, needs, redactor);
  } catch (err) {
    // What was applied must still be reported: the checks stay as they were before, said so.
    say(`Checking again failed (${err instanceof Error ? err.message : String(err)}): the checks below are the state before the fix.\n`);
    return { ...report, apiCalls: addCounts(report.apiCalls, rt.calls), summary: summarize(report.checks.map((c) => c.status), opts.failOn, remediationFailed), remediation: { mode, actions: records, before } };
  } finally {
    progress.stop();
  }
  const results = runChecks(input.checks, intent, after.inventory, { userSkipped: input.skipped });
  const rebuilt = buildReport({
    startedAt: input.startedAt,
    intent,
    inventory: after.inventory,
    results,
    meta: { ...after.meta, apiCalls: addCounts(report.apiCalls, rt.calls, after.meta.apiCalls), apiRetries: addCounts(report.apiRetries, rt.retries, after.meta.apiRetries) },
    opts,
    values: input.values,
  });
  return {
    ...rebuilt,
    summary: summarize(results.map((r) => r.status), opts.failOn, remediationFailed),
    remediation: { mode, actions: records, before },
  };
}
