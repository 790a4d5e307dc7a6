/**
 * EC2 operations of the fake account: the reads the collectors make (filters, id lists, pages)
 * and the writes --fix makes (security-group rules, tags, VPC endpoints), applied to the model.
 * Shapes: @aws-sdk/client-ec2 output types.
 */
import type * as Ec2 from '@aws-sdk/client-ec2';
import { checkFilterLimits, defined, ec2Tags, matchesFilters, type CallCtx, type PageSpec } from '../context.js';
import type { AccountModel, InstanceM, RouteTableM, SecurityGroupM, SgRuleM, Tags, VpcEndpointM } from '../model.js';
import type { Handlers } from './types.js';

/**
 * EC2 describe calls: MaxResults 5–1000. DescribeSecurityGroups and DescribeSecurityGroupRules
 * document "if not specified, all items are returned"; the others document no default, so the
 * fake caps them at 1000 (the largest page EC2 serves) and follows with NextToken.
 */
const EC2_ALL: PageSpec = { sizeParam: 'MaxResults', tokenParam: 'NextToken', min: 5, max: 1000, defaultSize: Infinity };
const EC2_PAGED: PageSpec = { sizeParam: 'MaxResults', tokenParam: 'NextToken', min: 5, max: 1000, defaultSize: 1000 };
/** DescribeLaunchTemplateVersions: 1–200. */
const LT_PAGE: PageSpec = { sizeParam: 'MaxResults', tokenParam: 'NextToken', min: 1, max: 200, defaultSize: 200 };

/** Describe `all` with the request's id list (unknown id: `notFound`) and Filters, one page. */
function describe<T>(ctx: CallCtx, all: readonly T[], idOf: (x: T) => string, idsParam: string, notFound: string, fields: (x: T) => Record<string, () => (string | undefined)[]>, tagsOf: (x: T) => Tags | undefined, spec: PageSpec = EC2_PAGED): { items: T[]; next?: string } {
  checkFilterLimits(ctx);
  const ids = ctx.input[idsParam] as string[] | undefined;
  if (ids?.length) {
    const missing = ids.find((id) => !all.some((x) => idOf(x) === id));
    if (missing) throw ctx.error(notFound, `The ID '${missing}' does not exist`, 400);
  }
  const selected = all.filter((x) => (!ids?.length || ids.includes(idOf(x))) && matchesFilters(ctx, fields(x), tagsOf(x)));
  return ctx.page(selected, spec);
}

const owner = (ctx: CallCtx) => ctx.model.accountId;

// ------------------------------------------------------------------ renderers

function protocolName(p: string): string {
  const lower = String(p).toLowerCase();
  return ({ '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' } as Record<string, string>)[lower] ?? lower;
}

function renderRule(ctx: CallCtx, g: SecurityGroupM, r: SgRuleM): Ec2.SecurityGroupRule {
  const all = r.protocol === '-1';
  return defined({
    SecurityGroupRuleId: r.id,
    GroupId: g.id,
    GroupOwnerId: owner(ctx),
    IsEgress: r.egress,
    IpProtocol: r.protocol,
    FromPort: all ? -1 : r.from,
    ToPort: all ? -1 : r.to,
    CidrIpv4: r.cidr,
    CidrIpv6: r.cidrV6,
    PrefixListId: r.prefixList,
    ReferencedGroupInfo: r.group ? { GroupId: r.group, UserId: owner(ctx) } : undefined,
    Description: r.description,
    Tags: ec2Tags(r.tags),
    SecurityGroupRuleArn: `arn:${ctx.model.partition}:ec2:${ctx.model.region}:${owner(ctx)}:security-group-rule/${r.id}`,
  });
}

