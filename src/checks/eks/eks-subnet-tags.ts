import type { Check } from '../../engine/types.js';
import type { Inventory, RouteTable, Subnet } from '../../inventory/types.js';
import type { Intent } from '../../values/types.js';
import { isOk, need } from '../../inventory/fact.js';
import { clusterMissingSkip, describedCluster } from './common.js';

export const ELB_TAG = 'kubernetes.io/role/elb';
export const INTERNAL_ELB_TAG = 'kubernetes.io/role/internal-elb';
const SCHEME_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
/** Explicit subnets on the Service replace tag discovery. */
const SUBNETS_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-subnets';
const ANNOTATIONS_PATH = 'services.sshGateway.service.annotations';

export type LbScheme = 'internet-facing' | 'internal';

/** The Load Balancer Controller makes an internal NLB unless the scheme annotation says otherwise. */
export function sshGatewayScheme(intent: Intent): LbScheme {
  return intent.sshGateway.annotations[SCHEME_ANNOTATION]?.trim() === 'internet-facing' ? 'internet-facing' : 'internal';
}

/** The controller's subnet discovery accepts the role tag with value "1" or empty. */
function hasRoleTag(subnet: Subnet, key: string): boolean {
  const v = subnet.tags[key];
  return v === '1' || v === '';
}

/** The route table a subnet uses: its explicit association, else its VPC's main table. */
function routeTableOf(subnet: Subnet, tables: readonly RouteTable[]): RouteTable | undefined {
  return tables.find((t) => t.subnetIds.includes(subnet.id)) ?? tables.find((t) => t.main && t.vpcId === subnet.vpcId);
}

/** Public: a default route (IPv4 or IPv6) to an internet gateway that is not a blackhole. */
export function isPublicSubnet(subnet: Subnet, tables: readonly RouteTable[]): boolean {
  const table = routeTableOf(subnet, tables);
  return (table?.routes ?? []).some(
    (r) => (r.destinationCidr === '0.0.0.0/0' || r.destinationIpv6Cidr === '::/0') && (r.gatewayId ?? '').startsWith('igw-') && r.state !== 'blackhole',
  );
}

/** Cluster subnets plus the subnets the nodes run in (when those facts were read). */
function candidateSubnetIds(inv: Inventory, clusterSubnetIds: readonly string[]): string[] {
  const ids = new Set(clusterSubnetIds);
  if (isOk(inv.eks?.nodegroups)) for (const ng of inv.eks.nodegroups.value) ng.subnetIds.forEach((id) => ids.add(id));
  if (isOk(inv.ec2?.selfManagedNodes)) for (const n of inv.ec2.selfManagedNodes.value) ids.add(n.subnetId);
  return [...ids];
}

