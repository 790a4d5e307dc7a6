/**
 * IAM operations of the fake account: principals and their policies (documents URL-encoded, as
 * IAM returns them), access keys, instance profiles; and the writes --fix makes (CreateUser,
 * PutUserPolicy, CreateAccessKey, AttachRolePolicy). Shapes: @aws-sdk/client-iam.
 * AWS-managed policies the tool ships (data/aws-managed-policies) exist here too.
 */
import type * as Iam from '@aws-sdk/client-iam';
import { createHash } from 'node:crypto';
import { managedPolicy } from '../../../src/iam/managed.js';
import { daysAgo, defined, type CallCtx, type PageSpec } from '../context.js';
import { iamArn, nameOf, type GroupM, type PolicyDoc, type RoleM, type UserM } from '../model.js';
import type { Handlers } from './types.js';

/** IAM list calls: MaxItems 1–1000, 100 when not given; Marker with IsTruncated. */
const IAM_PAGE: PageSpec = { sizeParam: 'MaxItems', tokenParam: 'Marker', min: 1, max: 1000, defaultSize: 100 };

const CREATED = new Date('2024-02-01T09:00:00Z');

/** The start of every secret the fake mints: anything that prints one leaks it. */
export const FAKE_SECRET_PREFIX = 'fakeSECRETneverPRINT';

const encode = (doc: PolicyDoc): string => encodeURIComponent(JSON.stringify(doc));

const uniqueId = (prefix: string, seed: string) => `${prefix}${createHash('sha256').update(seed).digest('hex').slice(0, 17).toUpperCase()}`;

function noSuch(ctx: CallCtx, what: string): Error {
  return ctx.error('NoSuchEntityException', `The ${what} cannot be found.`, 404);
}

function role(ctx: CallCtx, name: unknown): RoleM {
  const r = ctx.model.iam.roles[String(name)];
  if (!r) throw noSuch(ctx, `role with name ${String(name)}`);
  return r;
}

function user(ctx: CallCtx, name: unknown): UserM {
  const u = ctx.model.iam.users[String(name)];
  if (!u) throw noSuch(ctx, `user with name ${String(name)}`);
  return u;
}

function group(ctx: CallCtx, name: unknown): GroupM {
  const g = ctx.model.iam.groups[String(name)];
  if (!g) throw noSuch(ctx, `group with name ${String(name)}`);
  return g;
}

/** A managed policy by ARN: the model's, or an AWS-managed one the tool ships. */
function policy(ctx: CallCtx, arn: unknown): { name: string; path: string; versionId: string; document: PolicyDoc } {
  const a = String(arn);
  const own = ctx.model.iam.policies[a];
  if (own) {
    const path = a.slice(a.indexOf(':policy') + 7, a.lastIndexOf('/') + 1) || '/';
    return { name: nameOf(a), path, versionId: own.versionId ?? 'v1', document: own.document };
  }
  const shipped = managedPolicy(a);
  if (shipped) return { name: shipped.name, path: `/${shipped.pathName.slice(0, shipped.pathName.length - shipped.name.length)}`, versionId: shipped.versionId, document: shipped.document as PolicyDoc };
  throw noSuch(ctx, `Policy ${a}`);
}

/** The policy name an attached ARN lists under. */
const attachedEntry = (arn: string): Iam.AttachedPolicy => ({ PolicyArn: arn, PolicyName: nameOf(arn) });

function renderRole(ctx: CallCtx, name: string, r: RoleM): Iam.Role {
  return defined({
    Path: r.path ?? '/',
    RoleName: name,
    RoleId: uniqueId('AROA', `role/${name}`),
    Arn: iamArn(ctx.model, 'role', name, r.path ?? '/'),
    CreateDate: CREATED,
    AssumeRolePolicyDocument: encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    MaxSessionDuration: 3600,
    PermissionsBoundary: r.boundary ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: r.boundary } : undefined,
    Tags: r.tags ? Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
  });
}

function renderUser(ctx: CallCtx, name: string, u: UserM): Iam.User {
  return defined({
    Path: u.path ?? '/',
    UserName: name,
    UserId: uniqueId('AIDA', `user/${name}`),
    Arn: iamArn(ctx.model, 'user', name, u.path ?? '/'),
    CreateDate: CREATED,
    PermissionsBoundary: u.boundary ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: u.boundary } : undefined,
    Tags: u.tags ? Object.entries(u.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
  });
}

/** Inline policy names of a principal, paged; the documents by name. */
function listNames(ctx: CallCtx, inline: Record<string, PolicyDoc>): Iam.ListRolePoliciesResponse {
  const page = ctx.page(Object.keys(inline).sort(), IAM_PAGE);
  return defined({ PolicyNames: page.items, IsTruncated: page.next !== undefined, Marker: page.next });
}

