/**
 * Whole-account scenarios: the CLI (main) in this process against the fake account of
 * fixtures/accounts/ready.json, with the values installed on it, AWS only (--no-kube).
 */
import { expect } from 'vitest';
import { validateReport } from '../../src/report/schema.js';
import type { Report } from '../../src/report/types.js';
import { accountValuesPath, installFakeAws, loadAccount, runCli, type AccountModel, type CliRun, type FakeAws, type FakeAwsOptions } from '../fake-aws/index.js';

export const CLUSTER = 'daytona-prod';
export const REGION = 'us-east-2';
export const BUCKET = 'acme-daytona-harbor';
export const NODE_ROLE = 'daytona-node-role';
/** The S3 secret key in ready.values.yaml: it must never be printed. */
export const VALUES_SECRET = 'fakeSecretKeyForTests0nly/NotARealKey00000';

/** What the ready account skips under --no-kube: the in-cluster checks, and the LB controller (only the cluster can show it). */
export const NO_KUBE_SKIPS = ['eks-lb-controller', 'k8s-access', 'k8s-secrets', 'k8s-storage-class', 'k8s-ingress-class', 'k8s-runner-nodes'];

export function checkArgs(extra: string[] = []): string[] {
  return ['check', '--values', accountValuesPath('ready'), '--cluster', CLUSTER, '--region', REGION, '--no-kube', '--output', 'json', ...extra];
}

export interface Scenario extends CliRun {
  report: Report;
  fake: FakeAws;
}

let installed: FakeAws | undefined;

/** Restore the SDK after each test (afterEach). */
export function restoreFake(): void {
  installed?.restore();
  installed = undefined;
}

/** The ready account, edited by `breakIt`, installed; then `check` through the CLI. */
export async function runScenario(breakIt: (m: AccountModel, fake: FakeAws) => void = () => undefined, extraArgs: string[] = [], options: FakeAwsOptions = {}): Promise<Scenario> {
  const model = loadAccount('ready');
  const fake = installFakeAws(model, options);
  installed = fake;
  breakIt(model, fake);
  const run = await runCli(checkArgs(extraArgs));
  expect(run.report, `no JSON report on stdout; stderr: ${run.stderr}`).toBeDefined();
  return { ...run, report: run.report!, fake };
}

/** Checks that read AWS (every area but the values). */
export function liveChecks(report: Report): Report['checks'] {
  return report.checks.filter((c) => c.area !== 'values');
}

/**
 * Every live check passes, or is one of the --no-kube skips, except `changed`, which must have
 * exactly the given status: the broken part fails its own check and nothing else.
 */
export function expectOnly(report: Report, changed: Record<string, string>): void {
  const got: Record<string, string> = {};
  for (const c of liveChecks(report)) {
    const expected = changed[c.id] ?? (NO_KUBE_SKIPS.includes(c.id) ? 'skip' : 'pass');
    if (c.status !== expected || changed[c.id]) got[c.id] = c.status;
  }
  expect(got).toEqual(changed);
}

/** The report is valid against the shipped schema, its call ledger matches the fake's, and no secret leaked. */
export function expectSoundReport(run: Scenario): void {
  expect(validateReport(run.report)).toEqual({ valid: true, errors: [] });
  const ledger = Object.values(run.report.apiCalls).reduce((a, b) => a + b, 0);
  expect(ledger).toBe(run.fake.calls.length);
  expect(run.fake.unsupported).toEqual([]);
  expect(run.stdout + run.stderr).not.toContain(VALUES_SECRET);
}
