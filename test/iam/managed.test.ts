import { describe, expect, it } from 'vitest';
import { attachedManaged, awsManagedPolicyArn, documentOf, isAwsManagedPolicyArn, managedPolicy, partitionOf, shippedManagedPolicyNames } from '../../src/iam/managed.js';
import { statementsOf } from '../../src/iam/policy.js';
import { awsManaged, role } from './principal.js';

describe('AWS-managed policies, recognised by ARN and read from data/', () => {
  it('finds a policy by bare name or by ARN in every partition', () => {
    expect(managedPolicy('AmazonEKSWorkerNodePolicy')?.arn).toBe('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy');
    for (const partition of ['aws', 'aws-cn', 'aws-us-gov']) {
      const p = managedPolicy(`arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`);
      expect(p?.name).toBe('AmazonEKSClusterPolicy');
      expect(p?.arn).toBe(`arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`);
    }
  });

  it('keeps the path of policies that have one, and refuses the name under another path', () => {
    expect(managedPolicy('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy')?.name).toBe('AmazonEBSCSIDriverPolicy');
    expect(managedPolicy('arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy')).toBeUndefined();
    expect(awsManagedPolicyArn('AmazonEBSCSIDriverPolicy', 'aws-us-gov')).toBe('arn:aws-us-gov:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy');
  });

  it('rewrites resource ARNs in the document to the partition asked for', () => {
    const cni = managedPolicy('arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy')!;
    const tag = statementsOf(cni.document).find((s) => s.Sid === 'AmazonEKSCNIPolicyENITag');
    expect(tag?.Resource).toEqual(['arn:aws-cn:ec2:*:*:network-interface/*']);
  });

  it('is undefined for customer-managed ARNs and unshipped AWS-managed names', () => {
    expect(managedPolicy('arn:aws:iam::111122223333:policy/AmazonEKSClusterPolicy')).toBeUndefined();
    expect(managedPolicy('AdministratorAccess')).toBeUndefined();
    expect(isAwsManagedPolicyArn('arn:aws-cn:iam::aws:policy/X')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws:iam::111122223333:policy/X')).toBe(false);
  });

  it('ships the policies the checks rely on', () => {
    expect(shippedManagedPolicyNames()).toEqual(
      expect.arrayContaining(['AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore']),
    );
  });

  it('finds an attached AWS-managed policy whatever the partition; a customer policy of that name does not count', () => {
    const r = role({ attached: [awsManaged('AmazonEKS_CNI_Policy', 'aws-us-gov'), { arn: 'arn:aws:iam::111122223333:policy/AmazonEKSWorkerNodePolicy', name: 'AmazonEKSWorkerNodePolicy' }] });
    expect(attachedManaged(r, 'AmazonEKS_CNI_Policy')?.arn).toBe('arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy');
    expect(attachedManaged(r, 'AmazonEKSWorkerNodePolicy')).toBeUndefined();
    expect(partitionOf('arn:aws-us-gov:iam::1:role/x')).toBe('aws-us-gov');
  });

  it('prefers a collected document over the shipped one', () => {
    const collected = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'ecr:BatchGetImage', Resource: '*' }] };
    expect(documentOf({ ...awsManaged('AmazonEC2ContainerRegistryReadOnly'), document: collected })).toBe(collected);
    expect(documentOf(awsManaged('AmazonEC2ContainerRegistryReadOnly'))).toBeDefined();
    expect(documentOf(awsManaged('CloudWatchAgentServerPolicy'))).toBeUndefined();
  });
});
