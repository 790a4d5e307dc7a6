/**
 * The built command line, end to end: exit codes, what goes to stdout (only the chosen format) and
 * what goes to stderr (one clear line for a usage or input error, never a stack trace).
 * No AWS credentials, no kubeconfig, a throwaway HOME: values-only runs must not need them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS, findCheck } from '../../src/engine/registry.js';
import { validateReport } from '../../src/report/schema.js';
import type { Report } from '../../src/report/types.js';
import { ensureBuilt, runCli, STACK_TRACE, type CliResult } from '../helpers/cli.js';
import { MULTITOOL_AVAILABLE, multitoolErrors, sarifSchemaErrors } from '../report/sarif-tools.js';
import { parseJunit } from '../report/xml.js';
import { INVENTORY_VERSION } from '../../src/inventory/types.js';

const FIXTURES = 'test/cli/fixtures';
const EXTERNAL_DB_MISSING = `${FIXTURES}/external-db-missing.yaml`;
const PLAIN = `${FIXTURES}/plain.yaml`;
const VALUES_IDS = ALL_CHECKS.filter((c) => c.area === 'values').map((c) => c.id);
const ANSI = /\x1b\[[0-9;]*m/;

const tmp = () => mkdtempSync(join(tmpdir(), 'dp-e2e-'));

/** A usage or input error: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectUsageError(run: CliResult, message: RegExp): void {
  expect(run.stdout, 'stdout stays empty').toBe('');
  expect(run.stderr).not.toMatch(STACK_TRACE);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, `one line on stderr, got:\n${run.stderr}`).toHaveLength(1);
  expect(lines[0]).toMatch(/^daytona-preflight: /);
  expect(lines[0]).toMatch(message);
  expect(run.code).toBe(2);
}

function jsonReport(run: CliResult): Report {
  const report = JSON.parse(run.stdout) as Report;
  expect(validateReport(report)).toEqual({ valid: true, errors: [] });
  return report;
}

beforeAll(() => ensureBuilt(), 300_000);

describe('help and information commands', () => {
  it('--help exits 0 and names the commands', () => {
    const run = runCli(['--help']);
    expect(run.code).toBe(0);
    for (const cmd of ['check', 'list-checks', 'explain', 'permissions']) expect(run.stdout).toContain(cmd);
  });

  it('check --help exits 0 and lists its options', () => {
    const run = runCli(['check', '--help']);
    expect(run.code).toBe(0);
    for (const opt of ['--values', '--only', '--output', '--snapshot', '--fix']) expect(run.stdout).toContain(opt);
  });

  it('list-checks --output json lists every registered check', () => {
    const run = runCli(['list-checks', '--output', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const listed = (JSON.parse(run.stdout) as { checks: { id: string; title: string }[] }).checks;
    expect(listed.map((c) => c.id)).toEqual(ALL_CHECKS.map((c) => c.id));
    expect(listed.length).toBeGreaterThan(0);
  });

  it('list-checks prints a table and --output markdown the README catalogue', () => {
    const table = runCli(['list-checks']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('values-external-db');
    expect(table.stdout).not.toMatch(ANSI);
    const md = runCli(['list-checks', '--output', 'markdown']);
    expect(md.stdout).toContain('| `values-external-db` |');
  });

  it('explain values-external-db says what, why and how to fix', () => {
    const run = runCli(['explain', 'values-external-db']);
    expect(run.code).toBe(0);
    const check = findCheck('values-external-db')!;
    expect(run.stdout.split('\n')[0]).toBe(`values-external-db — ${check.title}`);
    for (const heading of ['What it checks', 'Why it matters', 'How to fix it']) expect(run.stdout).toContain(heading);
  });
});

describe('usage and input errors: one clear line on stderr, exit 2', () => {
  it('a malformed values file, with file:line:column', () => {
    expectUsageError(runCli(['check', '--only', 'values', '--values', `${FIXTURES}/malformed.yaml`]), /malformed\.yaml:6:\d+: /);
  });

  it('a missing values file', () => {
    expectUsageError(runCli(['check', '--only', 'values', '--values', `${FIXTURES}/no-such-values.yaml`]), /no-such-values\.yaml.*no such file/);
  });

  it('an unknown check id in --only', () => {
    expectUsageError(runCli(['check', '--only', 'nope']), /unknown check id or area 'nope'/);
  });

  it('an unknown flag', () => {
    expectUsageError(runCli(['check', '--bogus']), /bogus/);
  });

  it('an unknown flag is named once, as typed, and Helm-only flags point to what the tool takes', () => {
    expectUsageError(runCli(['check', '--bogus-flag', '--other']), /^daytona-preflight: Unknown arguments: bogus-flag, other$/);
    expectUsageError(runCli(['check', '--set-string', 'a=b']), /^daytona-preflight: Unknown argument: set-string \(--set-string is not supported: use --values with a YAML file, where a quoted value stays a string\)$/);
  });

  it('an unknown id to explain, suggesting the close ones', () => {
    expectUsageError(runCli(['explain', 'values-externl-db']), /unknown check id 'values-externl-db'\. Did you mean: values-external-db/);
  });

  it('a snapshot that does not exist', () => {
    expectUsageError(runCli(['check', '--snapshot', join(tmp(), 'missing.json')]), /cannot read snapshot .*missing\.json: no such file/);
  });

  it('a snapshot that is not JSON', () => {
    const file = join(tmp(), 'broken.json');
    writeFileSync(file, '{"kind": "daytona-preflight/inventory", ');
    expectUsageError(runCli(['check', '--snapshot', file]), /snapshot .*broken\.json is not valid JSON/);
  });

  it('a snapshot of another version', () => {
    const file = join(tmp(), 'v99.json');
    writeFileSync(file, JSON.stringify({ kind: 'daytona-preflight/inventory', version: 99, createdAt: '2025-01-01T00:00:00Z', inventory: {} }));
    expectUsageError(runCli(['check', '--snapshot', file]), /has version 99/);
  });

  it('an option that only makes sense with --fix', () => {
    expectUsageError(runCli(['check', '--only', 'values', '--dry-run']), /only make sense with --fix/);
  });

  it('an unknown --output format, on one line', () => {
    expectUsageError(runCli(['check', '--only', 'values', '--output', 'xml']), /Invalid values: Argument: output, Given: "xml", Choices: "table"/);
    expectUsageError(runCli(['list-checks', '--output', 'junit']), /Given: "junit"/);
  });

  it('an option missing its value (an empty variable in a CI script) is not silently dropped', () => {
    expectUsageError(runCli(['check', '--only', 'values', '--values']), /Not enough arguments following: values/);
    expectUsageError(runCli(['check', '--only', 'values', '-f', '--output', 'json']), /Not enough arguments following: f/);
    expectUsageError(runCli(['check', '--only', 'values', '--output-file']), /Not enough arguments following: output-file/);
    expectUsageError(runCli(['check', '--only', '']), /--only needs check ids or areas/);
    expectUsageError(runCli(['check', '--only', 'values', '--skip', ',']), /--skip needs check ids or areas/);
  });

  it('a single-valued option given twice', () => {
    expectUsageError(runCli(['check', '--only', 'values', '-o', 'json', '-o', 'table']), /--output was given more than once/);
    expectUsageError(runCli(['check', '--only', 'values', '--output-file', 'a.json', '--output-file', 'b.json']), /--output-file was given more than once/);
  });

  it('a --timeout past what a timer can hold (it would silently become 1 ms)', () => {
    expectUsageError(runCli(['check', '--only', 'values', '--timeout', '99999999999']), /--timeout must be a positive number of seconds, at most 2147483/);
    expectUsageError(runCli(['check', '--only', 'values', '--timeout', 'abc']), /--timeout must be a positive number/);
  });

  it('an --output-file that cannot be written', () => {
    const dir = tmp();
    expectUsageError(runCli(['check', '--only', 'values', '--output-file', dir]), /cannot write --output-file .*: it is a directory/);
    expectUsageError(runCli(['check', '--only', 'values', '--output-file', join(dir, 'no', 'such', 'r.json')]), /cannot write --output-file .*: its directory does not exist/);
  });

  it('a snapshot of the right kind and version but the wrong shape', () => {
    const dir = tmp();
    const head = { kind: 'daytona-preflight/inventory', version: INVENTORY_VERSION, createdAt: '2025-01-01T00:00:00Z', tool: { name: 'x', version: '0' } };
    const cases: [unknown, RegExp][] = [
      [[], /"inventory" is not an object/],
      [{ target: 5 }, /"inventory\.target" is not an object/],
      [{ target: { accountId: '1' } }, /"inventory\.target" is neither a value nor an error/],
      [{ eks: 'garbage' }, /"inventory\.eks" is not an object/],
      [{ eks: { clusterName: 5, cluster: { value: null } } }, /"inventory\.eks\.clusterName" is not a string/],
    ];
    for (const [inventory, message] of cases) {
      const file = join(dir, 'shape.json');
      writeFileSync(file, JSON.stringify({ ...head, inventory }));
      expectUsageError(runCli(['check', '--snapshot', file]), message);
    }
  });

  it('a reader that closes the pipe early (| head) gets no stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const { isolatedEnv, ROOT } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'daytona-preflight'), 'check', '--only', 'values', '--values', EXTERNAL_DB_MISSING, '--output', 'json'], {
      cwd: ROOT,
      env: isolatedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});

describe('check --only values: no AWS credentials and no cluster needed', () => {
  it('runs the values checks, prints the table and exits by the verdict', () => {
    const run = runCli(['check', '--only', 'values', '--values', EXTERNAL_DB_MISSING]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    for (const id of VALUES_IDS) expect(run.stdout).toContain(id);
    expect(run.stdout).toMatch(/values-external-db\s+│ FAIL/);
    expect(run.stdout).toMatch(/\d+ pass, \d+ fail, \d+ warn, \d+ skip, 0 error — not ready \(exit 1\)\n$/);
    expect(run.stdout, 'no colour off a TTY').not.toMatch(ANSI);
  });

  it('--output json: stdout is only the report, valid against the schema, with no AWS call made', () => {
    const run = runCli(['check', '--only', 'values', '--values', EXTERNAL_DB_MISSING, '--output', 'json']);
    expect(run.code).toBe(1);
    const report = jsonReport(run);
    expect(report.checks.map((c) => c.id)).toEqual(VALUES_IDS);
    expect(report.checks.find((c) => c.id === 'values-external-db')!.status).toBe('fail');
    expect(report.apiCalls).toEqual({});
    expect(report.target.accountId).toBeUndefined();
    expect(report.target.valuesFiles).toEqual([{ path: EXTERNAL_DB_MISSING, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(report.summary.exitCode).toBe(1);
  });

  it('--output junit: well-formed XML with a testcase per check', () => {
    const run = runCli(['check', '--only', 'values', '--values', EXTERNAL_DB_MISSING, '--output', 'junit']);
    expect(run.code).toBe(1);
    const { suites } = parseJunit(run.stdout);
    const cases = suites.flatMap((s) => s.cases);
    expect(cases.map((c) => c.name)).toEqual(VALUES_IDS);
    expect(cases.find((c) => c.name === 'values-external-db')!.failure).toBeDefined();
  });

  it('--output sarif: valid SARIF whose results point into the values file', () => {
    const run = runCli(['check', '--only', 'values', '--values', EXTERNAL_DB_MISSING, '--output', 'sarif']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const db = log.runs[0]!.results.find((r) => r.ruleId === 'values-external-db')!;
    expect(db.locations[0]!.physicalLocation.artifactLocation.uri).toBe(EXTERNAL_DB_MISSING);
    if (MULTITOOL_AVAILABLE) {
      const plain = runCli(['check', '--only', 'values', '--output', 'sarif']);
      expect(multitoolErrors({ withValues: run.stdout, chartDefaultsOnly: plain.stdout })).toEqual({ withValues: [], chartDefaultsOnly: [] });
    }
  });

  it('--output markdown: a job summary page', () => {
    const run = runCli(['check', '--only', 'values', '--values', EXTERNAL_DB_MISSING, '--output', 'markdown']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('## ❌ Daytona preflight: not ready');
    expect(run.stdout).toContain('| ❌ | `values-external-db`');
  });

  it('--output-file writes the JSON report while stdout keeps the chosen format', () => {
    const file = join(tmp(), 'report.json');
    const run = runCli(['check', '--only', 'values', '--values', PLAIN, '--output', 'markdown', '--output-file', file]);
    expect(run.stdout.startsWith('## ')).toBe(true);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(validateReport(report)).toEqual({ valid: true, errors: [] });
    expect(report.summary.exitCode).toBe(run.code);
  });

  it('--skip reports the deselected checks as skipped, naming why', () => {
    const run = runCli(['check', '--only', 'values', '--skip', 'values-external-db', '--values', EXTERNAL_DB_MISSING, '--output', 'json']);
    const report = jsonReport(run);
    expect(report.checks.find((c) => c.id === 'values-external-db')).toMatchObject({ status: 'skip', reason: 'disabled by --skip' });
  });

  it('--fail-on warn turns warnings into a failing exit code', () => {
    const base = ['check', '--only', 'values-ssh-gateway-lb', '--output', 'json'];
    const warnOnly = jsonReport(runCli(base));
    expect(warnOnly.checks[0]!.status).toBe('warn');
    expect(warnOnly.summary.exitCode).toBe(0);
    const strict = runCli([...base, '--fail-on', 'warn']);
    expect(strict.code).toBe(1);
    expect(jsonReport(strict).summary.exitCode).toBe(1);
  });
});

describe('snapshots', () => {
  it('--save-snapshot writes a snapshot that --snapshot replays', () => {
    const file = join(tmp(), 'snap.json');
    const save = runCli(['check', '--only', 'values', '--values', PLAIN, '--save-snapshot', file, '--output', 'json']);
    expect(save.stderr).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kind: 'daytona-preflight/inventory', version: INVENTORY_VERSION });
    const replay = runCli(['check', '--only', 'values', '--values', PLAIN, '--snapshot', file, '--output', 'json']);
    const report = jsonReport(replay);
    expect(report.target.snapshot).toBe(file);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual(jsonReport(save).checks.map((c) => [c.id, c.status]));
  });

  it('fails closed: a live check whose facts the snapshot lacks is an error, and the run is incomplete (exit 3)', () => {
    const file = join(tmp(), 'empty.json');
    writeFileSync(file, JSON.stringify({ kind: 'daytona-preflight/inventory', version: INVENTORY_VERSION, createdAt: '2025-01-01T00:00:00Z', tool: { name: 'daytona-preflight', version: '0' }, inventory: {} }));
    const run = runCli(['check', '--only', 'eks-cluster', '--snapshot', file, '--output', 'json']);
    expect(run.code).toBe(3);
    const report = jsonReport(run);
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ id: 'eks-cluster', status: 'error' });
    expect(report.summary).toMatchObject({ error: 1, exitCode: 3 });
  });
});

describe('a live run without AWS credentials', () => {
  it('stops with one line naming the credentials problem, exit 2', () => {
    const run = runCli(['check', '--cluster', 'prod', '--region', 'eu-west-1', '--no-kube', '--output', 'json'], { timeoutMs: 90_000 });
    expectUsageError(run, /credentials/i);
  });
});
