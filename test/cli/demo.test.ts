/**
 * The README's first command: the built CLI on the bundled demo (fixtures/demo), offline, as a new
 * user runs it. The demo account is not ready: a mixed result and exit 1, in every format.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../src/report/schema.js';
import type { Report } from '../../src/report/types.js';
import { DEMO_SNAPSHOT, DEMO_VALUES, writeDemoSnapshot } from '../../scripts/demo-snapshot.js';
import { ensureBuilt, runCli, STACK_TRACE } from '../helpers/cli.js';
import { sarifSchemaErrors } from '../report/sarif-tools.js';
import { parseJunit } from '../report/xml.js';

const DEMO = ['check', '--snapshot', 'fixtures/demo/snapshot.json', '--values', 'fixtures/demo/values.yaml'];
/** The demo's planted mistakes (fixtures/accounts/demo.json, scripts/demo-snapshot.ts, the values' comments). */
const DEMO_FAILURES = ['values-default-secrets', 'ecr-repositories', 's3-bucket-security', 'rds-port-5432', 'k8s-secrets'];

beforeAll(() => ensureBuilt(), 300_000);

describe('the demo run (README quick start)', () => {
  it('prints the table and a summary, and exits 1: some checks fail, most pass, none is an error', () => {
    const run = runCli(DEMO);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stdout).toMatch(/│ Check\s+│ Status\s+│ Severity\s+│ Message/);
    expect(run.stdout).toMatch(/│ rds-port-5432\s+│ FAIL\s+│/);
    expect(run.stdout).toMatch(/│ eks-version\s+│ PASS\s+│/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ pass, 5 fail, \d+ warn, \d+ skip, 0 error — not ready \(exit 1\)$/);
  });

  it('--output json validates against the shipped schema and fails exactly the planted mistakes', () => {
    const run = runCli([...DEMO, '--output', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(validateReport(report)).toEqual({ valid: true, errors: [] });
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id).sort()).toEqual([...DEMO_FAILURES].sort());
    expect(report.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(25);
    expect(report.summary.exitCode).toBe(1);
  });

  it('--output junit is well-formed XML with one failing testcase per failing check', () => {
    const run = runCli([...DEMO, '--output', 'junit']);
    expect(run.code).toBe(1);
    const cases = parseJunit(run.stdout).suites.flatMap((s) => s.cases);
    expect(cases.filter((c) => c.failure).map((c) => c.name).sort()).toEqual([...DEMO_FAILURES].sort());
  });

  it('--output sarif is valid SARIF 2.1.0 with a result per failing check', () => {
    const run = runCli([...DEMO, '--output', 'sarif']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(sarifSchemaErrors(log)).toEqual([]);
    const errors = log.runs[0]!.results.filter((r) => r.level === 'error').map((r) => r.ruleId);
    for (const id of DEMO_FAILURES) expect(errors).toContain(id);
  });
});

describe('scripts/demo-snapshot.ts', () => {
  it('regenerates the committed snapshot from the demo account: the snapshot is what the collectors save today', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dp-demo-')), 'snapshot.json');
    const { code } = await writeDemoSnapshot(out);
    expect(code).toBe(1);
    // Only the time and the fake API server's throwaway certificate differ between runs.
    const comparable = (path: string) => JSON.parse(readFileSync(path, 'utf8').replace(/"certificateAuthority": ?"[^"]*"/g, '"certificateAuthority":"CA"').replace(/"createdAt": ?"[^"]*"/, '"createdAt":"T"'));
    expect(comparable(out)).toEqual(comparable(DEMO_SNAPSHOT));
  });
});
