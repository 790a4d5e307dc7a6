import { describe, expect, it } from 'vitest';
import { s3Bucket } from '../../../src/checks/s3/s3-bucket.js';
import type { S3Bucket } from '../../../src/inventory/types.js';
import { fixtureInventory, makeIntent, runOne, s3Intent } from '../../helpers/intent.js';

const harbor = s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]);
const run = (scenario: string, intent = harbor) => runOne(s3Bucket, intent, fixtureInventory('s3', scenario));

describe('s3-bucket', () => {
  it('passes when the bucket exists in the configured region', () => {
    const r = run('bucket-ok');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual(['arn:aws:s3:::daytona-registry']);
  });

  it('fails when the bucket does not exist, giving create-bucket its name and region', () => {
    const r = run('bucket-missing');
    expect(r.status).toBe('fail');
    expect(r.evidence.missingBuckets).toEqual([{ bucket: 'daytona-registry', region: 'eu-west-1', use: 'harbor' }]);
    expect(r.valuesPaths).toContain('harbor.persistence.imageChartStorage.s3.bucket');
  });

  it('fails when the bucket is in another region than the values say', () => {
    const r = run('bucket-wrong-region');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('is in us-east-1, but the values say eu-west-1');
    expect(r.evidence.wrongRegion).toEqual([{ bucket: 'daytona-registry', configuredRegion: 'eu-west-1', actualRegion: 'us-east-1', use: 'harbor' }]);
    expect(r.evidence.missingBuckets).toEqual([]);
  });

  it("reads GetBucketLocation's empty answer as us-east-1", () => {
    const inv = fixtureInventory('s3', 'bucket-ok');
    (inv.s3!.buckets['daytona-registry'] as { value: S3Bucket }).value.region = '';
    expect(runOne(s3Bucket, s3Intent([{ region: 'us-east-1' }]), inv).status).toBe('pass');
  });

  it('judges a bucket shared by Harbor and the API once per region asked for', () => {
    const r = run('bucket-ok', s3Intent([{ use: 'harbor' }, { use: 'api' }]));
    expect(r.status).toBe('pass');
    expect(r.evidence.buckets).toHaveLength(1);
  });

  it('is an error naming s3:ListBucket when the bucket cannot be read', () => {
    const r = run('bucket-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 's3:ListBucket' });
  });

  it('does not apply without an S3 bucket', () => {
    expect(runOne(s3Bucket, makeIntent(), {}).status).toBe('skip');
  });
});
