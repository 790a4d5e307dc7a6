/**
 * A stateful fake behind aws-sdk-client-mock: the write calls --fix makes change the fake account
 * (test/helpers/aws-mocks.ts `typicalAccount`) the way AWS would, so collecting again sees them;
 * and answer "already exists" the way the APIs do. Every write is recorded in order.
 */
import * as Ec2Sdk from '@aws-sdk/client-ec2';
import * as IamSdk from '@aws-sdk/client-iam';
import * as S3Sdk from '@aws-sdk/client-s3';
import * as EcrSdk from '@aws-sdk/client-ecr';
import { ACCOUNT, REGION, awsError, type AccountMocks, type FakeAccount } from '../../helpers/aws-mocks.js';
import type { SecretStore } from '../../../src/remediations/types.js';

/** The secret half of every access key the fake mints: a canary that must never reach any output. */
export const SECRET_CANARY = 'wJalrCANARYsecretNEVERprintMEfakeKEY0000';
export const NEW_KEY_ID = 'AKIAFAKENEWKEY000001';

export interface FakeWrites {
  /** `service:Operation target` of every write, in order. */
  log: string[];
  /** Buckets' configuration as written. */
  bucketConfig: Record<string, { publicAccessBlock?: unknown; encryption?: unknown; tags?: unknown }>;
}

let seq = 0;
const requestId = () => `req-fake-${String(++seq).padStart(4, '0')}`;
const meta = () => ({ $metadata: { httpStatusCode: 200, requestId: requestId(), attempts: 1 } });
const any = <T>(x: T) => x as never;

type Permission = { IpProtocol?: string; FromPort?: number; ToPort?: number; UserIdGroupPairs?: { GroupId?: string; Description?: string }[]; PrefixListIds?: { PrefixListId?: string; Description?: string }[]; IpRanges?: { CidrIp?: string }[] };

