import { describe, expect, it } from 'vitest';
import { nodeRoles } from '../../src/iam/node-roles.js';
import { FactUnavailable } from '../../src/inventory/fact.js';
import type { Ec2Instance } from '../../src/inventory/types.js';
import { fixtureInventory } from '../helpers/intent.js';

const instance = (over: Partial<Ec2Instance>): Ec2Instance => ({ id: 'i-1', subnetId: 'subnet-priv-a', securityGroupIds: ['sg-nodes'], instanceType: 'm6i.large', tags: {}, ...over });

describe('nodeRoles: the roles of the nodes, each once, with its node sets', () => {
  it('lists a role shared by two node groups once, naming both groups', () => {
    const { roles, withoutRole, allNodeSets } = nodeRoles(fixtureInventory('iam', 'healthy'));
    expect(roles.map((r) => [r.roleName, r.nodeSets])).toEqual([['daytona-node', ['nodegroup/system', 'nodegroup/runners']]]);
    expect(roles[0]!.principal?.arn).toBe('arn:aws:iam::111122223333:role/daytona-node');
    expect(withoutRole).toEqual([]);
    expect(allNodeSets).toEqual(['nodegroup/system', 'nodegroup/runners']);
  });

  it('adds the role behind self-managed instances, and names instances without a profile', () => {
    const inv = fixtureInventory('iam', 'healthy');
    inv.ec2!.selfManagedNodes = {
      value: [
        instance({ id: 'i-1', iamInstanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/nodes', roleArn: 'arn:aws:iam::111122223333:role/daytona-node' }),
        instance({ id: 'i-2' }),
      ],
    };
    const { roles, withoutRole } = nodeRoles(inv);
    expect(roles[0]!.nodeSets).toEqual(['nodegroup/system', 'nodegroup/runners', 'self-managed']);
    expect(withoutRole).toEqual(['self-managed (i-2)']);
  });

  it('throws FactUnavailable naming iam:GetInstanceProfile when a profile was not resolved to its role', () => {
    const inv = fixtureInventory('iam', 'healthy');
    inv.ec2!.selfManagedNodes = { value: [instance({ iamInstanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/nodes' })] };
    expect(() => nodeRoles(inv)).toThrow(FactUnavailable);
    try {
      nodeRoles(inv);
    } catch (e) {
      expect((e as FactUnavailable).factError.action).toBe('iam:GetInstanceProfile');
    }
  });

  it('throws when a node role was never collected', () => {
    const inv = fixtureInventory('iam', 'healthy');
    delete inv.iam!.roles!['daytona-node'];
    expect(() => nodeRoles(inv)).toThrow('IAM role daytona-node was not collected');
  });
});
