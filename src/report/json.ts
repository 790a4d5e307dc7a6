/**
 * The JSON report (DESIGN §7): the Report as-is, keys in the contract's order whoever built the
 * object (buildReport, the --fix flow), so two reports diff cleanly and read the same way;
 * apiCalls and apiRetries by operation name, whatever order the concurrent collectors counted in.
 * Keys outside the known order (a compatible extension) follow, in their own order.
 */
import type { Report } from './types.js';

type Obj = Record<string, unknown>;

const ORDER = {
  report: ['schemaVersion', 'tool', 'startedAt', 'finishedAt', 'durationMs', 'target', 'apiCalls', 'apiRetries', 'intent', 'summary', 'checks', 'remediation'],
  tool: ['name', 'version'],
  target: ['accountId', 'callerArn', 'partition', 'region', 'cluster', 'namespace', 'release', 'valuesFiles', 'snapshot'],
  valuesFile: ['path', 'sha256'],
  summary: ['pass', 'fail', 'warn', 'skip', 'error', 'exitCode'],
  check: ['id', 'area', 'title', 'severity', 'status', 'message', 'reason', 'error', 'resources', 'evidence', 'valuesPaths', 'location', 'remediation', 'docs', 'durationMs'],
  error: ['code', 'action', 'message'],
  location: ['file', 'line'],
  checkRemediation: ['id', 'automatic'],
  remediation: ['mode', 'actions', 'before'],
  action: ['id', 'checkId', 'description', 'calls', 'safety', 'remediation', 'dependsOn', 'status', 'requestIds', 'error', 'at', 'notes'],
  call: ['api', 'target', 'params'],
  before: ['summary', 'statuses'],
} as const;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function ordered(value: unknown, keys: readonly string[], children: Record<string, (v: unknown) => unknown> = {}): unknown {
  if (!isObj(value)) return value;
  const out: Obj = {};
  const rest = Object.keys(value).filter((k) => !keys.includes(k));
  for (const k of [...keys, ...rest]) {
    if (!(k in value) || value[k] === undefined) continue;
    const child = children[k];
    out[k] = child ? child(value[k]) : value[k];
  }
  return out;
}

const list = (f: (v: unknown) => unknown) => (v: unknown) => (Array.isArray(v) ? v.map(f) : v);

const summary = (v: unknown) => ordered(v, ORDER.summary);
const check = (v: unknown) =>
  ordered(v, ORDER.check, {
    error: (e) => ordered(e, ORDER.error),
    location: (l) => ordered(l, ORDER.location),
    remediation: (r) => ordered(r, ORDER.checkRemediation),
  });
const action = (v: unknown) => ordered(v, ORDER.action, { calls: list((c) => ordered(c, ORDER.call)) });

/** Call counts by operation name: the collectors run concurrently, so the order they were first counted in varies from run to run. */
const sortedKeys = (v: unknown) => (isObj(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);

/** The Report with every known object's keys in contract order (a new object; the input is untouched). */
export function canonicalReport(report: Report): Report {
  return ordered(report, ORDER.report, {
    tool: (v) => ordered(v, ORDER.tool),
    apiCalls: sortedKeys,
    apiRetries: sortedKeys,
    target: (v) => ordered(v, ORDER.target, { valuesFiles: list((f) => ordered(f, ORDER.valuesFile)) }),
    summary,
    checks: list(check),
    remediation: (v) =>
      ordered(v, ORDER.remediation, {
        actions: list(action),
        before: (b) => ordered(b, ORDER.before, { summary }),
      }),
  }) as Report;
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(canonicalReport(report), null, 2)}\n`;
}
