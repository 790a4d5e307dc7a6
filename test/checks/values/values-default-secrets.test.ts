import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NEVER_USED_SECRET_PREFIXES, SECRET_PATHS } from '../../../src/checks/values/support/secret-paths.js';
import { leavesOf, pathOf } from '../../../src/checks/values/support/typed.js';
import { valuesDefaultSecrets as check } from '../../../src/checks/values/values-default-secrets.js';
import { readData } from '../../../src/data.js';
import { isSecretKey } from '../../../src/secrets/redact.js';
import { expectNoSecrets, runFixture } from './support/run-fixture.js';

describe('values-default-secrets', () => {
  it("fails on the chart's shipped secrets, naming every path the install uses and showing none of the values", () => {
    const run = runFixture(check, 'shipped-defaults');
    expect(run.result.status).toBe('fail');
    const paths = run.result.evidence.publicDefaults as string[];
    expect(paths).toEqual(
      expect.arrayContaining([
        'services.api.env.ENCRYPTION_KEY',
        'services.api.env.ENCRYPTION_SALT',
        'services.api.env.RUNNER_MANAGER_API_KEY',
        'services.proxy.env.PROXY_API_KEY',
        'services.runnermanager.env.API_TOKEN',
        'services.runner.env.SYSTEM_API_TOKEN',
        'services.sshGateway.apiKey',
        'services.sshGateway.sshKeys.privClientSSHKey',
        'services.sshGateway.sshKeys.privGatewaySSHKey',
        'harbor.harborAdminPassword',
        'harbor.database.internal.password',
        'harbor.secretKey',
        'postgresql.auth.password',
        'dex.config.staticPasswords.0.password',
      ]),
    );
    // Off by default, so not used: MinIO's root credentials; with the bundled PostgreSQL on, externalDatabase.password.
    expect(paths).not.toContain('minio.rootPassword');
    expect(paths).not.toContain('externalDatabase.password');
    expect(run.result.evidence.defaultsLeftButUnused).toMatchObject({
      'minio.rootPassword': 'not used: minio.enabled is false',
      'externalDatabase.password': 'not used: postgresql.enabled is true',
    });
    expect(run.result.valuesPaths).toEqual(paths);
    expect(run.result.evidence['services.api.env.ENCRYPTION_KEY']).toBe('[REDACTED] (a value shipped in the chart defaults)');
    expectNoSecrets(run);
  });

  it('passes when every secret the install uses is the team\'s own and the pairs are equal', () => {
    const run = runFixture(check, 'own-secrets');
    expect(run.result.status).toBe('pass');
    expect(run.result.evidence.publicDefaults).toEqual([]);
    expect(run.result.evidence.mismatched).toEqual([]);
    expectNoSecrets(run);
  });

  it('fails on each mismatched pair, naming both paths and never the values', () => {
    const run = runFixture(check, 'mismatched-pairs');
    expect(run.result.status).toBe('fail');
    expect(run.result.evidence.mismatched).toEqual([
      { paths: ['services.api.env.RUNNER_MANAGER_API_KEY', 'services.runnermanager.env.API_TOKEN'], values: 'differ' },
      { paths: ['services.runnermanager.env.SYSTEM_API_TOKEN', 'services.runner.env.SYSTEM_API_TOKEN'], values: 'differ' },
      { paths: ['services.runner.env.SSH_PUBLIC_KEY', 'services.sshGateway.sshKeys.pubClientSSHKey'], values: 'differ' },
    ]);
    expect(run.result.message).toContain('services.runner.env.SSH_PUBLIC_KEY and services.sshGateway.sshKeys.pubClientSSHKey must be equal but differ');
    expect(JSON.stringify(run.result)).not.toContain('T1RIRVItUFVCTElDLUtFWS1ub3QtdGhlLWNsaWVudHM=');
    expectNoSecrets(run);
  });

  it('ignores shipped secrets of components that are off or whose value comes from an existing Secret', () => {
    const { result } = runFixture(check, 'defaults-only-where-unused');
    expect(result.status).toBe('pass');
    expect(result.evidence.defaultsLeftButUnused).toMatchObject({
      'postgresql.auth.password': 'not used: postgresql.enabled is false',
      'externalDatabase.password': 'not used: externalDatabase.existingSecret is set',
      'harbor.harborAdminPassword': 'not used: harbor.enabled is false',
      'services.sshGateway.apiKey': 'not used: services.sshGateway.enabled is false',
      'services.runner.env.API_TOKEN': 'not used: services.runner.enabled is false',
      'dex.config.staticPasswords.0.password': 'not used: dex.enabled is false',
    });
  });

  it('flags a shipped secret given again through --set, and one copied from another path', () => {
    const sets = ['services.runner.env.API_TOKEN=system_api_token'];
    const { result } = runFixture(check, 'own-secrets', { sets });
    expect(result.status).toBe('fail');
    expect(result.evidence.publicDefaults).toEqual(['services.runner.env.API_TOKEN']);
  });

  it('is an error, not a pass, when ENCRYPTION_KEY is a map', () => {
    const { result } = runFixture(check, 'key-is-a-map');
    expect(result.status).toBe('error');
    expect(result.message).toContain('services.api.env.ENCRYPTION_KEY should be a single value but is a map');
  });

  it('accounts for every secret-looking value in the chart defaults: checked, or never used by the install', () => {
    const defaults: unknown = parse(readData('data/chart/values.yaml'));
    const listed = SECRET_PATHS.map((s) => s.path.replace('[]', '.0'));
    const unaccounted = leavesOf(defaults, [])
      .filter((l) => isSecretKey(l.path.at(-1)!) && typeof l.value === 'string' && l.value !== '')
      .map((l) => pathOf(l.path))
      .filter((p) => !listed.includes(p) && !NEVER_USED_SECRET_PREFIXES.some((n) => p.startsWith(n.prefix)));
    expect(unaccounted).toEqual([]);
  });
});
