import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import {
  GetAccessKeyLastUsedCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, STSClient } from '@aws-sdk/client-sts';
import { ACTIONS, collectAccessKeys, collectIamPrincipals, decodePolicyDocument, isAwsManagedPolicyArn } from '../../../src/inventory/aws/iam.js';
import type { IamPrincipal, PolicyDocument } from '../../../src/inventory/types.js';
import type { Fact } from '../../../src/inventory/fact.js';
import { ACCOUNT, accessDenied, awsError, httpRuntime, paged, queryErrorXml, queryResultXml, testRuntime, actionsNamedIn } from '../../helpers/aws-mocks.js';

type Stub = AwsStub<any, any, any>;

const arn = (kind: string, name: string): string => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const encode = (doc: PolicyDocument): string => encodeURIComponent(JSON.stringify(doc));

const ECR_READ = 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly';
const BUCKET_POLICY = arn('policy', 'harbor-bucket');
const BOUNDARY = arn('policy', 'boundaries/dev-boundary');

const BUCKET_DOC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Bucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::harbor images' }],
};
const BOUNDARY_DOC: PolicyDocument = { Version: '2012-10-17', Statement: { Sid: 'Cap', Effect: 'Allow', Action: '*', Resource: '*' } };
// A condition value with characters URL encoding must round-trip: space, quote, plus, percent.
const INLINE_DOC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Tagged', Effect: 'Deny', Action: 'ecr:*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': 'a b"c+d%e' } } }],
};

function unwrap<T>(fact: Fact<T> | undefined): T {
  if (!fact || !('value' in fact)) throw new Error(`expected a value, got ${JSON.stringify(fact)}`);
  return fact.value;
}

let iam: Stub;
let sts: Stub;

beforeEach(() => {
  iam = mockClient(IAMClient);
  sts = mockClient(STSClient);
});
afterEach(() => {
  iam.restore();
  sts.restore();
});

/** A role with the given policies, answered by the IAM stub. */
function givenRole(name: string, spec: { attached?: { arn: string; name: string }[]; inline?: Record<string, PolicyDocument>; boundary?: string; tags?: Record<string, string> } = {}): void {
  iam.on(GetRoleCommand, { RoleName: name }).resolves({
    Role: {
      Path: '/',
      RoleName: name,
      RoleId: `AROA${name}`,
      Arn: arn('role', name),
      CreateDate: new Date('2024-01-01T00:00:00Z'),
      ...(spec.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: spec.boundary } } : {}),
      ...(spec.tags ? { Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    },
  });
  iam.on(ListAttachedRolePoliciesCommand, { RoleName: name }).resolves({ AttachedPolicies: (spec.attached ?? []).map((p) => ({ PolicyArn: p.arn, PolicyName: p.name })), IsTruncated: false });
  iam.on(ListRolePoliciesCommand, { RoleName: name }).resolves({ PolicyNames: Object.keys(spec.inline ?? {}), IsTruncated: false });
  for (const [policy, doc] of Object.entries(spec.inline ?? {})) iam.on(GetRolePolicyCommand, { RoleName: name, PolicyName: policy }).resolves({ RoleName: name, PolicyName: policy, PolicyDocument: encode(doc) });
}

