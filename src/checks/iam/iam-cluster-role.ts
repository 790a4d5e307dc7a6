import type { Check } from '../../engine/types.js';
import { need } from '../../inventory/fact.js';
import { roleNameFromArn } from '../../inventory/nodes.js';
import { awsManagedPolicyArn, partitionOf } from '../../iam/managed.js';
import { clusterMissingSkip, describedCluster } from '../eks/common.js';
import { judgeRequirement, notGrantedText } from './managed-requirement.js';

const POLICY = 'AmazonEKSClusterPolicy';

export const iamClusterRole: Check = {
  id: 'iam-cluster-role',
  area: 'iam',
  title: 'The EKS cluster role has AmazonEKSClusterPolicy',
  severity: 'high',
  appliesTo: () => true,
  needs: ['eks.cluster', 'iam.clusterRole'],
  dependsOn: ['eks-cluster'],
  evaluate: (_intent, inv) => {
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    const roleName = roleNameFromArn(cluster.roleArn);
    const role = need(inv.iam?.roles?.[roleName], `IAM role ${roleName} (iam:GetRole)`);
    const policyArn = awsManagedPolicyArn(POLICY, partitionOf(cluster.roleArn));
    const evidence = { clusterArn: cluster.arn, roleArn: cluster.roleArn, requiredPolicyArn: policyArn };
    if (!role) {
      return {
        status: 'fail',
        message: `the cluster role ${cluster.roleArn} does not exist: the control plane cannot manage the cluster's AWS resources`,
        resources: [cluster.roleArn],
        evidence: { ...evidence, roleExists: false },
      };
    }
    const verdict = judgeRequirement(role, [POLICY]);
    const attachedPolicyArns = role.attached.map((a) => a.arn);
    switch (verdict.status) {
      case 'attached':
        return { status: 'pass', message: `${POLICY} is attached to the cluster role ${role.name}`, resources: [role.arn, verdict.policyArn], evidence: { ...evidence, attachedPolicyArns } };
      case 'equivalent':
        return {
          status: 'warn',
          message: `${POLICY} is not attached to the cluster role ${role.name}, but ${verdict.grantedBy.join('; ')} grant${verdict.grantedBy.length > 1 ? '' : 's'} the same actions${verdict.conditional ? ' (some under conditions)' : ''}: keep it in step with the AWS-managed policy, or attach that`,
          resources: [role.arn],
          evidence: { ...evidence, attachedPolicyArns, equivalentGrant: verdict.grantedBy, conditional: verdict.conditional },
        };
      case 'missing':
        return {
          status: 'fail',
          message: `${POLICY} is not attached to the cluster role ${role.name}, ${notGrantedText(verdict)}`,
          resources: [role.arn],
          evidence: { ...evidence, attachedPolicyArns, notGranted: verdict.notGranted, partlyGrantedBy: verdict.partlyGrantedBy },
        };
    }
  },
  remediation: 'manual',
  docs: {
    what: 'The IAM role the EKS control plane uses (DescribeCluster roleArn) has the AWS-managed policy AmazonEKSClusterPolicy attached, or other policies that grant the same actions.',
    why: 'Without it the control plane cannot create and manage the elastic network interfaces, security groups and load balancers of the cluster: nodes fail to join and Services of type LoadBalancer (the SSH gateway) are never provisioned.',
    fix: [
      'Attach the AWS-managed policy to the cluster role (use your partition in the ARN: aws, aws-cn or aws-us-gov):',
      '  ROLE=$(aws eks describe-cluster --name <cluster> --query cluster.roleArn --output text | sed "s#.*/##")',
      '  aws iam attach-role-policy --role-name "$ROLE" --policy-arn arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
      'Check: aws iam list-attached-role-policies --role-name "$ROLE"',
    ].join('\n'),
  },
};
