/**
 * scope-bucket-access: a dedicated IAM user for Harbor's S3 storage with exactly the registry's
 * actions on exactly its bucket and objects, and an access key that lives only in the Kubernetes
 * Secret the values name (`harbor.persistence.imageChartStorage.s3.existingSecret`, default
 * harbor-s3-secret), under REGISTRY_STORAGE_S3_ACCESSKEY / REGISTRY_STORAGE_S3_SECRETKEY.
 *
 * Three actions, in order: create (or reuse) the user; put its inline policy; create the key and
 * store it. All `risky`: the chain mints a long-lived credential, a reused user's inline policy of
 * the same name may be rewritten, and the install only uses the key once the values switch to the
 * Secret (the printed snippet). A same-named policy is rewritten only when the new one keeps
 * everything it grants: one that grants more (another bucket, s3:*) is never narrowed, its steps
 * are printed instead. The facts hold only the user behind the values' key, so when they do not
 * show this user its policy is read (GetUserPolicy) right before it would be written.
 * The key is created only when the Secret can be written: without cluster access, or without the
 * namespace, the chain stops before CreateAccessKey; when the Secret already exists it is left
 * alone and no key is created (an earlier run's, never replaced). The secret half goes into the
 * redactor the moment it is read, never into a call record, note or report; a key that could not
 * be stored is reported (masked) with how to remove it, never deleted by the tool.
 */
import type { CheckResult, FactNeed } from '../engine/types.js';
import type { S3Target } from '../values/types.js';
import { secretKey, type Inventory, type PolicyDocument } from '../inventory/types.js';
import { isOk } from '../inventory/fact.js';
import { decodePolicyDocument } from '../inventory/aws/iam.js';
import { maskId } from '../secrets/redact.js';
import { parseDocument, request, statementApplies, statementsOf } from '../iam/policy.js';
import { BUCKET_ACTIONS, OBJECT_ACTIONS } from '../checks/s3/s3-policy-scope.js';
import { bucketArn } from '../checks/s3/s3-bucket.js';
import { S3_VALUES_PATHS } from '../checks/s3/targets.js';
import { MANAGED_BY, type ApplyContext, type CallResult, type PlanContext, type PlannedAction, type PlannedCall, type Remediation } from './types.js';
import { manualAction, managedTags } from './support.js';
import { bucketActionId } from './create-bucket.js';
import { canonicalJson } from './state.js';

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

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * What `existing` grants that `wanted` would not (empty: rewriting it only widens). Anything this
 * cannot weigh (a Deny, NotAction, NotResource, a Condition) counts as lost: never narrowed blind.
 */
