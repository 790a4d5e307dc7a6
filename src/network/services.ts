/**
 * AWS service names as VPC endpoints and AWS-managed prefix lists spell them:
 * `com.amazonaws.<region>.s3`, `com.amazonaws.<region>.ecr.dkr`, and `cn.com.amazonaws.<region>.…`
 * in the China regions. Matching by shape keeps partitions and regions out of the code.
 */
import type { Inventory, VpcEndpoint } from '../inventory/types.js';
import { isOk } from '../inventory/fact.js';

export type AwsService = 's3' | 'ecr.api' | 'ecr.dkr';

const SERVICE_NAME = /^(?:[a-z]+\.)*com\.amazonaws\.([a-z0-9-]+)\.(.+)$/;

/** `{ region, service }` of a service or prefix-list name, or undefined for anything else (partner services, customer lists). */
export function parseServiceName(name: string): { region: string; service: string } | undefined {
  const m = SERVICE_NAME.exec(name.trim().toLowerCase());
  return m ? { region: m[1]!, service: m[2]! } : undefined;
}

function isUsable(e: VpcEndpoint): boolean {
  return e.state.toLowerCase() === 'available';
}

export function isEndpointFor(e: VpcEndpoint, service: AwsService): boolean {
  return parseServiceName(e.serviceName)?.service === service;
}

export function isGatewayEndpointFor(e: VpcEndpoint, service: AwsService): boolean {
  return isEndpointFor(e, service) && e.type.toLowerCase() === 'gateway' && isUsable(e);
}

export function isInterfaceEndpointFor(e: VpcEndpoint, service: AwsService): boolean {
  return isEndpointFor(e, service) && e.type.toLowerCase() === 'interface' && isUsable(e);
}

/** Region of an endpoint, from its service name. */
export function endpointRegion(e: VpcEndpoint): string | undefined {
  return parseServiceName(e.serviceName)?.region;
}

/**
 * Ids of the S3 prefix list: from the AWS-managed prefix lists when collected, and from the
 * routes that S3 gateway endpoints add (destination = the S3 prefix list), which need no extra call.
 */
export function s3PrefixListIds(inv: Inventory): string[] {
  const ids = new Set<string>();
  const lists = inv.ec2?.prefixLists;
  if (isOk(lists)) for (const pl of lists.value) if (parseServiceName(pl.name)?.service === 's3') ids.add(pl.id);
  const endpoints = isOk(inv.ec2?.vpcEndpoints) ? inv.ec2!.vpcEndpoints.value : [];
  const s3Gateways = new Set(endpoints.filter((e) => isGatewayEndpointFor(e, 's3')).map((e) => e.id));
  const tables = isOk(inv.ec2?.routeTables) ? inv.ec2!.routeTables.value : [];
  for (const t of tables) for (const r of t.routes) if (r.destinationPrefixListId && r.gatewayId && s3Gateways.has(r.gatewayId)) ids.add(r.destinationPrefixListId);
  return [...ids];
}

/** The region field of an ARN (`arn:aws:eks:us-east-1:…` → `us-east-1`). */
export function regionOfArn(arn: string): string | undefined {
  const r = arn.split(':')[3];
  return r ? r : undefined;
}
