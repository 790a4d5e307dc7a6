/**
 * A Markdown page for a CI job summary ($GITHUB_STEP_SUMMARY, GitLab notes): the verdict, a table
 * of every check, details for each that did not pass, and the remediation when --fix ran.
 */
import type { CheckResult } from '../engine/types.js';
import type { RemediationReport, Report } from './types.js';
import { exitMeaning, messageWithReason, splitDocs, STATUS_EMOJI, summaryLine } from './text.js';

/** Text safe inside a table cell: no pipes or line endings (LF, CR LF or a bare CR) breaking the row, no HTML taking over. */
export function mdCell(s: string): string {
  return mdInline(s).replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');
}

/** Text safe as inline Markdown: HTML is shown, not interpreted. */
export function mdInline(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Inline code that survives backticks inside it. Line endings become spaces, as CommonMark renders
 * them in a code span anyway: a blank line would end the span, and what follows it (`<img …>`) would
 * be read as raw HTML, since nothing inside a code span can be escaped.
 */
export function mdCode(text: string): string {
  const s = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A fenced block that survives backtick runs inside it. */
function codeBlock(lang: string, body: string): string {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

function targetLine(report: Report): string {
  const t = report.target;
  const parts: string[] = [];
  if (t.cluster) parts.push(`cluster ${mdCode(t.cluster)}`);
  if (t.accountId) parts.push(`account ${mdCode(t.accountId)}`);
  if (t.region) parts.push(`region ${mdCode(t.region)}`);
  parts.push(`namespace ${mdCode(t.namespace)}`, `release ${mdCode(t.release)}`);
  parts.push(t.valuesFiles.length ? `values ${t.valuesFiles.map((f) => mdCode(f.path)).join(', ')}` : 'chart default values');
  if (t.snapshot) parts.push(`replayed from snapshot ${mdCode(t.snapshot)}`);
  return `Target: ${parts.join(' · ')}`;
}

function details(r: CheckResult): string {
  const docs = splitDocs(r.docs);
  const lines = [`<details><summary>${STATUS_EMOJI[r.status]} <code>${mdInline(r.id)}</code> — ${mdInline(r.title)}</summary>`, ''];
  lines.push(`**${r.status}** (${r.severity}): ${mdInline(r.message)}`, '');
  if (r.reason) lines.push(`- Reason: ${mdInline(r.reason)}`);
  if (r.error) lines.push(`- Error: ${mdCode(r.error.code)}${r.error.action ? ` on ${mdCode(r.error.action)}` : ''}: ${mdInline(r.error.message)}`);
  if (r.resources.length) lines.push(`- Resources: ${r.resources.map(mdCode).join(', ')}`);
  if (r.location) lines.push(`- Location: ${mdCode(`${r.location.file}:${r.location.line}`)}`);
  if (r.remediation) lines.push(`- Remediation: ${mdCode(r.remediation.id)}${r.remediation.automatic ? ' (automatic with `--fix`)' : ''}`);
  if (lines[lines.length - 1] !== '') lines.push('');
  if (Object.keys(r.evidence).length) lines.push('Evidence:', '', codeBlock('json', JSON.stringify(r.evidence, null, 2)), '');
  if (docs.why) lines.push(`**Why it matters:** ${mdInline(docs.why)}`, '');
  if (docs.fix) lines.push(`**How to fix:** ${mdInline(docs.fix)}`, '');
  lines.push('</details>');
  return lines.join('\n');
}

function remediationSection(report: Report, rem: RemediationReport): string[] {
  const title = { plan: 'Remediation plan (nothing applied)', 'dry-run': 'Remediation plan, dry run (nothing changed)', apply: 'Remediation' }[rem.mode];
  const out = ['', `### ${title}`, ''];
  if (!rem.actions.length) out.push('No actions planned.');
  else {
    out.push('| Action | Check | Safety | Status | What | API calls |', '|---|---|---|---|---|---|');
    for (const a of rem.actions) {
      const what = [a.description, ...(a.dependsOn.length ? [`after ${a.dependsOn.join(', ')}`] : []), ...(a.error ? [`error: ${a.error}`] : [])].join('\n');
      const calls = a.calls.map((c) => `${c.api} ${c.target}`).join('\n');
      out.push(`| ${mdCode(a.id)} | ${mdCode(a.checkId)} | ${a.safety} | ${a.status} | ${mdCell(what)} | ${mdCell(calls)} |`);
    }
    const notes = rem.actions.filter((a) => a.notes?.length);
    for (const a of notes) out.push('', `Steps for ${mdCode(a.id)}:`, '', codeBlock('', a.notes!.join('\n')));
  }
  if (rem.before) {
    out.push('', `Before: ${summaryLine(rem.before.summary)}  `, `After: ${summaryLine(report.summary)}`, '');
    const changed = report.checks.filter((r) => {
      const was = rem.before!.statuses[r.id];
      return was !== undefined && !(was === r.status && (was === 'pass' || was === 'skip'));
    });
    if (changed.length) {
      out.push('| Check | Before | After |', '|---|---|---|');
      for (const r of changed) {
        const was = rem.before.statuses[r.id]!;
        out.push(`| ${mdCode(r.id)} | ${STATUS_EMOJI[was]} ${was} | ${STATUS_EMOJI[r.status]} ${r.status} |`);
      }
    }
  }
  return out;
}

export function renderMarkdown(report: Report): string {
  const verdict = exitMeaning(report.summary.exitCode);
  const icon = report.summary.exitCode === 0 ? '✅' : report.summary.exitCode === 1 ? '❌' : '❗';
  const out = [`## ${icon} Daytona preflight: ${verdict}`, '', `**${summaryLine(report.summary)}**`, '', targetLine(report), ''];
  out.push('| | Check | Severity | Status | Message |', '|---|---|---|---|---|');
  for (const r of report.checks) {
    out.push(`| ${STATUS_EMOJI[r.status]} | ${mdCode(r.id)} — ${mdCell(r.title)} | ${r.severity} | ${r.status} | ${mdCell(messageWithReason(r))} |`);
  }
  const notPassed = report.checks.filter((r) => r.status !== 'pass');
  if (notPassed.length) {
    out.push('', '### Details', '');
    for (const r of notPassed) out.push(details(r), '');
  }
  if (report.remediation) out.push(...remediationSection(report, report.remediation));
  out.push('', `<sub>${mdInline(report.tool.name)} ${mdInline(report.tool.version)} · ${report.startedAt} · ${report.durationMs} ms</sub>`);
  return `${out.join('\n')}\n`;
}
