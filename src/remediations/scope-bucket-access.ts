/**
 * scope-bucket-access: a dedicated IAM user for Harbor's S3 storage with exactly the registry's
 * actions on exactly its bucket and objects, and an access key that lives only in the Kubernetes
 * Secret the values name (`harbor.persistence.imageChartStorage.s3.existingSecret`, default
 * harbor-s3-secret), under REGISTRY_STORAGE_S3_ACCESSKEY / REGISTRY_STORAGE_S3_SECRETKEY.
 *
 * Three actions, in order: create (or reuse) the user; put its inline policy; create the key and
 * store it. All `risky`: the chain mints a long-lived credential, a reused user's inline policy of
 * the same name is rewritten, and the install only uses the key once the values switch to the
 * Secret (the printed snippet). The key is created only when the Secret can be written: without
 * cluster access, or without the namespace, the chain stops before CreateAccessKey; when the
 * Secret already exists it is left alone and no key is created (an earlier run's, never replaced). The secret half goes into the redactor the moment it is read, never into a
 * call record, note or report; a key that could not be stored is deleted again at once.
 */
import type { CheckResult, FactNeed } from '../engine/types.js';
import type { S3Target } from '../values/types.js';
import type { Inventory, PolicyDocument } from '../inventory/types.js';
import { isOk } from '../inventory/fact.js';
import { maskId } from '../secrets/redact.js';
import { BUCKET_ACTIONS, OBJECT_ACTIONS } from '../checks/s3/s3-policy-scope.js';
import { bucketArn } from '../checks/s3/s3-bucket.js';
import { S3_VALUES_PATHS } from '../checks/s3/targets.js';
import { MANAGED_BY, type ApplyContext, type CallResult, type PlanContext, type PlannedAction, type PlannedCall, type Remediation } from './types.js';
import { manualAction, managedTags } from './support.js';
import { bucketActionId } from './create-bucket.js';

export const ID = 'scope-bucket-access';
export const REGISTRY_USER = 'daytona-harbor-registry';
export const REGISTRY_POLICY = 'daytona-harbor-s3';
export const DEFAULT_SECRET = 'harbor-s3-secret';
export const SECRET_KEYS = { accessKey: 'REGISTRY_STORAGE_S3_ACCESSKEY', secretKey: 'REGISTRY_STORAGE_S3_SECRETKEY' } as const;
const KUBE_CREATE_SECRET = 'kubernetes:CreateSecret';

/** The least-privilege policy: the registry driver's actions on the bucket and on its objects (and the bucket's KMS key with SSE-KMS). */
export function registryPolicy(bucket: string, partition: string, kmsKeyArn?: string): PolicyDocument {
  const arn = bucketArn(bucket, partition);
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'RegistryBucket', Effect: 'Allow', Action: [...BUCKET_ACTIONS], Resource: arn },
      { Sid: 'RegistryObjects', Effect: 'Allow', Action: [...OBJECT_ACTIONS], Resource: `${arn}/*` },
      ...(kmsKeyArn ? [{ Sid: 'RegistryBucketKey', Effect: 'Allow' as const, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: kmsKeyArn }] : []),
    ],
  };
}

function kmsKeyOf(inv: Inventory, bucket: string): string | undefined {
  const b = inv.s3?.buckets[bucket];
  if (!isOk(b) || !b.value || !isOk(b.value.encryption) || !b.value.encryption.value) return undefined;
  const enc = b.value.encryption.value;
  return enc.algorithm.startsWith('aws:kms') && enc.kmsKeyId?.startsWith('arn:') ? enc.kmsKeyId : undefined;
}

function harborTarget(ctx: PlanContext): S3Target | undefined {
  return ctx.intent.s3.find((t) => t.use === 'harbor');
}

/** Does this finding concern Harbor's S3 credentials? */
function concernsHarbor(ctx: PlanContext, result: CheckResult, target: S3Target): boolean {
  switch (result.id) {
    case 's3-credentials':
      return Boolean(target.accessKeyId) && result.status === 'fail';
    case 's3-policy-scope':
      return Boolean(target.accessKeyId) && (result.status === 'fail' || ctx.failOn === 'warn');
    case 'k8s-secrets': {
      // The Secret the values name for Harbor's S3 keys is missing: this remediation is what fills it.
      const name = target.existingSecret;
      const fact = name ? ctx.inventory.kube?.secrets?.[name] : undefined;
      return Boolean(name) && isOk(fact) && fact.value === null;
    }
    default:
      return false;
  }
}

