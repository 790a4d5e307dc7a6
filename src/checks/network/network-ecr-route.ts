import type { Check } from '../../engine/types.js';
import type { VpcEndpoint } from '../../inventory/types.js';
import { need } from '../../inventory/fact.js';
import { Findings, listBrief, withNodes } from '../../network/outcome.js';
import { routedNodeSubnets } from '../../network/node-subnets.js';
import { gatewayEndpointsOn } from '../../network/routes.js';
import { internetPath } from '../../network/internet.js';
import { isInterfaceEndpointFor, regionOfArn, type AwsService } from '../../network/services.js';
import { nodeSetsNotAdmitted } from '../../network/endpoint-access.js';

export const networkEcrRoute: Check = {
  id: 'network-ecr-route',
  area: 'network',
  title: 'The node subnets reach ECR (NAT/internet, or the ECR and S3 endpoints)',
  severity: 'critical',
  appliesTo: (intent) => (intent.ecr ? true : 'global.imageRegistry is not an ECR registry'),
  needs: ['eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.routes', 'ec2.endpoints', 'ec2.selfManagedNodes'],
  evaluate: (intent, inv) =>
    withNodes(inv, (sets) => {
      const ecr = intent.ecr!;
      const cluster = need(inv.eks?.cluster, 'EKS cluster')!;
      const region = regionOfArn(cluster.arn);
      const endpoints = need(inv.ec2?.vpcEndpoints, 'VPC endpoints');
      const f = new Findings();
      const subnets = routedNodeSubnets(inv, sets);

      // The private path: both ECR interface endpoints with private DNS, whose groups admit the nodes.
      const endpointProblems: string[] = [];
      // With private DNS on, the registry's names resolve to the endpoint from every subnet of the VPC,
      // so a NAT route does not bypass it: an endpoint that refuses the nodes breaks pulls whatever the routes.
      const captured: string[] = [];
      const found: Partial<Record<AwsService, VpcEndpoint>> = {};
      if (ecr.region !== region) endpointProblems.push(`the registry is in ${ecr.region}, and VPC endpoints serve ${region ?? 'their own region'} only`);
      else {
        for (const svc of ['ecr.api', 'ecr.dkr'] as const) {
          const e = endpoints.find((x) => isInterfaceEndpointFor(x, svc) && x.vpcId === cluster.vpcId);
          if (!e) {
            endpointProblems.push(`no ${svc} interface endpoint in ${cluster.vpcId}`);
            continue;
          }
          found[svc] = e;
          if (!e.privateDnsEnabled) endpointProblems.push(`${e.id} (${svc}) has private DNS off, so ${ecr.host} still resolves to the public endpoint`);
          const refused = nodeSetsNotAdmitted(inv, e, sets);
          if (refused.length) {
            const problem = `the security groups of ${e.id} (${svc}: ${e.securityGroupIds.join(', ')}) do not admit TCP 443 from ${listBrief(refused)}`;
            endpointProblems.push(problem);
            if (e.privateDnsEnabled) captured.push(problem);
          }
        }
      }

      const failing: string[] = [];
      const evidenceSubnets = subnets.map(({ subnet, nodeSets, table, association }) => {
        const internet = internetPath(table, subnet);
        const s3 = gatewayEndpointsOn(table, endpoints, 's3').map((e) => e.id);
        const missing = [...endpointProblems, ...(s3.length ? [] : [`no S3 gateway endpoint on ${table.id} (ECR serves layers from S3)`])];
        let verdict: 'internet' | 'endpoints' | 'uncertain' | 'none';
        let shown = missing;
        if (internet.verdict !== 'none' && captured.length) {
          // Reported once below: the default route is not the path the pulls take.
          verdict = 'none';
          shown = captured;
        } else if (internet.verdict === 'ok') verdict = 'internet';
        else if (missing.length === 0) verdict = 'endpoints';
        else if (internet.verdict === 'uncertain') {
          verdict = 'uncertain';
          f.warn(internet.note!);
        } else {
          verdict = 'none';
          failing.push(`${subnet.id} (${table.id}; ${nodeSets.join(', ')}): ${missing.join('; ')}`);
        }
        return { subnetId: subnet.id, nodeSets, routeTableId: table.id, association, defaultRoute: internet.via, s3GatewayEndpoints: s3, ...(verdict === 'none' ? { missing: shown } : {}), verdict };
      });
      if (captured.length && evidenceSubnets.some((x) => x.defaultRoute !== null)) {
        f.fail(`private DNS sends ${ecr.host} to the VPC's ECR endpoints from every node subnet, NAT or not, but ${captured.join('; ')}`);
      }
      if (failing.length) f.fail(`node subnets cannot reach ECR ${ecr.host}: no NAT or internet gateway route, and the private path is incomplete: ${listBrief(failing, 3)}`);
      return f.outcome(`every node subnet reaches ECR ${ecr.host} (${[...new Set(evidenceSubnets.map((s) => (s.verdict === 'endpoints' ? 'ECR and S3 endpoints' : (s.defaultRoute ?? '')))) ].join(', ')})`, {
        resources: [...Object.values(found).map((e) => e.id), ...new Set(subnets.map((s) => s.table.id))],
        evidence: {
          registry: ecr.host,
          registryRegion: ecr.region,
          region,
          vpcId: cluster.vpcId,
          ecrEndpoints: Object.fromEntries(Object.entries(found).map(([k, e]) => [k, { id: e.id, privateDnsEnabled: e.privateDnsEnabled ?? false, securityGroupIds: e.securityGroupIds, subnetIds: e.subnetIds }])),
          subnets: evidenceSubnets,
        },
      });
    }),
  remediation: 'manual',
  docs: {
    what: 'With images from ECR, every node subnet has a default route to a NAT or internet gateway, or the private path is complete: interface endpoints com.amazonaws.<region>.ecr.api and .ecr.dkr in the cluster VPC with private DNS on and security groups that admit TCP 443 from the nodes, plus the S3 gateway endpoint on the subnet\'s route table (ECR serves layers from S3). Endpoints serve their own region only. An ECR endpoint with private DNS on is the path even where a NAT route exists (the registry names resolve to it), so its groups must admit the nodes either way.',
    why: 'Nodes pull every Daytona image from ECR; without a path the pods stay in ImagePullBackOff and the install never becomes ready.',
    fix: [
      'Either route the node subnets through a NAT gateway:',
      '  aws ec2 create-route --route-table-id <rtb> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-id>',
      'or create the private path (the endpoint group must admit TCP 443 from the nodes\' group):',
      '  aws ec2 create-security-group --group-name ecr-endpoints --description "ECR endpoints" --vpc-id <vpc-id>',
      '  aws ec2 authorize-security-group-ingress --group-id <endpoint-sg> --protocol tcp --port 443 --source-group <node-sg>',
      '  aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --vpc-endpoint-type Interface --service-name com.amazonaws.<region>.ecr.api --subnet-ids <node-subnets> --security-group-ids <endpoint-sg> --private-dns-enabled',
      '  aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --vpc-endpoint-type Interface --service-name com.amazonaws.<region>.ecr.dkr --subnet-ids <node-subnets> --security-group-ids <endpoint-sg> --private-dns-enabled',
      '  aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --vpc-endpoint-type Gateway --service-name com.amazonaws.<region>.s3 --route-table-ids <node-rtbs>',
    ].join('\n'),
  },
};
