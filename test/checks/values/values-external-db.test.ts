import { describe, expect, it } from 'vitest';
import { valuesExternalDb as check } from '../../../src/checks/values/values-external-db.js';
import { expectNoSecrets, runFixture } from './support/run-fixture.js';

describe('values-external-db', () => {
  it('is skipped while the bundled PostgreSQL is on', () => {
    const { result } = runFixture(check, undefined);
    expect(result.status).toBe('skip');
    expect(result.reason).toContain('postgresql.enabled is true');
  });

  it('passes with an RDS endpoint and the password from an existing Secret', () => {
    const { result } = runFixture(check, 'rds');
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({
      'externalDatabase.host': 'daytona.c9akciq32xyz.eu-west-1.rds.amazonaws.com',
      'externalDatabase.existingSecret': 'daytona-db',
      passwordFrom: 'Secret daytona-db, key database-password',
    });
  });

  it("fails when postgresql is off but host is still the bundled 'daytona-postgresql' and the password the placeholder", () => {
    const run = runFixture(check, 'host-left-default');
    expect(run.result.status).toBe('fail');
    expect(run.result.message).toContain("externalDatabase.host is still 'daytona-postgresql'");
    expect(run.result.message).toContain("externalDatabase.password is still the chart's placeholder");
    expect(run.result.valuesPaths).toEqual(['externalDatabase.host', 'externalDatabase.existingSecret', 'externalDatabase.password']);
    expect(run.result.evidence['externalDatabase.password']).toBe('[REDACTED]');
    expectNoSecrets(run);
  });

  it('fails when the host is empty, and never shows the password it was given', () => {
    const run = runFixture(check, 'empty-host');
    expect(run.result.status).toBe('fail');
    expect(run.result.message).toContain('externalDatabase.host is empty');
    expect(run.result.evidence['externalDatabase.password']).toBe('[REDACTED]');
    expectNoSecrets(run);
  });

  it('follows the templates\' fallback: host blanked, services.api.env.DB_HOST (and DB_PORT) name the endpoint', () => {
    const { result } = runFixture(check, 'empty-host', { sets: ['services.api.env.DB_HOST=daytona.c9akciq32xyz.eu-west-1.rds.amazonaws.com,externalDatabase.port=null'] });
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ 'services.api.env.DB_HOST': 'daytona.c9akciq32xyz.eu-west-1.rds.amazonaws.com' });
    expect(result.message).toContain('daytona.c9akciq32xyz.eu-west-1.rds.amazonaws.com:5432');
    const stale = runFixture(check, 'empty-host', { sets: ['services.api.env.DB_HOST=daytona-postgresql'] }).result;
    expect(stale.status).toBe('fail');
    expect(stale.valuesPaths).toContain('services.api.env.DB_HOST');
  });

  it("fails when the host is the bundled subchart's Service for this release name (acme-postgresql)", () => {
    expect(runFixture(check, 'subchart-service-of-release', { release: 'acme' }).result.status).toBe('fail');
    // The same host under the default release name is just an unusual but possible DNS name.
    expect(runFixture(check, 'subchart-service-of-release', { release: 'daytona' }).result.status).toBe('pass');
  });

  it('fails when the port is not a number', () => {
    const { result } = runFixture(check, 'bad-port');
    expect(result.status).toBe('fail');
    expect(result.message).toContain("externalDatabase.port '5432/tcp' is not a TCP port number");
  });

  it('is an error, not a pass, when externalDatabase.host is a map', () => {
    const { result } = runFixture(check, 'host-is-a-map');
    expect(result.status).toBe('error');
    expect(result.message).toContain('externalDatabase.host should be a single value but is a map');
    expect(result.error).toMatchObject({ code: 'InvalidValueType' });
  });
});
