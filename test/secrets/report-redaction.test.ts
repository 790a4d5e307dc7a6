import { describe, expect, it } from 'vitest';
import { redactReport, userSecrets } from '../../src/cli/check-command.js';
import { buildValues } from '../../src/values/load.js';
import { createRedactor, REDACTED } from '../../src/secrets/redact.js';
import { renderReport } from '../../src/report/render.js';
import { fixReport, report, result } from '../report/sample.js';

describe('which values are scrubbed from output', () => {
  const values = buildValues([{ path: 'v.yaml', text: 'externalDatabase:\n  password: my-user-secret-1\nharbor:\n  harborAdminPassword: Harbor12345\n' }], []);

  it("scrubs the user's secrets but not the chart's published defaults, which are ordinary words or public text", () => {
    const secrets = userSecrets(values);
    expect(secrets).toContain('my-user-secret-1');
    // The chart ships `password: "password"` and `harborAdminPassword: Harbor12345`: public, and
    // scrubbing "password" would blank the word in every message.
    expect(secrets).not.toContain('password');
    expect(secrets).not.toContain('Harbor12345');
    const redactor = createRedactor({}, secrets);
    expect(redactor.text('no PostgreSQL password: my-user-secret-1')).toBe(`no PostgreSQL password: ${REDACTED}`);
  });
});

describe('redactReport: the by-key net over free-form parts of the report', () => {
  const redactor = createRedactor({}, ['known-secret-value']);

  it('replaces values under secret-looking keys in evidence, and known secrets anywhere in it', () => {
    const r = report([result({ id: 'values-hosts', status: 'fail', evidence: { 'externalRedis.password': 'unknown-to-redactor', note: 'has known-secret-value inside', existingSecret: 'db-secret' } })]);
    const out = redactReport(r, redactor);
    expect(out.checks[0]!.evidence).toEqual({ 'externalRedis.password': REDACTED, note: `has ${REDACTED} inside`, existingSecret: 'db-secret' });
    expect(r.checks[0]!.evidence['externalRedis.password'], 'the input is not changed').toBe('unknown-to-redactor');
  });

  it('replaces secret-looking parameters of remediation calls', () => {
    const r = fixReport('dry-run');
    r.remediation!.actions[0]!.calls[0]!.params = { SecretAccessKey: 'abc123abc123', GroupId: 'sg-1' };
    const out = redactReport(r, redactor);
    expect(out.remediation!.actions[0]!.calls[0]!.params).toEqual({ SecretAccessKey: REDACTED, GroupId: 'sg-1' });
  });

  it('leaves API operation names that merely look secret alone, so the report stays valid', () => {
    const out = redactReport(report(), redactor);
    expect(out.apiCalls).toEqual({ 'sts:GetCallerIdentity': 1, 'ecr:GetAuthorizationToken': 1 });
    expect(JSON.parse(renderReport(out, 'json', { color: false })).apiCalls['ecr:GetAuthorizationToken']).toBe(1);
  });
});

describe('secret keys in evidence, which is keyed by values paths', () => {
  it('judges a dotted path by its last segment: a Secret name stays readable, a password does not', async () => {
    const { isSecretKey } = await import('../../src/secrets/redact.js');
    expect(isSecretKey('harbor.persistence.imageChartStorage.s3.existingSecret')).toBe(false);
    expect(isSecretKey('externalDatabase.existingSecret')).toBe(false);
    expect(isSecretKey('harbor.expose.tls.secret.secretName')).toBe(false);
    expect(isSecretKey('externalDatabase.password')).toBe(true);
    expect(isSecretKey('services.api.env.S3_SECRET_KEY')).toBe(true);
    const redactor = createRedactor({}, []);
    expect(redactor.deep({ 'externalDatabase.existingSecret': 'db-credentials', 'externalDatabase.password': 'x-y-z' })).toEqual({
      'externalDatabase.existingSecret': 'db-credentials',
      'externalDatabase.password': REDACTED,
    });
  });
});
