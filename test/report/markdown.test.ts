import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render.js';
import { mdCell, mdCode } from '../../src/report/markdown.js';
import { fixReport, report, result } from './sample.js';

const md = (r = report()) => renderReport(r, 'markdown', { color: false });

describe('the markdown format', () => {
  it('opens with the verdict and the summary line', () => {
    const lines = md().split('\n');
    expect(lines[0]).toBe('## ❌ Daytona preflight: not ready');
    expect(lines[2]).toBe('**1 pass, 1 fail, 1 warn, 1 skip, 1 error — not ready (exit 1)**');
    expect(md()).toContain('cluster `prod` · account `111122223333` · region `eu-west-1`');
  });

  it('has a table row per check with its status emoji, and cells cannot break the table', () => {
    const out = md();
    const rows = out.split('\n').filter((l) => l.startsWith('| ') && /`[a-z0-9-]+` — /.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^\| ✅ \| `values-external-db`/);
    expect(rows[1]).toMatch(/^\| ❌ \| `values-harbor-s3`.*ignored \\\| move them/);
    expect(rows[4]).toMatch(/^\| ❗ \| `rds-port-5432`/);
    // Every row has the header's five cells (escaped pipes do not count).
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(5);
  });

  it('details every check that did not pass, with evidence, reason, error and fix', () => {
    const out = md();
    expect(out).toContain('### Details');
    expect(out).not.toContain('<code>values-external-db</code>');
    expect(out).toContain('<details><summary>❌ <code>values-harbor-s3</code>');
    expect(out).toContain('"note": "a <tag> & \\"quotes\\""');
    expect(out).toContain('- Error: `AccessDenied` on `ec2:DescribeSecurityGroups`');
    expect(out).toContain('**How to fix:** Set the value &amp; re-run &lt;helm install&gt;.');
  });

  it('has no details section when everything passed', () => {
    const out = md(report([result({ id: 'values-hosts', status: 'pass' })]));
    expect(out.split('\n')[0]).toBe('## ✅ Daytona preflight: ready');
    expect(out).not.toContain('### Details');
  });

  it('shows the remediation section in a --fix run', () => {
    const out = md(fixReport('apply'));
    expect(out).toContain('### Remediation');
    expect(out).toContain('| `a1` | `rds-port-5432` | safe | applied |');
    expect(out).toContain('| `rds-port-5432` | ❌ fail | ✅ pass |');
    expect(out).toContain('Steps for `a2`:');
    expect(md(fixReport('plan'))).toContain('### Remediation plan (nothing applied)');
  });

  it('keeps a table row whole whatever line endings a message has, a bare CR included', () => {
    const out = md(report([result({ id: 'values-hosts', status: 'fail', message: 'one\rtwo\r\nthree\nfour | five' })]));
    const row = out.split('\n').find((l) => l.startsWith('| ❌ | `values-hosts`'))!;
    expect(row).toBe('| ❌ | `values-hosts` — Title of values-hosts | high | fail | one<br>two<br>three<br>four \\| five |');
    expect(mdCell('a\rb')).toBe('a<br>b');
  });

  it('lets no value into a code span break out of it as raw HTML', () => {
    const injected = 'arn:aws:s3:::x\n\n<img src=x onerror=alert(1)>';
    const out = md(report([result({ id: 'values-hosts', status: 'fail', message: 'm', resources: [injected], location: { file: 'v\r\n\r\n<script>.yaml', line: 1 } })]));
    expect(out).toContain('- Resources: `arn:aws:s3:::x  <img src=x onerror=alert(1)>`');
    expect(out).toContain('- Location: `v  <script>.yaml:1`');
    // No line of the page starts an HTML block from a value: every raw tag is the tool's own.
    for (const line of out.split('\n')) expect(line).not.toMatch(/^\s*<(img|script)/);
    expect(mdCode('a\n\nb')).toBe('`a  b`');
  });

  it('escapes what would otherwise be read as markup', () => {
    expect(mdCell('a|b\n<script>')).toBe('a\\|b<br>&lt;script&gt;');
    expect(mdCode('plain')).toBe('`plain`');
    // A code span that holds backticks uses a longer fence, padded where it touches one.
    expect(mdCode('has `tick`')).toBe('`` has `tick` ``');
  });
});
