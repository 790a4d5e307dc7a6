/**
 * create-bucket: each bucket s3-bucket found missing, created in the configured region with all
 * public access blocked, default encryption SSE-S3 (AES256) and the managed-by tag. A bucket in
 * the wrong region is a manual step: bucket names are global, so it cannot be recreated here.
 *
 * The settings calls must only ever reach the bucket this action created. The tag goes in
 * CreateBucket itself (PutBucketTagging replaces the whole tag set), and in us-east-1, where
 * CreateBucket of a bucket you own answers 200 instead of BucketAlreadyOwnedByYou, a HeadBucket
 * first ends the action when the bucket has appeared since the facts were read.
 */
import type { CheckResult } from '../engine/types.js';
import type { PlanContext, PlannedAction, PlannedCall, Remediation } from './types.js';
import { evidenceArray, manualAction, managedTags, str } from './support.js';
import { bucketArn } from '../checks/s3/s3-bucket.js';

export const ID = 'create-bucket';

export function bucketActionId(bucket: string): string {
  return `${ID}:${bucket}`;
}

/** The calls that create one bucket, in order. */
export function createBucketCalls(bucket: string, region: string, partition: string): PlannedCall[] {
  const target = bucketArn(bucket, partition);
  const legacy = region === 'us-east-1';
  return [
    ...(legacy ? [{ api: 's3:HeadBucket', iamAction: 's3:ListBucket', target, params: { Bucket: bucket }, region, probe: true, stopIfExists: true }] : []),
    {
      api: 's3:CreateBucket',
      iamAction: 's3:CreateBucket',
      target,
      // us-east-1 is the one region that rejects a LocationConstraint naming itself.
      params: { Bucket: bucket, CreateBucketConfiguration: { ...(legacy ? {} : { LocationConstraint: region }), Tags: managedTags() } },
      region,
      stopIfExists: true,
    },
    {
      api: 's3:PutPublicAccessBlock',
      iamAction: 's3:PutBucketPublicAccessBlock',
      target,
      params: { Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      region,
    },
    {
      api: 's3:PutBucketEncryption',
      iamAction: 's3:PutEncryptionConfiguration',
      target,
      params: { Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } },
      region,
    },
  ];
}

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  const out: PlannedAction[] = [];
  for (const m of evidenceArray(result, 'missingBuckets')) {
    const bucket = str(m.bucket);
    const region = str(m.region);
    if (!bucket) continue;
    if (!region) {
      out.push(manualAction(result.id, `bucket:${bucket}`, `Create bucket ${bucket}: the values name no region for it`, [`Set the bucket's region in the values, then run --fix again, or: aws s3api create-bucket --bucket ${bucket} --region <region> --create-bucket-configuration LocationConstraint=<region>`]));
      continue;
    }
    if (out.some((a) => a.id === bucketActionId(bucket))) continue;
    out.push({
      id: bucketActionId(bucket),
      checkId: result.id,
      description: `Create S3 bucket ${bucket} in ${region} with all public access blocked, default encryption SSE-S3 and the managed-by tag`,
      calls: createBucketCalls(bucket, region, ctx.partition),
      safety: 'safe',
      remediation: ID,
      dependsOn: [],
    });
  }
  for (const w of evidenceArray(result, 'wrongRegion')) {
    const bucket = str(w.bucket);
    if (!bucket) continue;
    out.push(
      manualAction(result.id, `region:${bucket}`, `Bucket ${bucket} is in ${str(w.actualRegion) ?? 'another region'}, the values say ${str(w.configuredRegion) ?? '(none)'}`, [
        `Set the region in the values to the bucket's (${str(w.actualRegion) ?? 'see aws s3api get-bucket-location --bucket ' + bucket}), or name a bucket in ${str(w.configuredRegion) ?? 'the configured region'}: bucket names are global, so this one cannot be recreated there.`,
      ]),
    );
  }
  return out;
}

export const createBucket: Remediation = {
  id: ID,
  fixes: ['s3-bucket'],
  // HeadBucket is authorized as s3:ListBucket; tags given to CreateBucket as s3:TagResource too.
  iamActions: ['s3:ListBucket', 's3:CreateBucket', 's3:TagResource', 's3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration'],
  plan,
};
