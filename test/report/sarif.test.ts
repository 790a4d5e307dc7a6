import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render.js';
import { DEFAULTS_LOCATION, FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { CHECKS, report, result, VALUES_FILE } from './sample.js';
import { MULTITOOL_AVAILABLE, multitoolErrors, sarifSchemaErrors } from './sarif-tools.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}
interface SarifLog {
  version: string;
  $schema: string;
  runs: { tool: { driver: { name: string; version: string; rules: Record<string, any>[] } }; results: SarifResult[] }[];
}

const CWD = '/work/repo';
const sarif = (r = report(), cwd = CWD) => renderReport(r, 'sarif', { color: false, cwd });
const parse = (text: string) => JSON.parse(text) as SarifLog;

describe('the sarif format', () => {
  it('is SARIF 2.1.0 valid against the schema', () => {
    const log = parse(sarif());
    expect(log.version).toBe('2.1.0');
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('has one rule per check: short description = title, full description = what, help = the docs, a default level and tags', () => {
    const rules = parse(sarif()).runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(CHECKS.map((c) => c.id));
    const harbor = rules.find((r) => r.id === 'values-harbor-s3')!;
    expect(harbor.shortDescription.text).toBe('Title of values-harbor-s3.');
    expect(harbor.fullDescription.text).toBe('Checks values-harbor-s3.');
    expect(harbor.help.text).toContain('Fix: Set the value & re-run <helm install>.');
    expect(harbor.help.markdown).toContain('**How to fix:** Set the value');
    expect(harbor.defaultConfiguration.level).toBe('error');
    expect(harbor.properties).toMatchObject({ severity: 'critical', tags: expect.arrayContaining(['values']) });
    expect(rules.find((r) => r.id === 'values-ssh-gateway-lb')!.defaultConfiguration.level).toBe('warning');
  });

  it('has one result per fail, warn or error finding and none for pass or skip', () => {
    const results = parse(sarif()).runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['values-harbor-s3', 'error'],
      ['values-ssh-gateway-lb', 'warning'],
      ['rds-port-5432', 'warning'],
    ]);
    const rules = parse(sarif()).runs[0]!.tool.driver.rules;
    for (const r of results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const error = results.find((r) => r.ruleId === 'rds-port-5432')!;
    expect(error.message.text).toContain('AccessDenied on ec2:DescribeSecurityGroups');
    expect(error.properties).toMatchObject({ status: 'error', error: { action: 'ec2:DescribeSecurityGroups' } });
  });

  it('points each result at the values file, relative to the working directory with forward slashes, and the line of its key', () => {
    const results = parse(sarif(report(), CWD)).runs[0]!.results;
    const harbor = results.find((r) => r.ruleId === 'values-harbor-s3')!;
    expect(harbor.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: VALUES_FILE, uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } } }]);
    const abs = report(CHECKS.map((c) => ({ ...c, location: { file: `${CWD}/deploy/my values.yaml`, line: 3 } })));
    expect(parse(sarif(abs, CWD)).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'deploy/my%20values.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('gives a file outside the working directory as an absolute file URI', () => {
    const outside = report(CHECKS.map((c) => ({ ...c, location: { file: '/etc/daytona/values.yaml', line: 2 } })));
    expect(parse(sarif(outside, CWD)).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'file:///etc/daytona/values.yaml' });
  });

  it('points a result with no values files at all at line 1 of values.yaml, and says so', () => {
    const noFiles = report(CHECKS.map(({ location: _drop, ...c }) => c));
    const first = parse(sarif(noFiles)).runs[0]!.results[0]!;
    expect(first.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: DEFAULTS_LOCATION, uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    expect(first.properties.location).toBe('chart defaults');
  });

  it('fingerprints a finding by rule, file and subject, not by line, so alerts survive edits above them', () => {
    const base = result({ id: 'values-hosts', status: 'fail', valuesPaths: ['harbor.externalURL'], location: { file: VALUES_FILE, line: 10 } });
    const fp = (c: typeof base) => parse(sarif(report([c]))).runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY];
    expect(fp(base)).toMatch(/^[0-9a-f]{32}$/);
    expect(fp({ ...base, location: { file: VALUES_FILE, line: 40 } })).toBe(fp(base));
    expect(fp({ ...base, valuesPaths: ['harbor.expose.ingress.hosts.core'] })).not.toBe(fp(base));
    expect(fp({ ...base, location: { file: 'other.yaml', line: 10 } })).not.toBe(fp(base));
  });

  it("ends every message with a period, as SARIF's rules ask", () => {
    for (const r of parse(sarif()).runs[0]!.results) expect(r.message.text).toMatch(/\.$/);
  });

  it.runIf(MULTITOOL_AVAILABLE)("passes Microsoft's SARIF Multitool validate with its GitHub rules, which do reject a result without a location", () => {
    const noFiles = report(CHECKS.map(({ location: _drop, ...c }) => c));
    const broken = parse(sarif());
    delete (broken.runs[0]!.results[0] as Partial<SarifResult>).locations;
    const errors = multitoolErrors({ report: sarif(), noValuesFiles: sarif(noFiles), broken: JSON.stringify(broken) });
    expect(errors.report).toEqual([]);
    expect(errors.noValuesFiles).toEqual([]);
    // The validator is real: the same log without a location is rejected by a GitHub rule.
    expect(errors.broken!.join('\n')).toMatch(/error GH\d+/);
  });
});
