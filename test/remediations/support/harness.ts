/**
 * Runs `check` (and `check --fix`) through the CLI's own code path (runCheckCommand) against the
 * fake account of test/helpers/aws-mocks.ts, capturing stdout (the report) and stderr (the plan).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheckCommand, type CheckOptions } from '../../../src/cli/check-command.js';
import type { FixDeps } from '../../../src/remediations/fix-flow.js';
import type { Report } from '../../../src/report/types.js';
import { CLUSTER, REGION, TYPICAL_VALUES } from '../../helpers/aws-mocks.js';

export interface CheckRun {
  code: number;
  stdout: string;
  stderr: string;
  report: Report;
}

export function valuesFile(text: string = TYPICAL_VALUES): string {
  const dir = mkdtempSync(join(tmpdir(), 'dp-fix-'));
  const file = join(dir, 'values.yaml');
  writeFileSync(file, text);
  return file;
}

export function tempPath(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'dp-fix-')), name);
}

export function checkOptions(patch: Partial<CheckOptions> = {}): CheckOptions {
  return {
    values: [],
    set: [],
    cluster: CLUSTER,
    region: REGION,
    namespace: 'daytona',
    release: 'daytona',
    kube: false,
    only: [],
    // The values checks judge the example values, not the account: out of these scenarios.
    skip: ['values'],
    output: 'json',
    failOn: 'fail',
    fix: false,
    yes: false,
    dryRun: false,
    fixType: 'safe',
    timeoutSeconds: 60,
    ...patch,
  };
}

/** Run the command with stdout captured; the JSON report is parsed when --output json. */
export async function runCheck(patch: Partial<CheckOptions>, fix: FixDeps = {}): Promise<CheckRun> {
  const opts = checkOptions(patch);
  if (!opts.values.length) opts.values = [valuesFile()];
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  (process.stdout as unknown as { write: (s: string) => boolean }).write = (s: string) => {
    out.push(String(s));
    return true;
  };
  let code: number;
  try {
    code = await runCheckCommand(opts, { fix: { interactive: false, stderr: (t) => void err.push(t), width: 160, ...fix } });
  } finally {
    (process.stdout as unknown as { write: typeof write }).write = write;
  }
  const stdout = out.join('');
  return { code, stdout, stderr: err.join(''), report: (opts.output === 'json' ? JSON.parse(stdout) : undefined) as Report };
}

export function statusOf(report: Report, id: string): string | undefined {
  return report.checks.find((c) => c.id === id)?.status;
}
