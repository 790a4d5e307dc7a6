import { describe, expect, it } from 'vitest';
import { elasticacheTlsAuth } from '../../../src/checks/elasticache/elasticache-tls-auth.js';
import { fixtureInventory, runOne } from '../../helpers/intent.js';
import { SERVERLESS, redisIntent } from './intents.js';

const run = (scenario: string, intent = redisIntent()) => runOne(elasticacheTlsAuth, intent, fixtureInventory('elasticache', scenario));

describe('elasticache-tls-auth', () => {
  it('passes when the cache has TLS and AUTH on and the values set tls and an existing secret', () => {
    const r = run('same-vpc');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ transitEncryption: true, authTokenEnabled: true, 'externalRedis.tls': true, credentialsSet: true });
  });

  it('fails when the cache requires TLS and externalRedis.tls is false', () => {
    const r = run('same-vpc', redisIntent({ tls: false }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('requires in-transit encryption, but externalRedis.tls is false');
    expect(r.valuesPaths).toContain('externalRedis.tls');
  });

  it('fails when externalRedis.tls is true and the cache has no in-transit encryption', () => {
    const inv = fixtureInventory('elasticache', 'same-vpc');
    const g = (inv.elasticache!.replicationGroups as { value: { transitEncryption: boolean; authTokenEnabled: boolean }[] }).value[0]!;
    g.transitEncryption = false;
    g.authTokenEnabled = false;
    const r = runOne(elasticacheTlsAuth, redisIntent({ tls: true }), inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('externalRedis.tls is true, but ElastiCache replication group daytona-redis has in-transit encryption off');
  });

  it('fails when AUTH is on and neither a password nor an existing secret is set, without printing any secret', () => {
    const r = run('same-vpc', redisIntent({ existingSecret: undefined, passwordSet: false }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('requires an AUTH token, but neither externalRedis.password nor externalRedis.existingSecret is set');
    expect(r.evidence.credentialsSet).toBe(false);
  });

  it('warns for a consistent cache with neither TLS nor AUTH', () => {
    const inv = fixtureInventory('elasticache', 'same-vpc');
    const g = (inv.elasticache!.replicationGroups as { value: { transitEncryption: boolean; authTokenEnabled: boolean }[] }).value[0]!;
    g.transitEncryption = false;
    g.authTokenEnabled = false;
    const r = runOne(elasticacheTlsAuth, redisIntent({ tls: false }), inv);
    expect(r.status).toBe('warn');
    expect(r.message).toContain('in clear text');
    expect(r.message).toContain('neither an AUTH token nor RBAC user groups');
  });

  it('treats RBAC user groups as authentication', () => {
    const inv = fixtureInventory('elasticache', 'same-vpc');
    const g = (inv.elasticache!.replicationGroups as { value: { authTokenEnabled: boolean; userGroupIds: string[] }[] }).value[0]!;
    g.authTokenEnabled = false;
    g.userGroupIds = ['daytona-users'];
    const r = runOne(elasticacheTlsAuth, redisIntent({ existingSecret: undefined, passwordSet: false }), inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('RBAC users (user groups daytona-users)');
  });

  it('a serverless cache always requires TLS', () => {
    expect(run('serverless', redisIntent({ host: SERVERLESS, tls: false })).status).toBe('fail');
  });

  it('is an error naming the denied ElastiCache action', () => {
    const r = run('access-denied');
    expect(r.status).toBe('error');
    expect(r.error?.action).toBe('elasticache:DescribeReplicationGroups');
  });
});
