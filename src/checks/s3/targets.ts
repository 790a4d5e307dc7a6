/** The S3 buckets the install uses, as the S3 checks judge them. */
import type { S3Target } from '../../values/types.js';

/** Values paths of a target's settings, for evidence and SARIF locations. */
export const S3_VALUES_PATHS: Record<S3Target['use'], { bucket: string; region: string; accessKey: string; existingSecret: string }> = {
  harbor: {
    bucket: 'harbor.persistence.imageChartStorage.s3.bucket',
    region: 'harbor.persistence.imageChartStorage.s3.region',
    accessKey: 'harbor.persistence.imageChartStorage.s3.accesskey',
    existingSecret: 'harbor.persistence.imageChartStorage.s3.existingSecret',
  },
  api: {
    bucket: 'services.api.env.S3_DEFAULT_BUCKET',
    region: 'services.api.env.S3_REGION',
    accessKey: 'services.api.env.S3_ACCESS_KEY',
    existingSecret: 'services.api.env.S3_ACCESS_KEY',
  },
};

/** One entry per (bucket, region): Harbor and the API may share a bucket. */
export function distinctBucketTargets(targets: readonly S3Target[]): S3Target[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.bucket}\u0000${t.region}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * GetBucketLocation answers '' (or null) for us-east-1 and the legacy 'EU' for eu-west-1;
 * HeadBucket's BucketRegion is already a region name. One spelling for comparison.
 */
export function normaliseBucketRegion(region: string | null | undefined): string {
  if (!region || region === 'US') return 'us-east-1';
  if (region === 'EU') return 'eu-west-1';
  return region;
}

export function noS3Reason(targets: readonly S3Target[]): true | string {
  return targets.length ? true : 'no S3 bucket is configured (Harbor does not use S3 and the API has no S3 settings)';
}
