import { describe, expect, it } from 'vitest';
import { s3Bucket } from '../../../src/checks/s3/s3-bucket.js';
import { s3BucketSecurity } from '../../../src/checks/s3/s3-bucket-security.js';
import { fixtureInventory, runOne, s3Intent } from '../../helpers/intent.js';

const intent = s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]);
const run = (scenario: string) => runOne([s3Bucket, s3BucketSecurity], intent, fixtureInventory('s3', scenario));

describe('s3-bucket-security', () => {
  it('passes when all four public access block flags are set and default encryption is on', () => {
    const r = run('bucket-ok');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ publicAccessNotBlocked: [], unencrypted: [], encryption: { 'daytona-registry': 'AES256' } });
  });

  it('fails naming the missing flags and the missing encryption, with the exact commands', () => {
    const r = run('bucket-insecure');
    expect(r.status).toBe('fail');
    expect(r.evidence.publicAccessNotBlocked).toEqual([{ bucket: 'daytona-registry', missingFlags: ['BlockPublicPolicy', 'RestrictPublicBuckets'] }]);
    expect(r.evidence.unencrypted).toEqual(['daytona-registry']);
    const commands = r.evidence.commands as string[];
    expect(commands[0]).toBe(
      'aws s3api put-public-access-block --bucket daytona-registry --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    );
    expect(commands[1]).toContain('aws s3api put-bucket-encryption --bucket daytona-registry');
  });

  it('fails when the bucket has no public access block configuration at all', () => {
    const r = run('bucket-no-public-access-block');
    expect(r.status).toBe('fail');
    expect((r.evidence.publicAccessNotBlocked as { missingFlags: string[] }[])[0]!.missingFlags).toHaveLength(4);
  });

  it('is an error naming s3:GetBucketPublicAccessBlock when that call is denied', () => {
    const r = run('security-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 's3:GetBucketPublicAccessBlock' });
  });

  it('is skipped naming s3-bucket when the bucket does not exist', () => {
    expect(run('bucket-missing')).toMatchObject({ status: 'skip', reason: 'depends on s3-bucket' });
  });
});
