import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  BatchLoader,
  FILTER_CHUNK,
  describeLaunchTemplateVersion,
  describeNetworkAcls,
  describePeerings,
  describePrefixLists,
  describeRouteTables,
  describeSecurityGroups,
  describeSelfManagedNodes,
  describeSubnets,
  describeVpcEndpoints,
  describeVpcs,
  getManagedPrefixListEntries,
  instanceProfileName,
  launchTemplateFacts,
  resolveInstanceProfileRoles,
} from '../../../src/inventory/aws/ec2.js';
import { ok } from '../../../src/inventory/fact.js';
import { accessDenied, ec2Denied, paged, testRuntime, typicalAccount, withSelfManagedNodes, VPC } from '../../helpers/aws-mocks.js';

let ec2: ReturnType<typeof mockClient>;
let iam: ReturnType<typeof mockClient>;
beforeEach(() => {
  ec2 = mockClient(EC2Client);
  iam = mockClient(IAMClient);
});
afterEach(() => {
  ec2.restore();
  iam.restore();
});

const filterValues = (input: { Filters?: Filter[] }, name: string): string[] => input.Filters?.find((f) => f.Name === name)?.Values ?? [];

describe('subnets and VPCs', () => {
  it('asks by subnet-id filter, so a deleted id is just absent instead of failing the call', async () => {
    const account = typicalAccount();
    ec2.on(DescribeSubnetsCommand).callsFake(async (input) => ({ Subnets: account.subnets.filter((s) => filterValues(input, 'subnet-id').includes(s.SubnetId!)) }));
    const fact = await describeSubnets(testRuntime(), ['subnet-0private0a', 'subnet-0gone', 'subnet-0public00a']);
    expect(fact).toEqual({
      value: [
        { id: 'subnet-0private0a', vpcId: VPC, cidr: '10.0.1.0/24', ipv6Cidrs: [], availabilityZone: 'us-east-1a', mapPublicIpOnLaunch: false, tags: { 'kubernetes.io/role/internal-elb': '1' } },
        { id: 'subnet-0public00a', vpcId: VPC, cidr: '10.0.101.0/24', ipv6Cidrs: [], availabilityZone: 'us-east-1a', mapPublicIpOnLaunch: true, tags: { 'kubernetes.io/role/elb': '1' } },
      ],
    });
  });

  it(`splits more than ${FILTER_CHUNK} ids into requests of at most ${FILTER_CHUNK} filter values, and follows NextToken in each`, async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `subnet-${String(i).padStart(6, '0')}`);
    ec2.on(DescribeSubnetsCommand).callsFake(async (input: { Filters?: Filter[]; NextToken?: string }) => {
      const values = filterValues(input, 'subnet-id');
      const half = Math.ceil(values.length / 2);
      const page = input.NextToken ? values.slice(half) : values.slice(0, half);
      return { Subnets: page.map((SubnetId) => ({ SubnetId, VpcId: VPC, CidrBlock: '10.0.0.0/28' })), ...(input.NextToken ? {} : { NextToken: `more-${values[0]}` }) };
    });
    const rt = testRuntime();
    const fact = await describeSubnets(rt, ids);
    expect('value' in fact && fact.value.map((s) => s.id).sort()).toEqual(ids);
    const sizes = ec2.commandCalls(DescribeSubnetsCommand).filter((c) => !c.args[0].input.NextToken).map((c) => filterValues(c.args[0].input, 'subnet-id').length);
    expect(sizes.sort((a, b) => a - b)).toEqual([50, 200]);
    expect(rt.calls['ec2:DescribeSubnets']).toBe(4);
  });

  it('makes no call for no ids', async () => {
    const rt = testRuntime();
    expect(await describeSubnets(rt, [])).toEqual({ value: [] });
    expect(rt.calls).toEqual({});
  });

  it('is an error naming ec2:DescribeSubnets when denied (UnauthorizedOperation)', async () => {
    ec2.on(DescribeSubnetsCommand).rejects(ec2Denied());
    expect(await describeSubnets(testRuntime(), ['subnet-0private0a'])).toEqual({ error: { code: 'AccessDenied', message: 'not authorized to perform ec2:DescribeSubnets', action: 'ec2:DescribeSubnets' } });
  });

  it('reads the VPC CIDRs that are associated (not the failed or disassociated ones)', async () => {
    ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        {
          VpcId: VPC,
          CidrBlock: '10.0.0.0/16',
          CidrBlockAssociationSet: [
            { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
            { CidrBlock: '100.64.0.0/16', CidrBlockState: { State: 'associated' } },
            { CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'disassociated' } },
          ],
          Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:1f18:abc:de00::/56', Ipv6CidrBlockState: { State: 'associated' } }],
        },
      ],
    });
    expect(await describeVpcs(testRuntime(), [VPC])).toEqual({ value: [{ id: VPC, cidrs: ['10.0.0.0/16', '100.64.0.0/16'], ipv6Cidrs: ['2600:1f18:abc:de00::/56'] }] });
  });

  it('reads the subnet IPv6 blocks that are associated (not one being or already disassociated)', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        {
          SubnetId: 'subnet-0dual',
          VpcId: VPC,
          CidrBlock: '10.0.1.0/24',
          AvailabilityZone: 'us-east-1a',
          Ipv6CidrBlockAssociationSet: [
            { AssociationId: 'subnet-cidr-assoc-0new', Ipv6CidrBlock: '2600:1f18:abc:de01::/64', Ipv6CidrBlockState: { State: 'associated' } },
            { AssociationId: 'subnet-cidr-assoc-0old', Ipv6CidrBlock: '2600:1f18:abc:de99::/64', Ipv6CidrBlockState: { State: 'disassociated' } },
          ],
        },
      ],
    });
    expect(await describeSubnets(testRuntime(), ['subnet-0dual'])).toEqual({
      value: [{ id: 'subnet-0dual', vpcId: VPC, cidr: '10.0.1.0/24', ipv6Cidrs: ['2600:1f18:abc:de01::/64'], availabilityZone: 'us-east-1a', tags: {} }],
    });
  });
});