/** Why the cluster cannot take the Secret, judged from the facts; undefined when it can (or nobody looked). */
function noClusterAccess(inv: Inventory): string | undefined {
  const kube = inv.kube;
  if (kube?.disabled) return kube.disabled;
  const access = kube?.access;
  if (access === undefined) return undefined;
  if ('error' in access) return `the Kubernetes API could not be used (${access.error.code}${access.error.message ? `: ${access.error.message}` : ''})`;
  if (!access.value.matchesCluster || access.value.caMatches === false) return `the kube context reaches ${access.value.server}, not this cluster`;
  return undefined;
}

/** The values that make Harbor read the key from the Secret, never the key itself. */
export function valuesSnippet(target: S3Target, secretName: string): string[] {
  return [
    'Point Harbor at the Secret (and remove accesskey/secretkey from the values):',
    '  harbor:',
    '    persistence:',
    '      imageChartStorage:',
    '        type: s3',
    '        s3:',
    `          bucket: ${target.bucket}`,
    `          region: ${target.region}`,
    `          existingSecret: ${secretName}`,
  ];
}

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  const target = harborTarget(ctx);
  if (!target || !concernsHarbor(ctx, result, target)) return [];
  const { inventory: inv, partition } = ctx;
  const namespace = ctx.intent.namespace;
  const secretName = target.existingSecret ?? DEFAULT_SECRET;
  const userArn = ctx.accountId ? `arn:${partition}:iam::${ctx.accountId}:user/${REGISTRY_USER}` : REGISTRY_USER;
  const knownUser = inv.iam?.users?.[REGISTRY_USER];
  const userExists = isOk(knownUser) && knownUser.value !== null;
  const document = registryPolicy(target.bucket, partition, kmsKeyOf(inv, target.bucket));
  const documentText = JSON.stringify(document);
  const policyInPlace = userExists && knownUser.value!.inline.some((p) => p.name === REGISTRY_POLICY && JSON.stringify(p.document) === documentText);

  const userId = `${ID}:user:${REGISTRY_USER}`;
  const policyId = `${ID}:policy:${REGISTRY_USER}:${target.bucket}`;
  const keyId = `${ID}:key:${REGISTRY_USER}:${namespace}/${secretName}`;
  const actions: PlannedAction[] = [];
  if (!userExists) {
    actions.push({
      id: userId,
      checkId: result.id,
      description: `Create IAM user ${REGISTRY_USER} (reused when it exists) for Harbor's S3 storage, tagged managed-by`,
      calls: [{ api: 'iam:CreateUser', iamAction: 'iam:CreateUser', target: userArn, params: { UserName: REGISTRY_USER, Tags: managedTags() } }],
      safety: 'risky',
      remediation: ID,
      dependsOn: [],
    });
  }
  if (!policyInPlace) {
    actions.push({
      id: policyId,
      checkId: result.id,
      description: `Give ${REGISTRY_USER} the inline policy ${REGISTRY_POLICY}: the registry's S3 actions on bucket ${target.bucket} and its objects, nothing else`,
      calls: [{ api: 'iam:PutUserPolicy', iamAction: 'iam:PutUserPolicy', target: userArn, params: { UserName: REGISTRY_USER, PolicyName: REGISTRY_POLICY, PolicyDocument: documentText } }],
      safety: 'risky',
      remediation: ID,
      // The policy names the bucket: create it first when the plan does.
      dependsOn: [...(userExists ? [] : [userId]), bucketActionId(target.bucket)],
    });
  }
  const why = noClusterAccess(inv);
  const snippet = valuesSnippet(target, secretName);
  if (why) {
    actions.push(
      manualAction(result.id, `key:${namespace}/${secretName}`, `Create an access key for ${REGISTRY_USER} and store it in Secret ${namespace}/${secretName}: not automated without cluster access`, [
        `No access key was created: ${why}, and the key may only be stored in the Secret. With cluster access, run --fix again, or by hand:`,
        `  aws iam create-access-key --user-name ${REGISTRY_USER}`,
        `  kubectl -n ${namespace} create secret generic ${secretName} --from-literal=${SECRET_KEYS.accessKey}=<AccessKeyId> --from-literal=${SECRET_KEYS.secretKey}=<SecretAccessKey>`,
        ...snippet,
      ]),
    );
    return actions;
  }
  actions.push({
    id: keyId,
    checkId: result.id,
    description: `Create an access key for ${REGISTRY_USER} and store it only in Secret ${namespace}/${secretName} (${SECRET_KEYS.accessKey}, ${SECRET_KEYS.secretKey})`,
    calls: [
      { api: 'iam:CreateAccessKey', iamAction: 'iam:CreateAccessKey', target: userArn, params: { UserName: REGISTRY_USER } },
      {
        api: KUBE_CREATE_SECRET,
        iamAction: KUBE_CREATE_SECRET,
        target: `${namespace}/${secretName}`,
        params: { namespace, name: secretName, type: 'Opaque', keys: [SECRET_KEYS.accessKey, SECRET_KEYS.secretKey], labels: { [MANAGED_BY.Key]: MANAGED_BY.Value, 'app.kubernetes.io/managed-by': MANAGED_BY.Value } },
        custom: true,
      },
    ],
    safety: 'risky',
    remediation: ID,
    dependsOn: policyInPlace ? (userExists ? [] : [userId]) : [policyId],
    notes: [...snippet, `Values path: ${S3_VALUES_PATHS.harbor.existingSecret}`],
  });
  return actions;
}

