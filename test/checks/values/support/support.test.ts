import { describe, expect, it } from 'vitest';
import { valuesChecks } from '../../../../src/checks/values/index.js';
import { commentedKeys, envKeysOf } from '../../../../src/checks/values/support/chart-data.js';
import { closest, editDistance } from '../../../../src/values/suggest.js';
import { fullnameOf } from '../../../../src/checks/values/support/names.js';
import { leavesOf, pathOf, segmentsOf, typed, ValuesTypeError } from '../../../../src/checks/values/support/typed.js';
import { shown, Verdict } from '../../../../src/checks/values/support/verdict.js';
import { FactUnavailable } from '../../../../src/inventory/fact.js';

describe('the values checks catalogue', () => {
  it('lists the eleven values checks in catalogue order, none needing AWS', () => {
    expect(valuesChecks.map((c) => c.id)).toEqual([
      'values-external-db',
      'values-external-redis',
      'values-harbor-s3',
      'values-images',
      'values-default-secrets',
      'values-hosts',
      'values-ingress-class',
      'values-ssh-gateway-lb',
      'values-release-urls',
      'values-registry',
      'values-unknown-keys',
    ]);
    for (const c of valuesChecks) {
      expect(c.needs).toEqual([]);
      expect(c.remediation).toBe('manual');
    }
  });
});

describe('typed getters', () => {
  const v = typed({
    port: 5432,
    flag: true,
    host: 'db.example',
    nested: { list: [{ name: 'a' }], text: 'x' },
    secret: { password: 'hunter2-very-secret' },
    annotations: { 'kubernetes.io/ingress.class': 'alb' },
  });

  it('renders numbers and booleans as the chart would print them', () => {
    expect(v.str('port')).toBe('5432');
    expect(v.str('flag')).toBe('true');
    expect(v.str('missing')).toBeUndefined();
    expect(v.text('missing')).toBe('');
  });

  it('walks into lists by index and into keys that hold dots when given as segments or escaped', () => {
    expect(v.str('nested.list.0.name')).toBe('a');
    expect(v.str(['annotations', 'kubernetes.io/ingress.class'])).toBe('alb');
    expect(v.str('annotations.kubernetes\\.io/ingress\\.class')).toBe('alb');
  });

  it('throws a ValuesTypeError (a FactUnavailable, so the engine reports error) naming path and types, never the value', () => {
    const attempt = () => v.str('secret');
    expect(attempt).toThrow(ValuesTypeError);
    expect(attempt).toThrow(FactUnavailable);
    expect(attempt).toThrow('values path secret should be a single value but is a map');
    try {
      attempt();
    } catch (e) {
      expect((e as FactUnavailable).factError).toEqual({ code: 'InvalidValueType', message: 'values path secret should be a single value but is a map' });
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect(() => v.map('host')).toThrow('values path host should be a map but is a string');
    expect(() => v.list('nested')).toThrow('values path nested should be a list but is a map');
    expect(() => v.bool('host')).toThrow('values path host should be true or false but is a string');
    expect(() => v.str('host.name')).toThrow('values path host should be a map but is a string');
    expect(() => v.str('nested.list.first')).toThrow('values path nested.list should be a map but is a list');
  });

  it('reads switches with the default when absent', () => {
    expect(v.enabled('flag', false)).toBe(true);
    expect(v.enabled('absent', true)).toBe(true);
  });

  it('writes paths the ValuesView and --set understand, escaping dots inside keys', () => {
    expect(pathOf(['a', 'service.beta.kubernetes.io/x', 'b'])).toBe('a.service\\.beta\\.kubernetes\\.io/x.b');
    expect(segmentsOf(pathOf(['a', 'k.8s', '0']))).toEqual(['a', 'k.8s', '0']);
  });

  it('lists the leaves of a block with their paths', () => {
    expect(leavesOf({ a: { b: 1, c: [] }, d: ['x'] }, ['root'])).toEqual([
      { path: ['root', 'a', 'b'], value: 1 },
      { path: ['root', 'a', 'c'], value: [] },
      { path: ['root', 'd', '0'], value: 'x' },
    ]);
  });
});

describe('evidence', () => {
  it('never shows a secret: keys by name are redacted, access key ids masked, absent and empty said so', () => {
    expect(shown('harbor.persistence.imageChartStorage.s3.secretkey', 'wJalrXUtnFEMI/K7MDENG')).toBe('[REDACTED]');
    expect(shown('harbor.persistence.imageChartStorage.s3.accesskey', 'AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
    expect(shown('externalDatabase.password', 'pass')).toBe('[REDACTED]');
    expect(shown('externalDatabase.host', 'db')).toBe('db');
    expect(shown('x', undefined)).toBe('(not set)');
    expect(shown('x', '')).toBe('(empty)');
  });

  it('makes fail win over warn, and points SARIF at the problem paths only', () => {
    const verdict = new Verdict().note('a', 1).warn('w', 'b').fail('f', 'c');
    expect(verdict.outcome('fine')).toMatchObject({ status: 'fail', message: 'f; w', valuesPaths: ['b', 'c'] });
    expect(new Verdict().note('a', 1).outcome('fine')).toMatchObject({ status: 'pass', message: 'fine', valuesPaths: ['a'] });
  });
});

describe('closest key', () => {
  it('finds a typo, preferring a case-only difference, and nothing when no key is close', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('replicaCuont', ['replicaCount', 'resources'])).toBe('replicaCount');
    expect(closest('existingsecret', ['existingSecret', 'existingSecrets'])).toBe('existingSecret');
    expect(closest('FEATURE_FLAGS', ['ENCRYPTION_KEY', 'PORT'])).toBeUndefined();
  });
});

describe('chart fullname', () => {
  it('follows the fullname helper: release as is when it contains the chart name, else <release>-<chart>', () => {
    expect(fullnameOf('daytona', 'daytona')).toBe('daytona');
    expect(fullnameOf('daytona-prod', 'daytona')).toBe('daytona-prod');
    expect(fullnameOf('acme', 'daytona')).toBe('acme-daytona');
    expect(fullnameOf('acme', 'postgresql')).toBe('acme-postgresql');
    expect(fullnameOf('acme', 'daytona', { fullnameOverride: 'dt' })).toBe('dt');
    expect(fullnameOf('acme', 'daytona', { nameOverride: 'acme' })).toBe('acme');
    expect(fullnameOf(`${'x'.repeat(62)}-long`, 'daytona')).toBe('x'.repeat(62));
  });
});

describe('chart data', () => {
  it('knows the optional keys the defaults only document in comments, and not the prose around them', () => {
    const harbor = commentedKeys('data/chart/subcharts/harbor.values.yaml');
    expect(harbor).toEqual(expect.arrayContaining(['persistence.imageChartStorage.s3.existingSecret', 'persistence.imageChartStorage.s3.regionendpoint', 'caBundleSecretName']));
    const daytona = commentedKeys('data/chart/values.yaml');
    expect(daytona).toEqual(expect.arrayContaining(['services.api.env.TRANSIENT_REGISTRY_URL', 'services.runnermanager.env.PROVIDER_NAMESPACE', 'services.api.autoscaling.behavior']));
    expect(daytona.some((p) => /\.(NOTE|Example|IMPORTANT)$/.test(p))).toBe(false);
  });

  it("reads each service's env keys from env-keys.yaml", () => {
    expect(envKeysOf('api')).toContain('ENCRYPTION_KEY');
    expect(envKeysOf('sshGateway')).toBe('any');
    expect(envKeysOf('nope')).toEqual([]);
  });
});
