/**
 * The human format: one row per check, a summary line, and for a --fix run the plan/actions and
 * the statuses before and after. Colour only when asked (the CLI asks on a TTY without NO_COLOR).
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { Status } from '../engine/types.js';
import type { RemediationReport, Report } from './types.js';
import { messageWithReason, summaryLine } from './text.js';

export interface TableOptions {
  color: boolean;
  /** Terminal width to fit; 100 when unknown (a pipe or a file). */
  width?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

function paintStatus(c: Colors, status: Status): string {
  const label = status.toUpperCase();
  switch (status) {
    case 'pass':
      return c.green(label);
    case 'fail':
      return c.bold(c.red(label));
    case 'warn':
      return c.yellow(label);
    case 'skip':
      return c.dim(label);
    case 'error':
      return c.magenta(label);
  }
}

/** No colour codes from cli-table3 itself: colour is ours to decide. */
const PLAIN_STYLE = { head: [] as string[], border: [] as string[] };

/**
 * Text from the report (messages, ARNs, values, error texts) as inert terminal text: a control
 * character or escape sequence in it (ESC [31m, a bare CR, BEL, NUL…) would otherwise recolour or
 * overwrite the terminal, even with colour off or NO_COLOR. CR LF and a bare CR become a line
 * break, a tab a space, and any other C0/C1 control is shown as `\xHH`.
 */
export function plainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * cli-table3 truncates a word longer than its column ("…"): an ARN or values path would lose its
 * end. Break such words onto several lines instead, at the column's inner width. The text is made
 * plain first (plainText): every cell of report text passes through here.
 */
export function breakLongWords(text: string, colWidth: number): string {
  const inner = Math.max(4, colWidth - 2);
  return plainText(text)
    .split('\n')
    .map((line) =>
      line
        .split(' ')
        .map((word) => (word.length <= inner ? word : (word.match(new RegExp(`.{1,${inner}}`, 'g')) ?? [word]).join('\n')))
        .join(' '),
    )
    .join('\n');
}

/** The width the last (text) column is given before anything else; the least an id column or it is narrowed to. */
const WANT_LAST = 20;
const MIN_COLUMN = 12;

function fitWidths(total: number, fixed: number[], shrinkable = 1): number[] {
  // Borders take one column per cell plus one; the last column takes what is left. On a narrow
  // terminal the leading id columns give way first (breakLongWords keeps every character of an id,
  // over several lines), then the last column, so the table fits rather than wraps.
  const widths = [...fixed];
  const borders = fixed.length + 2;
  const left = () => total - widths.reduce((a, b) => a + b, 0) - borders;
  for (let i = 0; i < shrinkable && left() < WANT_LAST; i++) widths[i] = Math.max(MIN_COLUMN, widths[i]! - (WANT_LAST - left()));
  return [...widths, Math.max(MIN_COLUMN, left())];
}

function checksTable(report: Report, c: Colors, width: number): string {
  const idWidth = Math.min(32, Math.max(10, ...report.checks.map((r) => r.id.length + 2)));
  const colWidths = fitWidths(width, [idWidth, 8, 10]);
  const idCol = colWidths[0]!;
  const table = new Table({
    head: ['Check', 'Status', 'Severity', 'Message'].map((h) => c.bold(h)),
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: PLAIN_STYLE,
  });
  for (const r of report.checks) table.push([breakLongWords(r.id, idCol), paintStatus(c, r.status), r.severity, breakLongWords(messageWithReason(r), colWidths[3]!)]);
  return table.toString();
}

function actionsTable(rem: RemediationReport, c: Colors, width: number): string {
  const colWidths = fitWidths(width, [14, 22, 8, 9], 2);
  const table = new Table({
    head: ['Action', 'Check', 'Safety', 'Status', 'What (API calls)'].map((h) => c.bold(h)),
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: PLAIN_STYLE,
  });
  const fit = (s: string) => breakLongWords(s, colWidths[4]!);
  for (const a of rem.actions) {
    const lines = [fit(a.description)];
    for (const call of a.calls) {
      lines.push(fit(`• ${call.api} ${call.target}${rem.mode === 'dry-run' && Object.keys(call.params).length ? ` ${JSON.stringify(call.params)}` : ''}`));
    }
    if (a.dependsOn.length) lines.push(fit(`after: ${a.dependsOn.join(', ')}`));
    // Colour after breaking, so escape codes are never split.
    if (a.error) lines.push(c.red(fit(`error: ${a.error}`)));
    for (const note of a.notes ?? []) lines.push(fit(note));
    const status = a.status === 'failed' ? c.red(a.status) : a.status === 'applied' ? c.green(a.status) : a.status;
    table.push([breakLongWords(a.id, colWidths[0]!), breakLongWords(a.checkId, colWidths[1]!), a.safety, status, lines.join('\n')]);
  }
  return table.toString();
}

/** Before → after, for the checks the fix was about: those not passing before, and any that changed. */
function beforeAfter(report: Report, rem: RemediationReport, c: Colors): string[] {
  const before = rem.before;
  if (!before) return [];
  const lines: string[] = [];
  for (const r of report.checks) {
    const was = before.statuses[r.id];
    if (!was) continue;
    if (was === r.status && (was === 'pass' || was === 'skip')) continue;
    lines.push(`  ${r.id}: ${paintStatus(c, was)} → ${paintStatus(c, r.status)}`);
  }
  return [`Before: ${summaryLine(before.summary)}`, ...lines, `After:  ${summaryLine(report.summary)}`];
}

const MODE_TITLE: Record<RemediationReport['mode'], string> = {
  plan: 'Remediation plan (nothing applied)',
  'dry-run': 'Remediation plan, dry run (nothing changed; exact API calls shown)',
  apply: 'Remediation',
};

export function renderTable(report: Report, opts: TableOptions): string {
  const c = pc.createColors(opts.color);
  const width = Math.max(60, opts.width ?? 100);
  const out = [checksTable(report, c, width), c.bold(summaryLine(report.summary))];
  const rem = report.remediation;
  if (rem) {
    out.push('', c.bold(`${MODE_TITLE[rem.mode]}: ${rem.actions.length} action${rem.actions.length === 1 ? '' : 's'}`));
    if (rem.actions.length) out.push(actionsTable(rem, c, width));
    else out.push('No actions planned.');
    out.push(...beforeAfter(report, rem, c));
  }
  return `${out.join('\n')}\n`;
}
