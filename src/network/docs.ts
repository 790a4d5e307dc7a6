/**
 * Manual steps shared by the network-placement checks (peering is a design choice, so it is
 * never automated: these are printed instead).
 */
export function PEERING_FIX(what: string, subnets: string): string {
  return [
    `Peering is a design choice, so this is not automated. Simplest: create ${what} in the cluster's VPC (a subnet group over the cluster's private subnets). To peer instead (VPC CIDRs must not overlap):`,
    '  aws ec2 create-vpc-peering-connection --vpc-id <cluster-vpc> --peer-vpc-id <db-vpc> [--peer-owner-id <acct>] [--peer-region <region>]',
    '  aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id <pcx-id>   # as the owner of the peer VPC',
    "  # in every route table of the node subnets (see evidence.forward[].routeTableId):",
    '  aws ec2 create-route --route-table-id <node-rtb> --destination-cidr-block <db-subnet-or-vpc-cidr> --vpc-peering-connection-id <pcx-id>',
    `  # in every route table of ${subnets} (see evidence.back[].routeTableId):`,
    '  aws ec2 create-route --route-table-id <db-rtb> --destination-cidr-block <node-subnet-cidr> --vpc-peering-connection-id <pcx-id>',
    'Then allow the port between the groups (see the port check), referencing the nodes\' group across the peering.',
  ].join('\n');
}

/** Manual steps for a port check: a group-referenced rule each way, never a CIDR such as 0.0.0.0/0. */
export function PORT_FIX(service: string, port: number | string, listSgs: string): string {
  return [
    `Find the ${service}'s groups and the nodes' groups (evidence.target.securityGroupIds; evidence.missingIngress[].sourceGroupIds: the EKS cluster security group for managed node groups without launch-template groups, else the node group's own group):`,
    `  ${listSgs}`,
    '  aws eks describe-cluster --name <cluster> --query cluster.resourcesVpcConfig.clusterSecurityGroupId --output text',
    `Admit the nodes on the ${service}'s group (a group reference, never 0.0.0.0/0):`,
    `  aws ec2 authorize-security-group-ingress --group-id <${service}-sg> --protocol tcp --port ${port} --source-group <node-sg>`,
    `If the nodes' groups restrict outbound traffic (evidence.missingEgress), allow it to the ${service}'s group:`,
    `  aws ec2 authorize-security-group-egress --group-id <node-sg> --ip-permissions 'IpProtocol=tcp,FromPort=${port},ToPort=${port},UserIdGroupPairs=[{GroupId=<${service}-sg>,Description=daytona-preflight}]'`,
    'Replace a rule open to 0.0.0.0/0 or ::/0 on this port with the group reference above, then revoke it:',
    `  aws ec2 revoke-security-group-ingress --group-id <${service}-sg> --security-group-rule-ids <sgr-id>`,
  ].join('\n');
}
