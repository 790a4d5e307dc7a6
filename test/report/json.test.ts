import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render.js';
import { validateReport } from '../../src/report/schema.js';
import type { Report } from '../../src/report/types.js';
import { fixReport, report } from './sample.js';

describe('the json format', () => {
  it('is the report as-is, pretty-printed, and valid against the shipped schema', () => {
    const r = report();
    const text = renderReport(r, 'json', { color: false });
    expect(text).toMatch(/^\{\n  "schemaVersion": 1,\n/);
    const parsed = JSON.parse(text) as Report;
    expect(parsed).toEqual(r);
    expect(validateReport(parsed)).toEqual({ valid: true, errors: [] });
  });

  it('puts keys in the contract order whatever order the object was built in', () => {
    const r = report();
    const shuffled = Object.fromEntries(Object.entries(r).reverse()) as unknown as Report;
    shuffled.checks = r.checks.map((c) => Object.fromEntries(Object.entries(c).reverse()) as unknown as Report['checks'][number]);
    const parsed = JSON.parse(renderReport(shuffled, 'json', { color: false })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'startedAt', 'finishedAt', 'durationMs', 'target', 'apiCalls', 'apiRetries', 'intent', 'summary', 'checks']);
    const check = (parsed.checks as Record<string, unknown>[])[4]!;
    expect(Object.keys(check)).toEqual(['id', 'area', 'title', 'severity', 'status', 'message', 'reason', 'error', 'resources', 'evidence', 'valuesPaths', 'location', 'remediation', 'docs', 'durationMs']);
    expect(Object.keys(check.error as object)).toEqual(['code', 'action', 'message']);
  });

  it('lists apiCalls and apiRetries by operation name, whatever order the concurrent collectors counted them in', () => {
    const a = report(undefined, { apiCalls: { 'sts:GetCallerIdentity': 1, 'ec2:DescribeSubnets': 2, 'eks:DescribeCluster': 1 }, apiRetries: { 'rds:DescribeDBInstances': 1, 'ec2:DescribeSubnets': 2 } });
    const b = report(undefined, { apiCalls: { 'eks:DescribeCluster': 1, 'ec2:DescribeSubnets': 2, 'sts:GetCallerIdentity': 1 }, apiRetries: { 'ec2:DescribeSubnets': 2, 'rds:DescribeDBInstances': 1 } });
    const text = renderReport(a, 'json', { color: false });
    expect(renderReport(b, 'json', { color: false })).toBe(text);
    const parsed = JSON.parse(text) as Report;
    expect(Object.keys(parsed.apiCalls)).toEqual(['ec2:DescribeSubnets', 'eks:DescribeCluster', 'sts:GetCallerIdentity']);
    expect(Object.keys(parsed.apiRetries)).toEqual(['ec2:DescribeSubnets', 'rds:DescribeDBInstances']);
  });

  it('keeps the remediation of a --fix run, in order, and it validates', () => {
    const parsed = JSON.parse(renderReport(fixReport(), 'json', { color: false })) as Report;
    expect(Object.keys(parsed).at(-1)).toBe('remediation');
    expect(Object.keys(parsed.remediation!)).toEqual(['mode', 'actions', 'before']);
    expect(Object.keys(parsed.remediation!.actions[0]!)).toEqual(['id', 'checkId', 'description', 'calls', 'safety', 'remediation', 'dependsOn', 'status', 'requestIds', 'at']);
    expect(validateReport(parsed)).toEqual({ valid: true, errors: [] });
  });

  it('keeps keys it does not know (a compatible extension) after the known ones', () => {
    const r = { ...report(), extra: 1 } as unknown as Report;
    expect(Object.keys(JSON.parse(renderReport(r, 'json', { color: false }))).at(-1)).toBe('extra');
  });
});
