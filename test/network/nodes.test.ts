import { describe, expect, it } from 'vitest';
import { networkNodeSets, sourceGroupsFor } from '../../src/network/nodes.js';
import { fixtureInventory } from '../helpers/intent.js';

describe('the nodes as network peers', () => {
  it('a managed node group is one member carrying the cluster group', () => {
    const sets = networkNodeSets(fixtureInventory('rds', 'same-vpc'));
    expect(sets.map((s) => [s.name, s.members])).toEqual([['nodegroup/system', [{ securityGroupIds: ['sg-cluster'], subnetIds: ['subnet-priv-a', 'subnet-priv-b'] }]]]);
  });

  it("a launch template's groups replace the cluster group", () => {
    const sets = networkNodeSets(fixtureInventory('rds', 'launch-template-nodegroup'));
    expect(sets.find((s) => s.name === 'nodegroup/runners')!.members[0]!.securityGroupIds).toEqual(['sg-runner']);
  });

  it('self-managed nodes split into members by the groups they carry', () => {
    const sets = networkNodeSets(fixtureInventory('rds', 'self-managed-nodes'));
    const self = sets.find((s) => s.kind === 'self-managed')!;
    expect(self.members).toEqual([
      { securityGroupIds: ['sg-self-a'], subnetIds: ['subnet-priv-a'], instanceIds: ['i-0aaa'] },
      { securityGroupIds: ['sg-self-b'], subnetIds: ['subnet-priv-b'], instanceIds: ['i-0bbb'] },
    ]);
  });

  it('names the cluster group as the source of a new rule when every node carries it, else the fewest own groups', () => {
    const sets = networkNodeSets(fixtureInventory('rds', 'self-managed-nodes'));
    expect(sourceGroupsFor(sets[0]!, 'sg-cluster')).toEqual(['sg-cluster']);
    expect(sourceGroupsFor(sets[1]!, 'sg-cluster')).toEqual(['sg-self-a', 'sg-self-b']);
    const shared = { ...sets[1]!, members: [{ securityGroupIds: ['sg-x', 'sg-common'], subnetIds: [] }, { securityGroupIds: ['sg-common', 'sg-y'], subnetIds: [] }] };
    expect(sourceGroupsFor(shared, 'sg-cluster')).toEqual(['sg-common']);
  });
});