function givenUser(name: string, spec: { attached?: { arn: string; name: string }[]; inline?: Record<string, PolicyDocument>; groups?: string[]; boundary?: string } = {}): void {
  iam.on(GetUserCommand, { UserName: name }).resolves({
    User: {
      Path: '/',
      UserName: name,
      UserId: `AIDA${name}`,
      Arn: arn('user', name),
      CreateDate: new Date('2024-01-01T00:00:00Z'),
      ...(spec.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: spec.boundary } } : {}),
    },
  });
  iam.on(ListAttachedUserPoliciesCommand, { UserName: name }).resolves({ AttachedPolicies: (spec.attached ?? []).map((p) => ({ PolicyArn: p.arn, PolicyName: p.name })), IsTruncated: false });
  iam.on(ListUserPoliciesCommand, { UserName: name }).resolves({ PolicyNames: Object.keys(spec.inline ?? {}), IsTruncated: false });
  for (const [policy, doc] of Object.entries(spec.inline ?? {})) iam.on(GetUserPolicyCommand, { UserName: name, PolicyName: policy }).resolves({ UserName: name, PolicyName: policy, PolicyDocument: encode(doc) });
  iam.on(ListGroupsForUserCommand, { UserName: name }).resolves({ Groups: (spec.groups ?? []).map((g) => ({ Path: '/', GroupName: g, GroupId: `AGPA${g}`, Arn: arn('group', g), CreateDate: new Date() })), IsTruncated: false });
}

function givenGroup(name: string, spec: { attached?: { arn: string; name: string }[]; inline?: Record<string, PolicyDocument> } = {}): void {
  iam.on(ListAttachedGroupPoliciesCommand, { GroupName: name }).resolves({ AttachedPolicies: (spec.attached ?? []).map((p) => ({ PolicyArn: p.arn, PolicyName: p.name })), IsTruncated: false });
  iam.on(ListGroupPoliciesCommand, { GroupName: name }).resolves({ PolicyNames: Object.keys(spec.inline ?? {}), IsTruncated: false });
  for (const [policy, doc] of Object.entries(spec.inline ?? {})) iam.on(GetGroupPolicyCommand, { GroupName: name, PolicyName: policy }).resolves({ GroupName: name, PolicyName: policy, PolicyDocument: encode(doc) });
}

function givenCustomerPolicy(policyArn: string, doc: PolicyDocument, version = 'v3'): void {
  iam.on(GetPolicyCommand, { PolicyArn: policyArn }).resolves({ Policy: { Arn: policyArn, PolicyName: policyArn.slice(policyArn.lastIndexOf('/') + 1), DefaultVersionId: version } });
  iam.on(GetPolicyVersionCommand, { PolicyArn: policyArn, VersionId: version }).resolves({ PolicyVersion: { Document: encode(doc), VersionId: version, IsDefaultVersion: true } });
}

describe('iam ACTIONS', () => {
  it('declares exactly the IAM actions the collector names, so the permissions policy covers every call', () => {
    expect([...ACTIONS].sort()).toEqual(actionsNamedIn('src/inventory/aws/iam.ts'));
  });
});

