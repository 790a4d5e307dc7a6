import { describe, expect, it } from 'vitest';
import { permissionsCommand } from '../../src/cli/permissions-command.js';
import { buildPolicy, policyActions, type IamPolicy } from '../../src/permissions/policy.js';
import { REMEDIATIONS, REMEDIATION_ACTIONS } from '../../src/remediations/index.js';

describe('permissions --fix', () => {
  it('declares every IAM action any remediation may call, once, sorted', () => {
    // Reads too: the probes that look before a write (HeadBucket is s3:ListBucket, GetUserPolicy).
    expect(REMEDIATION_ACTIONS).toEqual([
      'ec2:AuthorizeSecurityGroupEgress',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:CreateTags',
      'ec2:CreateVpcEndpoint',
      'ecr:CreateRepository',
      'ecr:TagResource',
      'iam:AttachRolePolicy',
      'iam:CreateAccessKey',
      'iam:CreateUser',
      'iam:GetUserPolicy',
      'iam:PutUserPolicy',
      'iam:TagUser',
      's3:CreateBucket',
      's3:ListBucket',
      's3:PutBucketPublicAccessBlock',
      's3:PutEncryptionConfiguration',
      's3:TagResource',
    ]);
    for (const r of REMEDIATIONS) for (const a of r.iamActions) expect(REMEDIATION_ACTIONS).toContain(a);
  });

  it('prints the write actions generated from the remediations in statements of their own, and the in-cluster write on stderr', async () => {
    let out = '';
    let err = '';
    const code = await permissionsCommand({ fix: true }, { stdout: (t) => (out += t), stderr: (t) => (err += t), loadClusterRoleYaml: async () => undefined });
    expect(code).toBe(0);
    const policy = JSON.parse(out) as IamPolicy;
    expect(policy).toEqual(buildPolicy({ writeActions: REMEDIATION_ACTIONS }));
    const fix = new Set(policy.Statement.filter((s) => s.Sid.startsWith('DaytonaPreflightFix')).flatMap((s) => s.Action));
    const read = new Set(policy.Statement.filter((s) => s.Sid.startsWith('DaytonaPreflightRead')).flatMap((s) => s.Action));
    // A probe's read the read statements already grant is not repeated.
    expect([...fix].sort()).toEqual(REMEDIATION_ACTIONS.filter((a) => !read.has(a)));
    for (const a of REMEDIATION_ACTIONS) expect(policyActions(policy).has(a), a).toBe(true);
    expect(policyActions(policy).has('iam:CreateAccessKey')).toBe(true);
    expect(err).toContain('# --fix also needs, in the cluster: get namespaces; get and create secrets in the install namespace');
  });

  it('adds no write action without --fix', async () => {
    let out = '';
    await permissionsCommand({ fix: false }, { stdout: (t) => (out += t), stderr: () => undefined, loadClusterRoleYaml: async () => undefined });
    const actions = policyActions(JSON.parse(out) as IamPolicy);
    // The probes' reads may be in the read policy anyway.
    for (const a of REMEDIATION_ACTIONS.filter((x) => !/:(Get|List)/.test(x))) expect(actions.has(a)).toBe(false);
  });
});
