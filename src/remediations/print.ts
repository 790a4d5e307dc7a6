/**
 * The plan as a person reads it on stderr, before anything is changed: one row per action (the
 * check it fixes, what it does, its safety class, the API calls with their targets, what it
 * depends on), then the manual steps and follow-ups; in a dry run, every call with its exact
 * parameters. Everything printed passes through the redactor.
 */
import Table from 'cli-table3';
import { breakLongWords } from '../report/table.js';
import type { Redactor } from '../secrets/redact.js';
import type { ActionOutcome, PlannedAction } from './types.js';

const PLAIN_STYLE = { head: [] as string[], border: [] as string[] };

function counts(actions: readonly PlannedAction[]): string {
  const n = (s: PlannedAction['safety']) => actions.filter((a) => a.safety === s).length;
  return `${n('safe')} safe, ${n('risky')} risky, ${n('manual')} manual`;
}

export function planTable(actions: readonly PlannedAction[], width = 120): string {
  const w = Math.max(80, width);
  const fixed = [20, 9, 18];
  const rest = w - fixed.reduce((a, b) => a + b, 0) - 6;
  const what = Math.max(24, Math.floor(rest * 0.45));
  const calls = Math.max(24, rest - what);
  const colWidths = [fixed[0]!, what, fixed[1]!, calls, fixed[2]!];
  const table = new Table({ head: ['Check', 'Action', 'Safety', 'API calls (targets)', 'Depends on'], colWidths, wordWrap: true, wrapOnWordBoundary: true, style: PLAIN_STYLE });
  for (const a of actions) {
    const callText = a.calls.length ? a.calls.map((c) => `${c.api} ${c.target}`).join('\n') : '(printed steps)';
    table.push([
      breakLongWords(a.checkId, colWidths[0]!),
      breakLongWords(`${a.description}\n[${a.id}]`, colWidths[1]!),
      a.safety,
      breakLongWords(callText, colWidths[3]!),
      breakLongWords(a.dependsOn.join('\n') || '-', colWidths[4]!),
    ]);
  }
  return table.toString();
}

/** The plan, the manual steps and the follow-ups; with `exact`, every call's parameters. */
export function renderPlan(actions: readonly PlannedAction[], opts: { width?: number; exact?: boolean; findings: number }): string {
  const out: string[] = [];
  if (!actions.length) {
    out.push(opts.findings ? 'Remediation plan: nothing to do.' : 'Remediation plan: no finding to fix under the current --fail-on.');
    return `${out.join('\n')}\n`;
  }
  out.push(`Remediation plan: ${actions.length} action${actions.length === 1 ? '' : 's'} (${counts(actions)}) for ${opts.findings} finding${opts.findings === 1 ? '' : 's'}`);
  out.push(planTable(actions, opts.width));
  if (opts.exact) {
    out.push('', 'Dry run: the exact API calls, in order (nothing is sent):');
    actions.forEach((a, i) => {
      if (!a.calls.length) return;
      out.push(`  ${i + 1}. ${a.id} (${a.safety})`);
      for (const c of a.calls) out.push(`     ${c.api} ${c.target}${c.region ? ` [${c.region}]` : ''}`, `       ${JSON.stringify(c.params)}`);
    });
  }
  const manual = actions.filter((a) => a.safety === 'manual');
  if (manual.length) {
    out.push('', 'Manual steps (never automated):');
    for (const a of manual) out.push(`  ${a.checkId}: ${a.description}`, ...(a.notes ?? []).map((n) => `    ${n}`));
  }
  const follow = actions.filter((a) => a.safety !== 'manual' && a.notes?.length);
  if (follow.length) {
    out.push('', 'After applying:');
    for (const a of follow) out.push(`  ${a.id}:`, ...(a.notes ?? []).map((n) => `    ${n}`));
  }
  return `${out.join('\n')}\n`;
}

/** What happened to each action, after applying. */
export function renderOutcomes(outcomes: readonly ActionOutcome[]): string {
  const n = (s: ActionOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const lines = [`Remediation: ${n('applied')} applied, ${n('failed')} failed, ${n('skipped')} skipped, ${n('planned')} left to do by hand`];
  for (const o of outcomes) {
    if (o.status === 'planned') continue;
    lines.push(`  ${o.status.padEnd(7)} ${o.action.id}${o.error ? `: ${o.error}` : ''}`);
    for (const note of o.notes) lines.push(`          ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Redact any text before it reaches stderr. */
export function writer(write: (text: string) => void, redactor: Redactor): (text: string) => void {
  return (text) => write(redactor.text(text));
}
