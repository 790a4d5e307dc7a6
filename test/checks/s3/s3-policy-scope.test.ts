import { describe, expect, it } from 'vitest';
import { s3PolicyScope } from '../../../src/checks/s3/s3-policy-scope.js';
import { fixtureInventory, s3Intent, runOne } from '../../helpers/intent.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const USER = 'arn:aws:iam::111122223333:user/daytona-harbor-registry';
const intent = s3Intent([{ accessKeyId: KEY }]);
const run = (scenario: string, i = intent) => runOne(s3PolicyScope, i, fixtureInventory('s3-policy-scope', scenario));
type Target = { missing: { action: string; resource: string; why: string }[]; broader: { statement: string; reasons: string[] }[]; accessKeyId: string; extraActions?: string[] };
const target = (r: { evidence: Record<string, unknown> }) => (r.evidence.targets as Target[])[0]!;

describe('s3-policy-scope', () => {
  it('passes when the user has exactly the registry driver\'s actions on the bucket and its objects', () => {
    const r = run('scoped');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual([USER, 'arn:aws:s3:::daytona-registry']);
    expect(target(r)).toMatchObject({ missing: [], broader: [], conditional: [] });
  });

  it('never shows the access key id, only its masked form', () => {
    const r = run('scoped');
    expect(JSON.stringify(r)).not.toContain(KEY);
    expect(target(r).accessKeyId).toBe('AKIA…MPLE');
  });

  it('warns when the user may do s3:* on "*", naming the statement and why it is broader', () => {
    const r = run('s3-star');
    expect(r.status).toBe('warn');
    expect(target(r).broader).toEqual([{ statement: 'inline policy "s3-everything" Statement[0] (Sid "AllS3")', policy: 's3-everything', sid: 'AllS3', index: 0, reasons: ['action wildcard s3:*', 'Resource "*"'] }]);
    expect(r.message).toContain('inline policy "s3-everything" Statement[0] (Sid "AllS3"): action wildcard s3:*, Resource "*"');
  });

  it('fails with the vendor guide\'s four actions, listing the missing bucket-location and multipart actions', () => {
    const r = run('vendor-guide-four-actions');
    expect(r.status).toBe('fail');
    expect(target(r).missing.map((m) => m.action)).toEqual(['s3:GetBucketLocation', 's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload']);
    expect(r.message).toContain('s3:AbortMultipartUpload on arn:aws:s3:::daytona-registry/* (not granted)');
    expect(r.valuesPaths).toEqual(['harbor.persistence.imageChartStorage.s3.accesskey']);
  });

  it('fails when a Deny takes away a needed action, naming the Deny', () => {
    const r = run('deny-delete');
    expect(r.status).toBe('fail');
    expect(target(r).missing).toEqual([{ action: 's3:DeleteObject', resource: 'arn:aws:s3:::daytona-registry/*', why: 'denied by inline policy "no-deletes" Statement[0] (Sid "KeepImages")' }]);
  });

  it('counts a group\'s grants, and warns about a grant on another bucket', () => {
    const r = run('group-grant-and-other-bucket');
    expect(r.status).toBe('warn');
    expect(target(r).missing).toEqual([]);
    expect(target(r).broader).toEqual([
      expect.objectContaining({ statement: 'arn:aws:iam::111122223333:policy/read-backups Statement[0] (Sid "Backups")', reasons: ['resources beyond the bucket: arn:aws:s3:::company-backups/*'] }),
    ]);
  });

  it('resolves ${aws:username} to the user\'s name: a per-user bucket policy fails for a bucket of another name', () => {
    const inv = fixtureInventory('s3-policy-scope', 'scoped');
    const user = inv.iam!.users!['daytona-harbor-registry'] as { value: { inline: { document: { Statement: { Resource: string }[] } }[] } };
    const [bucket, objects] = user.value.inline[0]!.document.Statement;
    bucket!.Resource = 'arn:aws:s3:::${aws:username}';
    objects!.Resource = 'arn:aws:s3:::${aws:username}/*';
    const r = runOne(s3PolicyScope, intent, inv);
    expect(r.status).toBe('fail');
    expect(target(r).missing).toHaveLength(8);
    // The same policy is exactly scoped when the bucket bears the user's name.
    const own = runOne(s3PolicyScope, s3Intent([{ accessKeyId: KEY, bucket: 'daytona-harbor-registry' }]), inv);
    expect(own.status).toBe('pass');
  });

  it('does not count object actions granted on the bucket ARN as broader', () => {
    expect(run('object-actions-on-bucket-arn').status).toBe('pass');
  });

  it('accepts kms:Decrypt and kms:GenerateDataKey on the bucket\'s own SSE-KMS key', () => {
    expect(run('kms-bucket').status).toBe('pass');
  });

  it('warns about the same KMS statement when the bucket does not use that key', () => {
    const inv = fixtureInventory('s3-policy-scope', 'kms-bucket');
    const bucket = inv.s3!.buckets['daytona-registry'] as { value: { encryption: unknown } };
    bucket.value.encryption = { value: { algorithm: 'AES256' } };
    const r = runOne(s3PolicyScope, intent, inv);
    expect(r.status).toBe('warn');
    expect(target(r).broader[0]!.reasons).toEqual(['non-S3 actions kms:Decrypt, kms:GenerateDataKey', 'resources beyond the bucket: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
  });

  it('is an error naming iam:GetUser when the user cannot be read', () => {
    const r = run('user-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'iam:GetUser' });
  });

  it('is an error naming the action when the access key cannot be looked up, without the key id', () => {
    const inv = fixtureInventory('s3-policy-scope', 'scoped');
    inv.iam!.accessKeys![KEY] = { error: { code: 'AccessDenied', message: 'denied', action: 'iam:GetAccessKeyLastUsed' } };
    const r = runOne(s3PolicyScope, intent, inv);
    expect(r.status).toBe('error');
    expect(r.error?.action).toBe('iam:GetAccessKeyLastUsed');
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('skips, naming s3-credentials, when the key belongs to no user of this account', () => {
    const r = run('key-foreign');
    expect(r).toMatchObject({ status: 'skip', reason: 'depends on s3-credentials' });
    expect(r.message).toContain('AKIA…MPLE');
  });

  it('skips when the key is given only through existingSecret: its user cannot be known', () => {
    const r = run('scoped', s3Intent([{ existingSecret: 'harbor-s3-secret' }]));
    expect(r.status).toBe('skip');
    expect(r.reason).toContain('harbor-s3-secret');
  });

  it('uses the user\'s partition for the bucket ARNs', () => {
    const inv = fixtureInventory('s3-policy-scope', 's3-star');
    const user = inv.iam!.users!['daytona-harbor-registry'] as { value: { arn: string } };
    user.value.arn = 'arn:aws-cn:iam::111122223333:user/daytona-harbor-registry';
    const r = runOne(s3PolicyScope, intent, inv);
    expect(r.resources).toContain('arn:aws-cn:s3:::daytona-registry');
  });
});
