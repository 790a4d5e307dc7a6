import type { Check } from '../../engine/types.js';
import type { Intent } from '../../values/types.js';
import type { Inventory, VpcEndpoint } from '../../inventory/types.js';
import { isOk, need } from '../../inventory/fact.js';
import { coversPort } from '../../network/ports.js';
import { Findings, listBrief, withNodes } from '../../network/outcome.js';
import { assertDecided, evaluateGroups, groupsById, prefixListEntriesOf, type Peer, type RuleRef } from '../../network/security-groups.js';
import { sourceGroupsFor } from '../../network/nodes.js';
import { endpointPeer } from '../../network/endpoint-access.js';
import { isInterfaceEndpointFor, regionOfArn, s3PrefixListIds } from '../../network/services.js';

type Destination = 's3' | 'ecr.api' | 'ecr.dkr' | 'registries';

const ECR_HOST = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;
const INTERNET: Peer = { securityGroupIds: [], blocks: [{ id: 'internet', ipv4: '0.0.0.0/0', ipv6: [] }] };

/** Registries outside ECR that images are pulled from (Docker Hub, registry.k8s.io, a private mirror…). */
function otherRegistries(intent: Intent): string[] {
  return [...new Set(intent.images.map((i) => i.registry).filter((r) => r && !ECR_HOST.test(r)))];
}

/** What counts as a way out to each destination: 0.0.0.0/0, and the destination's own prefix list or interface endpoints. */
function destinationPeers(inv: Inventory, dest: Destination, vpcId: string, sameRegion: boolean): { peers: Peer[]; endpoints: VpcEndpoint[] } {
  // Endpoints and prefix lists serve their own region only; public registries are out on the internet.
  if (dest === 'registries' || !sameRegion) return { peers: [INTERNET], endpoints: [] };
  // Only with private DNS do the service's names resolve to the endpoint; without it the nodes still connect to public addresses.
  const endpoints = need(inv.ec2?.vpcEndpoints, 'VPC endpoints').filter((e) => isInterfaceEndpointFor(e, dest) && e.vpcId === vpcId && e.privateDnsEnabled === true);
  const peers = [INTERNET, ...endpoints.map((e) => endpointPeer(inv, e))];
  if (dest === 's3') peers.push({ securityGroupIds: [], blocks: [], prefixListIds: s3PrefixListIds(inv) });
  return { peers, endpoints };
}

/**
 * When S3 egress falls short but a node group sends 443 to a prefix list this run could not
 * identify (no prefix-list facts, no gateway-endpoint route naming it), the fail would rest on
 * missing data: read the prefix-list fact so its absence becomes `error`.
 */
function requirePrefixListsIfDecisive(inv: Inventory, groupIds: readonly string[]): void {
  if (isOk(inv.ec2?.prefixLists)) return;
  const sendsToList = groupsById(inv, groupIds).some((g) => g.egress.some((r) => r.prefixListId && !s3PrefixListIds(inv).includes(r.prefixListId) && coversPort(r, 443)));
  if (sendsToList) need(inv.ec2?.prefixLists, 'AWS-managed prefix lists');
}