describe('collectIamPrincipals: roles', () => {
  it('collects a role with its attached, inline and boundary policies, fetching only customer-managed documents', async () => {
    givenRole('nodes', {
      attached: [
        { arn: ECR_READ, name: 'AmazonEC2ContainerRegistryReadOnly' },
        { arn: BUCKET_POLICY, name: 'harbor-bucket' },
      ],
      inline: { 'deny-untagged': INLINE_DOC },
      boundary: BOUNDARY,
      tags: { team: 'platform' },
    });
    givenCustomerPolicy(BUCKET_POLICY, BUCKET_DOC);
    givenCustomerPolicy(BOUNDARY, BOUNDARY_DOC, 'v1');
    const rt = testRuntime();

    const facts = await collectIamPrincipals(rt, { roles: ['nodes'], users: [] });

    expect(facts.users).toBeUndefined();
    expect(unwrap(facts.roles?.nodes)).toEqual<IamPrincipal>({
      kind: 'role',
      name: 'nodes',
      arn: arn('role', 'nodes'),
      attached: [
        { arn: ECR_READ, name: 'AmazonEC2ContainerRegistryReadOnly' },
        { arn: BUCKET_POLICY, name: 'harbor-bucket', document: BUCKET_DOC },
      ],
      inline: [{ name: 'deny-untagged', document: INLINE_DOC }],
      permissionsBoundary: { arn: BOUNDARY, name: 'dev-boundary', document: BOUNDARY_DOC },
      tags: { team: 'platform' },
    });
    // The AWS-managed policy is known by ARN: never fetched.
    expect(iam.commandCalls(GetPolicyCommand, { PolicyArn: ECR_READ })).toHaveLength(0);
    expect(rt.calls).toEqual({
      'iam:GetRole': 1,
      'iam:ListAttachedRolePolicies': 1,
      'iam:ListRolePolicies': 1,
      'iam:GetRolePolicy': 1,
      'iam:GetPolicy': 2,
      'iam:GetPolicyVersion': 2,
    });
    for (const action of Object.keys(rt.calls)) expect(ACTIONS).toContain(action);
  });

  it('follows Marker pagination of attached and inline policy lists to the last page', async () => {
    givenRole('paged');
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'paged' }).callsFake(
      paged(
        [
          { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/A', PolicyName: 'A' }], IsTruncated: true },
          { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/B', PolicyName: 'B' }], IsTruncated: true },
          { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/C', PolicyName: 'C' }], IsTruncated: false },
        ],
        'Marker',
      ),
    );
    iam.on(ListRolePoliciesCommand, { RoleName: 'paged' }).callsFake(
      paged(
        [
          { PolicyNames: ['one'], IsTruncated: true },
          { PolicyNames: ['two'], IsTruncated: false },
        ],
        'Marker',
      ),
    );
    iam.on(GetRolePolicyCommand).callsFake(async (input: { PolicyName: string }) => ({ PolicyName: input.PolicyName, PolicyDocument: encode(BOUNDARY_DOC) }));
    for (const name of ['A', 'B', 'C']) givenCustomerPolicy(`arn:aws:iam::aws:policy/${name}`, BUCKET_DOC);
    const rt = testRuntime();

    const role = unwrap((await collectIamPrincipals(rt, { roles: ['paged'], users: [] })).roles?.paged);

    expect(role?.attached.map((p) => p.name)).toEqual(['A', 'B', 'C']);
    expect(role?.inline.map((p) => p.name)).toEqual(['one', 'two']);
    expect(rt.calls['iam:ListAttachedRolePolicies']).toBe(3);
    expect(rt.calls['iam:ListRolePolicies']).toBe(2);
  });

  it('reports a role that does not exist as null, not as an error', async () => {
    const missing = () => awsError('NoSuchEntityException', 'The role with name ghost cannot be found.', 404);
    iam.on(GetRoleCommand).rejects(missing());
    iam.on(ListAttachedRolePoliciesCommand).rejects(missing());
    iam.on(ListRolePoliciesCommand).rejects(missing());

    const facts = await collectIamPrincipals(testRuntime(), { roles: ['ghost'], users: [] });

    expect(facts.roles?.ghost).toEqual({ value: null });
  });

  it('reads a role given by ARN (with a path) by its name, keyed as given', async () => {
    givenRole('eks-node');
    const key = `arn:aws:iam::${ACCOUNT}:role/eks/eks-node`;

    const facts = await collectIamPrincipals(testRuntime(), { roles: [key], users: [] });

    expect(unwrap(facts.roles?.[key])?.name).toBe('eks-node');
    expect(iam.commandCalls(GetRoleCommand)[0]?.args[0].input).toEqual({ RoleName: 'eks-node' });
  });

  it('fetches a customer-managed policy once when several roles attach it', async () => {
    for (const name of ['a', 'b', 'c']) givenRole(name, { attached: [{ arn: BUCKET_POLICY, name: 'harbor-bucket' }] });
    givenCustomerPolicy(BUCKET_POLICY, BUCKET_DOC);
    const rt = testRuntime();

    const facts = await collectIamPrincipals(rt, { roles: ['a', 'b', 'c', 'a'], users: [] });

    expect(Object.keys(facts.roles ?? {})).toEqual(['a', 'b', 'c']);
    for (const name of ['a', 'b', 'c']) expect(unwrap(facts.roles?.[name])?.attached[0]?.document).toEqual(BUCKET_DOC);
    expect(rt.calls['iam:GetPolicy']).toBe(1);
    expect(rt.calls['iam:GetPolicyVersion']).toBe(1);
    expect(rt.calls['iam:GetRole']).toBe(3);
  });

  it('makes a role an error, naming the action, when its policy document is not valid JSON', async () => {
    givenRole('broken', { inline: { bad: INLINE_DOC } });
    iam.on(GetRolePolicyCommand, { RoleName: 'broken' }).resolves({ PolicyName: 'bad', PolicyDocument: '%7Bnot%20json' });

    const facts = await collectIamPrincipals(testRuntime(), { roles: ['broken'], users: [] });

    expect(facts.roles?.broken).toEqual({ error: expect.objectContaining({ code: 'InvalidPolicyDocument', action: 'iam:GetRolePolicy' }) });
  });
});

describe('collectIamPrincipals: users', () => {
  it("collects a user's own policies, each group's attached and inline policies, and fetches AWS-managed policies the tool does not ship", async () => {
    givenUser('harbor', { attached: [{ arn: BUCKET_POLICY, name: 'harbor-bucket' }], inline: { own: INLINE_DOC }, groups: ['registry', 'readers'], boundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    givenGroup('registry', { attached: [{ arn: BUCKET_POLICY, name: 'harbor-bucket' }], inline: { 'group-inline': BOUNDARY_DOC } });
    givenGroup('readers', { attached: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }] });
    givenCustomerPolicy(BUCKET_POLICY, BUCKET_DOC);
    givenCustomerPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess', INLINE_DOC);
    givenCustomerPolicy('arn:aws:iam::aws:policy/PowerUserAccess', BOUNDARY_DOC);
    const rt = testRuntime();

    const facts = await collectIamPrincipals(rt, { roles: [], users: ['harbor'] });

    expect(facts.roles).toBeUndefined();
    expect(unwrap(facts.users?.harbor)).toEqual<IamPrincipal>({
      kind: 'user',
      name: 'harbor',
      arn: arn('user', 'harbor'),
      attached: [{ arn: BUCKET_POLICY, name: 'harbor-bucket', document: BUCKET_DOC }],
      inline: [{ name: 'own', document: INLINE_DOC }],
      groups: [
        { name: 'registry', attached: [{ arn: BUCKET_POLICY, name: 'harbor-bucket', document: BUCKET_DOC }], inline: [{ name: 'group-inline', document: BOUNDARY_DOC }] },
        { name: 'readers', attached: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess', document: INLINE_DOC }], inline: [] },
      ],
      permissionsBoundary: { arn: 'arn:aws:iam::aws:policy/PowerUserAccess', name: 'PowerUserAccess', document: BOUNDARY_DOC },
    });
    // harbor-bucket once (shared by user and group), and the two AWS-managed policies not shipped with the tool.
    expect(rt.calls['iam:GetPolicy']).toBe(3);
    for (const action of Object.keys(rt.calls)) expect(ACTIONS).toContain(action);
  });

  it('reads a group shared by two users once', async () => {
    givenUser('u1', { groups: ['shared'] });
    givenUser('u2', { groups: ['shared'] });
    givenGroup('shared', { inline: { g: BOUNDARY_DOC } });
    const rt = testRuntime();

    const facts = await collectIamPrincipals(rt, { roles: [], users: ['u1', 'u2'] });

    expect(unwrap(facts.users?.u1)?.groups?.[0]?.name).toBe('shared');
    expect(unwrap(facts.users?.u2)?.groups?.[0]?.name).toBe('shared');
    expect(rt.calls['iam:ListGroupPolicies']).toBe(1);
    expect(rt.calls['iam:GetGroupPolicy']).toBe(1);
  });

  it('follows pagination of the groups of a user', async () => {
    givenUser('many');
    iam.on(ListGroupsForUserCommand, { UserName: 'many' }).callsFake(
      paged(
        [
          { Groups: [{ GroupName: 'g1', Arn: arn('group', 'g1') }], IsTruncated: true },
          { Groups: [{ GroupName: 'g2', Arn: arn('group', 'g2') }], IsTruncated: false },
        ],
        'Marker',
      ),
    );
    givenGroup('g1');
    givenGroup('g2');

    const facts = await collectIamPrincipals(testRuntime(), { roles: [], users: ['many'] });

    expect(unwrap(facts.users?.many)?.groups?.map((g) => g.name)).toEqual(['g1', 'g2']);
  });

  it('reports a user that does not exist as null', async () => {
    const missing = () => awsError('NoSuchEntity', 'The user with name ghost cannot be found.', 404);
    iam.on(GetUserCommand).rejects(missing());
    iam.on(ListAttachedUserPoliciesCommand).rejects(missing());
    iam.on(ListUserPoliciesCommand).rejects(missing());
    iam.on(ListGroupsForUserCommand).rejects(missing());

    const facts = await collectIamPrincipals(testRuntime(), { roles: [], users: ['ghost'] });

    expect(facts.users?.ghost).toEqual({ value: null });
  });
});

describe('collectIamPrincipals: AccessDenied on each operation', () => {
  // Each case denies one operation for the subject only; the bystander must still be collected.
  const roleCases = [
    ['iam:GetRole', () => iam.on(GetRoleCommand, { RoleName: 'subject' }).rejects(accessDenied())],
    ['iam:ListAttachedRolePolicies', () => iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'subject' }).rejects(accessDenied())],
    ['iam:ListRolePolicies', () => iam.on(ListRolePoliciesCommand, { RoleName: 'subject' }).rejects(accessDenied())],
    ['iam:GetRolePolicy', () => iam.on(GetRolePolicyCommand, { RoleName: 'subject' }).rejects(accessDenied())],
    ['iam:GetPolicy', () => iam.on(GetPolicyCommand, { PolicyArn: BUCKET_POLICY }).rejects(accessDenied())],
    ['iam:GetPolicyVersion', () => iam.on(GetPolicyVersionCommand, { PolicyArn: BUCKET_POLICY }).rejects(accessDenied())],
  ] as const;

  it.each(roleCases)('a role is an AccessDenied error naming %s; other roles are still collected', async (action, deny) => {
    givenRole('subject', { attached: [{ arn: BUCKET_POLICY, name: 'harbor-bucket' }], inline: { p: INLINE_DOC } });
    givenRole('bystander', { attached: [{ arn: ECR_READ, name: 'AmazonEC2ContainerRegistryReadOnly' }] });
    givenCustomerPolicy(BUCKET_POLICY, BUCKET_DOC);
    deny();

    const facts = await collectIamPrincipals(testRuntime(), { roles: ['subject', 'bystander'], users: [] });

    expect(facts.roles?.subject).toEqual({ error: { code: 'AccessDenied', action, message: `not authorized to perform ${action}` } });
    expect(unwrap(facts.roles?.bystander)?.attached).toHaveLength(1);
  });

  const userCases = [
    ['iam:GetUser', () => iam.on(GetUserCommand, { UserName: 'subject' }).rejects(accessDenied())],
    ['iam:ListAttachedUserPolicies', () => iam.on(ListAttachedUserPoliciesCommand, { UserName: 'subject' }).rejects(accessDenied())],
    ['iam:ListUserPolicies', () => iam.on(ListUserPoliciesCommand, { UserName: 'subject' }).rejects(accessDenied())],
    ['iam:GetUserPolicy', () => iam.on(GetUserPolicyCommand, { UserName: 'subject' }).rejects(accessDenied())],
    ['iam:ListGroupsForUser', () => iam.on(ListGroupsForUserCommand, { UserName: 'subject' }).rejects(accessDenied())],
    ['iam:ListAttachedGroupPolicies', () => iam.on(ListAttachedGroupPoliciesCommand, { GroupName: 'subject-group' }).rejects(accessDenied())],
    ['iam:ListGroupPolicies', () => iam.on(ListGroupPoliciesCommand, { GroupName: 'subject-group' }).rejects(accessDenied())],
    ['iam:GetGroupPolicy', () => iam.on(GetGroupPolicyCommand, { GroupName: 'subject-group' }).rejects(accessDenied())],
  ] as const;

  it.each(userCases)('a user is an AccessDenied error naming %s; other users are still collected', async (action, deny) => {
    givenUser('subject', { inline: { p: INLINE_DOC }, groups: ['subject-group'] });
    givenGroup('subject-group', { inline: { g: BOUNDARY_DOC } });
    givenUser('bystander', { inline: { p: INLINE_DOC } });
    deny();

    const facts = await collectIamPrincipals(testRuntime(), { roles: [], users: ['subject', 'bystander'] });

    expect(facts.users?.subject).toEqual({ error: { code: 'AccessDenied', action, message: `not authorized to perform ${action}` } });
    expect(unwrap(facts.users?.bystander)?.inline).toHaveLength(1);
  });
});

