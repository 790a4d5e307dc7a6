import { describe, expect, it } from 'vitest';
import { iamClusterRole } from '../../../src/checks/iam/iam-cluster-role.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const run = (scenario: string) => runOne(iamClusterRole, makeIntent(), fixtureInventory('iam', scenario));
const ROLE = 'arn:aws:iam::111122223333:role/daytona-cluster';

describe('iam-cluster-role', () => {
  it('passes when AmazonEKSClusterPolicy is attached to the cluster role, naming both ARNs', () => {
    const r = run('healthy');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual([ROLE, 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']);
    expect(r.evidence).toMatchObject({ roleArn: ROLE, requiredPolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy' });
  });

  it('fails when the policy is missing and the inline grant covers only some of its actions, listing what is not granted', () => {
    const r = run('cluster-role-partial-grant');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('AmazonEKSClusterPolicy is not attached');
    const ev = r.evidence as { notGranted: string[]; partlyGrantedBy: string[] };
    expect(ev.notGranted).toContain('ec2:CreateSecurityGroup');
    expect(ev.notGranted).not.toContain('ec2:DescribeInstances');
    expect(ev.partlyGrantedBy).toEqual(['inline policy "eks-basics" Statement[0] (Sid "Describe")']);
  });

  it('warns when a customer-managed policy grants every action of AmazonEKSClusterPolicy instead, naming it', () => {
    const r = run('cluster-role-equivalent');
    expect(r.status).toBe('warn');
    expect(r.evidence.equivalentGrant).toEqual(['arn:aws:iam::111122223333:policy/eks-cluster-custom Statement[0] (Sid "ClusterWide")']);
  });

  it('fails when the cluster role does not exist', () => {
    const r = run('cluster-role-absent');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('does not exist');
    expect(r.resources).toEqual([ROLE]);
  });

  it('is an error naming iam:GetRole when the role cannot be read', () => {
    const r = run('roles-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'iam:GetRole' });
  });

  it('skips when the cluster was not found', () => {
    const inv = fixtureInventory('iam', 'healthy');
    inv.eks!.cluster = { value: null };
    const r = runOne(iamClusterRole, makeIntent(), inv);
    expect(r).toMatchObject({ status: 'skip', reason: 'depends on eks-cluster' });
  });

  it('recognises the policy in another partition', () => {
    const inv = fixtureInventory('iam', 'healthy');
    const cluster = (inv.eks!.cluster as { value: { roleArn: string; arn: string } }).value;
    cluster.roleArn = 'arn:aws-cn:iam::111122223333:role/daytona-cluster';
    const role = (inv.iam!.roles!['daytona-cluster'] as { value: { arn: string; attached: { arn: string }[] } }).value;
    role.arn = cluster.roleArn;
    role.attached[0]!.arn = 'arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy';
    const r = runOne(iamClusterRole, makeIntent(), inv);
    expect(r.status).toBe('pass');
    expect(r.resources).toContain('arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy');
  });
});