export const eksSubnetTags: Check = {
  id: 'eks-subnet-tags',
  area: 'eks',
  title: 'Subnets carry the role tag the Load Balancer Controller needs for the SSH gateway',
  severity: 'high',
  appliesTo: (intent) => (intent.sshGateway.enabled && intent.sshGateway.loadBalancer ? true : 'the SSH gateway is not a LoadBalancer Service'),
  needs: ['eks.cluster', 'ec2.network', 'ec2.routes'],
  dependsOn: ['eks-cluster'],
  evaluate: (intent, inv) => {
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    const explicit = intent.sshGateway.annotations[SUBNETS_ANNOTATION]?.trim();
    if (explicit) {
      return {
        status: 'pass',
        message: `the SSH gateway Service names its subnets (${SUBNETS_ANNOTATION}: ${explicit}), so no role tag is needed`,
        evidence: { explicitSubnets: explicit, untaggedSubnetIds: [] },
        valuesPaths: [ANNOTATIONS_PATH],
      };
    }
    const allSubnets = need(inv.ec2?.subnets, 'subnets (ec2:DescribeSubnets)');
    const tables = need(inv.ec2?.routeTables, 'route tables (ec2:DescribeRouteTables)');
    const scheme = sshGatewayScheme(intent);
    const tagKey = scheme === 'internet-facing' ? ELB_TAG : INTERNAL_ELB_TAG;

    const wantedIds = candidateSubnetIds(inv, cluster.subnetIds);
    const candidates = wantedIds.map((id) => allSubnets.find((s) => s.id === id)).filter((s): s is Subnet => s !== undefined);
    const unknownSubnetIds = wantedIds.filter((id) => !candidates.some((s) => s.id === id));
    if (candidates.length === 0) {
      return {
        status: 'error',
        message: `none of the cluster's subnets (${wantedIds.join(', ')}) were found by ec2:DescribeSubnets`,
        reason: 'subnets not found',
        error: { code: 'SubnetsNotFound', message: 'the cluster subnets were not in the collected subnets', action: 'ec2:DescribeSubnets' },
      };
    }
    const publicIds = new Set(candidates.filter((s) => isPublicSubnet(s, tables)).map((s) => s.id));
    const privates = candidates.filter((s) => !publicIds.has(s.id));
    // An internet-facing NLB needs public subnets; an internal one belongs in private subnets, but
    // may use public ones when the cluster has no other.
    const eligible = scheme === 'internet-facing' ? candidates.filter((s) => publicIds.has(s.id)) : privates.length ? privates : candidates;
    // The controller considers every subnet of the VPC that carries the tag, not only the cluster's.
    const taggedPool = allSubnets.filter((s) => s.vpcId === cluster.vpcId && hasRoleTag(s, tagKey) && (scheme === 'internal' || isPublicSubnet(s, tables)));
    const taggedAzs = new Set(taggedPool.map((s) => s.availabilityZone));
    const untagged = eligible.filter((s) => !hasRoleTag(s, tagKey) && !taggedAzs.has(s.availabilityZone));

    const evidence: Record<string, unknown> = {
      scheme,
      schemeAnnotation: intent.sshGateway.annotations[SCHEME_ANNOTATION] ?? null,
      vpcId: cluster.vpcId,
      wantedTag: { key: tagKey, value: '1' },
      wantedTagKey: tagKey,
      candidateSubnetIds: candidates.map((s) => s.id),
      publicSubnetIds: [...publicIds],
      taggedSubnetIds: taggedPool.map((s) => s.id),
      untaggedSubnetIds: untagged.map((s) => s.id),
      ...(unknownSubnetIds.length ? { subnetsNotFound: unknownSubnetIds } : {}),
    };
    const base = { resources: candidates.map((s) => s.id), evidence, valuesPaths: [ANNOTATIONS_PATH] };

    if (scheme === 'internet-facing' && eligible.length === 0) {
      return {
        ...base,
        status: 'fail',
        message: `the SSH gateway asks for an internet-facing load balancer, but none of the cluster's subnets (${candidates.map((s) => s.id).join(', ')}) has a route to an internet gateway`,
      };
    }
    if (taggedPool.length === 0) {
      return {
        ...base,
        status: 'fail',
        message: `no ${scheme === 'internet-facing' ? 'public ' : ''}subnet in ${cluster.vpcId} is tagged ${tagKey}=1: the Load Balancer Controller cannot place the ${scheme} SSH gateway load balancer (untagged: ${untagged.map((s) => s.id).join(', ')})`,
      };
    }
    if (untagged.length) {
      const azs = [...new Set(untagged.map((s) => s.availabilityZone))].join(', ');
      return {
        ...base,
        status: 'warn',
        message: `${tagKey}=1 is on ${taggedPool.map((s) => s.id).join(', ')} but no subnet in ${azs} carries it: the ${scheme} load balancer will not span those zones (untagged: ${untagged.map((s) => s.id).join(', ')})`,
      };
    }
    return {
      ...base,
      status: 'pass',
      message: `${scheme} load balancers can be placed: ${taggedPool.map((s) => `${s.id} (${s.availabilityZone})`).join(', ')} tagged ${tagKey}=1`,
    };
  },
  remediation: 'tag-subnets',
  docs: {
    what: `With the SSH gateway as a LoadBalancer Service: the subnets the Load Balancer Controller can use carry ${ELB_TAG}=1 (public subnets, for an internet-facing scheme) or ${INTERNAL_ELB_TAG}=1 (for the default internal scheme), in every zone the cluster's subnets span.`,
    why: `The AWS Load Balancer Controller (and EKS Auto Mode) discovers subnets by these tags. With none, the Service stays <pending> ("unable to resolve at least one subnet"); with the wrong one, the load balancer lands on the wrong side (an internal NLB when users must reach SSH from the internet).`,
    fix: [
      'Tag the public subnets for an internet-facing load balancer:',
      `  aws ec2 create-tags --resources <subnet-id> … --tags Key=${ELB_TAG},Value=1`,
      'or the private subnets for an internal one:',
      `  aws ec2 create-tags --resources <subnet-id> … --tags Key=${INTERNAL_ELB_TAG},Value=1`,
      `To choose subnets explicitly instead, annotate the Service: ${ANNOTATIONS_PATH}."service.beta.kubernetes.io/aws-load-balancer-subnets": "<subnet-id>,<subnet-id>".`,
    ].join('\n'),
  },
};