export function grantsLost(existing: PolicyDocument, wanted: PolicyDocument): string[] {
  const grants = parseDocument(wanted, { policy: REGISTRY_POLICY, source: 'inline' }).filter((st) => st.effect === 'Allow' && !st.hasCondition);
  const lost: string[] = [];
  for (const st of statementsOf(existing)) {
    if (st.Effect !== 'Allow' || st.NotAction !== undefined || st.NotResource !== undefined || (st.Condition && Object.keys(st.Condition).length)) {
      lost.push(`statement ${st.Sid ?? JSON.stringify(st).slice(0, 80)}`);
      continue;
    }
    for (const action of asList(st.Action))
      for (const resource of asList(st.Resource)) if (!grants.some((g) => statementApplies(g, request(action, resource), 'grant').applies)) lost.push(`${action} on ${resource}`);
  }
  return lost;
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
      const fact = name ? ctx.inventory.kube?.secrets?.[secretKey(ctx.intent.namespace, name)] : undefined;
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
  const existing = userExists ? knownUser.value!.inline.find((p) => p.name === REGISTRY_POLICY) : undefined;
  // Statement and action order mean nothing to IAM.
  const policyInPlace = existing !== undefined && canonicalJson(existing.document) === canonicalJson(document);
  const lost = existing && !policyInPlace ? grantsLost(existing.document, document) : [];
  if (lost.length) {
    // Rewriting it would take those grants away from whatever uses this user now: a person's call.
    return [
      manualAction(result.id, `policy:${REGISTRY_USER}`, `Scope ${REGISTRY_USER} to bucket ${target.bucket}: its inline policy ${REGISTRY_POLICY} grants more, and is never narrowed automatically`, [
        `${REGISTRY_USER}'s inline policy ${REGISTRY_POLICY} grants what the registry policy for ${target.bucket} would not: ${lost.slice(0, 5).join('; ')}${lost.length > 5 ? `; and ${lost.length - 5} more` : ''}.`,
        `If nothing else uses those grants, rewrite it (aws iam put-user-policy --user-name ${REGISTRY_USER} --policy-name ${REGISTRY_POLICY} --policy-document '${documentText}'), or give the registry its own user; then run --fix again for the key.`,
      ]),
    ];
  }

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
      calls: [
        // The facts hold this user only when the values' key is its own: when they do not show it
        // (an earlier install's, or one made meanwhile), read its policy of that name before writing one.
        ...(userExists ? [] : [{ api: 'iam:GetUserPolicy', iamAction: 'iam:GetUserPolicy', target: userArn, params: { UserName: REGISTRY_USER, PolicyName: REGISTRY_POLICY }, probe: true }]),
        { api: 'iam:PutUserPolicy', iamAction: 'iam:PutUserPolicy', target: userArn, params: { UserName: REGISTRY_USER, PolicyName: REGISTRY_POLICY, PolicyDocument: documentText } },
      ],
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

/**
 * Put the policy after its probe: a same-named policy already there is left as it is when it is
 * the same, rewritten when the new one keeps all it grants, and otherwise never replaced (failed,
 * so the key that would rely on it is not created).
 */
async function applyPolicy(action: PlannedAction, send: (call: PlannedCall) => Promise<CallResult>): Promise<{ requestIds: string[]; notes: string[] }> {
  const probe = action.calls.find((c) => c.api === 'iam:GetUserPolicy')!;
  const put = action.calls.find((c) => c.api === 'iam:PutUserPolicy')!;
  const { UserName: user, PolicyName: name } = put.params as { UserName: string; PolicyName: string };
  const found = await send(probe);
  const requestIds = found.requestId ? [found.requestId] : [];
  if (found.alreadyExisted) {
    const wanted = JSON.parse(String(put.params.PolicyDocument)) as PolicyDocument;
    const existing = decodePolicyDocument((found.output as { PolicyDocument?: string } | undefined)?.PolicyDocument, probe.iamAction);
    if (canonicalJson(existing) === canonicalJson(wanted)) return { requestIds, notes: [`inline policy ${name} of ${user} is already this one: left as it is`] };
    const lost = grantsLost(existing, wanted);
    if (lost.length) throw new Error(`user ${user} already has an inline policy ${name} that grants more (${lost.slice(0, 3).join('; ')}${lost.length > 3 ? '; …' : ''}): it was not replaced. Review it with aws iam get-user-policy --user-name ${user} --policy-name ${name}, then run --fix again`);
  }
  const r = await send(put);
  return { requestIds: [...requestIds, ...(r.requestId ? [r.requestId] : [])], notes: found.alreadyExisted ? [`inline policy ${name} of ${user} rewritten: the new one keeps everything the old one granted`] : [] };
}

/** Create the key and store it; a key that could not be stored is reported, never deleted. */
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
  iamActions: ['iam:CreateUser', 'iam:TagUser', 'iam:GetUserPolicy', 'iam:PutUserPolicy', 'iam:CreateAccessKey'],
  customApis: [KUBE_CREATE_SECRET],
  reads: ['iam.s3User', 's3.buckets', 'kube.access', 'kube.secrets'] satisfies FactNeed[],
  plan,
  // The key action has a custom call (the Secret); a policy action with a probe weighs what it finds; the user is sent as planned.
  apply: async (action, ctx, send) =>
    action.calls.some((c) => c.custom) ? applyKey(action, ctx, send) : action.calls.some((c) => c.probe && c.api === 'iam:GetUserPolicy') ? applyPolicy(action, send) : undefined,
};
