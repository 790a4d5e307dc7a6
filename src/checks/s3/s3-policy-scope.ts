import type { Check, Outcome } from '../../engine/types.js';
import type { IamPrincipal, Inventory } from '../../inventory/types.js';
import type { S3Target } from '../../values/types.js';
import { isOk, need } from '../../inventory/fact.js';
import { maskId } from '../../secrets/redact.js';
import { evaluateKnown, identityPolicies } from '../../iam/evaluate.js';
import { compile, covers, literal, type Pattern } from '../../iam/glob.js';
import { partitionOf } from '../../iam/managed.js';
import { describeRef, type ParsedStatement } from '../../iam/policy.js';
import { s3Credentials } from './s3-credentials.js';
import { bucketArn } from './s3-bucket.js';
import { S3_VALUES_PATHS } from './targets.js';

/** What the registry's S3 storage driver calls (FACTS: Harbor on S3). */
export const BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'] as const;
export const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'] as const;
const NEEDED = new Set<string>([...BUCKET_ACTIONS, ...OBJECT_ACTIONS].map((a) => a.toLowerCase()));
/** With SSE-KMS the driver also needs these on the bucket's key: not broader. */
const KMS_FOR_SSE = new Set(['kms:decrypt', 'kms:generatedatakey']);

interface Missing {
  action: string;
  resource: string;
  why: string;
}

interface Broader {
  statement: string;
  policy: string;
  sid?: string;
  index: number;
  reasons: string[];
}

/** The user name of an access key, when it was read. */
function userOfKey(inv: Inventory, keyId: string): string | undefined {
  const f = inv.iam?.accessKeys?.[keyId];
  return isOk(f) ? f.value?.userName : undefined;
}

/** The KMS key of a bucket with SSE-KMS, when the S3 facts hold it. */
function bucketKmsKey(inv: Inventory, bucket: string): string | undefined {
  const b = inv.s3?.buckets[bucket];
  if (!isOk(b) || !b.value || !isOk(b.value.encryption) || !b.value.encryption.value) return undefined;
  const enc = b.value.encryption.value;
  return enc.algorithm.startsWith('aws:kms') ? enc.kmsKeyId : undefined;
}

/** Why an Allow statement reaches beyond the buckets this user serves (empty when it does not). */
function breadth(st: ParsedStatement, buckets: { arn: string; kmsKey?: string }[]): string[] {
  const reasons: string[] = [];
  const actions = st.raw.actions ?? [];
  const resources = st.raw.resources ?? [];
  const isKmsForSse = (r: string) => buckets.some((b) => b.kmsKey !== undefined && (r === b.kmsKey || r.endsWith(`:key/${b.kmsKey}`)));
  const kmsOnly = actions.length > 0 && actions.every((a) => KMS_FOR_SSE.has(a.toLowerCase())) && resources.length > 0 && resources.every(isKmsForSse);
  if (kmsOnly) return reasons;

  if (st.raw.notActions) reasons.push(`NotAction allows every action except ${st.raw.notActions.join(', ')}`);
  const wild = actions.filter((a) => /[*?]/.test(a));
  if (wild.length) reasons.push(`action wildcard ${wild.join(', ')}`);
  const nonS3 = actions.filter((a) => !a.toLowerCase().startsWith('s3:') && a !== '*');
  if (nonS3.length) reasons.push(`non-S3 actions ${nonS3.join(', ')}`);

  if (st.raw.notResources) reasons.push(`NotResource applies to every resource except ${st.raw.notResources.join(', ')}`);
  if (resources.includes('*')) reasons.push('Resource "*"');
  // Object actions on the bucket ARN (or bucket actions on objects) grant nothing more: only resources outside count.
  const inside = (p: Pattern) => buckets.some((b) => covers(literal(b.arn), p) || covers(compile(`${b.arn}/*`), p));
  // The parsed patterns, not the raw text: they carry the user's resolved `${aws:username}`.
  const outside = resources.filter((r, i) => r !== '*' && !inside(st.resources![i]!));
  if (outside.length) reasons.push(`resources beyond the bucket${buckets.length > 1 ? 's' : ''}: ${outside.join(', ')}`);
  return reasons;
}

