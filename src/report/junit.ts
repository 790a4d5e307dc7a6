/**
 * JUnit XML for CI test views: one testsuite per area, one testcase per check.
 * fail → <failure>, error → <error>, skip → <skipped/>. A warn is a <failure type="warn"> when
 * warnings fail the run (--fail-on warn), otherwise a passing testcase whose output says WARN,
 * so the test view agrees with the exit code.
 */
import type { CheckResult } from '../engine/types.js';
import type { FailOn } from '../engine/exit-code.js';
import type { Report } from './types.js';
import { groupByArea, splitDocs, summaryLine } from './text.js';

export interface JunitOptions {
  failOn?: FailOn;
}

/** Characters XML 1.0 forbids outright (control characters, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttr(s: string): string {
  // Newlines and tabs in attributes are normalised to spaces by parsers unless written as references.
  return escapeXmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

/** The finding in plain text: what a CI log reader needs to act on it. */
function details(r: CheckResult): string {
  const lines = [`${r.title} [${r.severity}]`, r.message];
  if (r.reason) lines.push(`Reason: ${r.reason}`);
  if (r.error) lines.push(`Error: ${r.error.code}${r.error.action ? ` on ${r.error.action}` : ''}: ${r.error.message}`);
  if (r.resources.length) lines.push(`Resources: ${r.resources.join(', ')}`);
  if (r.location) lines.push(`Location: ${r.location.file}:${r.location.line}`);
  if (Object.keys(r.evidence).length) lines.push(`Evidence: ${JSON.stringify(r.evidence, null, 2)}`);
  const { fix } = splitDocs(r.docs);
  if (fix) lines.push(`Fix: ${fix}`);
  if (r.remediation) lines.push(`Remediation: ${r.remediation.id}${r.remediation.automatic ? ' (automatic with --fix)' : ''}`);
  return lines.join('\n');
}

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

function outcomeOf(r: CheckResult, failOn: FailOn): Outcome {
  switch (r.status) {
    case 'pass':
      return 'passed';
    case 'fail':
      return 'failure';
    case 'warn':
      return failOn === 'warn' ? 'failure' : 'passed';
    case 'skip':
      return 'skipped';
    case 'error':
      return 'error';
  }
}

function testcase(r: CheckResult, failOn: FailOn, indent: string): string {
  const open = `${indent}<testcase${attrs({ name: r.id, classname: `daytona-preflight.${r.area}`, time: seconds(r.durationMs) })}`;
  const inner = `${indent}  `;
  const body: string[] = [];
  switch (outcomeOf(r, failOn)) {
    case 'failure':
      body.push(`${inner}<failure${attrs({ message: r.message, type: r.status })}>${escapeXmlText(details(r))}</failure>`);
      break;
    case 'error':
      body.push(`${inner}<error${attrs({ message: r.message, type: r.error?.code ?? 'error' })}>${escapeXmlText(details(r))}</error>`);
      break;
    case 'skipped':
      body.push(`${inner}<skipped${attrs({ message: r.reason ?? r.message })}/>`);
      break;
    case 'passed':
      if (r.status === 'warn') body.push(`${inner}<system-out>${escapeXmlText(`WARN: ${details(r)}`)}</system-out>`);
      break;
  }
  return body.length ? `${open}>\n${body.join('\n')}\n${indent}</testcase>` : `${open}/>`;
}

function counts(checks: readonly CheckResult[], failOn: FailOn) {
  const outcomes = checks.map((r) => outcomeOf(r, failOn));
  return {
    tests: checks.length,
    failures: outcomes.filter((o) => o === 'failure').length,
    errors: outcomes.filter((o) => o === 'error').length,
    skipped: outcomes.filter((o) => o === 'skipped').length,
    time: seconds(checks.reduce((t, r) => t + r.durationMs, 0)),
  };
}

function properties(report: Report, indent: string): string {
  const t = report.target;
  const props: [string, string | undefined][] = [
    ['summary', summaryLine(report.summary)],
    ['exitCode', String(report.summary.exitCode)],
    ['accountId', t.accountId],
    ['region', t.region],
    ['cluster', t.cluster],
    ['namespace', t.namespace],
    ['release', t.release],
    ['valuesFiles', t.valuesFiles.map((f) => f.path).join(', ') || undefined],
    ['snapshot', t.snapshot],
    ['toolVersion', report.tool.version],
  ];
  const lines = props.filter(([, v]) => v !== undefined && v !== '').map(([name, value]) => `${indent}  <property${attrs({ name, value: value! })}/>`);
  return `${indent}<properties>\n${lines.join('\n')}\n${indent}</properties>`;
}

export function renderJunit(report: Report, opts: JunitOptions = {}): string {
  const failOn = opts.failOn ?? 'fail';
  const suites: string[] = [];
  for (const [area, checks] of groupByArea(report.checks)) {
    const head = `  <testsuite${attrs({ name: `daytona-preflight.${area}`, ...counts(checks, failOn), timestamp: report.startedAt })}>`;
    suites.push([head, properties(report, '    '), ...checks.map((r) => testcase(r, failOn, '    ')), '  </testsuite>'].join('\n'));
  }
  const root = `<testsuites${attrs({ name: 'daytona-preflight', ...counts(report.checks, failOn), time: seconds(report.durationMs), timestamp: report.startedAt })}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, '</testsuites>', ''].join('\n');
}
