import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render.js';
import { escapeXmlAttr, escapeXmlText } from '../../src/report/junit.js';
import { CHECKS, report, result } from './sample.js';
import { parseJunit } from './xml.js';

describe('the junit format', () => {
  it('is well-formed XML with one testsuite per area and one testcase per check', () => {
    const { root, suites } = parseJunit(renderReport(report(), 'junit', { color: false }));
    expect(suites.map((s) => s.name)).toEqual(['daytona-preflight.values', 'daytona-preflight.rds']);
    expect(suites.flatMap((s) => s.cases.map((c) => c.name))).toEqual(CHECKS.map((c) => c.id));
    expect(root['@_tests']).toBe('5');
    expect(suites[1]!.cases[1]!.classname).toBe('daytona-preflight.rds');
  });

  it('reports fail as <failure>, error as <error>, skip as <skipped/>, and pass with no child', () => {
    const { suites } = parseJunit(renderReport(report(), 'junit', { color: false }));
    const byName = Object.fromEntries(suites.flatMap((s) => s.cases).map((c) => [c.name, c]));
    expect(byName['values-external-db']).toEqual({ name: 'values-external-db', classname: 'daytona-preflight.values', time: '0.002' });
    expect(byName['values-harbor-s3']!.failure).toMatchObject({ type: 'fail', message: expect.stringContaining('harbor.imageChartStorage') });
    expect(byName['rds-port-5432']!.error).toMatchObject({ type: 'AccessDenied', text: expect.stringContaining('AccessDenied on ec2:DescribeSecurityGroups') });
    expect(byName['rds-instance']!.skipped).toEqual({ message: 'postgresql.enabled is true' });
    const values = suites[0]!;
    expect([values.tests, values.failures, values.errors, values.skipped]).toEqual([3, 1, 0, 0]);
    expect([suites[1]!.errors, suites[1]!.skipped]).toEqual([1, 1]);
  });

  it('reports a warning as a passing testcase that says WARN, or as a failure under --fail-on warn', () => {
    const warnCase = (failOn: 'fail' | 'warn') =>
      parseJunit(renderReport(report(), 'junit', { color: false, failOn }))
        .suites.flatMap((s) => s.cases)
        .find((c) => c.name === 'values-ssh-gateway-lb')!;
    expect(warnCase('fail').failure).toBeUndefined();
    expect(warnCase('fail').systemOut).toMatch(/^WARN: /);
    expect(warnCase('warn').failure).toMatchObject({ type: 'warn' });
  });

  it('carries the evidence, the fix and the run target, with markup characters escaped', () => {
    const xml = renderReport(report(), 'junit', { color: false });
    const { suites } = parseJunit(xml);
    const failure = suites[0]!.cases.find((c) => c.name === 'values-harbor-s3')!.failure!;
    expect(failure.text).toContain('"note": "a <tag> & \\"quotes\\""');
    expect(failure.text).toContain('Fix: Set the value & re-run <helm install>.');
    expect(suites[0]!.properties).toMatchObject({ cluster: 'prod', accountId: '111122223333', exitCode: '1' });
  });

  it('escapes markup and drops characters XML cannot carry, so odd messages still parse', () => {
    const odd = result({ id: 'values-hosts', status: 'fail', message: 'a "quoted" <b>&amp;</b> \u0001bell\u0007 \'x\'\nline two' });
    const { suites } = parseJunit(renderReport(report([odd]), 'junit', { color: false }));
    const failure = suites[0]!.cases[0]!.failure!;
    expect(failure.message).toBe('a "quoted" <b>&amp;</b> \uFFFDbell\uFFFD \'x\'\nline two');
    expect(escapeXmlText('<&>')).toBe('&lt;&amp;&gt;');
    expect(escapeXmlAttr('"\'\n')).toBe('&quot;&apos;&#10;');
  });
});
