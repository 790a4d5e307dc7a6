import { writeFileSync } from 'node:fs';
import type { FactNeed, Check, CheckResult } from '../engine/types.js';
import type { FailOn } from '../engine/exit-code.js';
import { ALL_CHECKS } from '../engine/registry.js';
import { selectChecks, splitIds } from '../engine/select.js';
import { runChecks } from '../engine/run.js';
import { loadValues } from '../values/load.js';
import { deriveIntent } from '../values/intent.js';
import type { Intent, ValuesView } from '../values/types.js';
import type { Inventory } from '../inventory/types.js';
import { readSnapshot, writeSnapshot } from '../inventory/snapshot.js';
import { buildReport, type RunMeta } from '../report/build.js';
import type { Report } from '../report/types.js';
import { renderReport, type OutputFormat } from '../report/render.js';
import { createRedactor, secretValuesOf, type Redactor } from '../secrets/redact.js';
import { UsageError } from './errors.js';
import { progress } from './progress.js';

export interface CheckOptions {
  values: string[];
  set: string[];
  cluster?: string;
  region?: string;
  profile?: string;
  namespace: string;
  release: string;
  kubeconfig?: string;
  context?: string;
  kube: boolean;
  only: string[];
  skip: string[];
  output: OutputFormat;
  outputFile?: string;
  failOn: FailOn;
  snapshot?: string;
  saveSnapshot?: string;
  fix: boolean;
  yes: boolean;
  dryRun: boolean;
  fixType: 'safe' | 'risky';
  planOut?: string;
  applyPlan?: string;
  timeoutSeconds: number;
}

/** The facts the applicable, selected checks read: nothing else is collected. */
export function neededFacts(checks: readonly Check[], intent: Intent): Set<FactNeed> {
  const needs = new Set<FactNeed>();
  for (const check of checks) if (check.appliesTo(intent) === true) for (const n of check.needs) needs.add(n);
  return needs;
}

export interface Evaluation {
  inventory: Inventory;
  meta: RunMeta;
}