function listAttached(ctx: CallCtx, attached: string[]): Iam.ListAttachedRolePoliciesResponse {
  const page = ctx.page(attached, IAM_PAGE);
  return defined({ AttachedPolicies: page.items.map(attachedEntry), IsTruncated: page.next !== undefined, Marker: page.next });
}

function inlineDoc(ctx: CallCtx, inline: Record<string, PolicyDoc>, policyName: unknown, owner: string): string {
  const doc = inline[String(policyName)];
  if (!doc) throw noSuch(ctx, `${owner} policy with name ${String(policyName)}`);
  return encode(doc);
}

function parseDocument(ctx: CallCtx, text: unknown): PolicyDoc {
  try {
    const doc = JSON.parse(String(text)) as PolicyDoc;
    if (!doc || typeof doc !== 'object' || !doc.Statement) throw new Error('no Statement');
    return doc;
  } catch {
    throw ctx.error('MalformedPolicyDocumentException', 'Syntax errors in policy.', 400);
  }
}

/** The owner and record of an access key of this account. */
function findKey(ctx: CallCtx, id: unknown): { userName: string; key: UserM['accessKeys'][number] } | undefined {
  for (const [userName, u] of Object.entries(ctx.model.iam.users)) {
    const key = u.accessKeys.find((k) => k.id === id);
    if (key) return { userName, key };
  }
  return undefined;
}

