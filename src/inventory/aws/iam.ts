/**
 * IAM collector: roles and users with every policy that shapes their rights (attached managed,
 * inline, a user's groups, the permissions boundary), and access keys looked up by id.
 *
 * - AWS-managed policies whose documents ship in data/aws-managed-policies are recognised by ARN and
 *   not fetched; other AWS-managed policies are fetched like customer-managed ones.
 * - Each customer-managed policy and each group is fetched once per run, however many principals
 *   share it (caches keyed by the runtime).
 * - A principal is one Fact: when any of its reads fails, the whole principal is an error naming
 *   that action, because a partial set of policies could hide a Deny (fail closed).
 * - The SDK module is imported on first use, so importing this file (for ACTIONS) stays cheap.
 */
import type * as Iam from '@aws-sdk/client-iam';
import type * as Sts from '@aws-sdk/client-sts';
import { FactUnavailable, type Fact, type FactError } from '../fact.js';
import type { AccessKeyInfo, AttachedPolicy, IamFacts, IamPrincipal, InlinePolicy, PolicyDocument } from '../types.js';
import { maskId } from '../../secrets/redact.js';
import { isAccessDenied, toFactError, type AwsRuntime } from './runtime.js';
import { managedPolicy } from '../../iam/managed.js';

/** What collectIamPrincipals may call. */
export const PRINCIPAL_ACTIONS = [
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:GetUser',
  'iam:ListAttachedUserPolicies',
  'iam:ListUserPolicies',
  'iam:GetUserPolicy',
  'iam:ListGroupsForUser',
  'iam:ListAttachedGroupPolicies',
  'iam:ListGroupPolicies',
  'iam:GetGroupPolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
] as const;

/** What collectAccessKeys may call. sts:GetAccessKeyInfo only tells a foreign key from a denied lookup. */
export const ACCESS_KEY_ACTIONS = ['iam:GetAccessKeyLastUsed', 'iam:ListAccessKeys', 'sts:GetAccessKeyInfo'] as const;

export const ACTIONS: readonly string[] = [...PRINCIPAL_ACTIONS, ...ACCESS_KEY_ACTIONS];

const loadIam = (): Promise<typeof Iam> => import('@aws-sdk/client-iam');
const loadSts = (): Promise<typeof Sts> => import('@aws-sdk/client-sts');

const AWS_MANAGED = /^arn:[\w-]+:iam::aws:policy\//;

/** True for AWS-managed policy ARNs in any partition (aws, aws-cn, aws-us-gov). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return AWS_MANAGED.test(arn);
}

function isNoSuchEntity(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'NoSuchEntityException' || name === 'NoSuchEntity';
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986). Raw JSON (some emulators) starts with `{`,
 * an encoded one with `%7B`: decoding raw JSON would mangle a literal `%` in a condition value.
 */
export function decodePolicyDocument(raw: string | undefined, action: string): PolicyDocument {
  const bad = (message: string): FactUnavailable => new FactUnavailable({ code: 'InvalidPolicyDocument', message, action });
  if (!raw) throw bad('the policy document is empty');
  let text = raw;
  if (!raw.trimStart().startsWith('{')) {
    try {
      text = decodeURIComponent(raw);
    } catch {
      throw bad('the policy document is not valid URL-encoded text');
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad('the policy document is not valid JSON');
  }
  const statement = (doc as { Statement?: unknown })?.Statement;
  if (!statement || typeof statement !== 'object') throw bad('the policy document has no Statement');
  return doc as PolicyDocument;
}

// ------------------------------------------------------------------ call helpers (throwing)

/** send(), with a failure thrown as FactUnavailable naming the action. */
async function call<T>(rt: AwsRuntime, action: string, command: unknown): Promise<T> {
  try {
    return await rt.send<T>(action, command);
  } catch (err) {
    throw isNoSuchEntity(err) ? err : new FactUnavailable(toFactError(err, action));
  }
}

/** Every page of an IAM list call (Marker / IsTruncated), failure thrown like call(). */
async function listAll<P extends { IsTruncated?: boolean; Marker?: string }, I>(
  rt: AwsRuntime,
  action: string,
  make: (marker: string | undefined) => unknown,
  items: (page: P) => I[] | undefined,
): Promise<I[]> {
  const out: I[] = [];
  let marker: string | undefined;
  do {
    const page = await call<P>(rt, action, make(marker));
    out.push(...(items(page) ?? []));
    // A repeated marker would loop forever: stop instead.
    marker = page.IsTruncated && page.Marker && page.Marker !== marker ? page.Marker : undefined;
  } while (marker);
  return out;
}

function tagsOf(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> | undefined {
  if (!tags?.length) return undefined;
  return Object.fromEntries(tags.filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));
}

/** `arn:aws:iam::123:policy/path/Name` → `Name`; also turns a role or user ARN into the name IAM calls take. */
function policyNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** A role or user given by ARN (with or without a path) is read by its name. */
function principalName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? policyNameOf(nameOrArn) : nameOrArn;
}

