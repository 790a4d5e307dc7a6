import { describe, expect, it } from 'vitest';
import { eksSubnetTags } from '../../../src/checks/eks/eks-subnet-tags.js';
import { fixtureInventory, makeIntent } from '../../helpers/intent.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

const internetFacing = makeIntent({ sshGateway: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } } });

describe('tag-subnets (planning)', () => {
  it('tags the private subnets internal-elb=1 for the default internal scheme, in one CreateTags call', () => {
    const plan = planFor(eksSubnetTags, makeIntent(), fixtureInventory('eks', 'subnets-untagged'));
    expect(plan.actions).toEqual([
      {
        id: 'tag-subnets:kubernetes.io/role/internal-elb',
        checkId: 'eks-subnet-tags',
        description: 'Tag subnet-priv-a, subnet-priv-b with kubernetes.io/role/internal-elb=1 so the Load Balancer Controller can place the SSH gateway load balancer there',
        calls: [{ api: 'ec2:CreateTags', iamAction: 'ec2:CreateTags', target: 'subnet-priv-a,subnet-priv-b', params: { Resources: ['subnet-priv-a', 'subnet-priv-b'], Tags: [{ Key: 'kubernetes.io/role/internal-elb', Value: '1' }] } }],
        safety: 'safe',
        remediation: 'tag-subnets',
        dependsOn: [],
      },
    ]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('tags the public subnets elb=1 for an internet-facing scheme', () => {
    const plan = planFor(eksSubnetTags, internetFacing, fixtureInventory('eks', 'subnets-untagged'));
    expect(plan.actions[0]!.calls[0]!.params.Tags).toEqual([{ Key: 'kubernetes.io/role/elb', Value: '1' }]);
  });

  it('cannot tag its way to a public subnet that does not exist: manual steps', () => {
    const plan = planFor(eksSubnetTags, internetFacing, fixtureInventory('eks', 'subnets-no-public'));
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([['manual:eks-subnet-tags', 'manual']]);
  });

  it('tags the zone left out only under --fail-on warn (a warning does not fail the run otherwise)', () => {
    const inv = fixtureInventory('eks', 'subnets-internal-one-zone');
    expect(planFor(eksSubnetTags, makeIntent(), inv).actions).toEqual([]);
    expect(planFor(eksSubnetTags, makeIntent(), inv, 'warn').actions.map((a) => a.calls[0]!.params.Resources)).toEqual([['subnet-priv-b']]);
  });
});
