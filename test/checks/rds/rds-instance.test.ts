import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../../../src/checks/rds/rds-instance.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';
import { AURORA_READER, AURORA_WRITER, DB_ARN, DB_HOST, dbIntent } from './intents.js';

const inv = (scenario: string) => fixtureInventory('rds', scenario);

describe('rds-instance', () => {
  it('passes when externalDatabase.host is the endpoint of an available PostgreSQL instance', () => {
    const r = runOne(rdsInstance, dbIntent(), inv('same-vpc'));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('endpoint of RDS instance daytona-db (postgres, available, port 5432)');
    expect(r.resources).toEqual([DB_ARN]);
    expect(r.evidence.endpointRole).toBe('instance');
  });

  it('matches the host case-insensitively and with a trailing dot', () => {
    expect(runOne(rdsInstance, dbIntent({ host: `${DB_HOST.toUpperCase()}.` }), inv('same-vpc')).status).toBe('pass');
  });

  it('fails when the host matches no endpoint in this account and region, listing the databases that exist', () => {
    const r = runOne(rdsInstance, dbIntent({ host: 'daytona.other.eu-west-1.rds.amazonaws.com' }), inv('same-vpc'));
    expect(r.status).toBe('fail');
    expect(r.message).toContain("externalDatabase.host 'daytona.other.eu-west-1.rds.amazonaws.com' matches no RDS instance or cluster endpoint in this account and region");
    expect(r.message).toContain('Databases here: daytona-db (postgres)');
    expect(r.evidence.endpointsHere).toEqual([{ endpoint: DB_HOST, role: 'instance' }]);
    expect(r.valuesPaths).toEqual(['externalDatabase.host']);
  });

  it('explains an IP address or an alias that cannot be matched', () => {
    expect(runOne(rdsInstance, dbIntent({ host: '10.0.10.5' }), inv('same-vpc')).message).toContain('it is an IP address');
    expect(runOne(rdsInstance, dbIntent({ host: 'postgres.internal.example.com' }), inv('same-vpc')).message).toContain('DNS alias (CNAME)');
  });

  it('fails when the host is empty', () => {
    const r = runOne(rdsInstance, dbIntent({ host: '' }), inv('same-vpc'));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('externalDatabase.host is empty');
  });

  it('is an error naming rds:DescribeDBInstances when that call was denied, never a pass or fail', () => {
    const r = runOne(rdsInstance, dbIntent(), inv('access-denied'));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'rds:DescribeDBInstances' });
    expect(r.reason).toBe('AccessDenied on rds:DescribeDBInstances');
  });

  it('fails when the instance is not available (stopped)', () => {
    const i = inv('same-vpc');
    (i.rds!.instances as { value: { status: string }[] }).value[0]!.status = 'stopped';
    const r = runOne(rdsInstance, dbIntent(), i);
    expect(r.status).toBe('fail');
    expect(r.message).toContain("RDS instance daytona-db is 'stopped', not 'available'");
  });

  it('warns while the instance serves connections but is changing (backing-up)', () => {
    const i = inv('same-vpc');
    (i.rds!.instances as { value: { status: string }[] }).value[0]!.status = 'backing-up';
    expect(runOne(rdsInstance, dbIntent(), i).status).toBe('warn');
  });

  it('fails when the engine is not PostgreSQL', () => {
    const i = inv('same-vpc');
    (i.rds!.instances as { value: { engine: string }[] }).value[0]!.engine = 'mysql';
    const r = runOne(rdsInstance, dbIntent(), i);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('runs mysql; Daytona needs PostgreSQL');
  });

  it('fails when the database listens on another port than externalDatabase.port', () => {
    const r = runOne(rdsInstance, dbIntent({ port: 6432 }), inv('same-vpc'));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('listens on port 5432, but externalDatabase.port is 6432');
    expect(r.valuesPaths).toEqual(['externalDatabase.host', 'externalDatabase.port']);
  });

  it('passes on an Aurora cluster writer endpoint and on a custom endpoint', () => {
    const w = runOne(rdsInstance, dbIntent({ host: AURORA_WRITER }), inv('aurora-cluster'));
    expect(w.status).toBe('pass');
    expect(w.message).toContain('writer endpoint of RDS cluster daytona-aurora');
    expect(w.evidence.clusterInstances).toEqual([
      { id: 'daytona-aurora-1', status: 'available' },
      { id: 'daytona-aurora-2', status: 'available' },
    ]);
    expect(runOne(rdsInstance, dbIntent({ host: 'analytics.cluster-custom-c9akciq32.eu-west-1.rds.amazonaws.com' }), inv('aurora-cluster')).status).toBe('pass');
  });

  it('fails on the reader endpoint of a cluster with a replica: the migrations write', () => {
    const r = runOne(rdsInstance, dbIntent({ host: AURORA_READER }), inv('aurora-cluster'));
    expect(r.status).toBe('fail');
    expect(r.message).toContain(`reader endpoint of RDS cluster daytona-aurora: Daytona writes`);
    expect(r.message).toContain(AURORA_WRITER);
  });

  it('fails when no instance of a cluster is available', () => {
    const i = inv('aurora-cluster');
    for (const x of (i.rds!.instances as { value: { status: string }[] }).value) x.status = 'stopped';
    const r = runOne(rdsInstance, dbIntent({ host: AURORA_WRITER }), i);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('no instance of RDS cluster daytona-aurora is available');
  });

  it('is skipped when the chart runs its own PostgreSQL', () => {
    const r = runOne(rdsInstance, makeIntent(), inv('same-vpc'));
    expect(r.status).toBe('skip');
    expect(r.reason).toContain('postgresql.enabled is true');
  });
});
