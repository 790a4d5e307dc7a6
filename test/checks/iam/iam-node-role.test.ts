import { describe, expect, it } from 'vitest';
import { iamNodeRole } from '../../../src/checks/iam/iam-node-role.js';
import { ecrIntent, fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const NODE = 'arn:aws:iam::111122223333:role/daytona-node';
const RUNNER = 'arn:aws:iam::111122223333:role/daytona-runner';
const run = (scenario: string, intent = makeIntent()) => runOne(iamNodeRole, intent, fixtureInventory('iam', scenario));

describe('iam-node-role', () => {
  it('passes when the shared node role has the worker, CNI and ECR read-only policies, reporting SSM as info', () => {
    const r = run('healthy', ecrIntent());
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual([NODE]);
    expect(r.evidence.ssmManagedInstanceCore).toEqual({ [NODE]: 'attached (info)' });
    expect((r.evidence.roles as { nodeSets: string[] }[])[0]!.nodeSets).toEqual(['nodegroup/system', 'nodegroup/runners']);
    expect(r.evidence.attach).toEqual([]);
  });

  it('fails when images come from ECR and the node role has no ECR policy, planning the attachment', () => {
    const r = run('node-role-missing-ecr', ecrIntent());
    expect(r.status).toBe('fail');
    expect(r.message).toContain('AmazonEC2ContainerRegistryReadOnly or AmazonEC2ContainerRegistryPullOnly not attached');
    expect(r.message).toContain('nodegroup/system, nodegroup/runners');
    expect(r.evidence.attach).toEqual([{ roleName: 'daytona-node', roleArn: NODE, policyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' }]);
    expect(r.evidence.ssmManagedInstanceCore).toEqual({ [NODE]: 'not attached (info: Session Manager access to nodes)' });
  });

  it('only warns about the missing ECR policy when images do not come from ECR (the EKS guide still expects it)', () => {
    const r = run('node-role-missing-ecr');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('the EKS guide expects it');
    expect(r.evidence.attach).toEqual([]);
    expect(r.evidence.attachOptional).toHaveLength(1);
  });

  it('warns when an inline policy grants the ECR pull actions instead of the managed policy, naming the statement', () => {
    const r = run('node-role-equivalent-ecr', ecrIntent());
    expect(r.status).toBe('warn');
    expect(r.message).toContain('inline policy "ecr-pull" Statement[0] (Sid "EcrPull")');
    expect(r.evidence.equivalentGrants).toEqual([{ roleArn: NODE, policy: 'AmazonEC2ContainerRegistryReadOnly or AmazonEC2ContainerRegistryPullOnly', grantedBy: ['inline policy "ecr-pull" Statement[0] (Sid "EcrPull")'] }]);
  });

  it('passes without the CNI policy when the vpc-cni add-on has its own role, and accepts PullOnly for ECR', () => {
    const r = run('node-role-cni-own-role', ecrIntent());
    expect(r.status).toBe('pass');
    const policies = (r.evidence.roles as { policies: Record<string, { status: string; via?: string }> }[])[0]!.policies;
    expect(policies.AmazonEKS_CNI_Policy).toEqual({ status: 'own-role', via: 'vpc-cni add-on service-account role arn:aws:iam::111122223333:role/daytona-vpc-cni' });
    expect(policies['AmazonEC2ContainerRegistryReadOnly or AmazonEC2ContainerRegistryPullOnly']).toEqual({ status: 'attached', policyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly' });
  });

  it('names the node group whose role falls short, and only that one', () => {
    const r = run('node-roles-mixed', ecrIntent());
    expect(r.status).toBe('fail');
    expect(r.resources).toEqual([NODE, RUNNER]);
    expect(r.message).toContain(`${RUNNER} (nodegroup/runners): AmazonEKSWorkerNodePolicy not attached`);
    expect(r.message).toContain(`${RUNNER} (nodegroup/runners): AmazonEKS_CNI_Policy not attached`);
    expect(r.message).not.toContain(`${NODE} (nodegroup/system)`);
    expect((r.evidence.attach as { roleName: string; policyArn: string }[]).map((a) => `${a.roleName} ${a.policyArn}`)).toEqual([
      'daytona-runner arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'daytona-runner arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
    ]);
  });

  it('fails for self-managed nodes without an instance profile', () => {
    const r = run('self-managed-no-profile', ecrIntent());
    expect(r.status).toBe('fail');
    expect(r.message).toContain('self-managed (i-0abc): no IAM instance profile');
  });

  it('is an error naming iam:GetRole when the node role cannot be read', () => {
    const r = run('roles-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'iam:GetRole' });
  });

  it('is an error, not a fail, when a policy that might hold the grant could not be read', () => {
    const r = run('node-role-unreadable-policy', ecrIntent());
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'PolicyDocumentUnavailable', action: 'iam:GetPolicyVersion' });
    expect(r.message).toContain('iam:GetPolicyVersion');
  });

  it('is an error naming the action when the add-ons cannot be listed and the CNI policy is missing', () => {
    const inv = fixtureInventory('iam', 'node-roles-mixed');
    inv.eks!.addons = { error: { code: 'AccessDenied', message: 'denied', action: 'eks:ListAddons' } };
    const r = runOne(iamNodeRole, ecrIntent(), inv);
    expect(r.status).toBe('error');
    expect(r.error?.action).toBe('eks:ListAddons');
  });

  it('does not need the add-ons when every role has the CNI policy', () => {
    const inv = fixtureInventory('iam', 'healthy');
    inv.eks!.addons = { error: { code: 'AccessDenied', message: 'denied', action: 'eks:ListAddons' } };
    expect(runOne(iamNodeRole, ecrIntent(), inv).status).toBe('pass');
  });

  it('skips when the cluster has no nodes at all', () => {
    const inv = fixtureInventory('iam', 'healthy');
    inv.eks!.nodegroups = { value: [] };
    expect(runOne(iamNodeRole, makeIntent(), inv)).toMatchObject({ status: 'skip', reason: 'depends on eks-nodes' });
  });
});
