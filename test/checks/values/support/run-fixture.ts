/**
 * Runs one values check the way the CLI does: the real loadValues + deriveIntent on a fixture
 * values file (fixtures/values/checks/<check-id>/<scenario>.yaml), then the engine's runChecks.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runChecks } from '../../../../src/engine/run.js';
import type { Check, CheckResult } from '../../../../src/engine/types.js';
import { secretValuesOf } from '../../../../src/secrets/redact.js';
import { deriveIntent } from '../../../../src/values/intent.js';
import { loadValues } from '../../../../src/values/load.js';
import type { ValuesView } from '../../../../src/values/types.js';

export function fixturePath(checkId: string, scenario: string): string {
  return fileURLToPath(new URL(`../../../../fixtures/values/checks/${checkId}/${scenario}.yaml`, import.meta.url));
}

export interface RunOpts {
  /** --release (default daytona). */
  release?: string;
  /** --set items, applied after the fixture. */
  sets?: string[];
}

export interface Run {
  result: CheckResult;
  values: ValuesView;
}

/** `scenario` undefined: the chart defaults alone (no values file). */
export function runFixture(check: Check, scenario: string | undefined, opts: RunOpts = {}): Run {
  const values = loadValues(scenario === undefined ? [] : [fixturePath(check.id, scenario)], opts.sets ?? []);
  const intent = deriveIntent(values, { release: opts.release ?? 'daytona', namespace: 'daytona' });
  const [result] = runChecks([check], intent, {});
  return { result: result!, values };
}

/**
 * No secret from the merged values or the chart defaults appears in what the check derived from
 * the values (message, evidence, paths). Static text (title, docs) is left out: a default secret
 * that is an ordinary word ('password') may appear there as a word.
 */
export function expectNoSecrets(run: Run): void {
  const { message, evidence, valuesPaths, reason } = run.result;
  const text = JSON.stringify({ message, evidence, valuesPaths, reason });
  const staticText = `${run.result.title}\n${run.result.docs}`;
  for (const secret of [...secretValuesOf(run.values.merged), ...secretValuesOf(run.values.defaults)]) {
    if (staticText.includes(secret)) continue;
    expect(text, 'a secret value leaked into the result').not.toContain(secret);
  }
}
