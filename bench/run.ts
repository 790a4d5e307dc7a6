/**
 * `npm run bench`: a full `check --no-kube` through the CLI against simulated accounts, every AWS
 * call answered by the fake after a fixed latency, and what the run's shape costs:
 *   - wall time, AWS calls per operation and in total,
 *   - the critical path: the longest chain of calls each of which started after the previous one
 *     ended (the run cannot be faster than this chain × the latency),
 *   - wall ÷ (critical path × latency): 1.0 means the run is as fast as its dependencies allow,
 *   - duplicates: the same operation with the same parameters sent twice.
 * Goals (DESIGN §9): ratio ≤ 1.3 on the large account, no duplicates, fewer than 60 calls on the
 * typical account. `--check` exits 1 when a goal is missed; `--latency MS` changes the latency.
 */
import { accountValuesPath, analyseCalls, describeRequest, installFakeAws, loadAccount, runCli, type AccountModel, type CallAnalysis, type CliRun } from '../test/fake-aws/index.js';
import { largeAccount, sizeOf } from './large-account.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const LATENCY_MS = Number(flag('--latency') ?? 50);
const RUNS = Number(flag('--runs') ?? 5);
const STRICT = args.includes('--check');
const RATIO_GOAL = 1.3;
const TYPICAL_CALL_GOAL = 60;

const CHECK_ARGS = ['check', '--values', accountValuesPath('ready'), '--cluster', 'daytona-prod', '--region', 'us-east-2', '--no-kube', '--output', 'json'];

interface Measured {
  run: CliRun;
  analysis: CallAnalysis;
  /** When main() was entered, on the calls' clock. */
  t0: number;
  wallMs: number;
  ratio: number;
  /** Where the time beyond the critical path went. */
  overhead: { beforeFirstCall: number; gapsOnPath: number; afterLastCall: number };
  /** Wall times of every measured run, sorted. */
  walls: number[];
}

/** Collect the garbage of building the model before the timed run (with node --expose-gc). */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function once(model: AccountModel): Promise<Omit<Measured, 'walls'>> {
  const fake = installFakeAws(model, { latencyMs: LATENCY_MS });
  try {
    gc();
    const t0 = performance.now();
    const run = await runCli(CHECK_ARGS);
    const wallMs = performance.now() - t0;
    if (!run.report) throw new Error(`no report (exit ${run.code}): ${run.stderr}`);
    if (fake.unsupported.length) throw new Error(`the fake does not model: ${fake.unsupported.join(', ')}`);
    const analysis = analyseCalls(fake.calls);
    const path = analysis.criticalPath;
    const first = Math.min(...fake.calls.map((c) => c.start));
    const last = Math.max(...fake.calls.map((c) => c.end));
    const gapsOnPath = path.slice(1).reduce((sum, c, i) => sum + (c.start - path[i]!.end), 0) + path.reduce((sum, c) => sum + (c.end - c.start - LATENCY_MS * c.attempts), 0);
    return { run, analysis, t0, wallMs, ratio: wallMs / (path.length * LATENCY_MS), overhead: { beforeFirstCall: first - t0, gapsOnPath, afterLastCall: t0 + wallMs - last } };
  } finally {
    fake.restore();
  }
}

/** One warm-up run (module loading, JIT), then RUNS measured ones: the median run is reported. */
async function measure(model: () => AccountModel): Promise<Measured> {
  await once(model());
  const runs: Omit<Measured, 'walls'>[] = [];
  for (let i = 0; i < RUNS; i++) {
    const m = model();
    runs.push(await once(m));
  }
  runs.sort((a, b) => a.wallMs - b.wallMs);
  return { ...runs[Math.floor(runs.length / 2)]!, walls: runs.map((r) => r.wallMs) };
}

const ms = (n: number) => `${Math.round(n)} ms`;
const line = (s = '') => process.stdout.write(`${s}\n`);

function print(title: string, m: Measured): void {
  const { analysis, run } = m;
  const summary = run.report!.summary;
  line(`== ${title}`);
  line(`exit code ${run.code}; checks: ${summary.pass} pass, ${summary.warn} warn, ${summary.fail} fail, ${summary.error} error, ${summary.skip} skip`);
  line(`wall time          ${ms(m.wallMs)} (median of ${m.walls.length} runs: ${m.walls.map((w) => Math.round(w)).join(', ')} ms)`);
  line(`AWS calls          ${analysis.total}`);
  const width = Math.max(...Object.keys(analysis.byOperation).map((k) => k.length));
  for (const [op, n] of Object.entries(analysis.byOperation).sort(([a], [b]) => a.localeCompare(b))) line(`  ${op.padEnd(width)}  ${n}`);
  const path = analysis.criticalPath;
  line(`critical path      ${path.length} calls × ${LATENCY_MS} ms = ${ms(path.length * LATENCY_MS)} (first call at +${ms((path[0]?.start ?? m.t0) - m.t0)}; one chain by timing, each call started after the one above ended: chains of equal length may interleave)`);
  for (const c of path) line(`  +${ms(c.start - m.t0).padStart(7)} → +${ms(c.end - m.t0).padStart(7)}  ${describeRequest(c.operation, c.input)}`);
  line(`ratio              wall ÷ critical path = ${m.ratio.toFixed(2)}`);
  const o = m.overhead;
  line(`  beyond the path:  ${ms(o.beforeFirstCall)} before the first AWS call (CLI parsing, values, intent, clients), ${ms(o.gapsOnPath)} between the calls of the path (CPU while calls wait), ${ms(o.afterLastCall)} after the last call (checks, report, redaction, rendering)`);
  line(`duplicates         ${analysis.duplicates.length ? '' : 'none'}`);
  for (const d of analysis.duplicates) line(`  ${d.count}× ${describeRequest(d.operation, d.input)}${d.region !== 'us-east-2' ? ` (${d.region})` : ''}`);
  line();
}

const misses: string[] = [];

const large = await measure(largeAccount);
const size = sizeOf(largeAccount());
line(`Simulated large account: ${Object.entries(size).map(([k, v]) => `${v} ${k}`).join(', ')}; ${LATENCY_MS} ms per AWS call.`);
line();
print('large account', large);
if (large.ratio > RATIO_GOAL) misses.push(`large account: ratio ${large.ratio.toFixed(2)} > ${RATIO_GOAL}`);
if (large.analysis.duplicates.length) misses.push(`large account: ${large.analysis.duplicates.length} duplicate request(s)`);
if (large.run.code !== 0) misses.push(`large account: exit code ${large.run.code}, expected 0`);

const typical = await measure(() => loadAccount('ready'));
print('typical account (fixtures/accounts/ready.json)', typical);
if (typical.analysis.total >= TYPICAL_CALL_GOAL) misses.push(`typical account: ${typical.analysis.total} calls, goal < ${TYPICAL_CALL_GOAL}`);
if (typical.analysis.duplicates.length) misses.push(`typical account: ${typical.analysis.duplicates.length} duplicate request(s)`);

line(`Goals: ratio ≤ ${RATIO_GOAL}, no duplicates, < ${TYPICAL_CALL_GOAL} calls on the typical account: ${misses.length ? `MISSED\n  ${misses.join('\n  ')}` : 'met'}`);
if (STRICT && misses.length) process.exitCode = 1;
