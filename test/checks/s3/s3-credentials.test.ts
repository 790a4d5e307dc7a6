import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { s3Credentials } from '../../../src/checks/s3/s3-credentials.js';
import { fixtureInventory, runOne, s3Intent } from '../../helpers/intent.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const intent = s3Intent([{ accessKeyId: KEY }]);
const run = (scenario: string) => runOne(s3Credentials, intent, fixtureInventory('s3', scenario));

describe('s3-credentials', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // The fixture key was created on 2026-01-10.
    vi.setSystemTime(new Date('2026-02-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('passes for an Active key of an IAM user in this account, 21 days old, naming the user ARN', () => {
    const r = run('bucket-ok');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual(['arn:aws:iam::111122223333:user/daytona-harbor-registry']);
    expect(r.evidence.keys).toEqual([{ accessKeyId: 'AKIA…MPLE', uses: ['harbor'], inAccount: true, userName: 'daytona-harbor-registry', status: 'Active', createDate: '2026-01-10T08:00:00Z', ageDays: 21 }]);
  });

  it('warns when the key is 90 days old or more', () => {
    vi.setSystemTime(new Date('2026-06-01T00:00:00Z'));
    const r = run('bucket-ok');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('141 days old');
  });

  it('fails when the key belongs to no IAM user of this account', () => {
    const r = run('key-foreign');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('does not belong to an IAM user in this account');
    expect(r.valuesPaths).toEqual(['harbor.persistence.imageChartStorage.s3.accesskey']);
  });

  it('fails when the key is Inactive', () => {
    const r = run('key-inactive');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('is Inactive');
  });

  it('never shows the access key id, only its masked form', () => {
    for (const scenario of ['bucket-ok', 'key-foreign', 'key-inactive', 'key-denied']) {
      const text = JSON.stringify(run(scenario));
      expect(text).not.toContain(KEY);
    }
    expect(JSON.stringify(runOne(s3Credentials, intent, {}))).not.toContain(KEY);
  });

  it('is an error naming iam:GetAccessKeyLastUsed when the key cannot be looked up', () => {
    const r = run('key-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'iam:GetAccessKeyLastUsed' });
  });

  it('is skipped when the key comes from an existingSecret: its id is unknown before install', () => {
    const r = runOne(s3Credentials, s3Intent([{ existingSecret: 'harbor-s3-secret' }]), fixtureInventory('s3', 'bucket-ok'));
    expect(r.status).toBe('skip');
    expect(r.reason).toContain('harbor-s3-secret');
  });
});