// ------------------------------------------------------------------ per-run caches

interface GroupPolicies {
  name: string;
  attached: AttachedPolicy[];
  inline: InlinePolicy[];
}

interface Caches {
  policies: Map<string, Promise<PolicyDocument>>;
  groups: Map<string, Promise<GroupPolicies>>;
  principals: Map<string, Promise<Fact<IamPrincipal | null>>>;
  userKeys: Map<string, Promise<Fact<Iam.AccessKeyMetadata[]>>>;
}

const caches = new WeakMap<AwsRuntime, Caches>();

function cachesOf(rt: AwsRuntime): Caches {
  let c = caches.get(rt);
  if (!c) {
    c = { policies: new Map(), groups: new Map(), principals: new Map(), userKeys: new Map() };
    caches.set(rt, c);
  }
  return c;
}

function once<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = make();
    // Callers await it; this keeps an early rejection from being reported as unhandled.
    p.catch(() => undefined);
    map.set(key, p);
  }
  return p;
}

// ------------------------------------------------------------------ policies

/** Default version of a managed policy: GetPolicy, then GetPolicyVersion. Once per ARN. */
function policyDocument(rt: AwsRuntime, arn: string): Promise<PolicyDocument> {
  return once(cachesOf(rt).policies, arn, async () => {
    const m = await loadIam();
    let policy: Iam.GetPolicyCommandOutput;
    try {
      policy = await call<Iam.GetPolicyCommandOutput>(rt, 'iam:GetPolicy', new m.GetPolicyCommand({ PolicyArn: arn }));
    } catch (err) {
      // Attached a moment ago, gone now: say so rather than report a missing role.
      if (isNoSuchEntity(err)) throw new FactUnavailable({ code: 'NoSuchEntity', message: `policy ${arn} does not exist`, action: 'iam:GetPolicy' });
      throw err;
    }
    const versionId = policy.Policy?.DefaultVersionId;
    if (!versionId) throw new FactUnavailable({ code: 'InvalidResponse', message: `policy ${arn} has no default version`, action: 'iam:GetPolicy' });
    const version = await call<Iam.GetPolicyVersionCommandOutput>(rt, 'iam:GetPolicyVersion', new m.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })).catch((err: unknown) => {
      if (isNoSuchEntity(err)) throw new FactUnavailable({ code: 'NoSuchEntity', message: `policy ${arn} version ${versionId} does not exist`, action: 'iam:GetPolicyVersion' });
      throw err;
    });
    return decodePolicyDocument(version.PolicyVersion?.Document, 'iam:GetPolicyVersion');
  });
}

/**
 * An attached policy with its document. AWS-managed policies whose documents ship with the tool
 * are recognised by ARN and not fetched (DESIGN §9); any other one is fetched, so evaluation
 * never meets an unknown policy on an ordinary role (e.g. CloudWatchAgentServerPolicy).
 */
async function attachedPolicy(rt: AwsRuntime, arn: string, name: string): Promise<AttachedPolicy> {
  if (isAwsManagedPolicyArn(arn) && managedPolicy(arn)) return { arn, name };
  return { arn, name, document: await policyDocument(rt, arn) };
}

function attachedPolicies(rt: AwsRuntime, list: Iam.AttachedPolicy[]): Promise<AttachedPolicy[]> {
  return Promise.all(list.filter((p) => p.PolicyArn).map((p) => attachedPolicy(rt, p.PolicyArn!, p.PolicyName ?? policyNameOf(p.PolicyArn!))));
}

/** The three principal kinds differ only in their command names and the name parameter. */
interface Kind {
  listAttached: { action: string; command: (m: typeof Iam, name: string, marker?: string) => unknown };
  listInline: { action: string; command: (m: typeof Iam, name: string, marker?: string) => unknown };
  getInline: { action: string; command: (m: typeof Iam, name: string, policy: string) => unknown };
}

