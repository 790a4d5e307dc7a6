import type { Check } from '../../engine/types.js';
import type { Inventory } from '../../inventory/types.js';
import type { Intent, S3Target } from '../../values/types.js';
import { isOk, need } from '../../inventory/fact.js';
import { maskId } from '../../secrets/redact.js';
import { S3_VALUES_PATHS } from './targets.js';

/** Access keys older than this should be rotated (CIS AWS Foundations 1.14, AWS FSBP IAM.3). */
export const MAX_KEY_AGE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The targets that name a static access key, grouped by key id. */
function keysInValues(intent: Intent): Map<string, S3Target[]> {
  const byKey = new Map<string, S3Target[]>();
  for (const t of intent.s3) if (t.accessKeyId) byKey.set(t.accessKeyId, [...(byKey.get(t.accessKeyId) ?? []), t]);
  return byKey;
}

function appliesTo(intent: Intent): true | string {
  if (intent.s3.length === 0) return 'no S3 bucket is configured';
  if (keysInValues(intent).size > 0) return true;
  const secret = intent.s3.find((t) => t.existingSecret)?.existingSecret;
  return secret
    ? `the S3 access key comes from Secret ${secret}: its key id is not known before install`
    : 'no static S3 access key is configured (credentials come from the node or pod role)';
}

/** The user's ARN: from the IAM facts when read, else built from the caller's account. */
function userArn(inv: Inventory, userName: string): string | undefined {
  const user = inv.iam?.users?.[userName];
  if (isOk(user) && user.value) return user.value.arn;
  return isOk(inv.target) ? `arn:${inv.target.value.partition}:iam::${inv.target.value.accountId}:user/${userName}` : undefined;
}

export const s3Credentials: Check = {
  id: 's3-credentials',
  area: 's3',
  title: 'The S3 access key belongs to an IAM user in this account, is active and recent',
  severity: 'high',
  appliesTo,
  needs: ['iam.s3User'],
  evaluate: (intent, inv) => {
    const now = Date.now();
    const failures: string[] = [];
    const warnings: string[] = [];
    const keys: Record<string, unknown>[] = [];
    const resources: string[] = [];
    const valuesPaths = new Set<string>();
    for (const [id, targets] of keysInValues(intent)) {
      // Only the masked id ever leaves this function: the full id is a credential half.
      const masked = maskId(id);
      const uses = targets.map((t) => t.use);
      const info = need(inv.iam?.accessKeys?.[id], `access key ${masked} (iam:GetAccessKeyLastUsed)`);
      if (!info) {
        failures.push(`access key ${masked} (${uses.join(', ')}) does not belong to an IAM user in this account`);
        keys.push({ accessKeyId: masked, uses, inAccount: false });
        uses.forEach((u) => valuesPaths.add(S3_VALUES_PATHS[u].accessKey));
        continue;
      }
      const created = info.createDate ? Date.parse(info.createDate) : NaN;
      const ageDays = Number.isNaN(created) ? null : Math.floor((now - created) / DAY_MS);
      keys.push({ accessKeyId: masked, uses, inAccount: true, userName: info.userName, status: info.status, ...(info.createDate ? { createDate: info.createDate } : {}), ageDays });
      const arn = userArn(inv, info.userName);
      if (arn) resources.push(arn);
      if (info.status !== 'Active') {
        failures.push(`access key ${masked} of user ${info.userName} is ${info.status}`);
        uses.forEach((u) => valuesPaths.add(S3_VALUES_PATHS[u].accessKey));
      }
      if (ageDays === null) warnings.push(`the age of access key ${masked} of user ${info.userName} is unknown`);
      else if (ageDays >= MAX_KEY_AGE_DAYS) warnings.push(`access key ${masked} of user ${info.userName} is ${ageDays} days old (rotate keys before ${MAX_KEY_AGE_DAYS} days)`);
    }
    const evidence = { keys, maxAgeDays: MAX_KEY_AGE_DAYS, buckets: [...new Set(intent.s3.map((t) => t.bucket))] };
    const base = { resources: [...new Set(resources)], evidence, valuesPaths: [...valuesPaths] };
    if (failures.length) return { ...base, status: 'fail', message: [...failures, ...warnings].join('; ') };
    if (warnings.length) return { ...base, status: 'warn', message: warnings.join('; ') };
    return {
      ...base,
      status: 'pass',
      message: keys.map((k) => `access key ${String(k.accessKeyId)} of user ${String(k.userName)} is Active, ${String(k.ageDays)} days old`).join('; '),
    };
  },
  remediation: 'scope-bucket-access',
  docs: {
    what: `The access key id configured for S3 (harbor.persistence.imageChartStorage.s3.accesskey, services.api.env.S3_ACCESS_KEY) is looked up in IAM (the id only, never the secret): it belongs to an IAM user of this account, is Active, and is younger than ${MAX_KEY_AGE_DAYS} days (warn otherwise). With only existingSecret the key id is unknown before install, so the check is skipped.`,
    why: 'A key from another account, deleted or deactivated makes every registry write fail with InvalidAccessKeyId or AccessDenied; the image push then fails at sandbox creation, long after install. Old long-lived keys are a standing leak risk.',
    fix: [
      'Create a dedicated user and key, and keep the key only in a Secret:',
      '  aws iam create-user --user-name daytona-harbor-registry',
      '  aws iam put-user-policy --user-name daytona-harbor-registry --policy-name harbor-s3 --policy-document file://harbor-s3-policy.json',
      '  aws iam create-access-key --user-name daytona-harbor-registry',
      '  kubectl -n <namespace> create secret generic harbor-s3-secret --from-literal=REGISTRY_STORAGE_S3_ACCESSKEY=<id> --from-literal=REGISTRY_STORAGE_S3_SECRETKEY=<secret>',
      'then set harbor.persistence.imageChartStorage.s3.existingSecret: harbor-s3-secret and remove accesskey/secretkey from the values.',
      'Reactivate a key: aws iam update-access-key --user-name <user> --access-key-id <id> --status Active. Rotate an old key: create a new one, switch the Secret, then delete the old key.',
    ].join('\n'),
  },
  compliance: ['AWS FSBP IAM.3'],
};