/** DescribeSecurityGroups nests rules by protocol and ports, one list per kind of peer. */
function ipPermissions(ctx: CallCtx, rules: SgRuleM[]): Ec2.IpPermission[] {
  const byKey = new Map<string, Ec2.IpPermission>();
  for (const r of rules) {
    const key = `${r.protocol}/${r.from ?? ''}/${r.to ?? ''}`;
    let p = byKey.get(key);
    if (!p) {
      p = defined({ IpProtocol: r.protocol, FromPort: r.protocol === '-1' ? undefined : r.from, ToPort: r.protocol === '-1' ? undefined : r.to, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] });
      byKey.set(key, p);
    }
    if (r.cidr) p.IpRanges!.push(defined({ CidrIp: r.cidr, Description: r.description }));
    if (r.cidrV6) p.Ipv6Ranges!.push(defined({ CidrIpv6: r.cidrV6, Description: r.description }));
    if (r.prefixList) p.PrefixListIds!.push(defined({ PrefixListId: r.prefixList, Description: r.description }));
    if (r.group) p.UserIdGroupPairs!.push(defined({ GroupId: r.group, UserId: owner(ctx), Description: r.description }));
  }
  return [...byKey.values()];
}

function renderGroup(ctx: CallCtx, g: SecurityGroupM): Ec2.SecurityGroup {
  return defined({
    GroupId: g.id,
    GroupName: g.name,
    Description: g.description ?? g.name,
    VpcId: g.vpcId,
    OwnerId: owner(ctx),
    SecurityGroupArn: `arn:${ctx.model.partition}:ec2:${ctx.model.region}:${owner(ctx)}:security-group/${g.id}`,
    IpPermissions: ipPermissions(ctx, g.rules.filter((r) => !r.egress)),
    IpPermissionsEgress: ipPermissions(ctx, g.rules.filter((r) => r.egress)),
    Tags: g.tags ? ec2Tags(g.tags) : undefined,
  });
}

function renderRouteTable(ctx: CallCtx, t: RouteTableM): Ec2.RouteTable {
  const vpc = ctx.model.ec2.vpcs.find((v) => v.id === t.vpcId);
  // Every route table has its VPC's local route, whether or not the description lists it.
  const local: Ec2.Route[] = vpc && !t.routes.some((r) => r.gateway === 'local') ? [{ DestinationCidrBlock: vpc.cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }] : [];
  return defined({
    RouteTableId: t.id,
    VpcId: t.vpcId,
    OwnerId: owner(ctx),
    Associations: [
      ...(t.main ? [{ Main: true, RouteTableAssociationId: `rtbassoc-${t.id.slice(4)}m`, RouteTableId: t.id, AssociationState: { State: 'associated' as const } }] : []),
      ...(t.subnetIds ?? []).map((SubnetId, i) => ({ Main: false, RouteTableAssociationId: `rtbassoc-${t.id.slice(4)}${i}`, RouteTableId: t.id, SubnetId, AssociationState: { State: 'associated' as const } })),
    ],
    Routes: [
      ...local,
      ...t.routes.map((r) =>
        defined({
          DestinationCidrBlock: r.destination,
          DestinationIpv6CidrBlock: r.destinationV6,
          DestinationPrefixListId: r.prefixList,
          GatewayId: r.gateway,
          NatGatewayId: r.nat,
          VpcPeeringConnectionId: r.peering,
          TransitGatewayId: r.transitGateway,
          EgressOnlyInternetGatewayId: r.egressOnlyGateway,
          Origin: 'CreateRoute' as const,
          State: (r.state ?? 'active') as Ec2.RouteState,
        }),
      ),
    ],
    PropagatingVgws: [],
    Tags: t.tags ? ec2Tags(t.tags) : [],
  });
}

function renderEndpoint(ctx: CallCtx, e: VpcEndpointM): Ec2.VpcEndpoint {
  const groups = (e.groupIds ?? []).map((id) => ({ GroupId: id, GroupName: ctx.model.ec2.securityGroups.find((g) => g.id === id)?.name ?? id }));
  return defined({
    VpcEndpointId: e.id,
    VpcEndpointType: e.type,
    VpcId: e.vpcId,
    ServiceName: e.service,
    State: (e.state ?? 'available') as Ec2.State,
    PolicyDocument: e.type === 'Gateway' ? '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}' : undefined,
    RouteTableIds: [...(e.routeTableIds ?? [])],
    SubnetIds: [...(e.subnetIds ?? [])],
    Groups: groups,
    PrivateDnsEnabled: e.type === 'Interface' ? e.privateDns === true : false,
    RequesterManaged: false,
    NetworkInterfaceIds: e.type === 'Interface' ? (e.subnetIds ?? []).map((_s, i) => `eni-${e.id.slice(5)}${i}`) : [],
    CreationTimestamp: new Date('2024-03-01T10:00:00Z'),
    Tags: ec2Tags(e.tags),
    OwnerId: owner(ctx),
  });
}

