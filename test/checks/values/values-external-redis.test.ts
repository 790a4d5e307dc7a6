import { describe, expect, it } from 'vitest';
import { valuesExternalRedis as check } from '../../../src/checks/values/values-external-redis.js';
import { runFixture } from './support/run-fixture.js';

describe('values-external-redis', () => {
  it('is skipped while the bundled Redis is on', () => {
    expect(runFixture(check, undefined).result).toMatchObject({ status: 'skip', reason: 'redis.enabled is true: the chart runs its own Redis' });
  });

  it('passes with an ElastiCache endpoint', () => {
    const { result } = runFixture(check, 'elasticache');
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ 'externalRedis.host': 'master.daytona-redis.abcd12.euw1.cache.amazonaws.com', 'externalRedis.port': '6379' });
  });

  it("fails when redis is off but the host is still the bundled 'daytona-redis-master'", () => {
    const { result } = runFixture(check, 'host-left-default');
    expect(result.status).toBe('fail');
    expect(result.message).toContain("externalRedis.host is still 'daytona-redis-master'");
    expect(result.valuesPaths).toEqual(['externalRedis.host']);
  });

  it('fails when the host is <release>-redis-master, the bundled Service under another release name', () => {
    expect(runFixture(check, 'subchart-service-of-release', { release: 'acme' }).result.status).toBe('fail');
  });

  it('does not require a password (ElastiCache without AUTH is common)', () => {
    const { result } = runFixture(check, 'subchart-service-of-release', { release: 'daytona' });
    expect(result.status).toBe('pass');
  });

  it('is an error, not a pass, when externalRedis.port is a list', () => {
    const { result } = runFixture(check, 'port-is-a-list');
    expect(result.status).toBe('error');
    expect(result.message).toContain('externalRedis.port should be a single value but is a list');
  });
});
