/**
 * RDS, ElastiCache and ECR operations of the fake account. Shapes: @aws-sdk/client-rds,
 * client-elasticache and client-ecr output types; page sizes from their API references.
 */
import type * as Rds from '@aws-sdk/client-rds';
import type * as Ec from '@aws-sdk/client-elasticache';
import type * as Ecr from '@aws-sdk/client-ecr';
import { createHash } from 'node:crypto';
import { defined, type CallCtx, type PageSpec } from '../context.js';
import { ecrHost, type RepositoryM, type SubnetGroupM } from '../model.js';
import type { Handlers } from './types.js';

/** RDS and ElastiCache Describe* calls: MaxRecords 20–100, 100 when not given. */
const RECORDS: PageSpec = { sizeParam: 'MaxRecords', tokenParam: 'Marker', min: 20, max: 100, defaultSize: 100 };
/** DescribeServerlessCaches: 50 when not given. */
const SERVERLESS: PageSpec = { sizeParam: 'MaxResults', tokenParam: 'NextToken', min: 1, max: 100, defaultSize: 50 };
/** ECR lists: maxResults 1–1000, 100 when not given. */
const ECR_PAGE: PageSpec = { sizeParam: 'maxResults', tokenParam: 'nextToken', min: 1, max: 1000, defaultSize: 100 };

const regionalArn = (ctx: CallCtx, service: string, rest: string) => `arn:${ctx.model.partition}:${service}:${ctx.model.region}:${ctx.model.accountId}:${rest}`;

/** Subnet id → availability zone, built once per request (answers list many subnets). */
const zones = new WeakMap<CallCtx, Map<string, string>>();

function subnetList(ctx: CallCtx, g: SubnetGroupM | undefined): { SubnetIdentifier: string; SubnetAvailabilityZone: { Name: string } }[] {
  let az = zones.get(ctx);
  if (!az) {
    az = new Map(ctx.model.ec2.subnets.map((s) => [s.id, s.az]));
    zones.set(ctx, az);
  }
  return (g?.subnetIds ?? []).map((id) => ({ SubnetIdentifier: id, SubnetAvailabilityZone: { Name: az.get(id) ?? `${ctx.model.region}a` } }));
}

// ------------------------------------------------------------------ RDS

function dbSubnetGroup(ctx: CallCtx, name: string, g = ctx.model.rds.subnetGroups.find((x) => x.name === name)): Rds.DBSubnetGroup {
  return defined({ DBSubnetGroupName: name, DBSubnetGroupDescription: name, VpcId: g?.vpcId, SubnetGroupStatus: 'Complete', Subnets: subnetList(ctx, g).map((s) => ({ ...s, SubnetStatus: 'Active' })), DBSubnetGroupArn: regionalArn(ctx, 'rds', `subgrp:${name}`) });
}

