/**
 * A large account for the benchmark: the ready account (fixtures/accounts/ready.json, where
 * Daytona's cluster, database, cache, bucket and repositories live) inside an account full of
 * other teams' resources, so every listing the tool makes is long and paginated at the real page
 * sizes. Generated deterministically: the same account every run.
 */
import { loadAccount, type AccountModel, type SecurityGroupM, type SgRuleM } from '../test/fake-aws/index.js';

/** A small deterministic generator (LCG): the account must not change between runs. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');

export interface LargeAccountSize {
  vpcs: number;
  subnets: number;
  securityGroups: number;
  securityGroupRules: number;
  routeTables: number;
  instances: number;
  nodegroups: number;
  podIdentityAssociations: number;
  rdsInstances: number;
  rdsClusters: number;
  replicationGroups: number;
  cacheClusters: number;
  serverlessCaches: number;
  ecrRepositories: number;
  ecrImages: number;
  buckets: number;
  roles: number;
}

export function sizeOf(m: AccountModel): LargeAccountSize {
  return {
    vpcs: m.ec2.vpcs.length,
    subnets: m.ec2.subnets.length,
    securityGroups: m.ec2.securityGroups.length,
    securityGroupRules: m.ec2.securityGroups.reduce((n, g) => n + g.rules.length, 0),
    routeTables: m.ec2.routeTables.length,
    instances: m.ec2.instances.length,
    nodegroups: m.eks.clusters.reduce((n, c) => n + c.nodegroups.length, 0),
    podIdentityAssociations: m.eks.clusters.reduce((n, c) => n + c.podIdentity.length, 0),
    rdsInstances: m.rds.instances.length,
    rdsClusters: m.rds.clusters.length,
    replicationGroups: m.elasticache.replicationGroups.length,
    cacheClusters: m.elasticache.cacheClusters.length,
    serverlessCaches: m.elasticache.serverless.length,
    ecrRepositories: m.ecr.repositories.length,
    ecrImages: m.ecr.repositories.reduce((n, r) => n + r.images.length, 0),
    buckets: Object.keys(m.s3.buckets).length,
    roles: Object.keys(m.iam.roles).length,
  };
}

export function largeAccount(): AccountModel {
  const m = loadAccount('ready');
  const rnd = random(20250101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const acct = m.accountId;
  const mainVpc = m.ec2.vpcs[0]!.id;
  const clusterSg = m.eks.clusters[0]!.clusterSecurityGroupId;
  const runnerSg = 'sg-0runner5000000001';
  const privateSubnets = ['subnet-0a11ce0000000001', 'subnet-0a11ce0000000002'];
  const nodeRole = 'daytona-node-role';

  // ---------------------------------------------------------------- networks of other teams
  const vpcs = [mainVpc];
  for (let v = 1; v <= 5; v++) {
    const id = `vpc-0${hex(0x7ea0000 + v, 16)}`;
    vpcs.push(id);
    m.ec2.vpcs.push({ id, cidr: `10.${30 + v * 10}.0.0/16`, tags: { Name: `team-${v}` } });
  }
  const subnetsByVpc = new Map<string, string[]>();
  for (const [n, vpcId] of vpcs.entries()) {
    // 48 more in the cluster's VPC, 44 in each other VPC: 274 in all.
    const count = n === 0 ? 48 : 44;
    const base = n === 0 ? 20 : 30 + n * 10;
    for (let s = 0; s < count; s++) {
      const id = `subnet-0${hex(0x5b0000 + n * 1000 + s, 16)}`;
      m.ec2.subnets.push({ id, vpcId, cidr: `10.${base}.${n === 0 ? 10 + s : s}.0/24`, az: pick(['us-east-2a', 'us-east-2b', 'us-east-2c']), tags: { Name: `team-${n}-${s}` } });
      subnetsByVpc.set(vpcId, [...(subnetsByVpc.get(vpcId) ?? []), id]);
    }
  }

  // 600 security groups with 2–8 rules each, referencing each other and CIDRs.
  const sgs: SecurityGroupM[] = [];
  for (let g = 0; g < 600; g++) {
    const vpcId = pick(vpcs);
    sgs.push({ id: `sg-0${hex(0x5e0000 + g, 16)}`, name: `team-sg-${g}`, vpcId, rules: [] });
  }
  let ruleSeq = 0;
  for (const g of sgs) {
    const sameVpc = sgs.filter((x) => x.vpcId === g.vpcId);
    const n = 2 + Math.floor(rnd() * 7);
    const rules: SgRuleM[] = [{ id: `sgr-0${hex(0x7000000 + ++ruleSeq, 16)}`, egress: true, protocol: '-1', cidr: '0.0.0.0/0' }];
    for (let r = 1; r < n; r++) {
      const port = pick([22, 80, 443, 3306, 5432, 6379, 8080, 9090]);
      const peer = rnd() < 0.5 ? { group: pick(sameVpc).id } : { cidr: `10.${Math.floor(rnd() * 80)}.0.0/16` };
      rules.push({ id: `sgr-0${hex(0x7000000 + ++ruleSeq, 16)}`, egress: false, protocol: 'tcp', from: port, to: port, ...peer });
    }
    g.rules = rules;
  }
  m.ec2.securityGroups.push(...sgs);

  // Route tables and ACLs: some in the cluster's VPC (read by the tool), most elsewhere.
  for (let t = 0; t < 40; t++) {
    const vpcId = t < 8 ? mainVpc : pick(vpcs.slice(1));
    m.ec2.routeTables.push({ id: `rtb-0${hex(0x70b000 + t, 16)}`, vpcId, subnetIds: (subnetsByVpc.get(vpcId) ?? []).slice(t % 4, (t % 4) + 3), routes: [{ destination: '0.0.0.0/0', nat: `nat-0${hex(0x7a7000 + t, 16)}` }] });
  }
  for (let a = 0; a < 12; a++) {
    const vpcId = a < 3 ? mainVpc : pick(vpcs.slice(1));
    m.ec2.networkAcls.push({
      id: `acl-0${hex(0xac1000 + a, 16)}`,
      vpcId,
      subnetIds: [],
      entries: [
        { rule: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
        { rule: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
      ],
    });
  }
  for (let e = 0; e < 20; e++) {
    const vpcId = pick(vpcs.slice(1));
    m.ec2.vpcEndpoints.push({ id: `vpce-0${hex(0xe9d000 + e, 16)}`, vpcId, service: `com.amazonaws.us-east-2.${pick(['logs', 'sts', 'ssm', 'kms'])}`, type: 'Interface', subnetIds: (subnetsByVpc.get(vpcId) ?? []).slice(0, 2), groupIds: [pick(sgs.filter((g) => g.vpcId === vpcId)).id], privateDns: true });
  }
  for (let p = 0; p < 30; p++) {
    const [a, b] = [pick(vpcs.slice(1)), pick(vpcs.slice(1))];
    m.ec2.peerings.push({ id: `pcx-0${hex(0xbee000 + p, 16)}`, status: 'active', requester: { vpcId: a, cidr: m.ec2.vpcs.find((v) => v.id === a)!.cidr }, accepter: { vpcId: b, cidr: m.ec2.vpcs.find((v) => v.id === b)!.cidr } });
  }

  // ---------------------------------------------------------------- the cluster, bigger
  const cluster = m.eks.clusters[0]!;
  m.ec2.launchTemplates.push(
    { id: 'lt-0team0000000000001', name: 'team-gpu', defaultVersion: 1, versions: [{ number: 1, instanceType: 'g5.2xlarge', groupIds: [runnerSg], volumeGiB: 200 }] },
    { id: 'lt-0team0000000000002', name: 'team-batch', defaultVersion: 4, versions: [1, 2, 3, 4].map((number) => ({ number, instanceType: 'c6i.4xlarge', groupIds: [runnerSg], volumeGiB: 100 + number })) },
  );
  m.iam.roles['daytona-node-role-b'] = {
    attached: [...m.iam.roles[nodeRole]!.attached, `arn:aws:iam::${acct}:policy/node-extras`],
    inline: { logs: { Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] } },
  };
  m.iam.policies[`arn:aws:iam::${acct}:policy/node-extras`] = { document: { Version: '2012-10-17', Statement: [{ Sid: 'Metrics', Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: '*' }] } };
  for (let n = 0; n < 8; n++) {
    const withTemplate = n % 3 === 0;
    cluster.nodegroups.push({
      name: `team-${n}`,
      roleArn: `arn:aws:iam::${acct}:role/${n % 2 ? 'daytona-node-role-b' : nodeRole}`,
      subnetIds: privateSubnets,
      amiType: 'AL2023_x86_64_STANDARD',
      ...(withTemplate ? { launchTemplate: { id: n % 2 ? 'lt-0team0000000000002' : 'lt-0team0000000000001', version: n % 2 ? '4' : '1' } } : { instanceTypes: ['m6i.xlarge'], diskSize: 80 }),
      scaling: { min: 1, max: 10, desired: 3 },
    });
  }
  // Many workloads with their own Pod Identity roles: none of them the tool's business.
  for (let p = 0; p < 40; p++) cluster.podIdentity.push({ id: `a-0${hex(0xa55000 + p, 17)}`, namespace: `team-${p % 7}`, serviceAccount: `app-${p}`, roleArn: `arn:aws:iam::${acct}:role/app-${p}` });
  for (let p = 0; p < 40; p++) m.iam.roles[`app-${p}`] = { attached: [], inline: {} };
  for (const name of ['amazon-cloudwatch-observability', 'eks-pod-identity-agent', 'snapshot-controller', 'aws-efs-csi-driver', 'adot']) cluster.addons.push({ name, version: 'v1.0.0-eksbuild.1' });
  for (let c = 0; c < 6; c++) m.eks.clusters.push({ name: `team-cluster-${c}`, version: '1.32', roleArn: cluster.roleArn, vpcId: vpcs[1 + (c % 5)]!, subnetIds: (subnetsByVpc.get(vpcs[1 + (c % 5)]!) ?? []).slice(0, 2), clusterSecurityGroupId: sgs[c]!.id, nodegroups: [], addons: [], podIdentity: [] });

  // Self-managed nodes of this cluster, and 400 instances that are not.
  m.iam.instanceProfiles['daytona-self-managed'] = 'daytona-self-managed-role';
  m.iam.roles['daytona-self-managed-role'] = { attached: [...m.iam.roles[nodeRole]!.attached], inline: {} };
  for (let i = 0; i < 4; i++) {
    m.ec2.instances.push({ id: `i-0${hex(0x5e1f000 + i, 16)}`, type: 'm6i.2xlarge', subnetId: privateSubnets[i % 2]!, groupIds: [clusterSg], profileArn: `arn:aws:iam::${acct}:instance-profile/daytona-self-managed`, rootVolumeId: `vol-0${hex(0x5e1f000 + i, 16)}`, tags: { [`kubernetes.io/cluster/${cluster.name}`]: 'owned', Name: `self-managed-${i}` } });
    m.ec2.volumes.push({ id: `vol-0${hex(0x5e1f000 + i, 16)}`, sizeGiB: 150 });
  }
  for (let i = 0; i < 400; i++) {
    const managed = i < 24;
    const vpcId = managed ? mainVpc : pick(vpcs);
    m.ec2.instances.push({
      id: `i-0${hex(0x1a57000 + i, 16)}`,
      type: pick(['m6i.large', 't3.medium', 'c6i.xlarge']),
      subnetId: managed ? privateSubnets[i % 2]! : pick(subnetsByVpc.get(vpcId)!),
      groupIds: [managed ? clusterSg : pick(sgs).id],
      rootVolumeId: `vol-0${hex(0x1a57000 + i, 16)}`,
      state: i % 17 === 0 ? 'stopped' : 'running',
      tags: managed ? { [`kubernetes.io/cluster/${cluster.name}`]: 'owned', 'eks:nodegroup-name': pick(cluster.nodegroups).name } : { [`kubernetes.io/cluster/team-cluster-${i % 6}`]: 'owned' },
    });
    m.ec2.volumes.push({ id: `vol-0${hex(0x1a57000 + i, 16)}`, sizeGiB: 50 });
  }

  // ---------------------------------------------------------------- data stores of other teams
  for (let g = 0; g < 20; g++) {
    const vpcId = pick(vpcs.slice(1));
    m.rds.subnetGroups.push({ name: `team-db-${g}`, vpcId, subnetIds: (subnetsByVpc.get(vpcId) ?? []).slice(g % 5, (g % 5) + 2) });
    m.elasticache.subnetGroups.push({ name: `team-cache-${g}`, vpcId, subnetIds: (subnetsByVpc.get(vpcId) ?? []).slice(g % 5, (g % 5) + 2) });
  }
  for (let i = 0; i < 140; i++) {
    const engine = pick(['postgres', 'mysql', 'aurora-postgresql', 'mariadb']);
    const clusterId = engine === 'aurora-postgresql' ? `team-aurora-${i % 10}` : undefined;
    m.rds.instances.push({ id: `team-db-${i}`, engine, address: `team-db-${i}.c7fake0xyz12.us-east-2.rds.amazonaws.com`, port: engine.includes('postgres') ? 5432 : 3306, subnetGroup: `team-db-${i % 20}`, groupIds: [pick(sgs).id], encrypted: true, ...(clusterId ? { clusterId } : {}) });
  }
  for (let c = 0; c < 10; c++) {
    const members = m.rds.instances.filter((i) => i.clusterId === `team-aurora-${c}`).map((i) => i.id);
    m.rds.clusters.push({ id: `team-aurora-${c}`, engine: 'aurora-postgresql', endpoint: `team-aurora-${c}.cluster-c7fake0xyz12.us-east-2.rds.amazonaws.com`, port: 5432, subnetGroup: `team-db-${c}`, groupIds: [pick(sgs).id], members });
  }
  for (let r = 0; r < 110; r++) {
    const members = [`team-cache-${r}-001`, `team-cache-${r}-002`];
    m.elasticache.replicationGroups.push({ id: `team-cache-${r}`, engine: 'redis', primaryEndpoint: `master.team-cache-${r}.fake01.use2.cache.amazonaws.com`, port: 6379, members, transitEncryption: true });
    for (const id of members) m.elasticache.cacheClusters.push({ id, engine: 'redis', replicationGroupId: `team-cache-${r}`, subnetGroup: `team-cache-${r % 20}`, groupIds: [pick(sgs).id], nodes: [{ id: '0001', address: `${id}.team-cache-${r}.fake01.use2.cache.amazonaws.com`, port: 6379 }] });
  }
  for (let s = 0; s < 60; s++) {
    const vpcId = pick(vpcs.slice(1));
    m.elasticache.serverless.push({ name: `team-valkey-${s}`, engine: 'valkey', endpoint: `team-valkey-${s}-fake01.serverless.use2.cache.amazonaws.com`, port: 6379, groupIds: [pick(sgs.filter((g) => g.vpcId === vpcId)).id], subnetIds: (subnetsByVpc.get(vpcId) ?? []).slice(0, 2) });
  }
  for (let r = 0; r < 320; r++) {
    m.ecr.repositories.push({ name: `team-${r % 12}/service-${r}`, images: [1, 2, 3].map((v) => ({ tags: [`v1.${r}.${v}`] })) });
  }
  for (let b = 0; b < 200; b++) m.s3.buckets[`acme-team-${b}-data`] = { region: pick(['us-east-2', 'us-east-1', 'eu-west-1']), publicAccessBlock: null, encryption: { algorithm: 'AES256' } };
  return m;
}
