import { describe, expect, it } from 'vitest';
import { rdsHardening } from '../../../src/checks/rds/rds-hardening.js';
import { fixtureInventory, runOne } from '../../helpers/intent.js';
import { AURORA_WRITER, dbIntent } from './intents.js';

const run = (scenario: string, intent = dbIntent()) => runOne(rdsHardening, intent, fixtureInventory('rds', scenario));

describe('rds-hardening', () => {
  it('passes for a private, encrypted database reached over TLS', () => {
    const r = run('same-vpc');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ publiclyAccessible: false, storageEncrypted: true, 'externalDatabase.enableTLS': true });
  });

  it('fails when the database is publicly accessible, and also reports unencrypted storage', () => {
    const r = run('public-unencrypted');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('RDS instance daytona-db is publicly accessible');
    expect(r.message).toContain('storage is not encrypted at rest');
  });

  it('only warns for unencrypted storage on an otherwise private database', () => {
    const inv = fixtureInventory('rds', 'public-unencrypted');
    (inv.rds!.instances as { value: { publiclyAccessible: boolean }[] }).value[0]!.publiclyAccessible = false;
    const r = runOne(rdsHardening, dbIntent(), inv);
    expect(r.status).toBe('warn');
  });

  it('fails when externalDatabase.enableTLS is off, pointing at that value', () => {
    const r = run('same-vpc', dbIntent({ tls: false }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('externalDatabase.enableTLS is false');
    expect(r.valuesPaths).toEqual(['externalDatabase.enableTLS']);
  });

  it('fails for an Aurora cluster when one of its instances is public, naming it', () => {
    const r = run('aurora-cluster', dbIntent({ host: AURORA_WRITER }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('RDS cluster daytona-aurora is publicly accessible (instances daytona-aurora-2)');
    expect(r.evidence.publicInstances).toEqual(['daytona-aurora-2']);
  });

  it('is an error naming rds:DescribeDBInstances when that call was denied', () => {
    const r = run('access-denied');
    expect(r.status).toBe('error');
    expect(r.error?.action).toBe('rds:DescribeDBInstances');
  });
});