describe('policy documents', () => {
  it('decodes URL-encoded documents, keeping spaces, quotes, plus and percent signs', () => {
    expect(decodePolicyDocument(encode(INLINE_DOC), 'iam:GetRolePolicy')).toEqual(INLINE_DOC);
  });

  it('accepts a document that is already plain JSON (some emulators), even with a literal %', () => {
    expect(decodePolicyDocument(JSON.stringify(INLINE_DOC), 'iam:GetRolePolicy')).toEqual(INLINE_DOC);
  });

  it('rejects empty, undecodable, non-JSON and statement-less documents, naming the action', () => {
    for (const raw of [undefined, '%E0%A4%A', '%7Bnope', encodeURIComponent('{"Version":"2012-10-17"}')]) {
      expect(() => decodePolicyDocument(raw, 'iam:GetUserPolicy')).toThrow(expect.objectContaining({ factError: expect.objectContaining({ code: 'InvalidPolicyDocument', action: 'iam:GetUserPolicy' }) }));
    }
  });

  it('recognises AWS-managed policies in every partition, and only those', () => {
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws-cn:iam::aws:policy/service-role/AmazonEKS_CNI_Policy')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly')).toBe(true);
    expect(isAwsManagedPolicyArn(`arn:aws:iam::${ACCOUNT}:policy/AmazonEKSClusterPolicy`)).toBe(false);
  });
});