describe('BatchLoader: each id fetched once per run', () => {
  it('sends only the ids not asked for before, and answers repeated ids from the first request', async () => {
    const asked: string[][] = [];
    const loader = new BatchLoader<{ id: string }>(async (ids) => {
      asked.push(ids);
      return ok(ids.filter((id) => id !== 'gone').map((id) => ({ id })));
    });
    const [first, second] = await Promise.all([loader.load(['a', 'b', 'gone']), loader.load(['b', 'c', 'a'])]);
    expect(asked).toEqual([['a', 'b', 'gone'], ['c']]);
    expect(first).toEqual({ value: [{ id: 'a' }, { id: 'b' }] });
    expect(second).toEqual({ value: [{ id: 'b' }, { id: 'c' }, { id: 'a' }] });
  });

  it('hands the error of the request to everyone who asked for one of its ids', async () => {
    const loader = new BatchLoader<{ id: string }>(async () => ({ error: { code: 'AccessDenied', message: 'no', action: 'ec2:DescribeSubnets' } }));
    expect(await loader.load(['a'])).toMatchObject({ error: { action: 'ec2:DescribeSubnets' } });
    expect(await loader.load(['a'])).toMatchObject({ error: { action: 'ec2:DescribeSubnets' } });
  });
});

describe('security groups', () => {
  const account = typicalAccount();
  const groupsFake = async (input: { Filters?: Filter[] }) => ({ SecurityGroups: account.securityGroups.filter((g) => filterValues(input, 'group-id').includes(g.GroupId!)) });
  const rulesFake = async (input: { Filters?: Filter[] }) => ({ SecurityGroupRules: account.securityGroupRules.filter((r) => filterValues(input, 'group-id').includes(r.GroupId!)) });

  it('reads the groups and their rules with rule ids in one request each, one rule per source', async () => {
    ec2.on(DescribeSecurityGroupsCommand).callsFake(groupsFake);
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake(rulesFake);
    const rt = testRuntime();
    const fact = await describeSecurityGroups(rt, ['sg-0rds', 'sg-0cluster']);
    expect(fact).toEqual({
      value: [
        {
          id: 'sg-0cluster',
          name: 'eks-cluster-sg-daytona',
          vpcId: VPC,
          ingress: [{ ruleId: 'sgr-00000001', protocol: '-1', fromPort: -1, toPort: -1, referencedGroupId: 'sg-0cluster' }],
          egress: [{ ruleId: 'sgr-00000002', protocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }],
        },
        {
          id: 'sg-0rds',
          name: 'daytona-db',
          vpcId: VPC,
          ingress: [
            { ruleId: 'sgr-00000004', protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-0cluster', description: 'nodes' },
            { ruleId: 'sgr-00000005', protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-0runners' },
          ],
          egress: [],
        },
      ],
    });
    expect(rt.calls).toEqual({ 'ec2:DescribeSecurityGroups': 1, 'ec2:DescribeSecurityGroupRules': 1 });
  });

  it('falls back to the groups\' own nested permissions (without rule ids) when DescribeSecurityGroupRules is denied', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-0rds',
          GroupName: 'daytona-db',
          VpcId: VPC,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 5432,
              ToPort: 5432,
              UserIdGroupPairs: [{ GroupId: 'sg-0cluster', Description: 'nodes' }],
              IpRanges: [{ CidrIp: '10.0.0.0/16' }],
              Ipv6Ranges: [{ CidrIpv6: '::/0' }],
              PrefixListIds: [{ PrefixListId: 'pl-0corp' }],
            },
          ],
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
      ],
    });
    ec2.on(DescribeSecurityGroupRulesCommand).rejects(ec2Denied());
    expect(await describeSecurityGroups(testRuntime(), ['sg-0rds'])).toEqual({
      value: [
        {
          id: 'sg-0rds',
          name: 'daytona-db',
          vpcId: VPC,
          ingress: [
            { protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.0.0/16' },
            { protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv6: '::/0' },
            { protocol: 'tcp', fromPort: 5432, toPort: 5432, prefixListId: 'pl-0corp' },
            { protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-0cluster', description: 'nodes' },
          ],
          egress: [{ protocol: '-1', cidrIpv4: '0.0.0.0/0' }],
        },
      ],
    });
  });

  it('is an error naming ec2:DescribeSecurityGroups when the groups cannot be read', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(ec2Denied());
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake(rulesFake);
    expect(await describeSecurityGroups(testRuntime(), ['sg-0rds'])).toMatchObject({ error: { code: 'AccessDenied', action: 'ec2:DescribeSecurityGroups' } });
  });
});

