import type { Check } from '../../engine/types.js';
import { s3Bucket } from './s3-bucket.js';
import { s3BucketSecurity } from './s3-bucket-security.js';
import { s3Credentials } from './s3-credentials.js';
import { s3PolicyScope } from './s3-policy-scope.js';

export const s3Checks: readonly Check[] = [
  s3Bucket,
  s3BucketSecurity,
  s3Credentials,
  s3PolicyScope,
];
