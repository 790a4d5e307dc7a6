/**
 * tag-subnets: CreateTags kubernetes.io/role/elb=1 (internet-facing SSH gateway) or
 * kubernetes.io/role/internal-elb=1 (the default internal scheme) on the cluster subnets
 * eks-subnet-tags found untagged. Adding a tag to an existing subnet creates nothing, so no
 * managed-by tag is put on someone else's subnet. An internet-facing scheme with no public
 * subnet cannot be fixed by a tag: that stays a manual step. CreateTags overwrites a tag's value,
 * so a subnet that carries the key with another value (`0`: kept out of load balancers on purpose)
 * is left to a person.
 */
import type { CheckResult } from '../engine/types.js';
import { isOk } from '../inventory/fact.js';
import type { PlanContext, PlannedAction, Remediation } from './types.js';
import { includeWarnings, manualAction, record, str, strings } from './support.js';

export const ID = 'tag-subnets';

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  // A warning (zones without a tagged subnet) only fails the run under --fail-on warn.
  if (result.status === 'warn' && !includeWarnings(ctx)) return [];
  const key = str(record(result.evidence.wantedTag).key) ?? str(result.evidence.wantedTagKey);
  const untagged = strings(result.evidence.untaggedSubnetIds);
  if (!key || untagged.length === 0) return [];
  const known = isOk(ctx.inventory.ec2?.subnets) ? ctx.inventory.ec2.subnets.value : [];
  const valueOf = (id: string) => known.find((s) => s.id === id)?.tags[key];
  const subnets = untagged.filter((id) => valueOf(id) === undefined);
  const set = untagged.filter((id) => valueOf(id) !== undefined);
  const out: PlannedAction[] = set.length
    ? [
        manualAction(result.id, `tag-values:${key}`, `${set.join(', ')} carry ${key} with another value: never overwritten automatically`, [
          ...set.map((id) => `${id} has ${key}=${valueOf(id)} (the Load Balancer Controller skips it). If it should take the SSH gateway load balancer:`),
          `  aws ec2 create-tags --resources ${set.join(' ')} --tags Key=${key},Value=1`,
        ]),
      ]
    : [];
  if (subnets.length === 0) return out;
  return [
    ...out,
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