describe('route tables, network ACLs, endpoints, peering, prefix lists (by VPC)', () => {
  const account = typicalAccount();

  it('route tables: main flag, explicit associations, every route target', async () => {
    ec2.on(DescribeRouteTablesCommand).callsFake(async (input) => ({ RouteTables: account.routeTables.filter((t) => filterValues(input, 'vpc-id').includes(t.VpcId!)) }));
    const fact = await describeRouteTables(testRuntime(), [VPC]);
    expect(fact).toEqual({
      value: [
        {
          id: 'rtb-0main',
          vpcId: VPC,
          main: true,
          subnetIds: [],
          routes: [
            { destinationCidr: '10.0.0.0/16', gatewayId: 'local', state: 'active' },
            { destinationCidr: '0.0.0.0/0', natGatewayId: 'nat-0abc', state: 'active' },
            { destinationPrefixListId: 'pl-63a5400a', gatewayId: 'vpce-0s3gateway', state: 'active' },
          ],
        },
        {
          id: 'rtb-0public',
          vpcId: VPC,
          main: false,
          subnetIds: ['subnet-0public00a'],
          routes: [
            { destinationCidr: '10.0.0.0/16', gatewayId: 'local', state: 'active' },
            { destinationCidr: '0.0.0.0/0', gatewayId: 'igw-0abc', state: 'active' },
          ],
        },
      ],
    });
  });

  it('network ACLs: entries with rule numbers, direction, action and port ranges', async () => {
    ec2.on(DescribeNetworkAclsCommand).resolves({
      NetworkAcls: [
        {
          NetworkAclId: 'acl-0strict',
          VpcId: VPC,
          IsDefault: false,
          Associations: [{ SubnetId: 'subnet-0db00000a' }],
          Entries: [
            { RuleNumber: 90, Egress: false, Protocol: '6', RuleAction: 'deny', CidrBlock: '0.0.0.0/0', PortRange: { From: 5432, To: 5432 } },
            { RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' },
          ],
        },
      ],
    });
    expect(await describeNetworkAcls(testRuntime(), [VPC])).toEqual({
      value: [
        {
          id: 'acl-0strict',
          vpcId: VPC,
          isDefault: false,
          subnetIds: ['subnet-0db00000a'],
          entries: [
            { ruleNumber: 90, egress: false, protocol: '6', action: 'deny', cidrIpv4: '0.0.0.0/0', fromPort: 5432, toPort: 5432 },
            { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidrIpv6: '::/0' },
          ],
        },
      ],
    });
  });

  it('VPC endpoints: type, state, route tables, subnets, groups, private DNS', async () => {
    ec2.on(DescribeVpcEndpointsCommand).callsFake(async (input) => ({ VpcEndpoints: account.vpcEndpoints.filter((e) => filterValues(input, 'vpc-id').includes(e.VpcId!)) }));
    const fact = await describeVpcEndpoints(testRuntime(), [VPC]);
    expect('value' in fact && fact.value[1]).toEqual({
      id: 'vpce-0ecrapi',
      vpcId: VPC,
      serviceName: 'com.amazonaws.us-east-1.ecr.api',
      type: 'Interface',
      state: 'available',
      routeTableIds: [],
      subnetIds: ['subnet-0private0a', 'subnet-0private0b'],
      securityGroupIds: ['sg-0endpoints'],
      privateDnsEnabled: true,
    });
  });

  it('peering: one listing, kept when either side is one of the VPCs, with both sides CIDRs', async () => {
    ec2.on(DescribeVpcPeeringConnectionsCommand).callsFake(
      paged([
        {
          VpcPeeringConnections: [
            {
              VpcPeeringConnectionId: 'pcx-0db',
              Status: { Code: 'active' },
              RequesterVpcInfo: { VpcId: VPC, CidrBlock: '10.0.0.0/16', CidrBlockSet: [{ CidrBlock: '10.0.0.0/16' }, { CidrBlock: '100.64.0.0/16' }] },
              AccepterVpcInfo: { VpcId: 'vpc-0db', CidrBlock: '10.20.0.0/16' },
            },
          ],
        },
        {
          VpcPeeringConnections: [
            { VpcPeeringConnectionId: 'pcx-0other', Status: { Code: 'active' }, RequesterVpcInfo: { VpcId: 'vpc-0x' }, AccepterVpcInfo: { VpcId: 'vpc-0y' } },
            { VpcPeeringConnectionId: 'pcx-0in', Status: { Code: 'pending-acceptance' }, RequesterVpcInfo: { VpcId: 'vpc-0z', CidrBlock: '10.30.0.0/16' }, AccepterVpcInfo: { VpcId: VPC, CidrBlock: '10.0.0.0/16' } },
          ],
        },
      ]),
    );
    const rt = testRuntime();
    expect(await describePeerings(rt, [VPC])).toEqual({
      value: [
        { id: 'pcx-0db', status: 'active', requesterVpcId: VPC, requesterCidrs: ['10.0.0.0/16', '100.64.0.0/16'], accepterVpcId: 'vpc-0db', accepterCidrs: ['10.20.0.0/16'] },
        { id: 'pcx-0in', status: 'pending-acceptance', requesterVpcId: 'vpc-0z', requesterCidrs: ['10.30.0.0/16'], accepterVpcId: VPC, accepterCidrs: ['10.0.0.0/16'] },
      ],
    });
    expect(rt.calls['ec2:DescribeVpcPeeringConnections']).toBe(2);
  });

  it('prefix lists: the AWS service lists of the region, by id and name', async () => {
    ec2.on(DescribePrefixListsCommand).resolves({ PrefixLists: account.prefixLists });
    expect(await describePrefixLists(testRuntime())).toEqual({
      value: [
        { id: 'pl-63a5400a', name: 'com.amazonaws.us-east-1.s3' },
        { id: 'pl-02cd2c6b', name: 'com.amazonaws.us-east-1.dynamodb' },
      ],
    });
  });

  it('customer prefix list entries: every page followed (at most 100 a page), the CIDRs kept', async () => {
    ec2
      .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-0c0rp', NextToken: undefined })
      .resolves({ Entries: [{ Cidr: '10.0.0.0/16', Description: 'EKS VPC' }], NextToken: 'page-2' })
      .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-0c0rp', NextToken: 'page-2' })
      .resolves({ Entries: [{ Cidr: '2600:1f18:1::/56' }] });
    expect(await getManagedPrefixListEntries(testRuntime(), 'pl-0c0rp')).toEqual(ok(['10.0.0.0/16', '2600:1f18:1::/56']));
    expect(ec2.commandCalls(GetManagedPrefixListEntriesCommand).map((c) => c.args[0].input.MaxResults)).toEqual([100, 100]);
  });

  it('customer prefix list entries that may not be read are an error naming the action', async () => {
    ec2.on(GetManagedPrefixListEntriesCommand).rejects(ec2Denied());
    expect(await getManagedPrefixListEntries(testRuntime(), 'pl-0c0rp')).toMatchObject({ error: { action: 'ec2:GetManagedPrefixListEntries' } });
  });

  it("a denied read is that fact's error, naming the action", async () => {
    ec2.on(DescribeNetworkAclsCommand).rejects(ec2Denied());
    expect(await describeNetworkAcls(testRuntime(), [VPC])).toMatchObject({ error: { code: 'AccessDenied', action: 'ec2:DescribeNetworkAcls' } });
  });
});

describe('launch templates', () => {
  it('takes the groups from SecurityGroupIds and the network interfaces, the largest EBS volume, the instance type', () => {
    expect(
      launchTemplateFacts({
        SecurityGroupIds: ['sg-a'],
        NetworkInterfaces: [{ DeviceIndex: 0, Groups: ['sg-b', 'sg-a'] }],
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 2 } },
          { DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 500 } },
        ],
        InstanceType: 'c5.4xlarge',
      }),
    ).toEqual({ securityGroupIds: ['sg-a', 'sg-b'], rootVolumeGiB: 500, instanceType: 'c5.4xlarge' });
    expect(launchTemplateFacts({})).toEqual({ securityGroupIds: [] });
  });

  it('reads exactly the version the node group uses', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: typicalAccount().launchTemplateVersions });
    const fact = await describeLaunchTemplateVersion(testRuntime(), { id: 'lt-0runners0000001', version: '3' });
    expect(fact).toEqual({ value: { securityGroupIds: ['sg-0runners'], rootVolumeGiB: 200, instanceType: 'm5.4xlarge' } });
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]!.args[0].input).toEqual({ LaunchTemplateId: 'lt-0runners0000001', Versions: ['3'], NextToken: undefined });
  });

  it('uses the template name and $Default when that is all the node group says', async () => {
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [] });
    const fact = await describeLaunchTemplateVersion(testRuntime(), { name: 'runners' });
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]!.args[0].input).toMatchObject({ LaunchTemplateName: 'runners', Versions: ['$Default'] });
    expect(fact).toMatchObject({ error: { code: 'NotFound', action: 'ec2:DescribeLaunchTemplateVersions' } });
  });
});

