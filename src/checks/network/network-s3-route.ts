import type { Check } from '../../engine/types.js';
import { need } from '../../inventory/fact.js';
import { Findings, listBrief, withNodes } from '../../network/outcome.js';
import { routedNodeSubnets } from '../../network/node-subnets.js';
import { gatewayEndpointsOn } from '../../network/routes.js';
import { internetPath } from '../../network/internet.js';
import { isInterfaceEndpointFor, regionOfArn } from '../../network/services.js';
import { nodeSetsNotAdmitted } from '../../network/endpoint-access.js';

export const networkS3Route: Check = {
  id: 'network-s3-route',
  area: 'network',
  title: 'The node subnets have a route to S3',
  severity: 'critical',
  appliesTo: (intent) => (intent.s3.length > 0 || intent.ecr ? true : 'no S3 bucket in the values, and images do not come from ECR (whose layers are served from S3)'),
  needs: ['eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.routes', 'ec2.endpoints', 'ec2.selfManagedNodes'],
  evaluate: (intent, inv) =>
    withNodes(inv, (sets) => {
      const cluster = need(inv.eks?.cluster, 'EKS cluster')!;
      const region = regionOfArn(cluster.arn);
      const endpoints = need(inv.ec2?.vpcEndpoints, 'VPC endpoints');
      // Buckets Harbor/the API use, and ECR's layer storage, which lives in the registry's region.
      const needed = [...new Set([...intent.s3.map((b) => b.region), ...(intent.ecr ? [intent.ecr.region] : [])])];
      // Gateway and interface endpoints serve their own region only.
      const crossRegion = needed.filter((r) => r !== region);
      const f = new Findings();
      const failing: { subnetId: string; routeTableId: string; nodeSets: string[] }[] = [];
      const subnets = routedNodeSubnets(inv, sets).map(({ subnet, nodeSets, table, association }) => {
        const gateways = gatewayEndpointsOn(table, endpoints, 's3').filter((e) => e.vpcId === subnet.vpcId).map((e) => e.id);
        // An S3 interface endpoint counts with private DNS on and groups that admit every node set.
        const interfaces = endpoints
          .filter((e) => isInterfaceEndpointFor(e, 's3') && e.vpcId === subnet.vpcId && e.privateDnsEnabled && nodeSetsNotAdmitted(inv, e, sets).length === 0)
          .map((e) => e.id);
        const internet = internetPath(table, subnet);
        const viaEndpoint = (gateways.length > 0 || interfaces.length > 0) && crossRegion.length === 0;
        let verdict: 'endpoint' | 'internet' | 'uncertain' | 'none';
        if (internet.verdict === 'ok') verdict = 'internet';
        else if (viaEndpoint) verdict = 'endpoint';
        else if (internet.verdict === 'uncertain') {
          verdict = 'uncertain';
          f.warn(internet.note!);
        } else {
          verdict = 'none';
          failing.push({ subnetId: subnet.id, routeTableId: table.id, nodeSets });
        }
        return {
          subnetId: subnet.id,
          nodeSets,
          routeTableId: table.id,
          association,
          s3GatewayEndpoints: gateways,
          s3InterfaceEndpoints: interfaces,
          defaultRoute: internet.via,
          verdict,
        };
      });
      if (failing.length) {
        const why =
          crossRegion.length && subnets.some((s) => s.s3GatewayEndpoints.length || s.s3InterfaceEndpoints.length)
            ? `: S3 in ${crossRegion.join(', ')} needs a NAT or internet gateway (VPC endpoints serve ${region ?? 'their own region'} only)`
            : ': no S3 gateway endpoint on their route tables and no NAT or internet gateway default route';
        f.fail(`node subnets ${listBrief(failing.map((s) => `${s.subnetId} (${s.routeTableId}; ${s.nodeSets.join(', ')})`))} cannot reach S3${why}`);
      }
      const paths = [...new Set(subnets.map((s) => (s.verdict === 'endpoint' ? [...s.s3GatewayEndpoints, ...s.s3InterfaceEndpoints].join('+') : (s.defaultRoute ?? ''))))];
      return f.outcome(`every node subnet reaches S3 (${paths.join(', ')})`, {
        resources: [...new Set(subnets.map((s) => s.routeTableId))],
        evidence: {
          region,
          s3Regions: needed,
          ...(crossRegion.length ? { crossRegion } : {}),
          vpcId: cluster.vpcId,
          subnets,
          // For create-s3-endpoint: the route tables to attach a gateway endpoint to.
          routeTableIds: [...new Set(failing.map((s) => s.routeTableId))],
        },
      });
    }),
  remediation: 'create-s3-endpoint',
  docs: {
    what: "Every node subnet reaches S3: an S3 gateway endpoint on its route table (or an S3 interface endpoint with private DNS whose groups admit TCP 443 from the nodes), or a default route to a NAT gateway or internet gateway. Endpoints serve their own region only, so buckets (and the ECR registry's layer storage) in another region need the NAT/internet route. A default route through a transit gateway or an appliance warns: what lies beyond it is not visible.",
    why: 'Harbor stores images in S3, and with redirects on (the default) Docker on the runner nodes downloads layers straight from S3 with pre-signed URLs; ECR serves image layers from S3 too. Without a route, image pushes and pulls time out.',
    fix: [
      'Add an S3 gateway endpoint (free) on the node subnets\' route tables (evidence.routeTableIds):',
      '  aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --vpc-endpoint-type Gateway --service-name com.amazonaws.<region>.s3 --route-table-ids <rtb-1> <rtb-2>',
      'Or, to add the route tables to an existing one:',
      '  aws ec2 modify-vpc-endpoint --vpc-endpoint-id <vpce-id> --add-route-table-ids <rtb-1>',
      'A bucket in another region needs a NAT gateway route instead: aws ec2 create-route --route-table-id <rtb> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-id>',
    ].join('\n'),
  },
};