function renderInstance(ctx: CallCtx, i: InstanceM): Ec2.Instance {
  const subnet = ctx.model.ec2.subnets.find((s) => s.id === i.subnetId);
  const state = i.state ?? 'running';
  return defined({
    InstanceId: i.id,
    InstanceType: i.type as Ec2._InstanceType,
    Architecture: (i.arch ?? 'x86_64') as Ec2.ArchitectureValues,
    ImageId: 'ami-0fake000000000001',
    LaunchTime: new Date('2025-01-10T08:00:00Z'),
    SubnetId: i.subnetId,
    VpcId: subnet?.vpcId,
    Placement: subnet ? { AvailabilityZone: subnet.az } : undefined,
    SecurityGroups: i.groupIds.map((id) => ({ GroupId: id, GroupName: ctx.model.ec2.securityGroups.find((g) => g.id === id)?.name ?? id })),
    IamInstanceProfile: i.profileArn ? { Arn: i.profileArn, Id: `AIPA${i.id.slice(2, 18).toUpperCase().padEnd(16, '0')}` } : undefined,
    State: { Code: ({ pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 } as Record<string, number>)[state] ?? 16, Name: state as Ec2.InstanceStateName },
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs' as const,
    BlockDeviceMappings: i.rootVolumeId ? [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: i.rootVolumeId, Status: 'attached' as const, DeleteOnTermination: true, AttachTime: new Date('2025-01-10T08:00:00Z') } }] : [],
    Tags: ec2Tags(i.tags),
  });
}

// ------------------------------------------------------------------ writes

