import { describe, expect, it } from 'vitest';
import { s3Bucket } from '../../../src/checks/s3/s3-bucket.js';
import { fixtureInventory, s3Intent } from '../../helpers/intent.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

const harbor = (region = 'eu-west-1') => s3Intent([{ bucket: 'daytona-registry', region }]);
const ARN = 'arn:aws:s3:::daytona-registry';

describe('create-bucket (planning)', () => {
  it('creates the bucket in the configured region, tagged as it is created, then blocks public access and encrypts with SSE-S3', () => {
    const plan = planFor(s3Bucket, harbor(), fixtureInventory('s3', 'bucket-missing'));
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ id: 'create-bucket:daytona-registry', checkId: 's3-bucket', safety: 'safe', remediation: 'create-bucket', dependsOn: [] });
    expect(plan.actions[0]!.calls).toEqual([
      {
        api: 's3:CreateBucket',
        iamAction: 's3:CreateBucket',
        target: ARN,
        region: 'eu-west-1',
        stopIfExists: true,
        params: { Bucket: 'daytona-registry', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1', Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] } },
      },
      {
        api: 's3:PutPublicAccessBlock',
        iamAction: 's3:PutBucketPublicAccessBlock',
        target: ARN,
        region: 'eu-west-1',
        params: { Bucket: 'daytona-registry', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      },
      {
        api: 's3:PutBucketEncryption',
        iamAction: 's3:PutEncryptionConfiguration',
        target: ARN,
        region: 'eu-west-1',
        params: { Bucket: 'daytona-registry', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } },
      },
    ]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('sends no LocationConstraint in us-east-1, which rejects one naming itself, and looks for the bucket first (CreateBucket answers 200 there for one you own)', () => {
    const inv = fixtureInventory('s3', 'bucket-missing');
    const plan = planFor(s3Bucket, harbor('us-east-1'), inv);
    expect(plan.actions[0]!.calls.slice(0, 2)).toEqual([
      { api: 's3:HeadBucket', iamAction: 's3:ListBucket', target: ARN, region: 'us-east-1', probe: true, stopIfExists: true, params: { Bucket: 'daytona-registry' } },
      { api: 's3:CreateBucket', iamAction: 's3:CreateBucket', target: ARN, region: 'us-east-1', stopIfExists: true, params: { Bucket: 'daytona-registry', CreateBucketConfiguration: { Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] } } },
    ]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('prints steps for a bucket in another region than the values say: bucket names are global', () => {
    const plan = planFor(s3Bucket, harbor(), fixtureInventory('s3', 'bucket-wrong-region'));
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([['manual:s3-bucket:region:daytona-registry', 'manual']]);
    expect(plan.actions[0]!.notes![0]).toContain("Set the region in the values to the bucket's (us-east-1)");
  });

  it('plans nothing once the bucket exists', () => {
    expect(planFor(s3Bucket, harbor(), fixtureInventory('s3', 'bucket-ok')).actions).toEqual([]);
  });
});
