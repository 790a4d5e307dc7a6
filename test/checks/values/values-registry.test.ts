import { describe, expect, it } from 'vitest';
import { valuesRegistry as check } from '../../../src/checks/values/values-registry.js';
import { expectNoSecrets, runFixture } from './support/run-fixture.js';

describe('values-registry', () => {
  it('is skipped while Harbor is the registry', () => {
    expect(runFixture(check, undefined).result.status).toBe('skip');
  });

  it('fails when Harbor is off and the API has no registry settings', () => {
    const { result } = runFixture(check, 'harbor-off-no-registry');
    expect(result.status).toBe('fail');
    expect(result.evidence.missing).toEqual([
      'services.api.env.TRANSIENT_REGISTRY_URL',
      'services.api.env.INTERNAL_REGISTRY_URL',
      'services.api.env.TRANSIENT_REGISTRY_ADMIN',
      'services.api.env.INTERNAL_REGISTRY_ADMIN',
      'services.api.env.TRANSIENT_REGISTRY_PASSWORD',
      'services.api.env.INTERNAL_REGISTRY_PASSWORD',
    ]);
    expect(result.message).toContain('snapshot creation will fail');
  });

  it('fails when only the URLs are given', () => {
    const { result } = runFixture(check, 'harbor-off-url-only');
    expect(result.status).toBe('fail');
    expect(result.evidence.missing).toHaveLength(4);
  });

  it('passes with env settings and a password from extraEnv valueFrom, redacting the password in values', () => {
    const run = runFixture(check, 'harbor-off-ecr-registry');
    expect(run.result.status).toBe('pass');
    expect(run.result.evidence).toMatchObject({
      'services.api.env.TRANSIENT_REGISTRY_URL': 'https://registry.acme-analytics.example',
      TRANSIENT_REGISTRY_PASSWORD: 'from services.api.extraEnv.0',
      'services.api.env.INTERNAL_REGISTRY_PASSWORD': '[REDACTED]',
    });
    expectNoSecrets(run);
  });

  it('is an error, not a pass, when extraEnv is a map', () => {
    const { result } = runFixture(check, 'extra-env-is-a-map');
    expect(result.status).toBe('error');
    expect(result.message).toContain('services.api.extraEnv should be a list but is a map');
  });
});