export const rdsHandlers: Handlers = {
  DescribeDBInstances: (input: Rds.DescribeDBInstancesMessage, ctx): Rds.DBInstanceMessage => {
    const all = ctx.model.rds.instances.filter((i) => !input.DBInstanceIdentifier || i.id === input.DBInstanceIdentifier);
    if (input.DBInstanceIdentifier && !all.length) throw ctx.error('DBInstanceNotFoundFault', `DBInstance ${input.DBInstanceIdentifier} not found.`, 404);
    const page = ctx.page(all, RECORDS);
    const groups = new Map(ctx.model.rds.subnetGroups.map((g) => [g.name, g]));
    return defined({
      DBInstances: page.items.map((i) =>
        defined({
          DBInstanceIdentifier: i.id,
          DBInstanceArn: regionalArn(ctx, 'rds', `db:${i.id}`),
          DBInstanceClass: 'db.r6g.large',
          Engine: i.engine,
          EngineVersion: i.engineVersion ?? (i.engine.includes('postgres') ? '16.4' : '8.0.39'),
          DBInstanceStatus: i.status ?? 'available',
          Endpoint: { Address: i.address, Port: i.port, HostedZoneId: 'Z2R2ITUGPM61AM' },
          DBSubnetGroup: dbSubnetGroup(ctx, i.subnetGroup, groups.get(i.subnetGroup)),
          VpcSecurityGroups: i.groupIds.map((VpcSecurityGroupId) => ({ VpcSecurityGroupId, Status: 'active' })),
          PubliclyAccessible: i.publiclyAccessible === true,
          StorageEncrypted: i.encrypted !== false,
          DBClusterIdentifier: i.clusterId,
          MultiAZ: false,
        }),
      ),
      Marker: page.next,
    });
  },

  DescribeDBClusters: (input: Rds.DescribeDBClustersMessage, ctx): Rds.DBClusterMessage => {
    const all = ctx.model.rds.clusters.filter((c) => !input.DBClusterIdentifier || c.id === input.DBClusterIdentifier);
    if (input.DBClusterIdentifier && !all.length) throw ctx.error('DBClusterNotFoundFault', `DBCluster ${input.DBClusterIdentifier} not found.`, 404);
    const page = ctx.page(all, RECORDS);
    return defined({
      DBClusters: page.items.map((c) =>
        defined({
          DBClusterIdentifier: c.id,
          DBClusterArn: regionalArn(ctx, 'rds', `cluster:${c.id}`),
          Engine: c.engine,
          Status: c.status ?? 'available',
          Endpoint: c.endpoint,
          ReaderEndpoint: c.readerEndpoint,
          CustomEndpoints: [],
          Port: c.port,
          DBSubnetGroup: c.subnetGroup,
          VpcSecurityGroups: c.groupIds.map((VpcSecurityGroupId) => ({ VpcSecurityGroupId, Status: 'active' })),
          DBClusterMembers: c.members.map((DBInstanceIdentifier, n) => ({ DBInstanceIdentifier, IsClusterWriter: n === 0 })),
          StorageEncrypted: c.encrypted !== false,
          PubliclyAccessible: c.publiclyAccessible,
        }),
      ),
      Marker: page.next,
    });
  },

  DescribeDBSubnetGroups: (input: Rds.DescribeDBSubnetGroupsMessage, ctx): Rds.DBSubnetGroupMessage => {
    const all = ctx.model.rds.subnetGroups.filter((g) => !input.DBSubnetGroupName || g.name === input.DBSubnetGroupName);
    if (input.DBSubnetGroupName && !all.length) throw ctx.error('DBSubnetGroupNotFoundFault', `DBSubnetGroup ${input.DBSubnetGroupName} not found.`, 404);
    const page = ctx.page(all, RECORDS);
    return defined({ DBSubnetGroups: page.items.map((g) => dbSubnetGroup(ctx, g.name, g)), Marker: page.next });
  },
};

// ------------------------------------------------------------------ ElastiCache