export const iamHandlers: Handlers = {
  GetRole: (input: Iam.GetRoleRequest, ctx): Iam.GetRoleResponse => ({ Role: renderRole(ctx, String(input.RoleName), role(ctx, input.RoleName)) }),
  ListAttachedRolePolicies: (input: Iam.ListAttachedRolePoliciesRequest, ctx) => listAttached(ctx, role(ctx, input.RoleName).attached),
  ListRolePolicies: (input: Iam.ListRolePoliciesRequest, ctx) => listNames(ctx, role(ctx, input.RoleName).inline),
  GetRolePolicy: (input: Iam.GetRolePolicyRequest, ctx): Iam.GetRolePolicyResponse => ({
    RoleName: input.RoleName,
    PolicyName: input.PolicyName,
    PolicyDocument: inlineDoc(ctx, role(ctx, input.RoleName).inline, input.PolicyName, 'role'),
  }),

  GetUser: (input: Iam.GetUserRequest, ctx): Iam.GetUserResponse => {
    const name = input.UserName ?? nameOf(ctx.model.caller.arn);
    return { User: renderUser(ctx, name, user(ctx, name)) };
  },
  ListAttachedUserPolicies: (input: Iam.ListAttachedUserPoliciesRequest, ctx) => listAttached(ctx, user(ctx, input.UserName).attached),
  ListUserPolicies: (input: Iam.ListUserPoliciesRequest, ctx) => listNames(ctx, user(ctx, input.UserName).inline),
  GetUserPolicy: (input: Iam.GetUserPolicyRequest, ctx): Iam.GetUserPolicyResponse => ({
    UserName: input.UserName,
    PolicyName: input.PolicyName,
    PolicyDocument: inlineDoc(ctx, user(ctx, input.UserName).inline, input.PolicyName, 'user'),
  }),
  ListGroupsForUser: (input: Iam.ListGroupsForUserRequest, ctx): Iam.ListGroupsForUserResponse => {
    const page = ctx.page(user(ctx, input.UserName).groups, IAM_PAGE);
    return defined({
      Groups: page.items.map((name) => ({ Path: '/', GroupName: name, GroupId: uniqueId('AGPA', `group/${name}`), Arn: iamArn(ctx.model, 'group', name), CreateDate: CREATED })),
      IsTruncated: page.next !== undefined,
      Marker: page.next,
    });
  },
  ListAttachedGroupPolicies: (input: Iam.ListAttachedGroupPoliciesRequest, ctx) => listAttached(ctx, group(ctx, input.GroupName).attached),
  ListGroupPolicies: (input: Iam.ListGroupPoliciesRequest, ctx) => listNames(ctx, group(ctx, input.GroupName).inline),
  GetGroupPolicy: (input: Iam.GetGroupPolicyRequest, ctx): Iam.GetGroupPolicyResponse => ({
    GroupName: input.GroupName,
    PolicyName: input.PolicyName,
    PolicyDocument: inlineDoc(ctx, group(ctx, input.GroupName).inline, input.PolicyName, 'group'),
  }),

  GetPolicy: (input: Iam.GetPolicyRequest, ctx): Iam.GetPolicyResponse => {
    const p = policy(ctx, input.PolicyArn);
    return {
      Policy: { PolicyName: p.name, PolicyId: uniqueId('ANPA', String(input.PolicyArn)), Arn: input.PolicyArn, Path: p.path, DefaultVersionId: p.versionId, AttachmentCount: 1, IsAttachable: true, CreateDate: CREATED, UpdateDate: CREATED },
    };
  },
  GetPolicyVersion: (input: Iam.GetPolicyVersionRequest, ctx): Iam.GetPolicyVersionResponse => {
    const p = policy(ctx, input.PolicyArn);
    if (input.VersionId !== p.versionId) throw noSuch(ctx, `Policy ${input.PolicyArn} version ${input.VersionId}`);
    return { PolicyVersion: { Document: encode(p.document), VersionId: p.versionId, IsDefaultVersion: true, CreateDate: CREATED } };
  },

  GetInstanceProfile: (input: Iam.GetInstanceProfileRequest, ctx): Iam.GetInstanceProfileResponse => {
    const name = String(input.InstanceProfileName);
    const roleName = ctx.model.iam.instanceProfiles[name];
    if (roleName === undefined) throw noSuch(ctx, `Instance Profile ${name}`);
    const r = ctx.model.iam.roles[roleName];
    return {
      InstanceProfile: {
        Path: '/',
        InstanceProfileName: name,
        InstanceProfileId: uniqueId('AIPA', `instance-profile/${name}`),
        Arn: iamArn(ctx.model, 'instance-profile', name),
        CreateDate: CREATED,
        Roles: r ? [renderRole(ctx, roleName, r)] : [],
      },
    };
  },

  // Keys of other accounts answer AccessDenied, as IAM does: STS tells their owner.
  GetAccessKeyLastUsed: (input: Iam.GetAccessKeyLastUsedRequest, ctx): Iam.GetAccessKeyLastUsedResponse => {
    const found = findKey(ctx, input.AccessKeyId);
    if (!found) throw ctx.error('AccessDenied', `User: ${ctx.model.caller.arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${String(input.AccessKeyId).slice(0, 4)}…`, 403);
    const used = found.key.lastUsedDaysAgo;
    return {
      UserName: found.userName,
      AccessKeyLastUsed: used === undefined ? { ServiceName: 'N/A', Region: 'N/A' } : { LastUsedDate: daysAgo(ctx.now, used), ServiceName: 's3', Region: ctx.model.region },
    };
  },
  ListAccessKeys: (input: Iam.ListAccessKeysRequest, ctx): Iam.ListAccessKeysResponse => {
    const name = input.UserName ?? nameOf(ctx.model.caller.arn);
    const page = ctx.page(user(ctx, name).accessKeys, IAM_PAGE);
    return defined({
      AccessKeyMetadata: page.items.map((k) => ({ UserName: name, AccessKeyId: k.id, Status: k.status, CreateDate: daysAgo(ctx.now, k.ageDays) })),
      IsTruncated: page.next !== undefined,
      Marker: page.next,
    });
  },

  // ---------------------------------------------------------------- writes

  CreateUser: (input: Iam.CreateUserRequest, ctx): Iam.CreateUserResponse => {
    const name = String(input.UserName);
    if (ctx.model.iam.users[name]) throw ctx.error('EntityAlreadyExistsException', `User with name ${name} already exists.`, 409);
    const u: UserM = {
      ...(input.Path ? { path: input.Path } : {}),
      attached: [],
      inline: {},
      groups: [],
      accessKeys: [],
      ...(input.PermissionsBoundary ? { boundary: input.PermissionsBoundary } : {}),
      ...(input.Tags?.length ? { tags: Object.fromEntries(input.Tags.map((t) => [t.Key ?? '', t.Value ?? ''])) } : {}),
    };
    ctx.model.iam.users[name] = u;
    return { User: renderUser(ctx, name, u) };
  },
  PutUserPolicy: (input: Iam.PutUserPolicyRequest, ctx): Record<string, never> => {
    user(ctx, input.UserName).inline[String(input.PolicyName)] = parseDocument(ctx, input.PolicyDocument);
    return {};
  },
  CreateAccessKey: (input: Iam.CreateAccessKeyRequest, ctx): Iam.CreateAccessKeyResponse => {
    const name = input.UserName ?? nameOf(ctx.model.caller.arn);
    const u = user(ctx, name);
    if (u.accessKeys.length >= 2) throw ctx.error('LimitExceededException', 'Cannot exceed quota for AccessKeysPerUser: 2', 409);
    const digits = ctx.newId('key').replace(/[^0-9a-f]/g, '').toUpperCase().slice(-12).padStart(12, '0');
    const id = `AKIAFAKE${digits}`;
    u.accessKeys.push({ id, status: 'Active', ageDays: 0 });
    return { AccessKey: { UserName: name, AccessKeyId: id, Status: 'Active', SecretAccessKey: `${FAKE_SECRET_PREFIX}${digits}${'x'.repeat(8)}`, CreateDate: ctx.now } };
  },
  AttachRolePolicy: (input: Iam.AttachRolePolicyRequest, ctx): Record<string, never> => {
    const r = role(ctx, input.RoleName);
    policy(ctx, input.PolicyArn);
    // Attaching an attached policy is a no-op in IAM, not an error.
    if (!r.attached.includes(String(input.PolicyArn))) r.attached.push(String(input.PolicyArn));
    return {};
  },
};