/** S3 actions granted on the bucket beyond the driver's list: reported, not judged (the catalogue does not count them as broader). */
function extraActions(statements: ParsedStatement[]): string[] {
  const out = new Set<string>();
  for (const st of statements) for (const a of st.raw.actions ?? []) if (a.toLowerCase().startsWith('s3:') && !/[*?]/.test(a) && !NEEDED.has(a.toLowerCase())) out.add(a);
  return [...out];
}

interface TargetReport {
  use: S3Target['use'];
  bucket: string;
  accessKeyId: string;
  userArn?: string;
  skipped?: string;
  missing?: Missing[];
  conditional?: string[];
  broader?: Broader[];
  extraActions?: string[];
  permissionsBoundary?: string;
}

function judgeUser(user: IamPrincipal, target: S3Target, sameUserBuckets: string[], inv: Inventory): Omit<TargetReport, 'use' | 'bucket' | 'accessKeyId'> {
  const partition = partitionOf(user.arn);
  const arn = bucketArn(target.bucket, partition);
  const missing: Missing[] = [];
  const conditional = new Set<string>();
  const wanted = [...BUCKET_ACTIONS.map((a) => ({ action: a, resource: arn })), ...OBJECT_ACTIONS.map((a) => ({ action: a, resource: `${arn}/*` }))];
  for (const w of wanted) {
    const ev = evaluateKnown(user, w.action, w.resource);
    if (ev.decision === 'denied') missing.push({ ...w, why: `denied by ${ev.deniedBy.filter((d) => !d.conditional).map(describeRef).join('; ')}` });
    else if (ev.decision === 'implicit-deny')
      missing.push({ ...w, why: ev.allowedBy.length && ev.boundary && !ev.boundary.allows ? `not allowed by the permissions boundary ${ev.boundary.policy}` : 'not granted' });
    else if (ev.conditional) for (const r of [...ev.allowedBy, ...ev.deniedBy, ...(ev.boundary?.allowedBy ?? [])]) if (r.conditional) conditional.add(describeRef(r));
  }
  const statements = identityPolicies(user).flatMap((p) => p.statements ?? []).filter((s) => s.effect === 'Allow');
  const buckets = sameUserBuckets.map((b) => ({ arn: bucketArn(b, partition), kmsKey: bucketKmsKey(inv, b) }));
  const broader: Broader[] = statements
    .map((st) => ({ st, reasons: breadth(st, buckets) }))
    .filter((x) => x.reasons.length)
    .map(({ st, reasons }) => ({ statement: describeRef(st.ref), policy: st.ref.policy, ...(st.ref.sid ? { sid: st.ref.sid } : {}), index: st.ref.index, reasons }));
  const extra = extraActions(statements);
  return {
    userArn: user.arn,
    missing,
    conditional: [...conditional],
    broader,
    ...(extra.length ? { extraActions: extra } : {}),
    ...(user.permissionsBoundary ? { permissionsBoundary: user.permissionsBoundary.arn } : {}),
  };
}

