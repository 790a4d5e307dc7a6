/**
 * create-s3-endpoint: a new S3 gateway endpoint on the route tables of the node subnets that
 * network-s3-route found without a way to S3 (no NAT/internet route, no S3 endpoint; with
 * --fail-on warn also those whose default route leads somewhere it cannot verify). A gateway
 * endpoint adds a route for the S3 prefix list only, is free, and is undone by deleting it:
 * `safe` — unless a table already sends its default route somewhere (a transit gateway, an
 * appliance), where the endpoint would divert S3 traffic that flows today: `risky`. Buckets (or
 * the ECR registry) in another region are not served by an endpoint: that stays manual (NAT).
 */
import type { CheckResult } from '../engine/types.js';
import type { RouteTable } from '../inventory/types.js';
import { isOk } from '../inventory/fact.js';
import { parseServiceName } from '../network/services.js';
import type { PlanContext, PlannedAction, Remediation } from './types.js';
import { includeWarnings, manualAction, records, str, strings, tagSpecifications, unique } from './support.js';

export const ID = 'create-s3-endpoint';

/** The gateway service name: the S3 prefix list's name when collected (it is that service's name), else the standard form. */
export function s3ServiceName(ctx: PlanContext, region: string): string {
  const lists = ctx.inventory.ec2?.prefixLists;
  const named = isOk(lists) ? lists.value.find((pl) => { const p = parseServiceName(pl.name); return p?.service === 's3' && p.region === region; }) : undefined;
  return named?.name ?? `com.amazonaws.${region}.s3`;
}

function sendsDefaultRouteSomewhere(table: RouteTable): boolean {
  return table.routes.some((r) => (r.state === undefined || r.state === 'active') && (r.destinationCidr === '0.0.0.0/0' || r.destinationIpv6Cidr === '::/0'));
}

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  // Failing tables have no way out; under --fail-on warn, also those whose default route leads somewhere unverifiable.
  const uncertain = includeWarnings(ctx) ? records(result.evidence.subnets).filter((s) => s.verdict === 'uncertain').flatMap((s) => strings([s.routeTableId])) : [];
  const tableIds = unique([...strings(result.evidence.routeTableIds), ...uncertain]);
  if (tableIds.length === 0) return [];
  const region = str(result.evidence.region) ?? ctx.region;
  const crossRegion = strings(result.evidence.crossRegion);
  if (crossRegion.length || !region) {
    return [
      manualAction(result.id, 'nat', `Give ${tableIds.join(', ')} a NAT gateway route: S3 in ${crossRegion.join(', ') || 'another region'} is not served by a VPC endpoint`, [
        ...tableIds.map((t) => `  aws ec2 create-route --route-table-id ${t} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-id>`),
        'Or keep the buckets (and the ECR registry) in the cluster region and run --fix again to add an S3 gateway endpoint.',
      ]),
    ];
  }
  const tables = isOk(ctx.inventory.ec2?.routeTables) ? ctx.inventory.ec2.routeTables.value : [];
  const byVpc = new Map<string, string[]>();
  for (const id of tableIds) {
    const vpc = tables.find((t) => t.id === id)?.vpcId ?? str(result.evidence.vpcId);
    if (vpc) byVpc.set(vpc, [...(byVpc.get(vpc) ?? []), id]);
  }
  const serviceName = s3ServiceName(ctx, region);
  return [...byVpc.entries()].map(([vpcId, ids]) => {
    const diverts = ids.filter((id) => { const t = tables.find((x) => x.id === id); return t !== undefined && sendsDefaultRouteSomewhere(t); });
    return {
      id: `${ID}:${vpcId}`,
      checkId: result.id,
      description: `Create an S3 gateway endpoint (${serviceName}) in ${vpcId} on route tables ${ids.join(', ')}`,
      calls: [
        {
          api: 'ec2:CreateVpcEndpoint',
          iamAction: 'ec2:CreateVpcEndpoint',
          target: vpcId,
          params: { VpcEndpointType: 'Gateway', VpcId: vpcId, ServiceName: serviceName, RouteTableIds: ids, TagSpecifications: tagSpecifications('vpc-endpoint') },
        },
      ],
      safety: diverts.length ? 'risky' : 'safe',
      remediation: ID,
      dependsOn: [],
      ...(diverts.length ? { notes: [`${diverts.join(', ')} already send their default route elsewhere: the endpoint would divert S3 traffic from that path (applied only with --fix-type risky).`] } : {}),
    } satisfies PlannedAction;
  });
}

export const createS3Endpoint: Remediation = {
  id: ID,
  fixes: ['network-s3-route'],
  // Tags on the new endpoint (TagSpecifications) are authorized as ec2:CreateTags.
  iamActions: ['ec2:CreateVpcEndpoint', 'ec2:CreateTags'],
  reads: ['ec2.routes'],
  plan,
};