describe('self-managed nodes', () => {
  const account = withSelfManagedNodes(typicalAccount());

  it('are the running instances tagged kubernetes.io/cluster/<name>=owned that no managed node group owns', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: account.instances }] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: account.volumes });
    const fact = await describeSelfManagedNodes(testRuntime(), 'daytona');
    expect(fact).toEqual({
      value: [
        {
          id: 'i-0selfmanaged0001',
          subnetId: 'subnet-0private0b',
          securityGroupIds: ['sg-0selfmanaged'],
          instanceType: 'c5.2xlarge',
          architecture: 'x86_64',
          iamInstanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/self-managed-nodes',
          tags: { 'kubernetes.io/cluster/daytona': 'owned' },
          rootVolumeGiB: 150,
        },
      ],
    });
    expect(ec2.commandCalls(DescribeInstancesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'tag:kubernetes.io/cluster/daytona', Values: ['owned'] },
      { Name: 'instance-state-name', Values: ['running'] },
    ]);
    expect(filterValues(ec2.commandCalls(DescribeVolumesCommand)[0]!.args[0].input, 'volume-id')).toEqual(['vol-0root0001']);
  });

  it('keep their other facts when the root volume size cannot be read', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: account.instances }] });
    ec2.on(DescribeVolumesCommand).rejects(ec2Denied());
    const fact = await describeSelfManagedNodes(testRuntime(), 'daytona');
    expect('value' in fact && fact.value[0]).not.toHaveProperty('rootVolumeGiB');
  });

  it('are none (and cost no volume call) when no instance carries the tag', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    const rt = testRuntime();
    expect(await describeSelfManagedNodes(rt, 'daytona')).toEqual({ value: [] });
    expect(rt.calls).toEqual({ 'ec2:DescribeInstances': 1 });
  });

  it('resolve their instance profiles to roles, once per profile', async () => {
    iam.on(GetInstanceProfileCommand, { InstanceProfileName: 'self-managed-nodes' }).resolves({
      InstanceProfile: { InstanceProfileName: 'self-managed-nodes', InstanceProfileId: 'AIPA1', Arn: 'x', Path: '/', CreateDate: new Date(), Roles: [{ RoleName: 'node', Arn: 'arn:aws:iam::123456789012:role/node', Path: '/', RoleId: 'AROA1', CreateDate: new Date() }] },
    });
    iam.on(GetInstanceProfileCommand, { InstanceProfileName: 'denied' }).rejects(accessDenied());
    const profile = 'arn:aws:iam::123456789012:instance-profile/nodes/self-managed-nodes';
    const rt = testRuntime();
    const roles = await resolveInstanceProfileRoles(rt, [profile, profile, 'arn:aws:iam::123456789012:instance-profile/denied']);
    expect(instanceProfileName(profile)).toBe('self-managed-nodes');
    expect(roles.get(profile)).toEqual({ value: 'arn:aws:iam::123456789012:role/node' });
    expect(roles.get('arn:aws:iam::123456789012:instance-profile/denied')).toMatchObject({ error: { code: 'AccessDenied', action: 'iam:GetInstanceProfile' } });
    expect(rt.calls['iam:GetInstanceProfile']).toBe(2);
  });
});
