/**
 * S3 operations of the fake account, with S3's regional behaviour: a bucket answers only in its
 * own region (elsewhere a 301 naming its region in x-amz-bucket-region), HEAD errors carry no
 * code (the SDK names them NotFound / Forbidden), another account's bucket answers 403.
 * CreateBucket gives a new bucket S3's defaults (all public access blocked, SSE-S3).
 * Shapes: @aws-sdk/client-s3.
 */
import type * as S3 from '@aws-sdk/client-s3';
import { defined, type CallCtx } from '../context.js';
import type { BucketM } from '../model.js';
import type { Handlers } from './types.js';

/** The bucket a request names, answering as S3 does when it cannot be used from here. */
function bucket(ctx: CallCtx, opts: { head?: boolean; anyRegion?: boolean } = {}): BucketM {
  const name = String(ctx.input.Bucket ?? '');
  const b = ctx.model.s3.buckets[name];
  if (!b) throw opts.head ? ctx.error('NotFound', 'Not Found', 404) : ctx.error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
  const headers = { 'x-amz-bucket-region': b.region };
  if (b.ownerAccountId && b.ownerAccountId !== ctx.model.accountId) throw opts.head ? ctx.error('Forbidden', 'Forbidden', 403, { $response: { statusCode: 403, headers } }) : ctx.error('AccessDenied', 'Access Denied', 403);
  if (!opts.anyRegion && b.region !== ctx.region) {
    throw ctx.error('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301, { $response: { statusCode: 301, headers } });
  }
  return b;
}

export const s3Handlers: Handlers = {
  HeadBucket: (_input: S3.HeadBucketRequest, ctx): S3.HeadBucketOutput => {
    const b = bucket(ctx, { head: true });
    return { BucketRegion: b.region, AccessPointAlias: false };
  },

  // Answered from any region: it is how clients find a bucket's region.
  GetBucketLocation: (_input: S3.GetBucketLocationRequest, ctx): S3.GetBucketLocationOutput => {
    const b = bucket(ctx, { anyRegion: true });
    return defined({ LocationConstraint: b.region === 'us-east-1' ? undefined : (b.region as S3.BucketLocationConstraint) });
  },

  GetPublicAccessBlock: (_input: S3.GetPublicAccessBlockRequest, ctx): S3.GetPublicAccessBlockOutput => {
    const c = bucket(ctx).publicAccessBlock;
    if (!c) throw ctx.error('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
    return { PublicAccessBlockConfiguration: { BlockPublicAcls: c.blockPublicAcls, IgnorePublicAcls: c.ignorePublicAcls, BlockPublicPolicy: c.blockPublicPolicy, RestrictPublicBuckets: c.restrictPublicBuckets } };
  },

  GetBucketEncryption: (_input: S3.GetBucketEncryptionRequest, ctx): S3.GetBucketEncryptionOutput => {
    const e = bucket(ctx).encryption;
    if (!e) throw ctx.error('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404);
    return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: defined({ SSEAlgorithm: e.algorithm as S3.ServerSideEncryption, KMSMasterKeyID: e.kmsKeyId }), BucketKeyEnabled: e.algorithm !== 'AES256' }] } };
  },

  GetBucketTagging: (_input: S3.GetBucketTaggingRequest, ctx): S3.GetBucketTaggingOutput => {
    const tags = bucket(ctx).tags;
    if (!tags || !Object.keys(tags).length) throw ctx.error('NoSuchTagSet', 'The TagSet does not exist', 404);
    return { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
  },

  // ---------------------------------------------------------------- writes

  CreateBucket: (input: S3.CreateBucketRequest, ctx): S3.CreateBucketOutput => {
    const name = String(input.Bucket ?? '');
    const wanted = input.CreateBucketConfiguration?.LocationConstraint ?? 'us-east-1';
    if (wanted === 'us-east-1' && input.CreateBucketConfiguration?.LocationConstraint) throw ctx.error('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400);
    if (wanted !== ctx.region) throw ctx.error('IllegalLocationConstraintException', `The ${wanted} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
    const existing = ctx.model.s3.buckets[name];
    if (existing) {
      if (existing.ownerAccountId && existing.ownerAccountId !== ctx.model.accountId) throw ctx.error('BucketAlreadyExists', 'The requested bucket name is not available.', 409);
      // us-east-1 keeps the legacy answer: success, nothing changed.
      if (existing.region === 'us-east-1' && wanted === 'us-east-1') return { Location: `/${name}` };
      throw ctx.error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409);
    }
    // Tags given at creation (CreateBucketConfiguration.Tags) are the bucket's tag set.
    const tags = input.CreateBucketConfiguration?.Tags;
    ctx.model.s3.buckets[name] = {
      region: wanted,
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      encryption: { algorithm: 'AES256' },
      ...(tags?.length ? { tags: Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? ''])) } : {}),
    };
    return { Location: wanted === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
  },

  PutPublicAccessBlock: (input: S3.PutPublicAccessBlockRequest, ctx): Record<string, never> => {
    const c = input.PublicAccessBlockConfiguration ?? {};
    bucket(ctx).publicAccessBlock = { blockPublicAcls: c.BlockPublicAcls === true, ignorePublicAcls: c.IgnorePublicAcls === true, blockPublicPolicy: c.BlockPublicPolicy === true, restrictPublicBuckets: c.RestrictPublicBuckets === true };
    return {};
  },

  PutBucketEncryption: (input: S3.PutBucketEncryptionRequest, ctx): Record<string, never> => {
    const rule = input.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    if (!rule?.SSEAlgorithm) throw ctx.error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
    bucket(ctx).encryption = rule.KMSMasterKeyID ? { algorithm: rule.SSEAlgorithm, kmsKeyId: rule.KMSMasterKeyID } : { algorithm: rule.SSEAlgorithm };
    return {};
  },

  // Replaces the whole tag set, as S3 does.
  PutBucketTagging: (input: S3.PutBucketTaggingRequest, ctx): Record<string, never> => {
    bucket(ctx).tags = Object.fromEntries((input.Tagging?.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    return {};
  },
};