describe('collectAccessKeys', () => {
  const KEY = 'AKIAIOSFODNN7EXAMPLE';

  it('finds the owning user, then the key status and creation date, paging through ListAccessKeys; no secret is asked for', async () => {
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: KEY }).resolves({ UserName: 'harbor', AccessKeyLastUsed: { ServiceName: 's3', Region: 'us-east-1', LastUsedDate: new Date() } });
    iam.on(ListAccessKeysCommand, { UserName: 'harbor' }).callsFake(
      paged(
        [
          { AccessKeyMetadata: [{ UserName: 'harbor', AccessKeyId: 'AKIAOTHERKEY00000000', Status: 'Active', CreateDate: new Date('2020-01-01T00:00:00Z') }], IsTruncated: true },
          { AccessKeyMetadata: [{ UserName: 'harbor', AccessKeyId: KEY, Status: 'Inactive', CreateDate: new Date('2025-03-04T05:06:07Z') }], IsTruncated: false },
        ],
        'Marker',
      ),
    );
    const rt = testRuntime();

    const keys = await collectAccessKeys(rt, [KEY, KEY]);

    expect(keys).toEqual({ [KEY]: { value: { accessKeyId: KEY, userName: 'harbor', status: 'Inactive', createDate: '2025-03-04T05:06:07.000Z' } } });
    expect(rt.calls).toEqual({ 'iam:GetAccessKeyLastUsed': 1, 'iam:ListAccessKeys': 2 });
    expect(JSON.stringify(keys)).not.toMatch(/secret/i);
    for (const action of Object.keys(rt.calls)) expect(ACTIONS).toContain(action);
  });

  it('lists the keys of a user once for two of its keys', async () => {
    const other = 'AKIAOTHERKEY00000000';
    iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'harbor' });
    iam.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        { AccessKeyId: KEY, Status: 'Active' },
        { AccessKeyId: other, Status: 'Active' },
      ],
      IsTruncated: false,
    });
    const rt = testRuntime();

    const keys = await collectAccessKeys(rt, [KEY, other]);

    expect(unwrap(keys[other])?.status).toBe('Active');
    expect(rt.calls['iam:ListAccessKeys']).toBe(1);
  });

  it('reports a key IAM does not know (NoSuchEntity) as null', async () => {
    iam.on(GetAccessKeyLastUsedCommand).rejects(awsError('NoSuchEntity', 'The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found', 404));

    expect(await collectAccessKeys(testRuntime(), [KEY])).toEqual({ [KEY]: { value: null } });
  });

  it('reports a key of another account as null: GetAccessKeyLastUsed is denied and STS names a foreign owner', async () => {
    iam.on(GetAccessKeyLastUsedCommand).rejects(accessDenied());
    sts.on(GetAccessKeyInfoCommand, { AccessKeyId: KEY }).resolves({ Account: '999999999999' });

    expect(await collectAccessKeys(testRuntime(), [KEY], { callerAccountId: ACCOUNT })).toEqual({ [KEY]: { value: null } });
  });

  it('keeps AccessDenied naming iam:GetAccessKeyLastUsed when the key is in the caller’s own account', async () => {
    iam.on(GetAccessKeyLastUsedCommand).rejects(accessDenied());
    sts.on(GetAccessKeyInfoCommand).resolves({ Account: ACCOUNT });

    const keys = await collectAccessKeys(testRuntime(), [KEY], { callerAccountId: ACCOUNT });

    expect(keys[KEY]).toEqual({ error: { code: 'AccessDenied', action: 'iam:GetAccessKeyLastUsed', message: 'not authorized to perform iam:GetAccessKeyLastUsed' } });
  });

  it('keeps AccessDenied when STS cannot tell the owner either, and names the owner when the caller account is unknown', async () => {
    iam.on(GetAccessKeyLastUsedCommand).rejects(accessDenied());
    sts.on(GetAccessKeyInfoCommand).rejectsOnce(accessDenied()).resolves({ Account: '999999999999' });

    const denied = await collectAccessKeys(testRuntime(), [KEY], { callerAccountId: ACCOUNT });
    const unknownCaller = await collectAccessKeys(testRuntime(), [KEY]);

    expect(denied[KEY]).toEqual({ error: expect.objectContaining({ code: 'AccessDenied', action: 'iam:GetAccessKeyLastUsed' }) });
    expect(unknownCaller[KEY]).toEqual({ error: expect.objectContaining({ code: 'AccessDenied', action: 'iam:GetAccessKeyLastUsed', message: expect.stringContaining('account 999999999999') }) });
  });

  it('is an error naming iam:ListAccessKeys when the user’s keys cannot be listed, without the whole key id in the message', async () => {
    iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'harbor' });
    iam.on(ListAccessKeysCommand).rejects(awsError('ServiceFailure', `internal error reading ${KEY}`, 500));

    const keys = await collectAccessKeys(testRuntime(), [KEY]);

    expect(keys[KEY]).toEqual({ error: { code: 'ServiceFailure', action: 'iam:ListAccessKeys', message: 'internal error reading AKIA…MPLE' } });
  });

  it('reports a key whose user is gone by the time its keys are listed (ListAccessKeys NoSuchEntity) as null', async () => {
    iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'harbor', AccessKeyLastUsed: { ServiceName: 's3', Region: 'us-east-1' } });
    iam.on(ListAccessKeysCommand).rejects(awsError('NoSuchEntityException', 'The user with name harbor cannot be found.', 404));

    expect(await collectAccessKeys(testRuntime(), [KEY])).toEqual({ [KEY]: { value: null } });
  });

  it('reports a key that is not in its user’s list (deleted meanwhile) or has no IAM user (root) as null', async () => {
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: KEY }).resolves({ UserName: 'harbor' });
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAROOTKEY000000000' }).resolves({ AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });

    const keys = await collectAccessKeys(testRuntime(), [KEY, 'AKIAROOTKEY000000000']);

    expect(keys).toEqual({ [KEY]: { value: null }, AKIAROOTKEY000000000: { value: null } });
  });
});

