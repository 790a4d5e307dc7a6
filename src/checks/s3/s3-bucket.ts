import type { Check } from '../../engine/types.js';
import { isOk, need, ok } from '../../inventory/fact.js';
import { distinctBucketTargets, noS3Reason, normaliseBucketRegion, S3_VALUES_PATHS } from './targets.js';

/** The S3 ARN of a bucket in the run's partition (aws when the caller identity is unknown). */
export function bucketArn(bucket: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucket}`;
}

export const s3Bucket: Check = {
  id: 's3-bucket',
  area: 's3',
  title: 'The S3 bucket exists in the configured region',
  severity: 'critical',
  appliesTo: (intent) => noS3Reason(intent.s3),
  needs: ['s3.buckets'],
  evaluate: (intent, inv) => {
    const buckets = need(inv.s3 ? ok(inv.s3) : undefined, 'S3 buckets (s3:ListBucket via HeadBucket)').buckets;
    const partition = isOk(inv.target) ? inv.target.value.partition : undefined;
    const missingBuckets: { bucket: string; region: string; use: string }[] = [];
    const wrongRegion: { bucket: string; configuredRegion: string; actualRegion: string; use: string }[] = [];
    const found: { bucket: string; region: string; use: string }[] = [];
    for (const t of distinctBucketTargets(intent.s3)) {
      const bucket = need(buckets[t.bucket], `S3 bucket ${t.bucket} (s3:ListBucket)`);
      if (!bucket) missingBuckets.push({ bucket: t.bucket, region: t.region, use: t.use });
      else {
        const actual = normaliseBucketRegion(bucket.region);
        if (actual !== t.region) wrongRegion.push({ bucket: t.bucket, configuredRegion: t.region, actualRegion: actual, use: t.use });
        else found.push({ bucket: t.bucket, region: actual, use: t.use });
      }
    }
    const resources = [...new Set(intent.s3.map((t) => bucketArn(t.bucket, partition)))];
    const evidence = { buckets: found, missingBuckets, wrongRegion };
    const concerned = [...missingBuckets, ...wrongRegion].map((b) => b.use as 'harbor' | 'api');
    const valuesPaths = [...new Set(concerned.flatMap((use) => [S3_VALUES_PATHS[use].bucket, S3_VALUES_PATHS[use].region]))];
    if (missingBuckets.length === 0 && wrongRegion.length === 0) {
      return { status: 'pass', message: found.map((b) => `bucket ${b.bucket} exists in ${b.region}`).join('; '), resources, evidence };
    }
    const parts = [
      ...missingBuckets.map((b) => `bucket ${b.bucket} (${b.use}) does not exist`),
      ...wrongRegion.map((b) => `bucket ${b.bucket} (${b.use}) is in ${b.actualRegion}, but the values say ${b.configuredRegion || '(no region)'}`),
    ];
    return { status: 'fail', message: parts.join('; '), resources, evidence, valuesPaths };
  },
  remediation: 'create-bucket',
  docs: {
    what: 'Each bucket the install uses (Harbor registry storage, the API S3 settings) exists and its region equals the region in the values.',
    why: 'The registry writes every sandbox image layer to this bucket: a missing bucket fails every push, and a region mismatch makes the S3 driver sign requests for the wrong region (PermanentRedirect / AuthorizationHeaderMalformed) unless regionendpoint overrides it.',
    fix: [
      'Create the bucket in the configured region (outside us-east-1 a LocationConstraint is required):',
      '  aws s3api create-bucket --bucket <bucket> --region <region> --create-bucket-configuration LocationConstraint=<region>',
      '  aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      'For a region mismatch, set harbor.persistence.imageChartStorage.s3.region to the bucket\'s region (see `aws s3api get-bucket-location --bucket <bucket>`), or use a bucket in the cluster\'s region: bucket names are global, so the same name cannot be recreated elsewhere.',
    ].join('\n'),
  },
};
