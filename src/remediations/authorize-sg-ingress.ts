/**
 * authorize-sg-ingress: the database's (or cache's) security group admits TCP on its port from
 * the group every node of a node set carries (DESIGN §6: the EKS cluster security group for
 * managed node groups, otherwise the set's own group). A group reference on one port: `safe`.
 */
import type { CheckResult } from '../engine/types.js';
import type { PlanContext, PlannedAction, Remediation } from './types.js';
import { manualAction } from './support.js';
import { PORT_CHECKS, hasRuleTo, ruleActionId, ruleCall, ruleCommand, securityGroup, serviceAccess } from './sg-rules.js';

export const ID = 'authorize-sg-ingress';

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  const sa = serviceAccess(ctx, result.id);
  if (!sa) return [];
  const actions = new Map<string, PlannedAction>();
  for (const mi of sa.access.missingIngress) {
    const targetGroup = securityGroup(ctx.inventory, mi.targetGroupId);
    for (const source of mi.sourceGroupIds) {
      const peer = { groupId: source };
      const id = ruleActionId(ID, mi.targetGroupId, mi.port, peer);
      if (actions.has(id)) continue;
      const sourceGroup = securityGroup(ctx.inventory, source);
      // Already there (another member of the set lacked it): nothing to add for this pair.
      if (targetGroup && hasRuleTo(targetGroup, 'ingress', mi.port, peer)) continue;
      if (!targetGroup || !sourceGroup || targetGroup.vpcId !== sourceGroup.vpcId) {
        // A reference across VPCs (peering) or to a group the facts lack is a design choice, not a safe default.
        actions.set(
          id,
          manualAction(result.id, `ingress:${mi.targetGroupId}:${source}`, `Admit TCP ${mi.port} on ${mi.targetGroupId} (${sa.label}) from ${mi.nodeSet}, whose group ${source} is in another VPC`, [
            `${sa.label}'s group ${mi.targetGroupId} is in ${targetGroup?.vpcId ?? 'an unknown VPC'}, the nodes' group ${source} in ${sourceGroup?.vpcId ?? 'an unknown VPC'}.`,
            'Across a same-region VPC peering a rule may still reference the nodes\' group:',
            `  ${ruleCommand('ingress', mi.targetGroupId, mi.port, source)}`,
            "Otherwise admit the node subnets' CIDRs (never 0.0.0.0/0) with --ip-permissions 'IpProtocol=tcp,FromPort=…,ToPort=…,IpRanges=[{CidrIp=<node-subnet-cidr>}]'.",
          ]),
        );
        continue;
      }
      actions.set(id, {
        id,
        checkId: result.id,
        description: `Admit TCP ${mi.port} on ${mi.targetGroupId} (${sa.label}) from security group ${source}, which the nodes of ${mi.nodeSet} carry`,
        calls: [ruleCall('ingress', mi.targetGroupId, mi.port, peer, `${mi.nodeSet} to ${sa.target.id} on ${mi.port}`)],
        safety: 'safe',
        remediation: ID,
        dependsOn: [],
      });
    }
  }
  return [...actions.values()];
}

export const authorizeSgIngress: Remediation = {
  id: ID,
  fixes: PORT_CHECKS,
  // Tags on the new rule (TagSpecifications) are authorized as ec2:CreateTags.
  iamActions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateTags'],
  plan,
};