export const networkEgress443: Check = {
  id: 'network-egress-443',
  area: 'network',
  title: "The nodes' security groups allow HTTPS (443) out to S3, ECR and the image registries",
  severity: 'high',
  appliesTo: () => true,
  needs: ['eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.endpoints', 'ec2.routes', 'ec2.selfManagedNodes'],
  evaluate: (intent, inv) =>
    withNodes(inv, (sets) => {
      const cluster = need(inv.eks?.cluster, 'EKS cluster')!;
      const region = regionOfArn(cluster.arn);
      const registries = otherRegistries(intent);
      const wanted: Destination[] = [
        ...(intent.s3.length > 0 || intent.ecr ? (['s3'] as const) : []),
        ...(intent.ecr ? (['ecr.api', 'ecr.dkr'] as const) : []),
        ...(registries.length ? (['registries'] as const) : []),
      ];
      if (wanted.length === 0) return { status: 'pass', message: 'the install pulls no image and uses no S3 bucket: no HTTPS egress is needed', evidence: { destinations: [] } };

      const sameRegion = (d: Destination) => (d === 's3' ? intent.s3.every((b) => b.region === region) && (!intent.ecr || intent.ecr.region === region) : intent.ecr?.region === region);
      const peersOf = new Map(wanted.map((d) => [d, destinationPeers(inv, d, cluster.vpcId, sameRegion(d))]));
      const prefixLists = prefixListEntriesOf(inv);
      const f = new Findings();
      const missingEgress: { nodeSet: string; groupIds: string[]; port: number; destinations: Destination[] }[] = [];
      const perSet = sets.map((set) => {
        const destinations = {} as Record<Destination, { allowed: boolean; rules: RuleRef[] }>;
        for (const d of wanted) {
          const rules = new Map<string, RuleRef>();
          const allowed =
            set.members.length > 0 &&
            set.members.every((m) => {
              const groups = groupsById(inv, m.securityGroupIds);
              const verdicts = peersOf.get(d)!.peers.map((p) => evaluateGroups(groups, 'egress', 443, p, prefixLists));
              const hit = verdicts.find((v) => v.allowed);
              if (!hit) verdicts.forEach(assertDecided);
              for (const r of hit?.matchedBy ?? []) rules.set(`${r.groupId}/${r.ruleId ?? r.peer}`, r);
              return hit !== undefined;
            });
          destinations[d] = { allowed, rules: allowed ? [...rules.values()] : [] };
        }
        const missing = wanted.filter((d) => !destinations[d].allowed);
        if (missing.includes('s3')) requirePrefixListsIfDecisive(inv, set.securityGroupIds);
        if (missing.length) missingEgress.push({ nodeSet: set.name, groupIds: sourceGroupsFor(set, cluster.clusterSecurityGroupId), port: 443, destinations: missing });
        return { nodeSet: set.name, securityGroupIds: set.securityGroupIds, destinations };
      });

      for (const m of missingEgress) {
        const set = perSet.find((p) => p.nodeSet === m.nodeSet)!;
        const hard = m.destinations.filter((d) => d !== 'registries');
        if (hard.length) {
          const ecrShort = hard.some((d) => d.startsWith('ecr.'));
          const s3Rules = set.destinations.s3?.rules ?? [];
          const onlyS3List = ecrShort && !hard.includes('s3') && s3Rules.length > 0 && s3Rules.every((r) => r.peer.startsWith('pl-'));
          f.fail(
            `${m.nodeSet} (${set.securityGroupIds.join(', ')}) does not allow TCP 443 out to ${hard.map((d) => (d === 's3' ? 'S3' : `ECR (${d})`)).join(', ')}` +
              (onlyS3List ? `: 443 is open only to the S3 prefix list, so image pulls from ECR ${intent.ecr!.host} fail` : ''),
          );
        }
        if (m.destinations.includes('registries')) {
          f.warn(`${m.nodeSet} (${set.securityGroupIds.join(', ')}) has no TCP 443 egress to 0.0.0.0/0: images from ${listBrief(registries, 3)} need it (unless a mirror or proxy this tool cannot see serves them)`);
        }
      }
      return f.outcome(`every node set's groups allow TCP 443 out to ${wanted.map((d) => (d === 'registries' ? `the registries (${listBrief(registries, 3)})` : d)).join(', ')}`, {
        resources: [...new Set(sets.flatMap((s) => s.securityGroupIds))],
        evidence: {
          destinations: wanted,
          ...(registries.length ? { registries } : {}),
          nodeSets: perSet,
          missingEgress,
          destinationOptions: Object.fromEntries(
            [...peersOf.entries()].map(([d, p]) => [
              d,
              {
                cidr: '0.0.0.0/0',
                ...(d === 's3' ? { prefixListIds: s3PrefixListIds(inv) } : {}),
                interfaceEndpoints: p.endpoints.map((e) => ({ id: e.id, securityGroupIds: e.securityGroupIds })),
              },
            ]),
          ),
        },
      });
    }),
  remediation: 'authorize-sg-egress',
  docs: {
    what: "Each node set's security groups allow outbound TCP 443 to every destination the install needs: S3 (0.0.0.0/0, the S3 prefix list, or an S3 interface endpoint's group or subnets) when Harbor/the API use S3 or images come from ECR; ECR (0.0.0.0/0, or the ecr.api and ecr.dkr interface endpoints' groups or subnets; interface endpoints count only with private DNS on) when images come from ECR; and 0.0.0.0/0 for images from other registries (Docker Hub, registry.k8s.io…: a warning, since a mirror or proxy may serve them). It applies to every install: some images always come from outside ECR (Harbor, MinIO, ubuntu, pause).",
    why: 'Security groups are stateful, but outbound rules still decide what a node may open. 443 only to the S3 prefix list is a common hardening that breaks ECR pulls; no 443 to the internet breaks pulls of the images that do not follow global.imageRegistry.',
    fix: [
      "Allow 443 out from the nodes' group (evidence.missingEgress[].groupIds) to what is missing (evidence.destinationOptions):",
      "  aws ec2 authorize-security-group-egress --group-id <node-sg> --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=<s3-pl-id>}]'",
      "  aws ec2 authorize-security-group-egress --group-id <node-sg> --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=<ecr-endpoint-sg>}]'",
      "  aws ec2 authorize-security-group-egress --group-id <node-sg> --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]'   # public registries",
      'Find the S3 prefix list: aws ec2 describe-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.s3',
    ].join('\n'),
  },
};