const ROLE: Kind = {
  listAttached: { action: 'iam:ListAttachedRolePolicies', command: (m, RoleName, Marker) => new m.ListAttachedRolePoliciesCommand({ RoleName, Marker }) },
  listInline: { action: 'iam:ListRolePolicies', command: (m, RoleName, Marker) => new m.ListRolePoliciesCommand({ RoleName, Marker }) },
  getInline: { action: 'iam:GetRolePolicy', command: (m, RoleName, PolicyName) => new m.GetRolePolicyCommand({ RoleName, PolicyName }) },
};
const USER: Kind = {
  listAttached: { action: 'iam:ListAttachedUserPolicies', command: (m, UserName, Marker) => new m.ListAttachedUserPoliciesCommand({ UserName, Marker }) },
  listInline: { action: 'iam:ListUserPolicies', command: (m, UserName, Marker) => new m.ListUserPoliciesCommand({ UserName, Marker }) },
  getInline: { action: 'iam:GetUserPolicy', command: (m, UserName, PolicyName) => new m.GetUserPolicyCommand({ UserName, PolicyName }) },
};
const GROUP: Kind = {
  listAttached: { action: 'iam:ListAttachedGroupPolicies', command: (m, GroupName, Marker) => new m.ListAttachedGroupPoliciesCommand({ GroupName, Marker }) },
  listInline: { action: 'iam:ListGroupPolicies', command: (m, GroupName, Marker) => new m.ListGroupPoliciesCommand({ GroupName, Marker }) },
  getInline: { action: 'iam:GetGroupPolicy', command: (m, GroupName, PolicyName) => new m.GetGroupPolicyCommand({ GroupName, PolicyName }) },
};

async function listAttached(rt: AwsRuntime, m: typeof Iam, kind: Kind, name: string): Promise<AttachedPolicy[]> {
  const list = await listAll<Iam.ListAttachedRolePoliciesCommandOutput, Iam.AttachedPolicy>(
    rt,
    kind.listAttached.action,
    (marker) => kind.listAttached.command(m, name, marker),
    (page) => page.AttachedPolicies,
  );
  return attachedPolicies(rt, list);
}

async function listInline(rt: AwsRuntime, m: typeof Iam, kind: Kind, name: string): Promise<InlinePolicy[]> {
  const names = await listAll<Iam.ListRolePoliciesCommandOutput, string>(rt, kind.listInline.action, (marker) => kind.listInline.command(m, name, marker), (page) => page.PolicyNames);
  return Promise.all(
    names.map(async (policyName) => {
      const out = await call<{ PolicyDocument?: string }>(rt, kind.getInline.action, kind.getInline.command(m, name, policyName)).catch((err: unknown) => {
        if (isNoSuchEntity(err)) throw new FactUnavailable({ code: 'NoSuchEntity', message: `inline policy ${policyName} disappeared while being read`, action: kind.getInline.action });
        throw err;
      });
      return { name: policyName, document: decodePolicyDocument(out.PolicyDocument, kind.getInline.action) };
    }),
  );
}

function groupPolicies(rt: AwsRuntime, m: typeof Iam, group: string): Promise<GroupPolicies> {
  return once(cachesOf(rt).groups, group, async () => {
    try {
      const [attached, inline] = await Promise.all([listAttached(rt, m, GROUP, group), listInline(rt, m, GROUP, group)]);
      return { name: group, attached, inline };
    } catch (err) {
      // A group deleted while being read must not pass for a missing user.
      if (isNoSuchEntity(err)) throw new FactUnavailable({ code: 'NoSuchEntity', message: `group ${group} disappeared while being read`, action: 'iam:ListGroupPolicies' });
      throw err;
    }
  });
}

async function boundaryOf(rt: AwsRuntime, boundary: Iam.AttachedPermissionsBoundary | undefined): Promise<AttachedPolicy | undefined> {
  const arn = boundary?.PermissionsBoundaryArn;
  return arn ? attachedPolicy(rt, arn, policyNameOf(arn)) : undefined;
}

/**
 * Settle a principal's reads: the principal is missing (null) when its own Get said NoSuchEntity;
 * otherwise the first failure, in the order given, makes the whole principal an error.
 */