export const s3PolicyScope: Check = {
  id: 's3-policy-scope',
  area: 's3',
  title: 'The S3 user may do what the registry needs on its bucket, and nothing broader',
  severity: 'high',
  // Same subject as s3-credentials: a static access key whose id is in the values.
  appliesTo: (intent) => s3Credentials.appliesTo(intent),
  needs: ['iam.s3User', 's3.buckets'],
  evaluate: (intent, inv): Outcome => {
    const reports: TargetReport[] = [];
    const withKey = intent.s3.filter((t): t is S3Target & { accessKeyId: string } => !!t.accessKeyId);
    for (const t of withKey) {
      const masked = maskId(t.accessKeyId);
      const base = { use: t.use, bucket: t.bucket, accessKeyId: masked };
      const key = need(inv.iam?.accessKeys?.[t.accessKeyId], `access key ${masked} (iam:GetAccessKeyLastUsed)`);
      if (!key) {
        reports.push({ ...base, skipped: `access key ${masked} is not in this account (see s3-credentials)` });
        continue;
      }
      const user = need(inv.iam?.users?.[key.userName], `IAM user ${key.userName} (iam:GetUser)`);
      if (!user) {
        reports.push({ ...base, skipped: `IAM user ${key.userName} does not exist (see s3-credentials)` });
        continue;
      }
      // A user that serves several buckets (Harbor and the API) legitimately reaches all of them.
      const sameUser = withKey.filter((o) => o.accessKeyId === t.accessKeyId || userOfKey(inv, o.accessKeyId) === key.userName).map((o) => o.bucket);
      reports.push({ ...base, ...judgeUser(user, t, [...new Set(sameUser)], inv) });
    }

    const judged = reports.filter((r) => !r.skipped);
    const valuesPaths = [...new Set(withKey.map((t) => S3_VALUES_PATHS[t.use].accessKey))];
    const resources = [...new Set(judged.flatMap((r) => [r.userArn!, bucketArn(r.bucket, partitionOf(r.userArn!))]))];
    const evidence = { targets: reports, requiredOnBucket: BUCKET_ACTIONS, requiredOnObjects: OBJECT_ACTIONS };
    if (!judged.length) {
      const why = reports.map((r) => r.skipped).join('; ');
      return { status: 'skip', message: `skipped: ${why}`, reason: 'depends on s3-credentials', evidence };
    }
    const fails = judged.filter((r) => r.missing!.length);
    const who = (r: TargetReport) => `user ${r.userArn} (${r.use} bucket ${r.bucket})`;
    const broadLines = judged.filter((r) => r.broader!.length).map((r) => `${who(r)} has grants broader than the bucket: ${r.broader!.map((b) => `${b.statement}: ${b.reasons.join(', ')}`).join('; ')}`);
    const condLines = judged.filter((r) => r.conditional!.length).map((r) => `${who(r)} is allowed only under conditions by ${r.conditional!.join('; ')}`);
    if (fails.length) {
      const lines = fails.map((r) => `${who(r)} lacks ${r.missing!.map((m) => `${m.action} on ${m.resource} (${m.why})`).join(', ')}`);
      return { status: 'fail', message: [...lines, ...broadLines].join('; '), resources, evidence, valuesPaths };
    }
    if (broadLines.length || condLines.length) return { status: 'warn', message: [...broadLines, ...condLines].join('; '), resources, evidence, valuesPaths };
    return {
      status: 'pass',
      message: judged.map((r) => `${who(r)} has exactly the registry's S3 actions on the bucket and its objects`).join('; '),
      resources,
      evidence,
    };
  },
  remediation: 'scope-bucket-access',
  docs: {
    what:
      "The IAM user behind the configured S3 access key (the key id only is looked up) may, through its effective policies (its own and its groups', with Deny and the permissions boundary), perform s3:ListBucket, s3:GetBucketLocation, s3:ListBucketMultipartUploads on the bucket and s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListMultipartUploadParts, s3:AbortMultipartUpload on its objects; and nothing broader: action wildcards such as s3:*, Resource \"*\", other buckets, or non-S3 actions are a warning naming the statement.",
    why: 'A missing action makes Harbor fail when pushing or garbage-collecting sandbox images (multipart uploads need the last three), long after install. A broader grant turns a leaked registry key, which sits in values files and Secrets, into access to other buckets or services.',
    fix: [
      'Give the user exactly this inline policy and remove the broader ones named in the evidence (replace BUCKET; use your partition):',
      '  aws iam put-user-policy --user-name <user> --policy-name harbor-s3 --policy-document \'{"Version":"2012-10-17","Statement":[{"Sid":"Bucket","Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation","s3:ListBucketMultipartUploads"],"Resource":"arn:aws:s3:::BUCKET"},{"Sid":"Objects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject","s3:ListMultipartUploadParts","s3:AbortMultipartUpload"],"Resource":"arn:aws:s3:::BUCKET/*"}]}\'',
      '  aws iam detach-user-policy --user-name <user> --policy-arn <broader-policy-arn>   # or: aws iam delete-user-policy --user-name <user> --policy-name <name>',
      'With SSE-KMS, also allow kms:Decrypt and kms:GenerateDataKey on the bucket key.',
      'Or run: daytona-preflight check --fix --fix-type risky (remediation scope-bucket-access: a dedicated user with this policy, its key stored only in a Secret).',
    ].join('\n'),
  },
};
