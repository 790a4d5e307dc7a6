/**
 * Broken accounts: the typical account of test/helpers/aws-mocks.ts with the breakers each
 * remediation exists for. Each function edits the account in place and returns it.
 */
import { BUCKET, REGION, VPC, arn, typicalAccount, type FakeAccount } from '../../helpers/aws-mocks.js';

/** Bucket gone; the DB and cache groups admit nobody; subnets untagged; the node role lacks ECR; two repositories missing. */
export function brokenBasics(a: FakeAccount = typicalAccount()): FakeAccount {
  delete a.buckets[BUCKET];
  a.securityGroupRules = a.securityGroupRules.filter((r) => !(r.IsEgress === false && (r.GroupId === 'sg-0rds' || r.GroupId === 'sg-0cache')));
  for (const s of a.subnets) s.Tags = (s.Tags ?? []).filter((t) => !t.Key?.startsWith('kubernetes.io/role/'));
  a.roles['daytona-node-role']!.attached = a.roles['daytona-node-role']!.attached.filter((p) => !p.PolicyName?.startsWith('AmazonEC2ContainerRegistry'));
  delete a.ecrImages['daytonaio/daytona-proxy'];
  delete a.ecrImages['dexidp/dex'];
  return a;
}

/** What brokenBasics deleted from ECR, as a person would copy it back in. */
export const DELETED_IMAGES = { 'daytonaio/daytona-proxy': ['v0.168.4-k8s-oss-amd64'], 'dexidp/dex': ['v2.42.0'] };

/** The nodes' groups let nothing out; ECR has both interface endpoints behind sg-0endpoints. */
export function lockedEgress(a: FakeAccount = typicalAccount()): FakeAccount {
  a.securityGroupRules = a.securityGroupRules.filter((r) => !(r.IsEgress && (r.GroupId === 'sg-0cluster' || r.GroupId === 'sg-0runners')));
  const api = a.vpcEndpoints.find((e) => e.VpcEndpointId === 'vpce-0ecrapi')!;
  a.vpcEndpoints.push({ ...api, VpcEndpointId: 'vpce-0ecrdkr', ServiceName: `com.amazonaws.${REGION}.ecr.dkr` });
  return a;
}

/** Private node subnets with no NAT route and no S3 gateway endpoint (images from Docker Hub, Harbor on S3). */
export function noS3Route(a: FakeAccount = typicalAccount()): FakeAccount {
  const main = a.routeTables.find((t) => t.RouteTableId === 'rtb-0main')!;
  main.Routes = (main.Routes ?? []).filter((r) => r.NatGatewayId === undefined && r.GatewayId !== 'vpce-0s3gateway');
  a.vpcEndpoints = a.vpcEndpoints.filter((e) => e.VpcEndpointId !== 'vpce-0s3gateway');
  return a;
}

/** Values without ECR: Harbor on S3 with a static key, everything else in-cluster. */
export const S3_ONLY_VALUES = `
harbor:
  persistence:
    imageChartStorage:
      type: s3
      s3: { bucket: ${BUCKET}, region: ${REGION}, accesskey: AKIAIOSFODNN7EXAMPLE, secretkey: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY }
`;

/** Risky fixes only: the node role lacks the CNI policy; the registry key is inactive. */
export function riskyOnly(a: FakeAccount = typicalAccount()): FakeAccount {
  a.roles['daytona-node-role']!.attached = a.roles['daytona-node-role']!.attached.filter((p) => p.PolicyName !== 'AmazonEKS_CNI_Policy');
  for (const k of Object.values(a.accessKeys)) k.status = 'Inactive';
  return a;
}

export { VPC, arn };
