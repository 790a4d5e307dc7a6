import type { Check } from '../../engine/types.js';
import { isOk, need, ok } from '../../inventory/fact.js';
import { bucketArn } from './s3-bucket.js';
import { distinctBucketTargets, noS3Reason } from './targets.js';

const FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;
/** The same four flags as the S3 API spells them, for the fix command. */
const API_FLAG: Record<(typeof FLAGS)[number], string> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};

export function publicAccessBlockCommand(bucket: string): string {
  return `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration ${FLAGS.map((f) => `${API_FLAG[f]}=true`).join(',')}`;
}

export function defaultEncryptionCommand(bucket: string): string {
  return `aws s3api put-bucket-encryption --bucket ${bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`;
}

export const s3BucketSecurity: Check = {
  id: 's3-bucket-security',
  area: 's3',
  title: 'The S3 bucket blocks public access and encrypts by default',
  severity: 'high',
  appliesTo: (intent) => noS3Reason(intent.s3),
  needs: ['s3.buckets'],
  dependsOn: ['s3-bucket'],
  evaluate: (intent, inv) => {
    const buckets = need(inv.s3 ? ok(inv.s3) : undefined, 'S3 buckets').buckets;
    const partition = isOk(inv.target) ? inv.target.value.partition : undefined;
    const names = [...new Set(distinctBucketTargets(intent.s3).map((t) => t.bucket))];
    const publicAccessNotBlocked: { bucket: string; missingFlags: string[] }[] = [];
    const unencrypted: string[] = [];
    const encryption: Record<string, string> = {};
    for (const name of names) {
      const bucket = need(buckets[name], `S3 bucket ${name}`);
      if (!bucket) return { status: 'skip', message: `skipped: bucket ${name} does not exist (see s3-bucket)`, reason: 'depends on s3-bucket' };
      const pab = need(bucket.publicAccessBlock, `public access block of ${name} (s3:GetBucketPublicAccessBlock)`);
      const missingFlags = pab ? FLAGS.filter((f) => !pab[f]) : [...FLAGS];
      if (missingFlags.length) publicAccessNotBlocked.push({ bucket: name, missingFlags: missingFlags.map((f) => API_FLAG[f]) });
      const enc = need(bucket.encryption, `default encryption of ${name} (s3:GetEncryptionConfiguration)`);
      if (enc) encryption[name] = enc.kmsKeyId ? `${enc.algorithm} (${enc.kmsKeyId})` : enc.algorithm;
      else unencrypted.push(name);
    }
    const commands = [
      ...publicAccessNotBlocked.map((p) => publicAccessBlockCommand(p.bucket)),
      ...unencrypted.map(defaultEncryptionCommand),
    ];
    const evidence = { buckets: names, publicAccessNotBlocked, unencrypted, encryption, ...(commands.length ? { commands } : {}) };
    const resources = names.map((n) => bucketArn(n, partition));
    if (publicAccessNotBlocked.length === 0 && unencrypted.length === 0) {
      return { status: 'pass', message: `${names.join(', ')}: all public access blocked, default encryption ${names.map((n) => encryption[n]).join(', ')}`, resources, evidence };
    }
    const parts = [
      ...publicAccessNotBlocked.map((p) => `bucket ${p.bucket} does not set ${p.missingFlags.join(', ')}`),
      ...unencrypted.map((b) => `bucket ${b} has no default encryption`),
    ];
    return { status: 'fail', message: parts.join('; '), resources, evidence };
  },
  remediation: 'manual',
  docs: {
    what: 'On each bucket the install uses: the bucket-level public access block sets all four flags (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets), and default encryption is configured.',
    why: 'The bucket holds every sandbox image layer, which may carry customer code and secrets. Without the public access block one ACL or policy edit exposes it; without default encryption objects may be stored unencrypted (AWS FSBP S3.8 asks for the bucket-level block).',
    fix: [
      'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      `aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`,
      'With SSE-KMS instead, also grant the registry user kms:Decrypt and kms:GenerateDataKey on the key.',
    ].join('\n'),
  },
  compliance: ['AWS FSBP S3.8'],
};
