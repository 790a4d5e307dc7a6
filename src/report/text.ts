/**
 * Wording shared by every report format, so the table, Markdown, JUnit and SARIF say the same thing.
 */
import type { CheckResult, Status, Summary } from '../engine/types.js';
import { EXIT } from '../engine/exit-code.js';

export const EXIT_MEANING: Record<number, string> = {
  [EXIT.ready]: 'ready',
  [EXIT.notReady]: 'not ready',
  [EXIT.usage]: 'usage error',
  [EXIT.incomplete]: 'incomplete',
};

export function exitMeaning(code: number): string {
  return EXIT_MEANING[code] ?? `exit ${code}`;
}

/** "12 pass, 3 fail, 1 warn, 2 skip, 0 error — not ready (exit 1)" */
export function summaryLine(summary: Summary): string {
  const counts = `${summary.pass} pass, ${summary.fail} fail, ${summary.warn} warn, ${summary.skip} skip, ${summary.error} error`;
  return `${counts} — ${exitMeaning(summary.exitCode)} (exit ${summary.exitCode})`;
}

export const STATUS_EMOJI: Record<Status, string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  skip: '⏭️',
  error: '❗',
};

export interface DocsParts {
  what: string;
  why: string;
  fix: string;
}

/**
 * A CheckResult carries its docs as one text (engine/run.ts `docsText`: what, "Why: …", "Fix: …").
 * Formats that show the parts separately (SARIF full description, Markdown) split it back here;
 * a docs text in another shape is kept whole as `what`.
 */
export function splitDocs(docs: string): DocsParts {
  const m = /^([\s\S]*?)\n\nWhy: ([\s\S]*?)\n\nFix: ([\s\S]*)$/.exec(docs);
  if (!m) return { what: docs, why: '', fix: '' };
  return { what: m[1]!, why: m[2]!, fix: m[3]! };
}

/**
 * The message, plus for an error the reason and the failed action when the message does not
 * already say them. (A skip's message always says why: the engine writes it from the reason.)
 */
export function messageWithReason(check: Pick<CheckResult, 'status' | 'message' | 'reason' | 'error'>): string {
  if (check.status !== 'error') return check.message;
  const parts = [check.message];
  if (check.reason && !check.message.includes(check.reason)) parts.push(`(${check.reason})`);
  if (check.error?.action && !parts.join(' ').includes(check.error.action)) parts.push(`[${check.error.code} on ${check.error.action}]`);
  return parts.join(' ');
}

/** Areas in the order their checks first appear (catalogue order). */
export function groupByArea(checks: readonly CheckResult[]): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const c of checks) {
    const list = groups.get(c.area);
    if (list) list.push(c);
    else groups.set(c.area, [c]);
  }
  return groups;
}