describe('IAM through the real SDK client', () => {
  beforeEach(() => {
    iam.restore();
    sts.restore();
  });

  it('retries a throttled GetRole (Throttling) and then collects the role, counting the retry', async () => {
    let throttled = 0;
    const { rt, requests } = httpRuntime((req) => {
      const role = req.params.get('RoleName');
      switch (req.operation) {
        case 'GetRole':
          if (throttled++ === 0) return { status: 400, body: queryErrorXml('Throttling', 'Rate exceeded') };
          return {
            status: 200,
            body: queryResultXml(
              'GetRole',
              `<Role><Path>/</Path><RoleName>${role}</RoleName><RoleId>AROA1</RoleId><Arn>${arn('role', role!)}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate><PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType><PermissionsBoundaryArn>arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy</PermissionsBoundaryArn></PermissionsBoundary><Tags><member><Key>team</Key><Value>platform</Value></member></Tags></Role>`,
            ),
          };
        case 'ListAttachedRolePolicies':
          return { status: 200, body: queryResultXml('ListAttachedRolePolicies', `<AttachedPolicies><member><PolicyName>AmazonEKSWorkerNodePolicy</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>`) };
        case 'ListRolePolicies':
          return { status: 200, body: queryResultXml('ListRolePolicies', '<PolicyNames><member>inline</member></PolicyNames><IsTruncated>false</IsTruncated>') };
        case 'GetRolePolicy':
          return { status: 200, body: queryResultXml('GetRolePolicy', `<RoleName>${role}</RoleName><PolicyName>inline</PolicyName><PolicyDocument>${encode(INLINE_DOC)}</PolicyDocument>`) };
        default:
          return { status: 400, body: queryErrorXml('InvalidAction') };
      }
    });

    const facts = await collectIamPrincipals(rt, { roles: ['nodes'], users: [] });

    expect(unwrap(facts.roles?.nodes)).toEqual<IamPrincipal>({
      kind: 'role',
      name: 'nodes',
      arn: arn('role', 'nodes'),
      attached: [{ arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', name: 'AmazonEKSWorkerNodePolicy' }],
      inline: [{ name: 'inline', document: INLINE_DOC }],
      permissionsBoundary: { arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', name: 'AmazonEKSWorkerNodePolicy' },
      tags: { team: 'platform' },
    });
    expect(rt.calls['iam:GetRole']).toBe(1);
    expect(rt.retries).toEqual({ 'iam:GetRole': 1 });
    expect(requests.filter((r) => r.operation === 'GetRole')).toHaveLength(2);
  });

  it('maps the wire error NoSuchEntity of a missing role to null', async () => {
    const { rt } = httpRuntime(() => ({ status: 404, body: queryErrorXml('NoSuchEntity', 'The role with name ghost cannot be found.') }));

    expect((await collectIamPrincipals(rt, { roles: ['ghost'], users: [] })).roles?.ghost).toEqual({ value: null });
  });
});
