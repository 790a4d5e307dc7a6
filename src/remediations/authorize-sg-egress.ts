/**
 * authorize-sg-egress: the nodes' group lets TCP out to what the install must reach.
 *
 * - rds-port-5432 / elasticache-port-6379: the port to the database's (cache's) own group.
 * - network-egress-443: 443 to the narrowest destination that satisfies the check: the S3
 *   prefix list for S3, and the ECR interface endpoints' group for ECR. 0.0.0.0/0 is never
 *   automated, even outbound: with no ECR endpoints (or a registry or bucket in another region,
 *   which endpoints and prefix lists do not serve), the plan prints the choices instead (create
 *   the endpoints, or open 443 by hand). Images from public registries (a warning) likewise.
 */
import type { CheckResult } from '../engine/types.js';
import { isOk } from '../inventory/fact.js';
import { regionOfArn } from '../network/services.js';
import type { PlanContext, PlannedAction, Remediation } from './types.js';
import { evidenceArray, includeWarnings, manualAction, record, records, str, strings } from './support.js';
import { PORT_CHECKS, hasRuleTo, ruleActionId, ruleCall, ruleCommand, securityGroup, serviceAccess, type RulePeer } from './sg-rules.js';

export const ID = 'authorize-sg-egress';
const HTTPS = 443;

function ruleAction(ctx: PlanContext, checkId: string, groupId: string, port: number, peer: RulePeer, what: string, why: string): PlannedAction | undefined {
  const group = securityGroup(ctx.inventory, groupId);
  if (group && hasRuleTo(group, 'egress', port, peer)) return undefined;
  const to = 'groupId' in peer ? `security group ${peer.groupId}` : `prefix list ${peer.prefixListId}`;
  return {
    id: ruleActionId(ID, groupId, port, peer),
    checkId,
    description: `Allow TCP ${port} out of ${groupId} (${why}) to ${to} (${what})`,
    calls: [ruleCall('egress', groupId, port, peer, `${why} to ${what} on ${port}`)],
    safety: 'safe',
    remediation: ID,
    dependsOn: [],
  };
}

function planPort(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  const sa = serviceAccess(ctx, result.id);
  if (!sa) return [];
  const out: PlannedAction[] = [];
  for (const me of sa.access.missingEgress) {
    const dest = me.destinationGroupIds[0];
    if (!dest) continue;
    for (const g of me.groupIds) {
      const a = ruleAction(ctx, result.id, g, me.port, { groupId: dest }, `${sa.label}`, me.nodeSet);
      if (a) out.push(a);
    }
  }
  return out;
}

type Destination = 's3' | 'ecr.api' | 'ecr.dkr' | 'registries';

/** The cluster's region, where endpoints and prefix lists serve. */
function clusterRegion(ctx: PlanContext): string | undefined {
  const c = ctx.inventory.eks?.cluster;
  return isOk(c) && c.value ? regionOfArn(c.value.arn) : undefined;
}

function plan443(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  const out: PlannedAction[] = [];
  const options = record(result.evidence.destinationOptions);
  const region = clusterRegion(ctx);
  const { intent } = ctx;
  const s3SameRegion = intent.s3.every((b) => b.region === region) && (!intent.ecr || intent.ecr.region === region);
  const ecrSameRegion = intent.ecr?.region === region;
  const manual = new Map<string, { groups: Set<string>; dest: Destination }>();

  for (const m of evidenceArray(result, 'missingEgress')) {
    const nodeSet = str(m.nodeSet) ?? 'the nodes';
    const groups = strings(m.groupIds);
    for (const dest of strings(m.destinations) as Destination[]) {
      if (dest === 'registries' && !includeWarnings(ctx)) continue;
      const opt = record(options[dest]);
      let peer: RulePeer | undefined;
      if (dest === 's3' && s3SameRegion) {
        const pl = strings(opt.prefixListIds)[0];
        const endpointGroup = strings(records(opt.interfaceEndpoints)[0]?.securityGroupIds)[0];
        peer = pl ? { prefixListId: pl } : endpointGroup ? { groupId: endpointGroup } : undefined;
      } else if ((dest === 'ecr.api' || dest === 'ecr.dkr') && ecrSameRegion) {
        const endpointGroup = strings(records(opt.interfaceEndpoints)[0]?.securityGroupIds)[0];
        peer = endpointGroup ? { groupId: endpointGroup } : undefined;
      }
      for (const g of groups) {
        if (!peer) {
          const entry = manual.get(dest) ?? { groups: new Set<string>(), dest };
          entry.groups.add(g);
          manual.set(dest, entry);
          continue;
        }
        const what = dest === 's3' ? 'S3' : `ECR ${dest} endpoint`;
        const a = ruleAction(ctx, result.id, g, HTTPS, peer, what, nodeSet);
        if (a && !out.some((x) => x.id === a.id)) out.push(a);
      }
    }
  }

  for (const { groups, dest } of manual.values()) {
    const list = [...groups];
    if (dest === 'registries') {
      out.push(
        manualAction(result.id, 'egress-registries', `Allow HTTPS out of ${list.join(', ')} to the public image registries`, [
          'Images that do not follow global.imageRegistry come from public registries on the internet. Either mirror them and set their repositories, or allow 443 out (this tool never opens a port to 0.0.0.0/0 itself):',
          ...list.map((g) => `  aws ec2 authorize-security-group-egress --group-id ${g} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0,Description="daytona-preflight: image registries"}]'`),
        ]),
      );
    } else if (dest === 's3') {
      out.push(
        manualAction(result.id, 'egress-s3', `Allow HTTPS out of ${list.join(', ')} to S3`, [
          s3SameRegion
            ? 'No S3 prefix list id is known for this region (create the S3 gateway endpoint first: remediation create-s3-endpoint), then:'
            : `A bucket or the ECR registry is outside ${region ?? 'the cluster region'}: prefix lists serve their own region only, so 443 must reach S3 over the internet (NAT):`,
          ...list.map((g) => (s3SameRegion ? `  ${ruleCommand('egress', g, HTTPS, '<s3-prefix-list-id>')}` : `  aws ec2 authorize-security-group-egress --group-id ${g} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]'`)),
          `Find the prefix list: aws ec2 describe-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.${region ?? '<region>'}.s3`,
        ]),
      );
    } else {
      out.push(
        manualAction(result.id, `egress-${dest}`, `Allow HTTPS out of ${list.join(', ')} to ECR (${dest})`, [
          ecrSameRegion
            ? `There is no ${dest} interface endpoint in the cluster VPC, so ECR is reached through its public endpoint. Choose one:`
            : `The registry is in ${intent.ecr?.region ?? 'another region'}, outside ${region ?? 'the cluster region'}: endpoints serve their own region only, so allow 443 to the internet:`,
          ...(ecrSameRegion ? ['  a) create the ecr.api and ecr.dkr interface endpoints (see `daytona-preflight explain network-ecr-route`), then run --fix again to allow 443 to their group; or'] : []),
          `  ${ecrSameRegion ? 'b) ' : ''}allow 443 out to the internet (this tool never opens a port to 0.0.0.0/0 itself):`,
          ...list.map((g) => `     aws ec2 authorize-security-group-egress --group-id ${g} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]'`),
        ]),
      );
    }
  }
  return out;
}

export const authorizeSgEgress: Remediation = {
  id: ID,
  fixes: [...PORT_CHECKS, 'network-egress-443'],
  iamActions: ['ec2:AuthorizeSecurityGroupEgress', 'ec2:CreateTags'],
  plan: (ctx, result) => (result.id === 'network-egress-443' ? plan443(ctx, result) : planPort(ctx, result)),
};