export const elasticacheHandlers: Handlers = {
  DescribeReplicationGroups: (input: Ec.DescribeReplicationGroupsMessage, ctx): Ec.ReplicationGroupMessage => {
    const all = ctx.model.elasticache.replicationGroups.filter((g) => !input.ReplicationGroupId || g.id === input.ReplicationGroupId);
    if (input.ReplicationGroupId && !all.length) throw ctx.error('ReplicationGroupNotFoundFault', `ReplicationGroup ${input.ReplicationGroupId} not found.`, 404);
    const page = ctx.page(all, RECORDS);
    const clusters = new Map(ctx.model.elasticache.cacheClusters.map((c) => [c.id, c]));
    return defined({
      ReplicationGroups: page.items.map((g) => {
        const members = g.members.map((id) => clusters.get(id));
        return defined({
          ReplicationGroupId: g.id,
          ARN: regionalArn(ctx, 'elasticache', `replicationgroup:${g.id}`),
          Description: g.id,
          Status: g.status ?? 'available',
          Engine: g.engine ?? 'redis',
          MemberClusters: [...g.members],
          NodeGroups: g.configurationEndpoint
            ? []
            : [
                defined({
                  NodeGroupId: '0001',
                  Status: 'available',
                  PrimaryEndpoint: g.primaryEndpoint ? { Address: g.primaryEndpoint, Port: g.port } : undefined,
                  ReaderEndpoint: g.readerEndpoint ? { Address: g.readerEndpoint, Port: g.port } : undefined,
                  NodeGroupMembers: members.flatMap((c, n) =>
                    c ? c.nodes.map((node) => ({ CacheClusterId: c.id, CacheNodeId: node.id, ReadEndpoint: { Address: node.address, Port: node.port }, CurrentRole: n === 0 ? 'primary' : 'replica' })) : [],
                  ),
                }),
              ],
          ConfigurationEndpoint: g.configurationEndpoint ? { Address: g.configurationEndpoint, Port: g.port } : undefined,
          ClusterEnabled: g.configurationEndpoint !== undefined,
          TransitEncryptionEnabled: g.transitEncryption === true,
          AtRestEncryptionEnabled: true,
          AuthTokenEnabled: g.authToken === true,
          UserGroupIds: [...(g.userGroupIds ?? [])],
        });
      }),
      Marker: page.next,
    });
  },

  DescribeCacheClusters: (input: Ec.DescribeCacheClustersMessage, ctx): Ec.CacheClusterMessage => {
    const all = ctx.model.elasticache.cacheClusters.filter((c) => !input.CacheClusterId || c.id === input.CacheClusterId);
    if (input.CacheClusterId && !all.length) throw ctx.error('CacheClusterNotFoundFault', `CacheCluster ${input.CacheClusterId} not found.`, 404);
    const page = ctx.page(all, RECORDS);
    return defined({
      CacheClusters: page.items.map((c) =>
        defined({
          CacheClusterId: c.id,
          ARN: regionalArn(ctx, 'elasticache', `cluster:${c.id}`),
          Engine: c.engine,
          CacheClusterStatus: c.status ?? 'available',
          CacheNodeType: 'cache.r7g.large',
          NumCacheNodes: c.nodes.length,
          ReplicationGroupId: c.replicationGroupId,
          CacheSubnetGroupName: c.subnetGroup,
          SecurityGroups: c.groupIds.map((SecurityGroupId) => ({ SecurityGroupId, Status: 'active' })),
          // Node endpoints only when asked for, as the API does.
          CacheNodes: input.ShowCacheNodeInfo ? c.nodes.map((n) => ({ CacheNodeId: n.id, CacheNodeStatus: 'available', Endpoint: { Address: n.address, Port: n.port } })) : undefined,
          TransitEncryptionEnabled: c.transitEncryption === true,
          AuthTokenEnabled: c.authToken === true,
        }),
      ),
      Marker: page.next,
    });
  },

  DescribeCacheSubnetGroups: (input: Ec.DescribeCacheSubnetGroupsMessage, ctx): Ec.CacheSubnetGroupMessage => {
    const all = ctx.model.elasticache.subnetGroups.filter((g) => !input.CacheSubnetGroupName || g.name === input.CacheSubnetGroupName);
    if (input.CacheSubnetGroupName && !all.length) throw ctx.error('CacheSubnetGroupNotFoundFault', `CacheSubnetGroup ${input.CacheSubnetGroupName} not found.`, 404);
    const page = ctx.page(all, RECORDS);
    return defined({
      CacheSubnetGroups: page.items.map((g) => ({ CacheSubnetGroupName: g.name, CacheSubnetGroupDescription: g.name, VpcId: g.vpcId, Subnets: subnetList(ctx, g), ARN: regionalArn(ctx, 'elasticache', `subnetgroup:${g.name}`) })),
      Marker: page.next,
    });
  },

  DescribeServerlessCaches: (input: Ec.DescribeServerlessCachesRequest, ctx): Ec.DescribeServerlessCachesResponse => {
    const all = ctx.model.elasticache.serverless.filter((s) => !input.ServerlessCacheName || s.name === input.ServerlessCacheName);
    if (input.ServerlessCacheName && !all.length) throw ctx.error('ServerlessCacheNotFoundFault', `ServerlessCache ${input.ServerlessCacheName} not found.`, 404);
    const page = ctx.page(all, SERVERLESS);
    return defined({
      ServerlessCaches: page.items.map((s) =>
        defined({
          ServerlessCacheName: s.name,
          ARN: regionalArn(ctx, 'elasticache', `serverlesscache:${s.name}`),
          Engine: s.engine,
          Status: s.status ?? 'available',
          Endpoint: { Address: s.endpoint, Port: s.port },
          ReaderEndpoint: s.readerEndpoint ? { Address: s.readerEndpoint, Port: s.port + 1 } : undefined,
          SecurityGroupIds: [...s.groupIds],
          SubnetIds: [...s.subnetIds],
          UserGroupId: s.userGroupId,
        }),
      ),
      NextToken: page.next,
    });
  },
};