/** Collect (live or from a snapshot) what the checks need. Shared by `check` and the re-check after `--fix`. */
export async function gatherInventory(opts: CheckOptions, intent: Intent, needs: Set<FactNeed>, redactor: Redactor, whileWaiting?: () => void): Promise<Evaluation> {
  const meta: RunMeta = { apiCalls: {}, apiRetries: {} };
  if (opts.snapshot) {
    const snap = readSnapshot(opts.snapshot);
    meta.snapshot = opts.snapshot;
    meta.cluster = snap.inventory.eks?.clusterName;
    return { inventory: snap.inventory, meta };
  }
  if (needs.size === 0) return { inventory: opts.kube ? {} : { kube: { disabled: 'in-cluster checks disabled by --no-kube' } }, meta };
  const { collectInventory } = await import('../inventory/collect.js');
  const collected = await collectInventory({
    needs,
    intent,
    cluster: opts.cluster,
    region: opts.region,
    profile: opts.profile,
    kubeconfig: opts.kubeconfig,
    context: opts.context,
    kube: opts.kube,
    timeoutMs: opts.timeoutSeconds * 1000,
    onProgress: (msg) => progress.update(redactor.text(msg)),
    ...(whileWaiting ? { whileWaiting } : {}),
  });
  meta.apiCalls = collected.apiCalls;
  meta.apiRetries = collected.apiRetries;
  meta.cluster = collected.inventory.eks?.clusterName;
  return { inventory: collected.inventory, meta };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** setTimeout's limit: a longer deadline would silently become 1 ms. */
const MAX_TIMEOUT_SECONDS = Math.floor(0x7fffffff / 1000);

/** Seams for tests of the --fix flow (prompt, stderr, Secret store); the CLI passes none. */
export interface CheckHooks {
  fix?: import('../remediations/fix-flow.js').FixDeps;
}

export async function runCheckCommand(opts: CheckOptions, hooks: CheckHooks = {}): Promise<number> {
  const startedAt = new Date();
  if (!(opts.timeoutSeconds > 0 && opts.timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(`--timeout must be a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS}`);
  }
  for (const [flag, given] of [['--only', opts.only], ['--skip', opts.skip]] as const) {
    if (given.length > 0 && splitIds(given).length === 0) throw new UsageError(`${flag} needs check ids or areas, comma-separated (see 'daytona-preflight list-checks')`);
  }
  if ((opts.yes || opts.dryRun || opts.planOut || opts.applyPlan || opts.fixType !== 'safe') && !opts.fix) {
    throw new UsageError('--yes, --dry-run, --fix-type, --plan-out and --apply-plan only make sense with --fix');
  }
  if (opts.snapshot && opts.fix) throw new UsageError('--fix changes a live account: it cannot run against --snapshot');

  const values = loadValues(opts.values, opts.set);
  const redactor = createRedactor({}, userSecrets(values));
  try {
    return await checkWithValues(opts, hooks, startedAt, values, redactor);
  } catch (err) {
    // Every message from here on may quote user input (an --only id, a file name, an API error):
    // scrub known secrets from it, whether it ends as a usage error or an internal one.
    if (err instanceof Error) err.message = redactor.text(err.message);
    throw err;
  }
}

async function checkWithValues(opts: CheckOptions, hooks: CheckHooks, startedAt: Date, values: ValuesView, redactor: Redactor): Promise<number> {
  const intent = deriveIntent(values, { release: opts.release, namespace: opts.namespace });
  const { selected, skipped } = selectChecks(ALL_CHECKS, splitIds(opts.only), splitIds(opts.skip));
  const needs = neededFacts(selected, intent);

  progress.start(opts.snapshot ? 'reading snapshot' : needs.size ? 'collecting facts' : 'checking values');
  // The checks that need no facts (the values checks) run while the first AWS calls are in flight.
  let offline: CheckResult[] | undefined;
  const runOffline = () => void (offline ??= runChecks(selected.filter((c) => c.needs.length === 0), intent, {}));
  let evaluation: Evaluation;
  try {
    evaluation = await gatherInventory(opts, intent, needs, redactor, runOffline);
  } finally {
    progress.stop();
  }
  runOffline();
  const live = runChecks(selected.filter((c) => c.needs.length > 0), intent, evaluation.inventory, { userSkipped: skipped });
  const byId = new Map([...offline!, ...live].map((r) => [r.id, r]));
  const results = [...selected, ...skipped].map((c) => byId.get(c.id)!);
  let report = buildReport({ startedAt, intent, inventory: evaluation.inventory, results, meta: evaluation.meta, opts, values });

  if (opts.fix) {
    const { runFix } = await import('../remediations/fix-flow.js');
    report = await runFix({ report, intent, inventory: evaluation.inventory, opts, checks: selected, skipped, redactor, values, startedAt }, hooks.fix);
  }

  if (opts.saveSnapshot) {
    writeSnapshot(opts.saveSnapshot, evaluation.inventory, redactor);
  }
  report = redactReport(report, redactor);
  if (opts.outputFile) {
    try {
      writeFileSync(opts.outputFile, redactor.text(renderReport(report, 'json', { color: false })), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (err as Error).message);
      throw new UsageError(`cannot write --output-file ${opts.outputFile}: ${why}`);
    }
  }
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && opts.output === 'table';
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  process.stdout.write(redactor.text(renderReport(report, opts.output, { color, failOn: opts.failOn, ...(width ? { width } : {}) })));
  return report.summary.exitCode;
}

/**
 * The secret values to scrub from every output: those under secret-looking keys in the merged
 * values, less the chart's shipped defaults. Those are public text (and checks name them, e.g.
 * `Harbor12345`); scrubbing them would also blank ordinary words wherever a default is a plain
 * word (the chart ships `password: "password"`).
 */
export function userSecrets(values: ValuesView): string[] {
  const published = new Set(secretValuesOf(values.defaults));
  return secretValuesOf(values.merged).filter((s) => !published.has(s));
}

/**
 * Second net before anything is rendered: evidence and remediation call parameters are free-form,
 * so values under secret-looking keys there are replaced by key name too (the text pass catches
 * known secret values everywhere else). Only these parts: elsewhere keys are API operation names
 * (`ecr:GetAuthorizationToken`) that merely look secret.
 */
export function redactReport(report: Report, redactor: Redactor): Report {
  return scrubStrings(
    {
      ...report,
      checks: report.checks.map((c) => ({ ...c, evidence: redactor.deep(c.evidence) })),
      ...(report.remediation
        ? {
            remediation: {
              ...report.remediation,
              actions: report.remediation.actions.map((a) => ({ ...a, calls: a.calls.map((call) => ({ ...call, params: redactor.deep(call.params) })) })),
            },
          }
        : {}),
    },
    redactor,
  );
}

/**
 * Known secret values scrubbed from every string of the report BEFORE rendering: a format escapes
 * (`&amp;` in JUnit, `&lt;` in Markdown) or wraps (table cells) text, after which the text pass
 * over the rendered output no longer recognises the secret.
 */
function scrubStrings<T>(value: T, redactor: Redactor): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return redactor.text(node);
    if (Array.isArray(node)) return node.map(walk);
    if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [redactor.text(k), walk(v)]));
    return node;
  };
  return walk(value) as T;
}