export function mockWrites(a: FakeAccount, m: AccountMocks): FakeWrites {
  const state: FakeWrites = { log: [], bucketConfig: {} };
  let ruleSeq = 900;

  const authorize = (egress: boolean) => async (input: { GroupId?: string; IpPermissions?: Permission[] }) => {
    const groupId = input.GroupId!;
    state.log.push(`ec2:AuthorizeSecurityGroup${egress ? 'Egress' : 'Ingress'} ${groupId}`);
    if (!a.securityGroups.some((g) => g.GroupId === groupId)) throw awsError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
    const created: Ec2Sdk.SecurityGroupRule[] = [];
    for (const p of input.IpPermissions ?? []) {
      const peers = [
        ...(p.UserIdGroupPairs ?? []).map((u) => ({ ReferencedGroupInfo: { GroupId: u.GroupId, UserId: ACCOUNT }, Description: u.Description })),
        ...(p.PrefixListIds ?? []).map((pl) => ({ PrefixListId: pl.PrefixListId, Description: pl.Description })),
        ...(p.IpRanges ?? []).map((r) => ({ CidrIpv4: r.CidrIp })),
      ];
      for (const peer of peers) {
        const dup = a.securityGroupRules.some(
          (r) =>
            r.GroupId === groupId &&
            Boolean(r.IsEgress) === egress &&
            r.IpProtocol === p.IpProtocol &&
            r.FromPort === p.FromPort &&
            r.ToPort === p.ToPort &&
            ((peer as { ReferencedGroupInfo?: { GroupId?: string } }).ReferencedGroupInfo?.GroupId ?? (peer as { PrefixListId?: string }).PrefixListId ?? (peer as { CidrIpv4?: string }).CidrIpv4) ===
              (r.ReferencedGroupInfo?.GroupId ?? r.PrefixListId ?? r.CidrIpv4),
        );
        if (dup) throw awsError('InvalidPermission.Duplicate', `the specified rule "peer: ..., TCP, from port: ${p.FromPort}, to port: ${p.ToPort}, ALLOW" already exists`);
        created.push({ SecurityGroupRuleId: `sgr-fake${String(++ruleSeq)}`, GroupId: groupId, IsEgress: egress, IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, ...peer } as Ec2Sdk.SecurityGroupRule);
      }
    }
    a.securityGroupRules.push(...created);
    return any({ Return: true, SecurityGroupRules: created, ...meta() });
  };
  m.ec2.on(Ec2Sdk.AuthorizeSecurityGroupIngressCommand).callsFake(authorize(false));
  m.ec2.on(Ec2Sdk.AuthorizeSecurityGroupEgressCommand).callsFake(authorize(true));
  m.ec2.on(Ec2Sdk.CreateTagsCommand).callsFake(async (input: { Resources?: string[]; Tags?: { Key?: string; Value?: string }[] }) => {
    state.log.push(`ec2:CreateTags ${(input.Resources ?? []).join(',')}`);
    for (const id of input.Resources ?? []) {
      const subnet = a.subnets.find((s) => s.SubnetId === id);
      if (!subnet) throw awsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
      for (const t of input.Tags ?? []) subnet.Tags = [...(subnet.Tags ?? []).filter((x) => x.Key !== t.Key), { Key: t.Key, Value: t.Value }];
    }
    return any(meta());
  });
  m.ec2.on(Ec2Sdk.CreateVpcEndpointCommand).callsFake(async (input: { VpcId?: string; ServiceName?: string; RouteTableIds?: string[]; VpcEndpointType?: string }) => {
    state.log.push(`ec2:CreateVpcEndpoint ${input.VpcId}`);
    const pl = a.prefixLists.find((p) => p.PrefixListName === input.ServiceName)?.PrefixListId;
    const tables = (input.RouteTableIds ?? []).map((id) => a.routeTables.find((t) => t.RouteTableId === id));
    if (tables.some((t) => !t)) throw awsError('InvalidRouteTableId.NotFound', 'route table not found');
    if (tables.some((t) => t!.Routes?.some((r) => r.DestinationPrefixListId === pl))) throw awsError('RouteAlreadyExists', `route table already has a route with destination-prefix-list-id ${pl}`);
    const id = `vpce-fake${String(++ruleSeq)}`;
    a.vpcEndpoints.push({ VpcEndpointId: id, VpcEndpointType: input.VpcEndpointType as Ec2Sdk.VpcEndpointType, VpcId: input.VpcId, ServiceName: input.ServiceName, State: 'available' as Ec2Sdk.State, RouteTableIds: input.RouteTableIds });
    for (const t of tables) t!.Routes = [...(t!.Routes ?? []), { DestinationPrefixListId: pl, GatewayId: id, State: 'active' }];
    return any({ VpcEndpoint: { VpcEndpointId: id }, ...meta() });
  });

  const user = (name: string) => {
    const u = a.users[name];
    if (!u) throw awsError('NoSuchEntityException', `The user with name ${name} cannot be found.`, 404);
    return u;
  };
  m.iam.on(IamSdk.AttachRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyArn: string }) => {
    state.log.push(`iam:AttachRolePolicy ${input.RoleName} ${input.PolicyArn}`);
    const role = a.roles[input.RoleName];
    if (!role) throw awsError('NoSuchEntityException', `The role with name ${input.RoleName} cannot be found.`, 404);
    if (!role.attached.some((p) => p.PolicyArn === input.PolicyArn)) role.attached.push({ PolicyArn: input.PolicyArn, PolicyName: input.PolicyArn.split('/').pop() });
    return any(meta());
  });
  m.iam.on(IamSdk.CreateUserCommand).callsFake(async (input: { UserName: string }) => {
    state.log.push(`iam:CreateUser ${input.UserName}`);
    if (a.users[input.UserName]) throw awsError('EntityAlreadyExistsException', `User with name ${input.UserName} already exists.`, 409);
    a.users[input.UserName] = { attached: [], inline: {} };
    return any({ User: { UserName: input.UserName, Arn: `arn:aws:iam::${ACCOUNT}:user/${input.UserName}` }, ...meta() });
  });
  m.iam.on(IamSdk.PutUserPolicyCommand).callsFake(async (input: { UserName: string; PolicyName: string; PolicyDocument: string }) => {
    state.log.push(`iam:PutUserPolicy ${input.UserName} ${input.PolicyName}`);
    user(input.UserName).inline[input.PolicyName] = JSON.parse(input.PolicyDocument) as object;
    return any(meta());
  });
  // A policy the user lacks is NoSuchEntity, as IAM answers (what --fix probes before writing one).
  m.iam.on(IamSdk.GetUserPolicyCommand).callsFake(async (input: { UserName: string; PolicyName: string }) => {
    const doc = user(input.UserName).inline[input.PolicyName];
    if (!doc) throw awsError('NoSuchEntityException', `The user policy with name ${input.PolicyName} cannot be found.`, 404);
    return any({ UserName: input.UserName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(doc)), ...meta() });
  });
  m.iam.on(IamSdk.CreateAccessKeyCommand).callsFake(async (input: { UserName: string }) => {
    state.log.push(`iam:CreateAccessKey ${input.UserName}`);
    user(input.UserName);
    const created = new Date();
    a.accessKeys[NEW_KEY_ID] = { user: input.UserName, status: 'Active', created };
    return any({ AccessKey: { UserName: input.UserName, AccessKeyId: NEW_KEY_ID, Status: 'Active', SecretAccessKey: SECRET_CANARY, CreateDate: created }, ...meta() });
  });

  m.s3.on(S3Sdk.CreateBucketCommand).callsFake(async (input: { Bucket: string; CreateBucketConfiguration?: { LocationConstraint?: string; Tags?: unknown[] } }) => {
    state.log.push(`s3:CreateBucket ${input.Bucket}`);
    if (a.buckets[input.Bucket]) throw awsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409);
    a.buckets[input.Bucket] = { region: input.CreateBucketConfiguration?.LocationConstraint ?? 'us-east-1' };
    if (input.CreateBucketConfiguration?.Tags) (state.bucketConfig[input.Bucket] ??= {}).tags = input.CreateBucketConfiguration.Tags;
    return any({ Location: `/${input.Bucket}`, ...meta() });
  });
  const bucketWrite = (op: string, field: 'publicAccessBlock' | 'encryption' | 'tags', pick: (input: Record<string, unknown>) => unknown) => async (input: Record<string, unknown>) => {
    const bucket = String(input.Bucket);
    state.log.push(`s3:${op} ${bucket}`);
    if (!a.buckets[bucket]) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    (state.bucketConfig[bucket] ??= {})[field] = pick(input);
    return any(meta());
  };
  m.s3.on(S3Sdk.PutPublicAccessBlockCommand).callsFake(bucketWrite('PutPublicAccessBlock', 'publicAccessBlock', (i) => i.PublicAccessBlockConfiguration));
  m.s3.on(S3Sdk.PutBucketEncryptionCommand).callsFake(bucketWrite('PutBucketEncryption', 'encryption', (i) => i.ServerSideEncryptionConfiguration));
  m.s3.on(S3Sdk.PutBucketTaggingCommand).callsFake(bucketWrite('PutBucketTagging', 'tags', (i) => i.Tagging));

  m.ecr.on(EcrSdk.CreateRepositoryCommand).callsFake(async (input: { repositoryName: string }) => {
    state.log.push(`ecr:CreateRepository ${input.repositoryName}`);
    if (a.ecrImages[input.repositoryName]) throw awsError('RepositoryAlreadyExistsException', `The repository with name '${input.repositoryName}' already exists in the registry with id '${ACCOUNT}'`);
    a.ecrImages[input.repositoryName] = [];
    return any({ repository: { repositoryName: input.repositoryName, repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${input.repositoryName}` }, ...meta() });
  });
  return state;
}

/** What a person does after create-ecr-repositories: copy the images in (the printed crane commands). */
export function copyImagesIn(a: FakeAccount, images: Record<string, string[]>): void {
  for (const [repo, tags] of Object.entries(images)) a.ecrImages[repo] = [...new Set([...(a.ecrImages[repo] ?? []), ...tags])];
}

/** An in-memory Secret store standing in for the cluster (key names and values as written). */
export function memorySecretStore(opts: { namespaces?: string[]; failCreate?: string } = {}): SecretStore & { secrets: Map<string, Record<string, string>> } {
  const secrets = new Map<string, Record<string, string>>();
  const namespaces = new Set(opts.namespaces ?? ['daytona']);
  return {
    where: 'https://fake-cluster (test)',
    secrets,
    async namespaceExists(ns) {
      return namespaces.has(ns);
    },
    async exists(ns, name) {
      return secrets.has(`${ns}/${name}`);
    },
    async create(ns, name, data) {
      if (opts.failCreate) throw new Error(opts.failCreate);
      if (secrets.has(`${ns}/${name}`)) throw new Error(`secrets "${name}" already exists`);
      secrets.set(`${ns}/${name}`, { ...data });
    },
  };
}
