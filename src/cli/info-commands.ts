/**
 * `list-checks` and `explain`: the catalogue, read from the registry (never hand-kept), in the
 * same words the README catalogue uses (scripts/gen-catalogue.mjs renders `catalogueMarkdown`).
 */
import Table from 'cli-table3';
import type { Check } from '../engine/types.js';
import { ALL_CHECKS, AREAS } from '../engine/registry.js';
import { breakLongWords } from '../report/table.js';
import { UsageError } from './errors.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export type ListFormat = 'table' | 'json' | 'markdown';

const AREA_TITLE: Record<string, string> = {
  values: 'Values (no AWS access needed)',
  eks: 'EKS',
  iam: 'IAM',
  ecr: 'ECR',
  s3: 'S3',
  rds: 'RDS',
  elasticache: 'ElastiCache',
  network: 'Network',
  k8s: 'Kubernetes (skipped with --no-kube)',
};

function remediationText(check: Check): string {
  return !check.remediation || check.remediation === 'manual' ? 'manual' : `${check.remediation} (--fix)`;
}

/** The machine-readable entry of one check (list-checks --output json). */
export function checkInfo(check: Check) {
  return {
    id: check.id,
    area: check.area,
    title: check.title,
    severity: check.severity,
    needs: [...check.needs],
    dependsOn: [...(check.dependsOn ?? [])],
    remediation: check.remediation ?? 'manual',
    automatic: Boolean(check.remediation && check.remediation !== 'manual'),
    docs: { ...check.docs },
    compliance: [...(check.compliance ?? [])],
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The check catalogue in Markdown, one table per area in catalogue order (README and list-checks). */
export function catalogueMarkdown(checks: readonly Check[]): string {
  const out: string[] = [];
  for (const area of AREAS) {
    const inArea = checks.filter((c) => c.area === area);
    if (!inArea.length) continue;
    out.push(`### ${AREA_TITLE[area] ?? area}`, '', '| Check | Severity | What it checks | Fix |', '|---|---|---|---|');
    for (const c of inArea) out.push(`| \`${c.id}\` | ${c.severity} | ${cell(c.title)} | ${cell(remediationText(c))} |`);
    out.push('');
  }
  if (!out.length) out.push('_No checks are registered._', '');
  out.push(`${checks.length} checks. \`daytona-preflight explain <check-id>\` says what each verifies, why it matters and how to fix it by hand.`);
  return `${out.join('\n')}\n`;
}

export function renderCheckList(checks: readonly Check[], format: ListFormat, width = 110): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ tool: { name: TOOL_NAME, version: TOOL_VERSION }, checks: checks.map(checkInfo) }, null, 2)}\n`;
    case 'markdown':
      return catalogueMarkdown(checks);
    case 'table': {
      const idWidth = Math.min(30, Math.max(8, ...checks.map((c) => c.id.length + 2)));
      const fixed = [idWidth, 10, 24, 30];
      const titleWidth = Math.max(24, width - fixed.reduce((a, b) => a + b, 0) - fixed.length - 2);
      const table = new Table({
        head: ['Check', 'Severity', 'Reads', 'Fix', 'What it checks'],
        colWidths: [...fixed, titleWidth],
        wordWrap: true,
        wrapOnWordBoundary: true,
        style: { head: [], border: [] },
      });
      for (const c of checks) {
        const cells = [c.id, c.severity, c.needs.length ? c.needs.join(', ') : 'values only', remediationText(c), c.title];
        table.push(cells.map((text, i) => breakLongWords(text, i < fixed.length ? fixed[i]! : titleWidth)));
      }
      return `${table.toString()}\n${checks.length} checks. Run 'daytona-preflight explain <check-id>' for details.\n`;
    }
  }
}

export function listChecksCommand(format: ListFormat): number {
  process.stdout.write(renderCheckList(ALL_CHECKS, format, Math.min(130, process.stdout.columns || 110)));
  return 0;
}

/** Word-wrap a paragraph to width, indenting every line. */
function wrap(text: string, width: number, indent: string): string {
  return text
    .split(/\n/)
    .map((para) => {
      const lines: string[] = [];
      let line = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        if (line && indent.length + line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line);
      return lines.map((l) => `${indent}${l}`.trimEnd()).join('\n');
    })
    .join('\n');
}

export function renderExplain(check: Check, width = 100): string {
  const facts = check.needs.length ? check.needs.join(', ') : 'the values only (no AWS or cluster access)';
  const lines = [
    `${check.id} — ${check.title}`,
    '',
    `Area: ${check.area}   Severity: ${check.severity}   Fix: ${remediationText(check)}`,
    `Reads: ${facts}`,
  ];
  if (check.dependsOn?.length) lines.push(`Depends on: ${check.dependsOn.join(', ')} (skipped when they do not pass)`);
  if (check.compliance?.length) lines.push(`Compliance: ${check.compliance.join(', ')}`);
  lines.push('', 'What it checks', wrap(check.docs.what, width, '  '), '', 'Why it matters', wrap(check.docs.why, width, '  '), '', 'How to fix it', wrap(check.docs.fix, width, '  '));
  if (check.remediation && check.remediation !== 'manual') {
    lines.push('', `'daytona-preflight check --fix' plans the '${check.remediation}' remediation for it, shows the plan and asks before applying.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Edit distance, for suggesting the id the user probably meant. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Ids close to what was typed: containing it, contained in it, or a few edits away. Best first. */
export function closeIds(typed: string, ids: readonly string[], max = 5): string[] {
  const t = typed.toLowerCase();
  return ids
    .map((id) => ({ id, d: id.includes(t) || t.includes(id) ? 0 : distance(t, id) }))
    .filter(({ id, d }) => d <= Math.max(2, Math.floor(Math.max(t.length, id.length) / 3)))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, max)
    .map(({ id }) => id);
}

export function findCheckOrThrow(checks: readonly Check[], id: string): Check {
  const check = checks.find((c) => c.id === id);
  if (check) return check;
  const close = closeIds(id, checks.map((c) => c.id));
  const hint = close.length ? ` Did you mean: ${close.join(', ')}?` : '';
  throw new UsageError(`unknown check id '${id}'.${hint} Run 'daytona-preflight list-checks' to see them all.`);
}

export function explainCommand(id: string): number {
  process.stdout.write(renderExplain(findCheckOrThrow(ALL_CHECKS, id), Math.min(110, process.stdout.columns || 100)));
  return 0;
}