/** Create the key, store it, and delete it again when it could not be stored: a key no one holds must not linger. */
async function applyKey(action: PlannedAction, ctx: ApplyContext, send: (call: PlannedCall) => Promise<CallResult>): Promise<{ requestIds: string[]; notes: string[] }> {
  const createCall = action.calls.find((c) => c.api === 'iam:CreateAccessKey')!;
  const secretCall = action.calls.find((c) => c.api === KUBE_CREATE_SECRET)!;
  const namespace = String(secretCall.params.namespace);
  const name = String(secretCall.params.name);
  const userName = String(createCall.params.UserName);
  const labels = secretCall.params.labels as Record<string, string>;

  const store = await ctx.secrets();
  if ('unavailable' in store) throw new Error(`no access key was created: ${store.unavailable}`);
  if (!(await store.namespaceExists(namespace))) throw new Error(`no access key was created: namespace ${namespace} does not exist (kubectl create namespace ${namespace}, then run --fix again)`);
  // Already there (an earlier run made it): success, as for any "already exists". Never replaced.
  if (await store.exists(namespace, name)) return { requestIds: [], notes: [`Secret ${namespace}/${name} already exists: it was not replaced, and no new access key was created`] };

  const created = await send(createCall);
  const key = (created.output as { AccessKey?: { AccessKeyId?: string; SecretAccessKey?: string } } | undefined)?.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey answered without a key');
  // Before anything else can print it.
  ctx.redactor.add(key.SecretAccessKey);
  ctx.redactor.add(key.AccessKeyId);
  const requestIds = created.requestId ? [created.requestId] : [];
  try {
    await store.create(namespace, name, { [SECRET_KEYS.accessKey]: key.AccessKeyId, [SECRET_KEYS.secretKey]: key.SecretAccessKey }, labels);
  } catch (err) {
    const why = ctx.redactor.text(err instanceof Error ? err.message : String(err));
    // Remediation never deletes. The key is harmless: its secret was written nowhere and is gone
    // with this process, so nobody can use it; the user removes it when they choose.
    const leftover = `the new key ${maskId(key.AccessKeyId)} of user ${userName} was created but not stored; its secret was never written anywhere, so the key is unusable: remove it with aws iam delete-access-key --user-name ${userName} --access-key-id <its id from aws iam list-access-keys --user-name ${userName}>`;
    throw new Error(`could not store the key in Secret ${namespace}/${name} (${why}); ${leftover}`);
  }
  return { requestIds, notes: [`access key ${maskId(key.AccessKeyId)} stored in Secret ${namespace}/${name} through ${store.where}`] };
}

export const scopeBucketAccess: Remediation = {
  id: ID,
  fixes: ['s3-credentials', 's3-policy-scope', 'k8s-secrets'],
  // CreateUser with Tags is authorized as iam:TagUser too.
  iamActions: ['iam:CreateUser', 'iam:TagUser', 'iam:PutUserPolicy', 'iam:CreateAccessKey'],
  customApis: [KUBE_CREATE_SECRET],
  reads: ['iam.s3User', 's3.buckets', 'kube.access', 'kube.secrets'] satisfies FactNeed[],
  plan,
  // Only the key action has a custom call (the Secret); the user and policy are sent as planned.
  apply: applyKey,
};
