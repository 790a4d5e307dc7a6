import { describe, expect, it } from 'vitest';
import { AREAS } from '../../src/engine/registry.js';
import { STATUSES } from '../../src/engine/types.js';
import { reportSchema, validateReport } from '../../src/report/schema.js';
import type { Report } from '../../src/report/types.js';
import { fixReport, report } from './sample.js';

const clone = (r: Report) => JSON.parse(JSON.stringify(r)) as Report & Record<string, unknown>;

describe('the report schema (data/report.schema.json)', () => {
  it('names exactly the statuses and areas the engine has', () => {
    const defs = reportSchema().$defs as Record<string, { enum: string[] }>;
    expect(defs.status!.enum).toEqual([...STATUSES]);
    expect(defs.area!.enum).toEqual([...AREAS]);
  });

  it('accepts a report and a --fix report', () => {
    expect(validateReport(clone(report()))).toEqual({ valid: true, errors: [] });
    expect(validateReport(clone(fixReport('apply')))).toEqual({ valid: true, errors: [] });
    expect(validateReport(clone(fixReport('dry-run')))).toEqual({ valid: true, errors: [] });
  });

  it('rejects another schema version, a missing field and an unknown field, naming where', () => {
    const v2 = clone(report());
    (v2 as Record<string, unknown>).schemaVersion = 2;
    expect(validateReport(v2).errors.join()).toMatch(/\/schemaVersion must be equal to constant/);
    const missing = clone(report());
    delete (missing as Partial<Report>).summary;
    expect(validateReport(missing).errors).toContain("/ must have required property 'summary'");
    const extra = clone(report());
    (extra.checks[0] as unknown as Record<string, unknown>).verdict = 'ok';
    expect(validateReport(extra).errors).toContain("/checks/0 must NOT have additional properties 'verdict'");
  });

  it('rejects a status outside the contract and a start time that is not a date-time', () => {
    const bad = clone(report());
    (bad.checks[0] as unknown as Record<string, unknown>).status = 'ok';
    bad.startedAt = 'yesterday';
    const { valid, errors } = validateReport(bad);
    expect(valid).toBe(false);
    expect(errors.join('\n')).toMatch(/\/checks\/0\/status must be equal to one of the allowed values/);
    expect(errors.join('\n')).toMatch(/\/startedAt must match format "date-time"/);
  });

  it('requires a reason on every skip and error', () => {
    const bad = clone(report());
    delete bad.checks[4]!.reason;
    expect(validateReport(bad).errors.join()).toMatch(/\/checks\/4 must have required property 'reason'/);
  });

  it('rejects a summary that does not count the checks, and a check id listed twice', () => {
    const bad = clone(report());
    bad.summary.pass = 7;
    bad.checks.push(bad.checks[0]!);
    const { errors } = validateReport(bad);
    expect(errors).toContain("/summary/pass is 7, but 2 checks have status 'pass'");
    expect(errors).toContain("/checks: check id 'values-external-db' appears twice");
  });

  it('rejects a plan whose action depends on an action not in it, or names an action twice', () => {
    const bad = clone(fixReport());
    bad.remediation!.actions[1]!.dependsOn = ['a9'];
    bad.remediation!.actions.push({ ...bad.remediation!.actions[0]! });
    const { errors } = validateReport(bad);
    expect(errors).toContain("/remediation/actions: 'a2' depends on 'a9', which is not in the plan");
    expect(errors).toContain("/remediation/actions: action id 'a1' appears twice");
  });
});

describe('the intent in the report', () => {
  it('must say the five switches of the contract', () => {
    const bad = clone(report());
    delete (bad.intent as Record<string, unknown>).harborS3;
    expect(validateReport(bad).errors).toContain("/intent must have required property 'harborS3'");
    const ecr = clone(report());
    ecr.intent.ecr = { host: '111122223333.dkr.ecr.eu-west-1.amazonaws.com', accountId: '111122223333', region: 'eu-west-1', prefix: '' };
    expect(validateReport(ecr).valid).toBe(true);
  });
});
