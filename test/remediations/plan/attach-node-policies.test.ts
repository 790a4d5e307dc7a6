import { describe, expect, it } from 'vitest';
import { iamNodeRole } from '../../../src/checks/iam/iam-node-role.js';
import { ecrPullRights } from '../../../src/checks/ecr/ecr-pull-rights.js';
import { isReadOnlyManagedPolicy } from '../../../src/remediations/attach-node-policies.js';
import { ecrIntent, fixtureInventory, makeIntent } from '../../helpers/intent.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

describe('attach-node-policies (planning)', () => {
  it('attaches AmazonEC2ContainerRegistryReadOnly to the node role that lacks it, safe (read-only)', () => {
    const plan = planFor(iamNodeRole, ecrIntent(), fixtureInventory('iam', 'node-role-missing-ecr'));
    expect(plan.actions).toEqual([
      {
        id: 'attach-node-policies:daytona-node:AmazonEC2ContainerRegistryReadOnly',
        checkId: 'iam-node-role',
        description: 'Attach the AWS-managed policy AmazonEC2ContainerRegistryReadOnly to node role daytona-node',
        calls: [{ api: 'iam:AttachRolePolicy', iamAction: 'iam:AttachRolePolicy', target: 'arn:aws:iam::111122223333:role/daytona-node', params: { RoleName: 'daytona-node', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' } }],
        safety: 'safe',
        remediation: 'attach-node-policies',
        dependsOn: [],
      },
    ]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('attaches the worker policy (read-only) as safe and the CNI policy (it lets nodes create and delete interfaces) as risky', () => {
    const plan = planFor(iamNodeRole, makeIntent(), fixtureInventory('iam', 'node-roles-mixed'));
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([
      ['attach-node-policies:daytona-runner:AmazonEKSWorkerNodePolicy', 'safe'],
      ['attach-node-policies:daytona-runner:AmazonEKS_CNI_Policy', 'risky'],
    ]);
  });

  it('attaches one policy once when iam-node-role and ecr-pull-rights both ask for it', () => {
    const plan = planFor([iamNodeRole, ecrPullRights], ecrIntent(), fixtureInventory('ecr-pull-rights', 'no-ecr-policy'));
    expect(plan.statuses['ecr-pull-rights']).toBe('fail');
    const ids = plan.actions.map((a) => a.id).filter((id) => id.includes('AmazonEC2ContainerRegistryReadOnly'));
    expect(ids).toHaveLength(1);
  });

  it('uses the partition of the role in the policy ARN', () => {
    const inv = JSON.parse(JSON.stringify(fixtureInventory('iam', 'node-role-missing-ecr')).replaceAll('arn:aws:', 'arn:aws-us-gov:').replaceAll('"partition":"aws"', '"partition":"aws-us-gov"'));
    const plan = planFor(iamNodeRole, ecrIntent(), inv);
    expect(plan.actions[0]!.calls[0]!.params.PolicyArn).toBe('arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly');
  });

  it('judges read-only from the shipped policy documents', () => {
    expect(isReadOnlyManagedPolicy('arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly')).toBe(true);
    expect(isReadOnlyManagedPolicy('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy')).toBe(true);
    expect(isReadOnlyManagedPolicy('arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy')).toBe(false);
    expect(isReadOnlyManagedPolicy('arn:aws:iam::aws:policy/NotShipped')).toBe(false);
  });
});
