import { describe, expect, it } from 'vitest';
import { valuesHosts as check } from '../../../src/checks/values/values-hosts.js';
import { runFixture } from './support/run-fixture.js';

describe('values-hosts', () => {
  it('fails when baseDomain changed but Harbor\'s URL, ingress host and TLS secret are still on daytona.example.com', () => {
    const { result } = runFixture(check, 'harbor-left-on-example');
    expect(result.status).toBe('fail');
    expect(result.valuesPaths).toEqual(['harbor.externalURL', 'harbor.expose.ingress.hosts.core', 'harbor.expose.tls.secret.secretName']);
    expect(result.evidence).toMatchObject({
      baseDomain: 'daytona.acme-analytics.example',
      'harbor.externalURL': 'https://harbor.daytona.example.com',
      'harbor.expose.ingress.hosts.core': 'harbor.daytona.example.com',
      'harbor.expose.tls.secret.secretName': 'daytona.example.com-tls',
    });
  });

  it('fails when only the TLS secret name was forgotten', () => {
    const { result } = runFixture(check, 'tls-secret-left-on-example');
    expect(result.status).toBe('fail');
    expect(result.valuesPaths).toEqual(['harbor.expose.tls.secret.secretName']);
  });

  it('passes when all three follow baseDomain', () => {
    expect(runFixture(check, 'harbor-follows-base-domain').result.status).toBe('pass');
  });

  it('warns when externalURL and the ingress host name different hosts', () => {
    const { result } = runFixture(check, 'url-and-host-disagree');
    expect(result.status).toBe('warn');
    expect(result.message).toContain('registry.acme-analytics.example');
  });

  it('warns when baseDomain itself is still the example domain', () => {
    const { result } = runFixture(check, 'example-domain');
    expect(result.status).toBe('warn');
    expect(result.valuesPaths).toEqual(['baseDomain']);
  });

  it('is skipped with Harbor off', () => {
    expect(runFixture(check, 'harbor-left-on-example', { sets: ['harbor.enabled=false'] }).result.status).toBe('skip');
  });

  it('is an error, not a pass, when harbor.externalURL is a list', () => {
    const { result } = runFixture(check, 'external-url-is-a-list');
    expect(result.status).toBe('error');
    expect(result.message).toContain('harbor.externalURL should be a single value but is a list');
  });
});
