/**
 * Secrets canary: a values file whose every secret is a unique canary string is driven through the
 * built CLI in every output path (each --output format, --output-file, --save-snapshot, replayed
 * snapshots whose messages quote a secret, and input errors around secrets). No canary may appear
 * in stdout, stderr or any file written.
 */
import { INVENTORY_VERSION } from '../../src/inventory/types.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REDACTED, secretValuesOf } from '../../src/secrets/redact.js';
import { ensureBuilt, runCli, STACK_TRACE, type CliResult } from '../helpers/cli.js';

const VALUES = 'test/secrets/fixtures/canary-values.yaml';

/** Every canary in the fixture: the strings marked `cnry` and the access key id. */
const CANARIES: string[] = [...readFileSync(new URL('./fixtures/canary-values.yaml', import.meta.url), 'utf8').matchAll(/"([^"]*(?:cnry|CNRY)[^"]*)"/g)].map((m) => m[1]!);

const tmp = () => mkdtempSync(join(tmpdir(), 'dp-canary-'));

function leaks(text: string): string[] {
  return CANARIES.filter((c) => text.includes(c) || text.includes(JSON.stringify(c).slice(1, -1)));
}

function expectNoCanary(run: CliResult, files: string[] = []): void {
  expect(leaks(run.stdout), 'canaries on stdout').toEqual([]);
  expect(leaks(run.stderr), 'canaries on stderr').toEqual([]);
  for (const f of files) expect(leaks(readFileSync(f, 'utf8')), `canaries in ${f}`).toEqual([]);
}

/** A snapshot file of this tool's format holding `inventory`. */
function writeSnapshotFile(file: string, inventory: object): void {
  writeFileSync(file, JSON.stringify({ kind: 'daytona-preflight/inventory', version: INVENTORY_VERSION, createdAt: '2025-01-01T00:00:00Z', tool: { name: 'daytona-preflight', version: '0' }, inventory }));
}

/** A snapshot whose facts quote secrets in their error messages, as an API error might. */
function snapshotQuotingSecrets(dir: string): string {
  const file = join(dir, 'in-snapshot.json');
  writeSnapshotFile(file, {
    target: { value: { accountId: '111122223333', callerArn: 'arn:aws:iam::111122223333:user/ci', partition: 'aws', region: 'eu-west-1' } },
    eks: {
      clusterName: 'prod',
      cluster: { error: { code: 'AccessDenied', message: 'denied while using cnry-db-password-4b1f9e and cnry/s3+secret=key/0a9b8c7d', action: 'eks:DescribeCluster' } },
    },
  });
  return file;
}

beforeAll(() => ensureBuilt(), 300_000);