async function settle<T>(own: Promise<unknown>, rest: Promise<unknown>[], build: () => Promise<T>, ownAction: string): Promise<Fact<T | null>> {
  const results = await Promise.allSettled([own, ...rest]);
  const first = results[0]!;
  if (first.status === 'rejected' && isNoSuchEntity(first.reason)) return { value: null };
  for (const r of results) {
    if (r.status === 'rejected') {
      // The principal was deleted between our calls: same as missing.
      if (isNoSuchEntity(r.reason)) return { value: null };
      return { error: r.reason instanceof FactUnavailable ? r.reason.factError : toFactError(r.reason, ownAction) };
    }
  }
  try {
    return { value: await build() };
  } catch (err) {
    return { error: err instanceof FactUnavailable ? err.factError : toFactError(err, ownAction) };
  }
}

function collectRole(rt: AwsRuntime, nameOrArn: string): Promise<Fact<IamPrincipal | null>> {
  const name = principalName(nameOrArn);
  return once(cachesOf(rt).principals, `role/${name}`, async () => {
    const m = await loadIam();
    // The role record and its policy lists are independent: read them together.
    const role = call<Iam.GetRoleCommandOutput>(rt, 'iam:GetRole', new m.GetRoleCommand({ RoleName: name }));
    const attached = listAttached(rt, m, ROLE, name);
    const inline = listInline(rt, m, ROLE, name);
    const boundary = role.then((r) => boundaryOf(rt, r.Role?.PermissionsBoundary));
    return settle(role, [attached, inline, boundary], async () => {
      const r = (await role).Role;
      if (!r?.Arn) throw new FactUnavailable({ code: 'InvalidResponse', message: `GetRole returned no role for ${name}`, action: 'iam:GetRole' });
      const principal: IamPrincipal = { kind: 'role', name: r.RoleName ?? name, arn: r.Arn, attached: await attached, inline: await inline };
      const pb = await boundary;
      if (pb) principal.permissionsBoundary = pb;
      const tags = tagsOf(r.Tags);
      if (tags) principal.tags = tags;
      return principal;
    }, 'iam:GetRole');
  });
}

function collectUser(rt: AwsRuntime, nameOrArn: string): Promise<Fact<IamPrincipal | null>> {
  const name = principalName(nameOrArn);
  return once(cachesOf(rt).principals, `user/${name}`, async () => {
    const m = await loadIam();
    const user = call<Iam.GetUserCommandOutput>(rt, 'iam:GetUser', new m.GetUserCommand({ UserName: name }));
    const attached = listAttached(rt, m, USER, name);
    const inline = listInline(rt, m, USER, name);
    const groups = listAll<Iam.ListGroupsForUserCommandOutput, Iam.Group>(rt, 'iam:ListGroupsForUser', (Marker) => new m.ListGroupsForUserCommand({ UserName: name, Marker }), (page) => page.Groups).then(
      (list) => Promise.all(list.filter((g) => g.GroupName).map((g) => groupPolicies(rt, m, g.GroupName!))),
    );
    const boundary = user.then((u) => boundaryOf(rt, u.User?.PermissionsBoundary));
    return settle(user, [attached, inline, groups, boundary], async () => {
      const u = (await user).User;
      if (!u?.Arn) throw new FactUnavailable({ code: 'InvalidResponse', message: `GetUser returned no user for ${name}`, action: 'iam:GetUser' });
      const principal: IamPrincipal = { kind: 'user', name: u.UserName ?? name, arn: u.Arn, attached: await attached, inline: await inline, groups: await groups };
      const pb = await boundary;
      if (pb) principal.permissionsBoundary = pb;
      const tags = tagsOf(u.Tags);
      if (tags) principal.tags = tags;
      return principal;
    }, 'iam:GetUser');
  });
}

/**
 * Roles and users by name (an ARN is accepted too; the record is keyed as given), each with its attached (customer-managed documents fetched), inline,
 * group and boundary policies. A missing principal is `null`; a failed read is that principal's error.
 */
export async function collectIamPrincipals(rt: AwsRuntime, which: { roles: string[]; users: string[] }): Promise<IamFacts> {
  const roles = [...new Set(which.roles)];
  const users = [...new Set(which.users)];
  const [roleFacts, userFacts] = await Promise.all([Promise.all(roles.map((n) => collectRole(rt, n))), Promise.all(users.map((n) => collectUser(rt, n)))]);
  const facts: IamFacts = {};
  if (roles.length) facts.roles = Object.fromEntries(roles.map((n, i) => [n, roleFacts[i]!]));
  if (users.length) facts.users = Object.fromEntries(users.map((n, i) => [n, userFacts[i]!]));
  return facts;
}

