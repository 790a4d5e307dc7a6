import { describe, expect, it } from 'vitest';
import { valuesUnknownKeys as check } from '../../../src/checks/values/values-unknown-keys.js';
import { runFixture } from './support/run-fixture.js';

interface Ignored {
  path: string;
  reason: string;
  suggestion?: string;
}

describe('values-unknown-keys', () => {
  it('passes on the chart defaults', () => {
    expect(runFixture(check, undefined).result.status).toBe('pass');
  });

  it('passes on a busy but correct file: free-form maps, subchart keys, commented-out keys, keys read though absent from the defaults', () => {
    const { result } = runFixture(check, 'all-read');
    expect(result.evidence.ignored).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('warns on typos, misplaced blocks and env keys the templates never read, naming the likely intended key', () => {
    const { result } = runFixture(check, 'typos-and-misplaced');
    expect(result.status).toBe('warn');
    const ignored = result.evidence.ignored as Ignored[];
    const suggestionFor = Object.fromEntries(ignored.map((k) => [k.path, k.suggestion]));
    expect(suggestionFor).toEqual({
      'services.api.replicaCuont': 'services.api.replicaCount',
      'services.api.env.ENCRYPTON_KEY': 'services.api.env.ENCRYPTION_KEY',
      'services.api.env.FEATURE_FLAGS': 'services.api.extraEnv (- name: FEATURE_FLAGS)',
      'services.proxy.env.SSH_PUBLIC_KEY': 'services.runner.env.SSH_PUBLIC_KEY',
      'harbor.imageChartStorage': 'harbor.persistence.imageChartStorage',
      'dex.config.staticPasswords.0.hash': undefined,
      'global.imagePullSecrets': 'imagePullSecrets',
      'redis.persistence.size': 'redis.master.persistence.size',
      'services.api.env.DB_HOST': undefined,
    });
    expect(ignored.find((k) => k.path === 'services.api.env.DB_HOST')?.reason).toBe('read only when postgresql.enabled is false (it is true)');
    expect(ignored.find((k) => k.path === 'redis.persistence.size')?.reason).toContain('the redis subchart does not read it');
    // One finding for the misplaced block, not one per key inside it.
    expect(ignored.filter((k) => k.path.startsWith('harbor.imageChartStorage'))).toHaveLength(1);
    expect(result.valuesPaths).toContain('harbor.imageChartStorage');
    expect(result.message).toContain('harbor.imageChartStorage (did you mean harbor.persistence.imageChartStorage?)');
  });

  it('warns on an env key shadowed by the value that takes precedence (DB_HOST with externalDatabase.host set)', () => {
    const { result } = runFixture(check, 'typos-and-misplaced', { sets: ['postgresql.enabled=false'] });
    const dbHost = (result.evidence.ignored as Ignored[]).find((k) => k.path === 'services.api.env.DB_HOST');
    expect(dbHost).toEqual({ path: 'services.api.env.DB_HOST', reason: 'used only when externalDatabase.host is empty, and it is not', suggestion: 'externalDatabase.host' });
  });

  it("warns on a free-form block the Daytona template does not read (the runner's nodeSelector and tolerations are hard-coded)", () => {
    const { result } = runFixture(check, undefined, {
      sets: ['services.runner.nodeSelector.role=sandbox,services.runner.tolerations[0].key=dedicated,dex.resources.limits.cpu=1,services.api.nodeSelector.role=api'],
    });
    expect(result.status).toBe('warn');
    expect((result.evidence.ignored as Ignored[]).map((k) => k.path)).toEqual(['services.runner.nodeSelector', 'services.runner.tolerations', 'dex.resources']);
  });

  it('points an api env key the template writes from other values at those values, not at a look-alike env key', () => {
    const { result } = runFixture(check, undefined, { sets: ['services.api.env.DB_PASSWORD=x,services.api.env.REDIS_PASSWORD=y'] });
    const suggestionFor = Object.fromEntries((result.evidence.ignored as Ignored[]).map((k) => [k.path, k.suggestion]));
    expect(suggestionFor).toEqual({
      'services.api.env.DB_PASSWORD': 'externalDatabase.password (or externalDatabase.existingSecret)',
      'services.api.env.REDIS_PASSWORD': 'externalRedis.password (or externalRedis.existingSecret)',
    });
  });

  it("warns on REDIS_TLS that disagrees with externalRedis.tls: the proxy reads only externalRedis.tls", () => {
    const { result } = runFixture(check, undefined, { sets: ['redis.enabled=false,externalRedis.host=redis.acme.io,services.api.env.REDIS_TLS=true'] });
    expect(result.evidence.ignored).toEqual([
      { path: 'services.api.env.REDIS_TLS', reason: 'reaches the API and the migration jobs only: the proxy reads externalRedis.tls (false)', suggestion: 'externalRedis.tls' },
    ]);
    const agreeing = runFixture(check, undefined, { sets: ['redis.enabled=false,externalRedis.host=redis.acme.io,externalRedis.tls=true,services.api.env.REDIS_TLS=true'] }).result;
    expect((agreeing.evidence.ignored as Ignored[]).map((k) => k.path)).toEqual(['services.api.env.REDIS_TLS']);
  });

  it('never fails: an ignored key is a warning, since the install itself still proceeds', () => {
    const { result } = runFixture(check, 'typos-and-misplaced');
    expect(result.status).not.toBe('fail');
  });

  it('accepts any env key of the SSH gateway, which passes them all through', () => {
    const { result } = runFixture(check, undefined, { sets: ['services.sshGateway.env.ANYTHING_AT_ALL=1'] });
    expect(result.status).toBe('pass');
  });

  it('is an error, not a pass, when an env block is a list', () => {
    const { result } = runFixture(check, 'env-is-a-list');
    expect(result.status).toBe('error');
    expect(result.message).toContain('services.api.env should be a map but is a list');
  });
});