describe('secrets never leave the process', () => {
  it('the fixture has a canary under every kind of secret, and the redactor knows them', () => {
    expect(CANARIES.length).toBeGreaterThanOrEqual(25);
    // Values under secret-looking keys are known secrets; the rest (a TLS key under `key`) must still not leak.
    const known = secretValuesOf(parse(readFileSync(VALUES, 'utf8')));
    expect(known).toEqual(expect.arrayContaining(['cnry-db-password-4b1f9e', 'AKIACNRYCANARY000001', 'cnry/s3+secret=key/0a9b8c7d', 'LS0tcnryPrivClientKey-h9i0']));
  });

  for (const output of ['table', 'json', 'junit', 'sarif', 'markdown'] as const) {
    it(`--output ${output} of a values run shows no secret`, () => {
      const run = runCli(['check', '--only', 'values', '--values', VALUES, '--output', output]);
      expect(run.code).toBe(1);
      expect(run.stdout.length).toBeGreaterThan(200);
      expectNoCanary(run);
    });
  }

  it('the JSON report still shows where secrets were, as [REDACTED], so the check did see them', () => {
    const run = runCli(['check', '--only', 'values', '--values', VALUES, '--output', 'json']);
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string; evidence: Record<string, unknown> }[] };
    const s3 = report.checks.find((c) => c.id === 'values-harbor-s3')!;
    expect(s3.evidence['harbor.persistence.imageChartStorage.s3.secretkey']).toBe(REDACTED);
    expect(report.checks.find((c) => c.id === 'values-default-secrets')!.status).toBe('fail');
  });

  it('--output-file and --save-snapshot write no secret', () => {
    const dir = tmp();
    const reportFile = join(dir, 'report.json');
    const snapFile = join(dir, 'snap.json');
    const run = runCli(['check', '--only', 'values', '--values', VALUES, '--output', 'sarif', '--output-file', reportFile, '--save-snapshot', snapFile]);
    expectNoCanary(run, [reportFile, snapFile]);
  });

  it('secrets quoted in collected facts are scrubbed from every format, the report file and a re-saved snapshot', () => {
    const dir = tmp();
    const input = snapshotQuotingSecrets(dir);
    for (const output of ['table', 'json', 'junit', 'sarif', 'markdown'] as const) {
      const reportFile = join(dir, `report-${output}.json`);
      const snapFile = join(dir, `snap-${output}.json`);
      const run = runCli(['check', '--only', 'values,eks-cluster', '--values', VALUES, '--snapshot', input, '--output', output, '--output-file', reportFile, '--save-snapshot', snapFile]);
      expect(run.code, run.stderr).toBe(1);
      expectNoCanary(run, [reportFile, snapFile]);
      // The message was carried, with the secret replaced: the path was exercised, not skipped.
      expect(readFileSync(reportFile, 'utf8')).toContain(`denied while using ${REDACTED}`);
    }
  });

  it('secrets a format would escape (&, <, quotes) or wrap (spaces, table cells) are scrubbed before rendering', () => {
    const dir = tmp();
    const special = `cnry&<sp>"ec'ial-1`;
    const spaced = 'cnry spaced pass phrase long enough to wrap across a table cell 2';
    const markup = 'cnry<redis>&host-3';
    const input = join(dir, 'quoting.json');
    writeSnapshotFile(input, {
      eks: { clusterName: 'prod', cluster: { error: { code: 'AccessDenied', message: `denied for ${special} and ${spaced}`, action: 'eks:DescribeCluster' } } },
    });
    // The values checks quote the hosts: here they are (by mistake) the passwords themselves.
    const sets = [
      ['externalDatabase.password', special],
      ['externalRedis.password', markup],
      ['services.api.env.ENCRYPTION_KEY', spaced],
      ['postgresql.enabled', 'false'],
      ['externalDatabase.host', spaced],
      ['redis.enabled', 'false'],
      ['externalRedis.host', markup],
    ].flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    for (const output of ['table', 'json', 'junit', 'sarif', 'markdown'] as const) {
      const run = runCli(['check', '--only', 'values,eks-cluster', '--snapshot', input, ...sets, '--output', output], { env: { COLUMNS: '80' } });
      expect(run.code, run.stderr).toBe(1);
      // Every secret here starts with `cnry`, and nothing else does: escaped or wrapped, a secret
      // that got through still carries it.
      expect(run.stdout.match(/.{0,30}cnry.{0,40}/g), `${output} shows a secret`).toBeNull();
      expect(run.stdout, `${output} shows the tail of a wrapped secret`).not.toMatch(/wrap across|table cell 2/);
    }
  });

  it('--set secrets are scrubbed from output too', () => {
    const run = runCli(['check', '--only', 'values', '--set', 'externalDatabase.password=cnry-set-password-zz91', '--output', 'json']);
    expect(run.stdout).not.toContain('cnry-set-password-zz91');
    expect(run.stderr).not.toContain('cnry-set-password-zz91');
  });

  describe('input errors around secrets say what is wrong without quoting the secret', () => {
    const SET_SECRET = 'cnry-set-error-secret-q7';
    const cases: [string, string[]][] = [
      ['a --set under an unknown top-level key', ['--set', `nosuch.password=${SET_SECRET}`]],
      ['a --set with a syntax error after a secret', ['--set', `externalDatabase.password=${SET_SECRET},{bad`]],
      ['a --set with an index out of range', ['--set', `externalDatabase.password[99999999]=${SET_SECRET}`]],
      ['a --set list of secrets before a bad pair', ['--set', `externalDatabase.password={first-item,${SET_SECRET}},nosuch=1`]],
      ['a --set list of secrets left open', ['--set', `externalDatabase.password={first-item,${SET_SECRET}`]],
      ['a secret passed to --only by mistake', ['--set', `externalDatabase.password=${SET_SECRET}`, '--only', SET_SECRET]],
    ];
    for (const [what, args] of cases) {
      it(what, () => {
        const run = runCli(['check', '--only', 'values', ...args]);
        expect(run.code).toBe(2);
        expect(run.stderr).not.toContain(SET_SECRET);
        expect(run.stderr).not.toMatch(STACK_TRACE);
        expect(run.stdout).toBe('');
      });
    }

    const YAML_SECRET = 'cnry-yaml-line-secret-r8';
    const broken: [string, string][] = [
      ['a compact nested mapping on a secret line', `externalDatabase:\n  password: ${YAML_SECRET}: oops\n`],
      ['an unterminated quote', `externalDatabase:\n  password: "${YAML_SECRET}\n  host: x\n`],
      ['a bad indentation after a secret', `externalDatabase:\n  password: ${YAML_SECRET}\n   host: x\n`],
      ['a duplicate secret key', `externalDatabase:\n  password: a-first-value\n  password: ${YAML_SECRET}\n`],
      ['a tab before a secret', `externalDatabase:\n\tpassword: ${YAML_SECRET}\n`],
      ['an unresolved alias named like a secret', `externalDatabase:\n  password: *${YAML_SECRET}\n`],
      ['extra characters after a block scalar header', `externalDatabase:\n  password: |-${YAML_SECRET}\n    x\n`],
      ['an undeclared tag handle', `externalDatabase:\n  password: !e!${YAML_SECRET} x\n`],
      ['a duplicate key in an ordered map', `externalDatabase: !!omap\n  - ${YAML_SECRET}: 1\n  - ${YAML_SECRET}: 2\n`],
      ['a list as a key (YAML would stringify it and warn, quoting it)', `externalDatabase:\n  ? [${YAML_SECRET}]\n  : x\n`],
      ['a merge key whose source is a secret, not a map', `externalDatabase:\n  <<: ${YAML_SECRET}\n`],
    ];
    for (const [what, text] of broken) {
      it(`a malformed values file: ${what}`, () => {
        const file = join(tmp(), 'broken.yaml');
        writeFileSync(file, text);
        const run = runCli(['check', '--only', 'values', '--values', file]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/broken\.yaml:\d+:\d+: /);
        expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(run.stderr).not.toContain(YAML_SECRET);
      });
    }

    it('an unknown tag named like a secret (YAML lets it through as a plain value) leaks nowhere either', () => {
      const file = join(tmp(), 'tagged.yaml');
      writeFileSync(file, `externalDatabase:\n  password: !${YAML_SECRET} x\n`);
      const run = runCli(['check', '--only', 'values', '--values', file, '--output', 'json']);
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(run.stdout + run.stderr).not.toContain(YAML_SECRET);
    });
  });
});
