import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render.js';
import { CHECKS, fixReport, report, result } from './sample.js';

const ANSI = /\x1b\[[0-9;]*m/;

describe('the table format', () => {
  it('has one row per check with its id, status, severity and message, and the summary line under it', () => {
    const out = renderReport(report(), 'table', { color: false });
    for (const id of ['values-external-db', 'values-harbor-s3', 'values-ssh-gateway-lb', 'rds-instance', 'rds-port-5432']) expect(out).toContain(id);
    expect(out).toMatch(/values-harbor-s3\s+│ FAIL\s+│ critical/);
    expect(out).toMatch(/rds-port-5432\s+│ ERROR\s+│ critical/);
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 pass, 1 fail, 1 warn, 1 skip, 1 error — not ready (exit 1)');
  });

  it('wraps long messages to the width it is given', () => {
    const out = renderReport(report(), 'table', { color: false, width: 80 });
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    // A path longer than the column is broken over lines, never cut short.
    expect(out.replace(/[\s│]/g, '')).toContain('harbor.persistence.imageChartStorage');
    expect(out).not.toContain('…');
  });

  it('fits a narrow terminal (down to its floor of 60 columns) by narrowing the id column, never cutting an id', () => {
    const long = result({ id: 'values-default-secrets', status: 'fail', message: 'the chart default secrets are in use for the database and redis passwords' });
    for (const width of [60, 70]) {
      const out = renderReport(report([...CHECKS, long]), 'table', { color: false, width });
      for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
      // The id column, read down: every character of the long id is there.
      const idColumn = out.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│')[1]!.trim()).join('');
      expect(idColumn).toContain('values-default-secrets');
      // The tables of a --fix run too (its prose lines, like the summary, wrap as text does).
      for (const mode of ['apply', 'dry-run'] as const) {
        const fix = renderReport(fixReport(mode), 'table', { color: false, width });
        for (const line of fix.split('\n').filter((l) => /^[┌│├└]/.test(l))) expect(line.length).toBeLessThanOrEqual(width);
      }
    }
  });

  it('prints text from the report as inert text: no escape sequence, bare CR, NUL or BEL reaches the terminal', () => {
    const hostile = 'a ]]> \u0000 \u001b[31mRED\u001b[0m | b\rc\td\u0007 <script>';
    const r = report([result({ id: 'values-hosts', status: 'fail', message: hostile })]);
    const fix = fixReport('apply');
    fix.remediation!.actions[0]!.error = hostile;
    fix.remediation!.actions[1]!.notes = [hostile];
    for (const out of [renderReport(r, 'table', { color: false, width: 200 }), renderReport(fix, 'table', { color: false, width: 200 })]) {
      expect(out).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
      expect(out).toContain('\\x1b[31mRED\\x1b[0m');
    }
    const plain = renderReport(r, 'table', { color: false, width: 200 });
    expect(plain).toContain('a ]]> \\x00 \\x1b[31mRED\\x1b[0m | b');
    expect(plain).toMatch(/│ c d\\x07 <script>\s+│/);
    // With colour on, the only escape sequences are the tool's own.
    const coloured = renderReport(r, 'table', { color: true, width: 200 });
    expect(coloured).not.toContain('\x1b[31mRED');
  });

  it('has no colour codes unless asked, and colours statuses when asked', () => {
    expect(renderReport(report(), 'table', { color: false })).not.toMatch(ANSI);
    const coloured = renderReport(report(), 'table', { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\x1b[31mFAIL');
  });

  it('names the failed action of an error row', () => {
    const out = renderReport(report(), 'table', { color: false, width: 200 });
    expect(out).toContain('AccessDenied on ec2:DescribeSecurityGroups');
  });

  it('shows the plan, its actions and the statuses before and after in a --fix run', () => {
    const out = renderReport(fixReport('apply'), 'table', { color: false, width: 140 });
    expect(out).toContain('Remediation: 2 actions');
    expect(out).toMatch(/a1\s+│ rds-port-5432\s+│ safe\s+│ applied/);
    expect(out).toContain('ec2:AuthorizeSecurityGroupIngress sg-0rds');
    expect(out).toContain('rds-port-5432: FAIL → PASS');
    expect(out).toContain('Before: 1 pass, 2 fail, 1 warn, 1 skip, 0 error — not ready (exit 1)');
    expect(out).toContain('imageChartStorage: …');
    expect(out).not.toContain('values-external-db: PASS → PASS');
  });

  it('shows the exact API parameters in a dry run', () => {
    const out = renderReport(fixReport('dry-run'), 'table', { color: false, width: 200 });
    expect(out).toContain('dry run');
    expect(out).toContain('"GroupId":"sg-0rds"');
    expect(renderReport(fixReport('apply'), 'table', { color: false, width: 200 })).not.toContain('"GroupId"');
  });
});

describe('breaking words longer than a column', () => {
  it('keeps every character of a long ARN, over several lines, instead of truncating it', async () => {
    const { breakLongWords } = await import('../../src/report/table.js');
    const arn = 'arn:aws:iam::111122223333:role/eksctl-prod-nodegroup-runners-NodeInstanceRole-ABCDEFGHIJ';
    const out = breakLongWords(`role ${arn} lacks it`, 22);
    expect(out.split(/[\n ]/).every((word) => word.length <= 20)).toBe(true);
    expect(out.replace(/\n/g, '')).toContain(arn);
    expect(out.startsWith('role ')).toBe(true);
  });
});