/** The rules an AuthorizeSecurityGroup* request adds, one per peer, as the model stores them. */
function requestedRules(ctx: CallCtx, egress: boolean): Omit<SgRuleM, 'id'>[] {
  const input = ctx.input as unknown as Ec2.AuthorizeSecurityGroupIngressRequest;
  const perms: Ec2.IpPermission[] = input.IpPermissions?.length
    ? input.IpPermissions
    : input.IpProtocol
      ? [{ IpProtocol: input.IpProtocol, FromPort: input.FromPort, ToPort: input.ToPort, IpRanges: input.CidrIp ? [{ CidrIp: input.CidrIp }] : [] }]
      : [];
  if (!perms.length) throw ctx.error('MissingParameter', 'The request must contain the parameter IpPermissions', 400);
  const tags = Object.fromEntries((input.TagSpecifications ?? []).flatMap((s) => s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const out: Omit<SgRuleM, 'id'>[] = [];
  for (const p of perms) {
    const protocol = protocolName(p.IpProtocol ?? '');
    if (!['tcp', 'udp', 'icmp', 'icmpv6', '-1'].includes(protocol)) throw ctx.error('InvalidParameterValue', `Invalid value '${p.IpProtocol}' for IP protocol.`, 400);
    const ports = protocol === '-1' ? {} : { from: p.FromPort, to: p.ToPort };
    if (protocol === 'tcp' || protocol === 'udp') {
      if (p.FromPort === undefined || p.ToPort === undefined || p.FromPort > p.ToPort) throw ctx.error('InvalidParameterValue', 'Invalid port range', 400);
    }
    const base = { egress, protocol, ...ports, ...(Object.keys(tags).length ? { tags } : {}) };
    for (const r of p.IpRanges ?? []) out.push(defined({ ...base, cidr: r.CidrIp, description: r.Description }));
    for (const r of p.Ipv6Ranges ?? []) out.push(defined({ ...base, cidrV6: r.CidrIpv6, description: r.Description }));
    for (const r of p.PrefixListIds ?? []) {
      if (!ctx.model.ec2.prefixLists.some((l) => l.id === r.PrefixListId)) throw ctx.error('InvalidPrefixListId.NotFound', `The prefix list '${r.PrefixListId}' does not exist`, 400);
      out.push(defined({ ...base, prefixList: r.PrefixListId, description: r.Description }));
    }
    for (const r of p.UserIdGroupPairs ?? []) {
      if (!ctx.model.ec2.securityGroups.some((g) => g.id === r.GroupId)) throw ctx.error('InvalidGroup.NotFound', `The security group '${r.GroupId}' does not exist`, 400);
      out.push(defined({ ...base, group: r.GroupId, description: r.Description }));
    }
  }
  if (!out.length) throw ctx.error('MissingParameter', 'Each IP permission needs a source or destination', 400);
  return out;
}

const samePeer = (a: Omit<SgRuleM, 'id'>, b: Omit<SgRuleM, 'id'>) =>
  a.egress === b.egress && a.protocol === b.protocol && a.from === b.from && a.to === b.to && a.cidr === b.cidr && a.cidrV6 === b.cidrV6 && a.prefixList === b.prefixList && a.group === b.group;

function authorize(egress: boolean) {
  return (_input: Ec2.AuthorizeSecurityGroupIngressRequest, ctx: CallCtx): Ec2.AuthorizeSecurityGroupIngressResult => {
    const groupId = ctx.input.GroupId as string | undefined;
    const g = ctx.model.ec2.securityGroups.find((x) => x.id === groupId);
    if (!g) throw ctx.error('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`, 400);
    const wanted = requestedRules(ctx, egress);
    // All or nothing, as EC2: one duplicate refuses the whole request.
    const dup = wanted.find((w) => g.rules.some((r) => samePeer(r, w)));
    if (dup) throw ctx.error('InvalidPermission.Duplicate', `the specified rule "peer: ${dup.group ?? dup.prefixList ?? dup.cidr ?? dup.cidrV6}, ${dup.protocol.toUpperCase()}, from port: ${dup.from}, to port: ${dup.to}, ALLOW" already exists`, 400);
    const created = wanted.map((w) => ({ ...w, id: ctx.newId('sgr') }));
    g.rules.push(...created);
    return { Return: true, SecurityGroupRules: created.map((r) => renderRule(ctx, g, r)) };
  };
}

/** The model object a resource id names, for CreateTags. */
function taggable(m: AccountModel, id: string): { tags?: Tags } | undefined {
  const e = m.ec2;
  const lists: { id: string; tags?: Tags }[][] = [e.subnets, e.vpcs, e.securityGroups, e.routeTables, e.vpcEndpoints, e.instances];
  for (const list of lists) {
    const found = list.find((x) => x.id === id);
    if (found) return found;
  }
  return e.securityGroups.flatMap((g) => g.rules).find((r) => r.id === id);
}

const NOT_FOUND_BY_PREFIX: Record<string, string> = {
  subnet: 'InvalidSubnetID.NotFound',
  vpc: 'InvalidVpcID.NotFound',
  sg: 'InvalidGroup.NotFound',
  rtb: 'InvalidRouteTableID.NotFound',
  vpce: 'InvalidVpcEndpointId.NotFound',
  i: 'InvalidInstanceID.NotFound',
  sgr: 'InvalidSecurityGroupRuleId.NotFound',
};

// ------------------------------------------------------------------ handlers

export const ec2Handlers: Handlers = {
  DescribeVpcs: (_input: Ec2.DescribeVpcsRequest, ctx): Ec2.DescribeVpcsResult => {
    const page = describe(ctx, ctx.model.ec2.vpcs, (v) => v.id, 'VpcIds', 'InvalidVpcID.NotFound', (v) => ({ 'vpc-id': () => [v.id], 'cidr-block-association.cidr-block': () => [v.cidr, ...(v.extraCidrs ?? [])], 'is-default': () => [String(v.isDefault === true)] }), (v) => v.tags);
    return defined({
      Vpcs: page.items.map((v) =>
        defined({
          VpcId: v.id,
          OwnerId: owner(ctx),
          State: 'available' as const,
          CidrBlock: v.cidr,
          CidrBlockAssociationSet: [v.cidr, ...(v.extraCidrs ?? [])].map((CidrBlock, i) => ({ AssociationId: `vpc-cidr-assoc-${v.id.slice(4)}${i}`, CidrBlock, CidrBlockState: { State: 'associated' as const } })),
          Ipv6CidrBlockAssociationSet: (v.ipv6Cidrs ?? []).map((Ipv6CidrBlock, i) => ({ AssociationId: `vpc-cidr-assoc-${v.id.slice(4)}v${i}`, Ipv6CidrBlock, Ipv6CidrBlockState: { State: 'associated' as const } })),
          IsDefault: v.isDefault === true,
          InstanceTenancy: 'default' as const,
          DhcpOptionsId: 'dopt-0fake0000000001',
          Tags: v.tags ? ec2Tags(v.tags) : undefined,
        }),
      ),
      NextToken: page.next,
    });
  },

  DescribeSubnets: (_input: Ec2.DescribeSubnetsRequest, ctx): Ec2.DescribeSubnetsResult => {
    const page = describe(ctx, ctx.model.ec2.subnets, (s) => s.id, 'SubnetIds', 'InvalidSubnetID.NotFound', (s) => ({ 'subnet-id': () => [s.id], 'vpc-id': () => [s.vpcId], 'availability-zone': () => [s.az], 'cidr-block': () => [s.cidr] }), (s) => s.tags);
    return defined({
      Subnets: page.items.map((s) =>
        defined({
          SubnetId: s.id,
          SubnetArn: `arn:${ctx.model.partition}:ec2:${ctx.model.region}:${owner(ctx)}:subnet/${s.id}`,
          VpcId: s.vpcId,
          OwnerId: owner(ctx),
          CidrBlock: s.cidr,
          AvailabilityZone: s.az,
          AvailableIpAddressCount: 200,
          DefaultForAz: false,
          MapPublicIpOnLaunch: s.mapPublicIpOnLaunch === true,
          State: 'available' as const,
          Ipv6CidrBlockAssociationSet: (s.ipv6Cidrs ?? []).map((Ipv6CidrBlock, i) => ({ AssociationId: `subnet-cidr-assoc-${s.id.slice(7)}${i}`, Ipv6CidrBlock, Ipv6CidrBlockState: { State: 'associated' as const } })),
          Tags: s.tags ? ec2Tags(s.tags) : undefined,
        }),
      ),
      NextToken: page.next,
    });
  },

  DescribeSecurityGroups: (_input: Ec2.DescribeSecurityGroupsRequest, ctx): Ec2.DescribeSecurityGroupsResult => {
    const page = describe(ctx, ctx.model.ec2.securityGroups, (g) => g.id, 'GroupIds', 'InvalidGroup.NotFound', (g) => ({ 'group-id': () => [g.id], 'group-name': () => [g.name], 'vpc-id': () => [g.vpcId] }), (g) => g.tags, EC2_ALL);
    return defined({ SecurityGroups: page.items.map((g) => renderGroup(ctx, g)), NextToken: page.next });
  },

  DescribeSecurityGroupRules: (_input: Ec2.DescribeSecurityGroupRulesRequest, ctx): Ec2.DescribeSecurityGroupRulesResult => {
    // Narrowed by a literal group-id filter first (the usual request): thousands of rules otherwise.
    const byGroup = ((ctx.input.Filters ?? []) as Ec2.Filter[]).find((f) => f.Name === 'group-id' && !(f.Values ?? []).some((v) => /[*?]/.test(v)));
    const groups = byGroup ? ctx.model.ec2.securityGroups.filter((g) => byGroup.Values!.includes(g.id)) : ctx.model.ec2.securityGroups;
    const all = groups.flatMap((g) => g.rules.map((r) => ({ g, r })));
    const page = describe(ctx, all, (x) => x.r.id, 'SecurityGroupRuleIds', 'InvalidSecurityGroupRuleId.NotFound', (x) => ({ 'group-id': () => [x.g.id], 'security-group-rule-id': () => [x.r.id] }), (x) => x.r.tags, EC2_ALL);
    return defined({ SecurityGroupRules: page.items.map((x) => renderRule(ctx, x.g, x.r)), NextToken: page.next });
  },

  DescribeRouteTables: (_input: Ec2.DescribeRouteTablesRequest, ctx): Ec2.DescribeRouteTablesResult => {
    const page = describe(
      ctx,
      ctx.model.ec2.routeTables,
      (t) => t.id,
      'RouteTableIds',
      'InvalidRouteTableID.NotFound',
      (t) => ({ 'vpc-id': () => [t.vpcId], 'route-table-id': () => [t.id], 'association.subnet-id': () => t.subnetIds ?? [], 'association.main': () => [String(t.main === true)] }),
      (t) => t.tags,
    );
    return defined({ RouteTables: page.items.map((t) => renderRouteTable(ctx, t)), NextToken: page.next });
  },

  DescribeNetworkAcls: (_input: Ec2.DescribeNetworkAclsRequest, ctx): Ec2.DescribeNetworkAclsResult => {
    const page = describe(ctx, ctx.model.ec2.networkAcls, (a) => a.id, 'NetworkAclIds', 'InvalidNetworkAclID.NotFound', (a) => ({ 'vpc-id': () => [a.vpcId], 'network-acl-id': () => [a.id], 'association.subnet-id': () => a.subnetIds, default: () => [String(a.isDefault === true)] }), () => undefined);
    return defined({
      NetworkAcls: page.items.map((a) => ({
        NetworkAclId: a.id,
        VpcId: a.vpcId,
        OwnerId: owner(ctx),
        IsDefault: a.isDefault === true,
        Associations: a.subnetIds.map((SubnetId, i) => ({ NetworkAclAssociationId: `aclassoc-${a.id.slice(4)}${i}`, NetworkAclId: a.id, SubnetId })),
        Entries: a.entries.map((e) =>
          defined({
            RuleNumber: e.rule,
            Protocol: e.protocol,
            RuleAction: e.action as Ec2.RuleAction,
            Egress: e.egress,
            CidrBlock: e.cidr,
            Ipv6CidrBlock: e.cidrV6,
            PortRange: e.from !== undefined ? { From: e.from, To: e.to ?? e.from } : undefined,
          }),
        ),
        Tags: [],
      })),
      NextToken: page.next,
    });
  },

  DescribeVpcEndpoints: (_input: Ec2.DescribeVpcEndpointsRequest, ctx): Ec2.DescribeVpcEndpointsResult => {
    const page = describe(
      ctx,
      ctx.model.ec2.vpcEndpoints,
      (e) => e.id,
      'VpcEndpointIds',
      'InvalidVpcEndpointId.NotFound',
      (e) => ({ 'vpc-id': () => [e.vpcId], 'service-name': () => [e.service], 'vpc-endpoint-type': () => [e.type], 'vpc-endpoint-id': () => [e.id], 'vpc-endpoint-state': () => [e.state ?? 'available'] }),
      (e) => e.tags,
    );
    return defined({ VpcEndpoints: page.items.map((e) => renderEndpoint(ctx, e)), NextToken: page.next });
  },

  DescribeVpcPeeringConnections: (_input: Ec2.DescribeVpcPeeringConnectionsRequest, ctx): Ec2.DescribeVpcPeeringConnectionsResult => {
    const page = describe(
      ctx,
      ctx.model.ec2.peerings,
      (p) => p.id,
      'VpcPeeringConnectionIds',
      'InvalidVpcPeeringConnectionID.NotFound',
      (p) => ({ 'vpc-peering-connection-id': () => [p.id], 'status-code': () => [p.status], 'requester-vpc-info.vpc-id': () => [p.requester.vpcId], 'accepter-vpc-info.vpc-id': () => [p.accepter.vpcId] }),
      () => undefined,
    );
    const side = (s: AccountModel['ec2']['peerings'][number]['requester']): Ec2.VpcPeeringConnectionVpcInfo => ({ VpcId: s.vpcId, CidrBlock: s.cidr, CidrBlockSet: [{ CidrBlock: s.cidr }], OwnerId: s.ownerId ?? owner(ctx), Region: s.region ?? ctx.model.region });
    return defined({
      VpcPeeringConnections: page.items.map((p) => ({ VpcPeeringConnectionId: p.id, Status: { Code: p.status as Ec2.VpcPeeringConnectionStateReasonCode, Message: p.status === 'active' ? 'Active' : p.status }, RequesterVpcInfo: side(p.requester), AccepterVpcInfo: side(p.accepter), Tags: [] })),
      NextToken: page.next,
    });
  },

  GetManagedPrefixListEntries: (input: Ec2.GetManagedPrefixListEntriesRequest, ctx): Ec2.GetManagedPrefixListEntriesResult => {
    const list = ctx.model.ec2.prefixLists.find((p) => p.id === input.PrefixListId);
    if (!list) throw ctx.error('InvalidPrefixListID.NotFound', `The prefix list ID '${input.PrefixListId}' does not exist`, 400);
    const page = ctx.page(list.cidrs, { sizeParam: 'MaxResults', tokenParam: 'NextToken', min: 1, max: 100, defaultSize: 100 });
    return defined({ Entries: page.items.map((Cidr) => ({ Cidr })), NextToken: page.next });
  },

  DescribePrefixLists: (_input: Ec2.DescribePrefixListsRequest, ctx): Ec2.DescribePrefixListsResult => {
    // DescribePrefixLists lists the AWS service lists only.
    const page = describe(ctx, ctx.model.ec2.prefixLists.filter((p) => !p.customer), (p) => p.id, 'PrefixListIds', 'InvalidPrefixListID.NotFound', (p) => ({ 'prefix-list-id': () => [p.id], 'prefix-list-name': () => [p.name] }), () => undefined);
    return defined({ PrefixLists: page.items.map((p) => ({ PrefixListId: p.id, PrefixListName: p.name, Cidrs: [...p.cidrs] })), NextToken: page.next });
  },

  DescribeInstances: (input: Ec2.DescribeInstancesRequest, ctx): Ec2.DescribeInstancesResult => {
    if (input.InstanceIds?.length && input.MaxResults !== undefined) throw ctx.invalid('The parameter instancesSet cannot be used with the parameter maxResults');
    const page = describe(
      ctx,
      ctx.model.ec2.instances,
      (i) => i.id,
      'InstanceIds',
      'InvalidInstanceID.NotFound',
      (i) => ({ 'instance-id': () => [i.id], 'instance-state-name': () => [i.state ?? 'running'], 'subnet-id': () => [i.subnetId], 'instance.group-id': () => i.groupIds, 'vpc-id': () => [ctx.model.ec2.subnets.find((s) => s.id === i.subnetId)?.vpcId] }),
      (i) => i.tags ?? {},
    );
    return defined({ Reservations: page.items.map((i) => ({ ReservationId: `r-${i.id.slice(2)}`, OwnerId: owner(ctx), Instances: [renderInstance(ctx, i)] })), NextToken: page.next });
  },

  DescribeVolumes: (_input: Ec2.DescribeVolumesRequest, ctx): Ec2.DescribeVolumesResult => {
    const page = describe(ctx, ctx.model.ec2.volumes, (v) => v.id, 'VolumeIds', 'InvalidVolume.NotFound', (v) => ({ 'volume-id': () => [v.id] }), () => undefined);
    return defined({
      Volumes: page.items.map((v) => ({ VolumeId: v.id, Size: v.sizeGiB, VolumeType: (v.type ?? 'gp3') as Ec2.VolumeType, State: 'in-use' as const, Encrypted: true, AvailabilityZone: `${ctx.model.region}a`, CreateTime: new Date('2025-01-10T08:00:00Z') })),
      NextToken: page.next,
    });
  },

  DescribeLaunchTemplateVersions: (input: Ec2.DescribeLaunchTemplateVersionsRequest, ctx): Ec2.DescribeLaunchTemplateVersionsResult => {
    if (input.LaunchTemplateId && input.LaunchTemplateName) throw ctx.invalid('Specify either the launch template ID or the launch template name, not both');
    const lt = ctx.model.ec2.launchTemplates.find((t) => (input.LaunchTemplateId ? t.id === input.LaunchTemplateId : t.name === input.LaunchTemplateName));
    if (!lt) {
      throw input.LaunchTemplateId
        ? ctx.error('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${input.LaunchTemplateId}, does not exist.`, 400)
        : ctx.error('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${input.LaunchTemplateName}, does not exist.`, 400);
    }
    const latest = Math.max(...lt.versions.map((v) => v.number));
    const wanted = (input.Versions ?? []).map((v) => (v === '$Default' ? lt.defaultVersion : v === '$Latest' ? latest : Number(v)));
    const missing = wanted.find((n) => !lt.versions.some((v) => v.number === n));
    if (missing !== undefined) throw ctx.error('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${String(missing)} for ${lt.id}`, 400);
    const versions = wanted.length ? lt.versions.filter((v) => wanted.includes(v.number)) : lt.versions;
    const page = ctx.page(versions, LT_PAGE);
    return defined({
      LaunchTemplateVersions: page.items.map((v) => ({
        LaunchTemplateId: lt.id,
        LaunchTemplateName: lt.name,
        VersionNumber: v.number,
        DefaultVersion: v.number === lt.defaultVersion,
        CreateTime: new Date('2025-01-10T08:00:00Z'),
        LaunchTemplateData: defined({
          InstanceType: v.instanceType as Ec2._InstanceType | undefined,
          SecurityGroupIds: v.groupIds ? [...v.groupIds] : undefined,
          NetworkInterfaces: v.interfaceGroupIds ? [{ DeviceIndex: 0, Groups: [...v.interfaceGroupIds] }] : undefined,
          BlockDeviceMappings: v.volumeGiB !== undefined ? [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: v.volumeGiB, VolumeType: 'gp3' as const } }] : undefined,
        }),
      })),
      NextToken: page.next,
    });
  },

  AuthorizeSecurityGroupIngress: authorize(false),
  AuthorizeSecurityGroupEgress: authorize(true),

  CreateTags: (input: Ec2.CreateTagsRequest, ctx): Record<string, never> => {
    const targets = (input.Resources ?? []).map((id) => {
      const found = taggable(ctx.model, id);
      if (!found) throw ctx.error(NOT_FOUND_BY_PREFIX[id.slice(0, id.indexOf('-'))] ?? 'InvalidID', `The ID '${id}' does not exist`, 400);
      return found;
    });
    for (const t of targets) t.tags = { ...(t.tags ?? {}), ...Object.fromEntries((input.Tags ?? []).map((x) => [x.Key ?? '', x.Value ?? ''])) };
    return {};
  },

  CreateVpcEndpoint: (input: Ec2.CreateVpcEndpointRequest, ctx): Ec2.CreateVpcEndpointResult => {
    const m = ctx.model;
    if (!m.ec2.vpcs.some((v) => v.id === input.VpcId)) throw ctx.error('InvalidVpcId.NotFound', `The Vpc Id '${input.VpcId}' does not exist`, 400);
    const service = input.ServiceName ?? '';
    if (!new RegExp(`^(cn\\.)?com\\.amazonaws\\.${ctx.region}\\.[a-z0-9.-]+$`).test(service)) throw ctx.error('InvalidServiceName', `The Vpc Endpoint Service '${service}' does not exist`, 400);
    const type = (input.VpcEndpointType ?? 'Gateway') as VpcEndpointM['type'];
    const tags = Object.fromEntries((input.TagSpecifications ?? []).flatMap((s) => s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    const endpoint: VpcEndpointM = { id: ctx.newId('vpce'), vpcId: input.VpcId!, service, type, state: 'available', ...(Object.keys(tags).length ? { tags } : {}) };
    if (type === 'Gateway') {
      const prefixList = m.ec2.prefixLists.find((p) => p.name === service);
      if (!prefixList) throw ctx.error('InvalidServiceName', `The Vpc Endpoint Service '${service}' is not a gateway endpoint service`, 400);
      const tables = (input.RouteTableIds ?? []).map((id) => {
        const t = m.ec2.routeTables.find((x) => x.id === id && x.vpcId === input.VpcId);
        if (!t) throw ctx.error('InvalidRouteTableId.NotFound', `The routeTable ID '${id}' does not exist`, 400);
        return t;
      });
      const taken = tables.find((t) => t.routes.some((r) => r.prefixList === prefixList.id));
      if (taken) throw ctx.error('RouteAlreadyExists', `route table ${taken.id} already has a route with destination-prefix-list-id ${prefixList.id}`, 400);
      for (const t of tables) t.routes.push({ prefixList: prefixList.id, gateway: endpoint.id, state: 'active' });
      endpoint.routeTableIds = tables.map((t) => t.id);
    } else {
      endpoint.subnetIds = [...(input.SubnetIds ?? [])];
      endpoint.groupIds = [...(input.SecurityGroupIds ?? [])];
      endpoint.privateDns = input.PrivateDnsEnabled !== false;
    }
    m.ec2.vpcEndpoints.push(endpoint);
    return { VpcEndpoint: renderEndpoint(ctx, endpoint) };
  },
};