// ------------------------------------------------------------------ ECR

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** The repositories of the registry a request names (registryId, the client's region). */
function registry(ctx: CallCtx): { registryId: string; repos: RepositoryM[] } {
  const registryId = String(ctx.input.registryId ?? ctx.model.accountId);
  const repos = ctx.model.ecr.repositories.filter((r) => (r.registryId ?? ctx.model.accountId) === registryId && (r.region ?? ctx.model.region) === ctx.region);
  return { registryId, repos };
}

function repoNotFound(ctx: CallCtx, registryId: string, name: string): Error {
  return ctx.error('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`, 400);
}

function renderRepository(ctx: CallCtx, registryId: string, r: RepositoryM): Ecr.Repository {
  return {
    repositoryArn: `arn:${ctx.model.partition}:ecr:${ctx.region}:${registryId}:repository/${r.name}`,
    registryId,
    repositoryName: r.name,
    repositoryUri: `${ecrHost(ctx.model, registryId, ctx.region)}/${r.name}`,
    createdAt: new Date('2024-05-01T12:00:00Z'),
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: r.scanOnPush === true },
    encryptionConfiguration: { encryptionType: (r.encryption ?? 'AES256') as Ecr.EncryptionType },
  };
}

const digestOf = (repo: string, tags: string[]) => `sha256:${createHash('sha256').update(`${repo}@${tags.join(',')}`).digest('hex')}`;

export const ecrHandlers: Handlers = {
  DescribeRepositories: (input: Ecr.DescribeRepositoriesRequest, ctx): Ecr.DescribeRepositoriesResponse => {
    const { registryId, repos } = registry(ctx);
    if (input.repositoryNames?.length) {
      if (input.repositoryNames.length > 100) throw ctx.invalid('repositoryNames: at most 100 names');
      if (input.maxResults !== undefined || input.nextToken !== undefined) throw ctx.invalid('maxResults and nextToken cannot be used with repositoryNames');
      const missing = input.repositoryNames.find((n) => !repos.some((r) => r.name === n));
      // One missing name fails the whole request, as the API does.
      if (missing) throw repoNotFound(ctx, registryId, missing);
      return { repositories: input.repositoryNames.map((n) => renderRepository(ctx, registryId, repos.find((r) => r.name === n)!)) };
    }
    const page = ctx.page(repos, ECR_PAGE);
    return defined({ repositories: page.items.map((r) => renderRepository(ctx, registryId, r)), nextToken: page.next });
  },

  DescribeImages: (input: Ecr.DescribeImagesRequest, ctx): Ecr.DescribeImagesResponse => {
    const { registryId, repos } = registry(ctx);
    const repo = repos.find((r) => r.name === input.repositoryName);
    if (!repo) throw repoNotFound(ctx, registryId, String(input.repositoryName));
    const detail = (img: RepositoryM['images'][number]): Ecr.ImageDetail =>
      defined({
        registryId,
        repositoryName: repo.name,
        imageDigest: img.digest ?? digestOf(repo.name, img.tags),
        imageTags: [...img.tags],
        imageSizeInBytes: 52_428_800,
        imagePushedAt: new Date('2025-02-01T12:00:00Z'),
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        artifactMediaType: 'application/vnd.docker.container.image.v1+json',
        imageStatus: img.status as Ecr.ImageStatus | undefined,
      });
    if (input.imageIds?.length) {
      const found = input.imageIds.map((id) => repo.images.find((img) => (id.imageTag ? img.tags.includes(id.imageTag) : (img.digest ?? digestOf(repo.name, img.tags)) === id.imageDigest)));
      // One missing image fails the whole request, as the API does.
      if (found.some((f) => !f)) throw ctx.error('ImageNotFoundException', `The image with imageId {imageDigest:'null', imageTag:'${input.imageIds[found.findIndex((f) => !f)]!.imageTag}'} does not exist within the repository with name '${repo.name}' in the registry with id '${registryId}'`, 400);
      return { imageDetails: [...new Set(found)].map((img) => detail(img!)) };
    }
    const page = ctx.page(repo.images, ECR_PAGE);
    return defined({ imageDetails: page.items.map(detail), nextToken: page.next });
  },

  GetRepositoryPolicy: (input: Ecr.GetRepositoryPolicyRequest, ctx): Ecr.GetRepositoryPolicyResponse => {
    const { registryId, repos } = registry(ctx);
    const repo = repos.find((r) => r.name === input.repositoryName);
    if (!repo) throw repoNotFound(ctx, registryId, String(input.repositoryName));
    if (!repo.policy) throw ctx.error('RepositoryPolicyNotFoundException', `Repository policy does not exist for the repository with name '${repo.name}' in the registry with id '${registryId}'`, 400);
    return { registryId, repositoryName: repo.name, policyText: JSON.stringify(repo.policy, null, 2) };
  },

  CreateRepository: (input: Ecr.CreateRepositoryRequest, ctx): Ecr.CreateRepositoryResponse => {
    const { registryId, repos } = registry(ctx);
    const name = String(input.repositoryName ?? '');
    if (!REPOSITORY_NAME.test(name) || name.length > 256) throw ctx.invalid(`Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source}''`);
    if (registryId !== ctx.model.accountId) throw ctx.error('AccessDeniedException', `not authorized to create repositories in registry ${registryId}`, 400);
    if (repos.some((r) => r.name === name)) throw ctx.error('RepositoryAlreadyExistsException', `The repository with name '${name}' already exists in the registry with id '${registryId}'`, 400);
    const repo: RepositoryM = {
      name,
      ...(ctx.region !== ctx.model.region ? { region: ctx.region } : {}),
      images: [],
      scanOnPush: input.imageScanningConfiguration?.scanOnPush === true,
      encryption: input.encryptionConfiguration?.encryptionType ?? 'AES256',
      ...(input.tags?.length ? { tags: Object.fromEntries(input.tags.map((t) => [t.Key ?? '', t.Value ?? ''])) } : {}),
    };
    ctx.model.ecr.repositories.push(repo);
    return { repository: renderRepository(ctx, registryId, repo) };
  },
};
