/**
 * tag-subnets: CreateTags kubernetes.io/role/elb=1 (internet-facing SSH gateway) or
 * kubernetes.io/role/internal-elb=1 (the default internal scheme) on the cluster subnets
 * eks-subnet-tags found untagged. Adding a tag to an existing subnet creates nothing, so no
 * managed-by tag is put on someone else's subnet. An internet-facing scheme with no public
 * subnet cannot be fixed by a tag: that stays a manual step.
 */
import type { CheckResult } from '../engine/types.js';
import type { PlanContext, PlannedAction, Remediation } from './types.js';
import { includeWarnings, record, str, strings } from './support.js';

export const ID = 'tag-subnets';

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  // A warning (zones without a tagged subnet) only fails the run under --fail-on warn.
  if (result.status === 'warn' && !includeWarnings(ctx)) return [];
  const key = str(record(result.evidence.wantedTag).key) ?? str(result.evidence.wantedTagKey);
  const subnets = strings(result.evidence.untaggedSubnetIds);
  if (!key || subnets.length === 0) return [];
  return [
    {
      id: `${ID}:${key}`,
      checkId: result.id,
      description: `Tag ${subnets.join(', ')} with ${key}=1 so the Load Balancer Controller can place the SSH gateway load balancer there`,
      calls: [{ api: 'ec2:CreateTags', iamAction: 'ec2:CreateTags', target: subnets.join(','), params: { Resources: subnets, Tags: [{ Key: key, Value: '1' }] } }],
      safety: 'safe',
      remediation: ID,
      dependsOn: [],
    },
  ];
}

export const tagSubnets: Remediation = {
  id: ID,
  fixes: ['eks-subnet-tags'],
  iamActions: ['ec2:CreateTags'],
  plan,
};
