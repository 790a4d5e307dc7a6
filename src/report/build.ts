import type { CheckResult } from '../engine/types.js';
import { summarize, type FailOn } from '../engine/exit-code.js';
import type { Intent, ValuesView } from '../values/types.js';
import { describeIntent } from '../values/intent.js';
import type { Inventory } from '../inventory/types.js';
import { isOk } from '../inventory/fact.js';
import { REPORT_SCHEMA_VERSION, type Report } from './types.js';
import { TOOL_NAME, TOOL_VERSION } from '../cli/version.js';

export interface RunMeta {
  apiCalls: Record<string, number>;
  apiRetries: Record<string, number>;
  cluster?: string;
  snapshot?: string;
}

export interface BuildInput {
  startedAt: Date;
  intent: Intent;
  inventory: Inventory;
  results: CheckResult[];
  meta: RunMeta;
  opts: { failOn: FailOn; namespace: string; release: string };
  values: ValuesView;
}

/** The one Report object every format is rendered from. */
export function buildReport(input: BuildInput): Report {
  const finishedAt = new Date();
  const target = isOk(input.inventory.target) ? input.inventory.target.value : undefined;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    startedAt: input.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - input.startedAt.getTime(),
    target: {
      ...(target ? { accountId: target.accountId, callerArn: target.callerArn, partition: target.partition, region: target.region } : {}),
      ...(input.meta.cluster ? { cluster: input.meta.cluster } : {}),
      namespace: input.opts.namespace,
      release: input.opts.release,
      valuesFiles: input.values.files,
      ...(input.meta.snapshot ? { snapshot: input.meta.snapshot } : {}),
    },
    apiCalls: input.meta.apiCalls,
    apiRetries: input.meta.apiRetries,
    intent: describeIntent(input.intent),
    summary: summarize(input.results.map((r) => r.status), input.opts.failOn),
    checks: input.results.map((r) => withLocation(r, input.values)),
  };
}

/** Point a finding at the values file and line of the first key it concerns (for SARIF and editors). */
function withLocation(result: CheckResult, values: ValuesView): CheckResult {
  for (const path of result.valuesPaths) {
    const origin = values.origin(path);
    if (origin.source === 'file' && origin.file) return { ...result, location: { file: origin.file, line: origin.line ?? 1 } };
  }
  const first = values.files[0];
  return first ? { ...result, location: { file: first.path, line: 1 } } : result;
}