// ------------------------------------------------------------------ access keys

/** The key id never appears whole in a message: evidence and logs get the masked form. */
function scrub(error: FactError, keyId: string): FactError {
  return { ...error, message: error.message.split(keyId).join(maskId(keyId)) };
}

function userKeys(rt: AwsRuntime, userName: string): Promise<Fact<Iam.AccessKeyMetadata[]>> {
  return once(cachesOf(rt).userKeys, userName, async () => {
    const m = await loadIam();
    return rt.paginate<Iam.ListAccessKeysCommandOutput, Iam.AccessKeyMetadata>(
      'iam:ListAccessKeys',
      (Marker) => new m.ListAccessKeysCommand({ UserName: userName, Marker }),
      (page) => ({ items: page.AccessKeyMetadata, next: page.IsTruncated ? page.Marker : undefined }),
    );
  });
}

/**
 * The account a key belongs to (sts:GetAccessKeyInfo), or undefined when that cannot be read.
 * GetAccessKeyLastUsed answers AccessDenied both when the caller may not call it and when the key
 * is not in this account; the owner account tells the two apart.
 */
async function keyAccount(rt: AwsRuntime, keyId: string): Promise<string | undefined> {
  const m = await loadSts();
  const out = await rt.fact<Sts.GetAccessKeyInfoCommandOutput>('sts:GetAccessKeyInfo', new m.GetAccessKeyInfoCommand({ AccessKeyId: keyId }));
  return 'value' in out ? out.value.Account : undefined;
}

async function collectAccessKey(rt: AwsRuntime, keyId: string, opts: AccessKeyOptions): Promise<Fact<AccessKeyInfo | null>> {
  const m = await loadIam();
  let lastUsed: Iam.GetAccessKeyLastUsedCommandOutput;
  try {
    lastUsed = await rt.send<Iam.GetAccessKeyLastUsedCommandOutput>('iam:GetAccessKeyLastUsed', new m.GetAccessKeyLastUsedCommand({ AccessKeyId: keyId }));
  } catch (err) {
    if (isNoSuchEntity(err)) return { value: null };
    const error = scrub(toFactError(err, 'iam:GetAccessKeyLastUsed'), keyId);
    if (!isAccessDenied(error.code)) return { error };
    const [owner, callerAccountId] = await Promise.all([keyAccount(rt, keyId), opts.callerAccountId]);
    if (owner && callerAccountId && owner !== callerAccountId) return { value: null };
    const why = owner && !callerAccountId ? ` (the key belongs to account ${owner})` : '';
    return { error: { ...error, message: `${error.message}${why}` } };
  }
  // Keys of the account root user have no IAM user: not an IAM user's key in this account.
  const userName = lastUsed.UserName;
  if (!userName) return { value: null };
  opts.onUser?.(userName);
  const keys = await userKeys(rt, userName);
  if ('error' in keys) {
    // The user was deleted between the two calls: its keys went with it.
    if (isNoSuchEntity({ name: keys.error.code })) return { value: null };
    return { error: scrub(keys.error, keyId) };
  }
  const meta = keys.value.find((k) => k.AccessKeyId === keyId);
  // Deleted between the two calls.
  if (!meta) return { value: null };
  const info: AccessKeyInfo = { accessKeyId: keyId, userName, status: meta.Status ?? 'Unknown' };
  if (meta.CreateDate) info.createDate = new Date(meta.CreateDate).toISOString();
  return { value: info };
}

export interface AccessKeyOptions {
  /** The caller's account (from STS, possibly still in flight): only a denied lookup waits for it. */
  callerAccountId?: string | Promise<string | undefined>;
  /** Called as soon as a key's IAM user is known, so the user can be read while its keys are listed. */
  onUser?: (userName: string) => void;
}

/**
 * Access keys by id (never the secret): the IAM user that owns each, its status and creation date.
 * `null` when the key is not an IAM user's key in this account. The caller's account lets a key of
 * another account be told apart from a denied lookup.
 */
export async function collectAccessKeys(rt: AwsRuntime, accessKeyIds: string[], opts: AccessKeyOptions = {}): Promise<NonNullable<IamFacts['accessKeys']>> {
  const ids = [...new Set(accessKeyIds)];
  const facts = await Promise.all(ids.map((id) => collectAccessKey(rt, id, opts)));
  return Object.fromEntries(ids.map((id, i) => [id, facts[i]!]));
}
