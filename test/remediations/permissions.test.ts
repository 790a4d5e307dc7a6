import { describe, expect, it } from 'vitest';
import { permissionsCommand } from '../../src/cli/permissions-command.js';
import { buildPolicy, policyActions, type IamPolicy } from '../../src/permissions/policy.js';
import { REMEDIATIONS, REMEDIATION_ACTIONS } from '../../src/remediations/index.js';

describe('permissions --fix', () => {
  it('declares every IAM action any remediation may call, once, sorted', () => {
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
      'iam:PutUserPolicy',
      'iam:TagUser',
      's3:CreateBucket',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketTagging',
      's3:PutEncryptionConfiguration',
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
    expect([...fix].sort()).toEqual([...REMEDIATION_ACTIONS]);
    expect(policyActions(policy).has('iam:CreateAccessKey')).toBe(true);
    expect(err).toContain('# --fix also needs, in the cluster: get namespaces; get and create secrets in the install namespace');
  });

  it('adds no write action without --fix', async () => {
    let out = '';
    await permissionsCommand({ fix: false }, { stdout: (t) => (out += t), stderr: () => undefined, loadClusterRoleYaml: async () => undefined });
    const actions = policyActions(JSON.parse(out) as IamPolicy);
    for (const a of REMEDIATION_ACTIONS) expect(actions.has(a)).toBe(false);
  });
});
