import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/engine/types.js';
import { UsageError } from '../../src/cli/errors.js';
import { catalogueMarkdown, checkInfo, closeIds, findCheckOrThrow, renderCheckList, renderExplain } from '../../src/cli/info-commands.js';

const check = (over: Partial<Check> & Pick<Check, 'id' | 'area'>): Check => ({
  title: `Title of ${over.id}`,
  severity: 'high',
  appliesTo: () => true,
  needs: [],
  evaluate: () => ({ status: 'pass', message: 'ok' }),
  remediation: 'manual',
  docs: { what: `What ${over.id} checks, in enough words.`, why: 'Why it breaks the install, in words.', fix: 'How to fix it by hand, in words: helm upgrade.' },
  ...over,
});

const CHECKS: Check[] = [
  check({ id: 'values-external-db', area: 'values', severity: 'critical', title: 'External database | host and password' }),
  check({ id: 'rds-instance', area: 'rds', needs: ['rds'] }),
  check({ id: 'rds-port-5432', area: 'rds', needs: ['rds', 'ec2.network'], dependsOn: ['rds-instance'], remediation: 'authorize-sg-ingress', compliance: ['AWS FSBP RDS.2'] }),
];

describe('list-checks', () => {
  it('lists every check as JSON with its metadata and docs', () => {
    const out = JSON.parse(renderCheckList(CHECKS, 'json')) as { tool: { name: string }; checks: ReturnType<typeof checkInfo>[] };
    expect(out.tool.name).toBe('daytona-preflight');
    expect(out.checks.map((c) => c.id)).toEqual(['values-external-db', 'rds-instance', 'rds-port-5432']);
    expect(out.checks[2]).toEqual({
      id: 'rds-port-5432',
      area: 'rds',
      title: 'Title of rds-port-5432',
      severity: 'high',
      needs: ['rds', 'ec2.network'],
      dependsOn: ['rds-instance'],
      remediation: 'authorize-sg-ingress',
      automatic: true,
      docs: CHECKS[2]!.docs,
      compliance: ['AWS FSBP RDS.2'],
    });
    expect(out.checks[0]!.automatic).toBe(false);
  });

  it('lists every check as a table with id, severity, what it reads and how it is fixed', () => {
    const out = renderCheckList(CHECKS, 'table', 120);
    expect(out).toMatch(/values-external-db\s+│ critical\s+│ values only\s+│ manual/);
    expect(out).toMatch(/rds-port-5432\s+│ high\s+│ rds, ec2.network\s+│ authorize-sg-ingress/);
    expect(out.trimEnd().split('\n').at(-1)).toBe("3 checks. Run 'daytona-preflight explain <check-id>' for details.");
    expect(out).not.toMatch(/\x1b\[/);
  });

  it('renders the catalogue as Markdown, one table per area in catalogue order, pipes escaped', () => {
    const md = renderCheckList(CHECKS, 'markdown');
    expect(md).toBe(catalogueMarkdown(CHECKS));
    expect(md.indexOf('### Values')).toBeLessThan(md.indexOf('### RDS'));
    expect(md).toContain('| `values-external-db` | critical | External database \\| host and password | manual |');
    expect(md).toContain('| `rds-port-5432` | high | Title of rds-port-5432 | authorize-sg-ingress (--fix) |');
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^3 checks\./);
  });
});

describe('explain', () => {
  it('says what the check verifies, why it matters and how to fix it, with its metadata', () => {
    const out = renderExplain(CHECKS[2]!);
    expect(out.split('\n')[0]).toBe('rds-port-5432 — Title of rds-port-5432');
    expect(out).toContain('Severity: high');
    expect(out).toContain('Depends on: rds-instance');
    expect(out).toContain('Compliance: AWS FSBP RDS.2');
    expect(out).toMatch(/What it checks\n  What rds-port-5432 checks/);
    expect(out).toMatch(/Why it matters\n  Why it breaks/);
    expect(out).toMatch(/How to fix it\n  How to fix it by hand/);
    expect(out).toContain("--fix' plans the 'authorize-sg-ingress' remediation");
  });

  it('wraps long paragraphs and keeps the line breaks of the fix steps', () => {
    const long = check({ id: 'values-hosts', area: 'values', docs: { what: 'word '.repeat(60), why: 'w '.repeat(10), fix: 'step one\nstep two' } });
    const out = renderExplain(long, 60);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(out).toContain('  step one\n  step two');
  });

  it('refuses an unknown id with a usage error that suggests the close ones', () => {
    expect(() => findCheckOrThrow(CHECKS, 'rds-port')).toThrow(UsageError);
    expect(() => findCheckOrThrow(CHECKS, 'rds-port')).toThrow(/unknown check id 'rds-port'\. Did you mean: rds-port-5432\?/);
    expect(() => findCheckOrThrow(CHECKS, 'values-external-bd')).toThrow(/Did you mean: values-external-db/);
    expect(() => findCheckOrThrow(CHECKS, 'zzzzzz')).toThrow(/^unknown check id 'zzzzzz'\. Run 'daytona-preflight list-checks'/);
  });

  it('suggests ids by containment first, then by edit distance', () => {
    expect(closeIds('rds', ['rds-instance', 'rds-port-5432', 'values-hosts'])).toEqual(['rds-instance', 'rds-port-5432']);
    expect(closeIds('eks-vrsion', ['eks-version', 'eks-nodes'])).toEqual(['eks-version']);
  });
});
