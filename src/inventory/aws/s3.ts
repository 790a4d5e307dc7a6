/**
 * S3 collector: for each bucket the install uses, whether it exists, its region, its public access
 * block and its default encryption. The three reads of a bucket start together, in the run's
 * region (one round trip). A bucket in another region answers them with a redirect naming its
 * region (x-amz-bucket-region): HeadBucket's answer proves the bucket exists there, and the two
 * configuration reads are made again with a client of that region. The SDK's own
 * followRegionRedirects is not used: it is unsafe with concurrent requests (see runtime.ts).
 */
import type * as S3 from '@aws-sdk/client-s3';
import type { Fact, FactError } from '../fact.js';
import type { S3Bucket, S3Facts } from '../types.js';
import { toFactError, type AwsRuntime, type CallOptions } from './runtime.js';

/** IAM actions, by operation: HeadBucket is authorised as s3:ListBucket. */
export const ACTIONS: readonly string[] = ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketPublicAccessBlock', 's3:GetEncryptionConfiguration'];

const loadS3 = (): Promise<typeof S3> => import('@aws-sdk/client-s3');

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string | undefined> } };

const statusOf = (err: unknown): number | undefined => (err as SdkError)?.$metadata?.httpStatusCode;
const nameOf = (err: unknown): string | undefined => (err as SdkError)?.name;
/** S3 names the bucket's region in this header on HeadBucket answers, errors included. */
const regionHeader = (err: unknown): string | undefined => (err as SdkError)?.$response?.headers?.['x-amz-bucket-region'];

/** GetBucketLocation's LocationConstraint: empty or null means us-east-1, the legacy `EU` means eu-west-1. */
export function regionFromLocationConstraint(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/** Outcome of HeadBucket: the region of an existing bucket, null for no bucket, or why unknown. */
type Head = { region: string | undefined } | null | { error: FactError };

async function headBucket(rt: AwsRuntime, m: typeof S3, bucket: string): Promise<Head> {
  try {
    const out = await rt.send<S3.HeadBucketCommandOutput>('s3:ListBucket', new m.HeadBucketCommand({ Bucket: bucket }));
    return { region: out.BucketRegion };
  } catch (err) {
    // HEAD answers carry no body: the SDK names them by status (NotFound) or not at all (Unknown).
    const status = statusOf(err);
    const name = nameOf(err);
    if (status === 404 || name === 'NotFound' || name === 'NoSuchBucket') return null;
    const region = regionHeader(err);
    // Asked in the wrong region: S3 redirects (301, 307; 400 for opt-in regions) naming the bucket's region.
    if (region && (status === 301 || status === 307 || status === 400)) return { region };
    if (status === 403 || name === 'Forbidden' || name === 'AccessDenied') {
      const where = region ? ` in ${region}` : '';
      return {
        error: {
          code: 'AccessDenied',
          message: `bucket ${bucket} exists${where}, but HeadBucket was refused: not authorized to perform s3:ListBucket on it, or it belongs to another account`,
          action: 's3:ListBucket',
        },
      };
    }
    return { error: toFactError(err, 's3:ListBucket') };
  }
}

/** The region when HeadBucket did not name it (some S3-compatible endpoints omit the header). */
async function bucketLocation(rt: AwsRuntime, m: typeof S3, bucket: string): Promise<Fact<string>> {
  const out = await rt.fact<S3.GetBucketLocationCommandOutput>('s3:GetBucketLocation', new m.GetBucketLocationCommand({ Bucket: bucket }));
  return 'error' in out ? out : { value: regionFromLocationConstraint(out.value.LocationConstraint) };
}

/** Run a read whose "not configured" error code means null. */
async function readOrNull<O, T>(rt: AwsRuntime, action: string, command: unknown, notConfigured: string, map: (out: O) => T | null, opts: CallOptions): Promise<Fact<T | null>> {
  try {
    return { value: map(await rt.send<O>(action, command, opts)) };
  } catch (err) {
    if (nameOf(err) === notConfigured) return { value: null };
    return { error: toFactError(err, action) };
  }
}

type PublicAccessBlock = NonNullable<Extract<S3Bucket['publicAccessBlock'], { value: unknown }>['value']>;
type Encryption = NonNullable<Extract<S3Bucket['encryption'], { value: unknown }>['value']>;

function publicAccessBlock(rt: AwsRuntime, m: typeof S3, bucket: string, opts: CallOptions = {}): Promise<Fact<PublicAccessBlock | null>> {
  return readOrNull<S3.GetPublicAccessBlockCommandOutput, PublicAccessBlock>(
    rt,
    's3:GetBucketPublicAccessBlock',
    new m.GetPublicAccessBlockCommand({ Bucket: bucket }),
    'NoSuchPublicAccessBlockConfiguration',
    (out) => {
      const c = out.PublicAccessBlockConfiguration;
      if (!c) return null;
      // An absent flag is off: S3 treats it as false.
      return { blockPublicAcls: c.BlockPublicAcls === true, ignorePublicAcls: c.IgnorePublicAcls === true, blockPublicPolicy: c.BlockPublicPolicy === true, restrictPublicBuckets: c.RestrictPublicBuckets === true };
    },
    opts,
  );
}

function encryption(rt: AwsRuntime, m: typeof S3, bucket: string, opts: CallOptions = {}): Promise<Fact<Encryption | null>> {
  return readOrNull<S3.GetBucketEncryptionCommandOutput, Encryption>(
    rt,
    's3:GetEncryptionConfiguration',
    new m.GetBucketEncryptionCommand({ Bucket: bucket }),
    'ServerSideEncryptionConfigurationNotFoundError',
    (out) => {
      const rule = out.ServerSideEncryptionConfiguration?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm);
      const byDefault = rule?.ApplyServerSideEncryptionByDefault;
      if (!byDefault?.SSEAlgorithm) return null;
      return byDefault.KMSMasterKeyID ? { algorithm: byDefault.SSEAlgorithm, kmsKeyId: byDefault.KMSMasterKeyID } : { algorithm: byDefault.SSEAlgorithm };
    },
    opts,
  );
}

async function collectBucket(rt: AwsRuntime, bucket: string): Promise<Fact<S3Bucket | null>> {
  const m = await loadS3();
  // Independent reads: a missing bucket wastes two calls, a present one saves two round trips.
  const [head, pab, enc] = await Promise.all([headBucket(rt, m, bucket), publicAccessBlock(rt, m, bucket), encryption(rt, m, bucket)]);
  if (head === null) return { value: null };
  if ('error' in head) return { error: head.error };
  let region = head.region;
  if (!region) {
    const location = await bucketLocation(rt, m, bucket);
    if ('error' in location) return location;
    region = location.value;
  }
  if (region === rt.region) return { value: { name: bucket, region, publicAccessBlock: pab, encryption: enc } };
  // Elsewhere: what failed here (the redirect) is asked again where the bucket is.
  const there = { region };
  const [pabThere, encThere] = await Promise.all(['error' in pab ? publicAccessBlock(rt, m, bucket, there) : pab, 'error' in enc ? encryption(rt, m, bucket, there) : enc]);
  return { value: { name: bucket, region, publicAccessBlock: pabThere, encryption: encThere } };
}

/** Buckets by name: null when the bucket does not exist (404), an error when it cannot be read. */
export async function collectS3(rt: AwsRuntime, buckets: string[]): Promise<S3Facts> {
  const names = [...new Set(buckets.filter((b) => b))];
  const facts = await Promise.all(names.map((b) => collectBucket(rt, b)));
  return { buckets: Object.fromEntries(names.map((b, i) => [b, facts[i]!])) };
}
