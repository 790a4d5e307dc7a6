/**
 * Whole accounts through the command line: `check --no-kube --output json` against the fake
 * account (fixtures/accounts/ready.json) and variants broken in one place each. The exit code
 * and the report say what a CI gate would see; the broken part fails its own check and nothing
 * else does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeAws, loadAccount, runCli, type AccountModel } from '../fake-aws/index.js';
import { BUCKET, NODE_ROLE, NO_KUBE_SKIPS, REGION, checkArgs, expectOnly, expectSoundReport, liveChecks, restoreFake, runScenario } from './support.js';

afterEach(restoreFake);

/** The call budget of a typical account (DESIGN §9): fewer than this many AWS calls. */
const CALL_BUDGET = 60;

describe('scenario: the ready account', () => {
  it('exits 0: every applicable live check passes, the in-cluster ones are skipped for --no-kube', async () => {
    const run = await runScenario();
    expect(run.code).toBe(0);
    expectSoundReport(run);
    expectOnly(run.report, {});
    for (const id of NO_KUBE_SKIPS) expect(run.report.checks.find((c) => c.id === id)?.reason ?? '').toMatch(/--no-kube/);
    expect(liveChecks(run.report).filter((c) => c.status === 'pass').length).toBeGreaterThanOrEqual(24);
    expect(run.report.summary).toMatchObject({ fail: 0, error: 0, exitCode: 0 });
    expect(run.report.target).toMatchObject({ accountId: '444455556666', region: REGION, cluster: 'daytona-prod' });
  });

  it(`reads the account in fewer than ${CALL_BUDGET} AWS calls, and nothing twice`, async () => {
    const run = await runScenario();
    const total = Object.values(run.report.apiCalls).reduce((a, b) => a + b, 0);
    const twice = run.fake.calls.filter((c, i, all) => all.findIndex((d) => d.operation === c.operation && JSON.stringify(d.input) === JSON.stringify(c.input)) !== i);
    expect(twice.map((c) => c.operation)).toEqual([]);
    expect(run.fake.writes()).toEqual([]);
    expect(total, `apiCalls: ${JSON.stringify(run.report.apiCalls)}`).toBeLessThan(CALL_BUDGET);
  });

  it('counts the retries of throttled calls in apiRetries and still passes', async () => {
    const run = await runScenario((_m, fake) => fake.throttle('ec2:DescribeSubnets', { attempts: 2 }));
    expect(run.code).toBe(0);
    expect(run.report.apiRetries).toEqual({ 'ec2:DescribeSubnets': 2 });
    expect(run.report.apiCalls['ec2:DescribeSubnets']).toBe(1);
  });
});

describe('scenario: broken accounts fail exactly the right check', () => {
  it('node role without an ECR policy: iam-node-role and ecr-pull-rights fail (exit 1)', async () => {
    const run = await runScenario((m) => {
      m.iam.roles[NODE_ROLE]!.attached = m.iam.roles[NODE_ROLE]!.attached.filter((a) => !a.includes('ContainerRegistry'));
    });
    expect(run.code).toBe(1);
    expectSoundReport(run);
    expectOnly(run.report, { 'iam-node-role': 'fail', 'ecr-pull-rights': 'fail' });
    const nodeRole = run.report.checks.find((c) => c.id === 'iam-node-role')!;
    expect(JSON.stringify(nodeRole.evidence)).toContain(NODE_ROLE);
  });

  it('RDS security group without 5432: rds-port-5432 fails, naming the group', async () => {
    const run = await runScenario((m) => {
      m.ec2.securityGroups.find((g) => g.id === 'sg-0db0000000000001')!.rules = [];
    });
    expect(run.code).toBe(1);
    expectSoundReport(run);
    expectOnly(run.report, { 'rds-port-5432': 'fail' });
    expect(JSON.stringify(run.report.checks.find((c) => c.id === 'rds-port-5432'))).toContain('sg-0db0000000000001');
  });

  describe('RDS security group that admits the nodes only through a customer-managed prefix list', () => {
    const throughPrefixList = (m: AccountModel) => {
      m.ec2.prefixLists.push({ id: 'pl-0c0rp0000000001', name: 'corp-and-eks', cidrs: ['192.168.0.0/16', '10.20.0.0/16'], customer: true });
      m.ec2.securityGroups.find((g) => g.id === 'sg-0db0000000000001')!.rules = [
        { id: 'sgr-0db0000000000009', egress: false, protocol: 'tcp', from: 5432, to: 5432, prefixList: 'pl-0c0rp0000000001', description: 'corp and EKS' },
      ];
    };

    it("passes on the list's entries, naming list and CIDR", async () => {
      const run = await runScenario(throughPrefixList);
      expect(run.code).toBe(0);
      expectOnly(run.report, {});
      expect(JSON.stringify(run.report.checks.find((c) => c.id === 'rds-port-5432')!.evidence)).toContain('pl-0c0rp0000000001 (10.20.0.0/16)');
      expect(run.fake.count('ec2:GetManagedPrefixListEntries')).toBe(1);
    });

    it('is an error naming ec2:GetManagedPrefixListEntries when the entries may not be read, never a pass or a fail', async () => {
      const run = await runScenario((m, fake) => {
        throughPrefixList(m);
        fake.deny('ec2:GetManagedPrefixListEntries');
      });
      expect(run.code).toBe(3);
      expectSoundReport(run);
      expectOnly(run.report, { 'rds-port-5432': 'error' });
      expect(run.report.checks.find((c) => c.id === 'rds-port-5432')!.message).toContain('ec2:GetManagedPrefixListEntries');
    });
  });

  it('ElastiCache in another VPC without peering: elasticache-network fails, naming both VPCs', async () => {
    const run = await runScenario((m) => {
      const other = 'vpc-0a11e70000000009';
      m.ec2.vpcs.push({ id: other, cidr: '10.99.0.0/16' });
      m.ec2.subnets.push(
        { id: 'subnet-0a11e70000000001', vpcId: other, cidr: '10.99.1.0/24', az: 'us-east-2a' },
        { id: 'subnet-0a11e70000000002', vpcId: other, cidr: '10.99.2.0/24', az: 'us-east-2b' },
      );
      m.ec2.networkAcls.push({ ...structuredClone(m.ec2.networkAcls[0]!), id: 'acl-0a11e70000000001', vpcId: other, subnetIds: ['subnet-0a11e70000000001', 'subnet-0a11e70000000002'] });
      m.ec2.routeTables.push({ id: 'rtb-0a11e70000000001', vpcId: other, main: true, routes: [] });
      m.ec2.securityGroups.find((g) => g.id === 'sg-0cache000000001')!.vpcId = other;
      m.elasticache.subnetGroups = [{ name: 'daytona-cache', vpcId: other, subnetIds: ['subnet-0a11e70000000001', 'subnet-0a11e70000000002'] }];
    });
    expect(run.code).toBe(1);
    expectSoundReport(run);
    // The group still admits the nodes' CIDR: the rule is right, the path is missing.
    expectOnly(run.report, { 'elasticache-network': 'fail' });
    const network = JSON.stringify(run.report.checks.find((c) => c.id === 'elasticache-network'));
    expect(network).toContain('vpc-0a11e70000000009');
    expect(network).toContain('vpc-0d1a7a0000000001');
  });

  it('missing bucket: s3-bucket fails, s3-bucket-security is skipped naming it', async () => {
    const run = await runScenario((m) => {
      delete m.s3.buckets[BUCKET];
    });
    expect(run.code).toBe(1);
    expectSoundReport(run);
    expectOnly(run.report, { 's3-bucket': 'fail', 's3-bucket-security': 'skip' });
    expect(run.report.checks.find((c) => c.id === 's3-bucket-security')!.reason).toContain('s3-bucket');
    expect(run.report.checks.find((c) => c.id === 's3-bucket')!.message).toContain(BUCKET);
  });

  it('registry user with s3:* on *: s3-policy-scope warns (exit 0), naming the statement', async () => {
    const run = await runScenario((m) => {
      m.iam.users['harbor-registry']!.inline = { 'harbor-s3': { Version: '2012-10-17', Statement: [{ Sid: 'EverythingS3', Effect: 'Allow', Action: 's3:*', Resource: '*' }] } };
    });
    expect(run.code).toBe(0);
    expectSoundReport(run);
    expectOnly(run.report, { 's3-policy-scope': 'warn' });
    expect(JSON.stringify(run.report.checks.find((c) => c.id === 's3-policy-scope'))).toContain('EverythingS3');
  });

  it('ECR repositories missing: ecr-repositories fails, naming them at their full path', async () => {
    const run = await runScenario((m) => {
      m.ecr.repositories = m.ecr.repositories.filter((r) => !['daytonaio/daytona-proxy', 'dexidp/dex'].includes(r.name));
    });
    expect(run.code).toBe(1);
    expectSoundReport(run);
    // The node role may still pull from those paths: the rights are right, the repositories are missing.
    expectOnly(run.report, { 'ecr-repositories': 'fail' });
    const message = JSON.stringify(run.report.checks.find((c) => c.id === 'ecr-repositories'));
    expect(message).toContain('daytonaio/daytona-proxy');
    expect(message).toContain('dexidp/dex');
  });

  it('EKS 1.18: eks-version fails', async () => {
    const run = await runScenario((m) => {
      m.eks.clusters[0]!.version = '1.18';
    });
    expect(run.code).toBe(1);
    expectSoundReport(run);
    expectOnly(run.report, { 'eks-version': 'fail' });
    expect(run.report.checks.find((c) => c.id === 'eks-version')!.message).toContain('1.18');
  });
});

describe('scenario: runs that cannot judge the account', () => {
  it('a cluster that does not exist: exit 2, one message listing the clusters of the region', async () => {
    const model = loadAccount('ready');
    model.eks.clusters.push({ ...structuredClone(model.eks.clusters[0]!), name: 'daytona-staging' });
    const fake = installFakeAws(model);
    try {
      const run = await runCli(checkArgs().map((a) => (a === 'daytona-prod' ? 'daytona-missing' : a)));
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('daytona-missing');
      expect(run.stderr).toContain('daytona-prod, daytona-staging');
      expect(fake.count('eks:ListClusters')).toBe(1);
    } finally {
      fake.restore();
    }
  });

  it('every data source denied: no live check passes, and the exit code is 3', async () => {
    const run = await runScenario((_m, fake) => fake.deny('*'));
    expect(run.code).toBe(3);
    expectSoundReport(run);
    const live = liveChecks(run.report);
    expect(live.filter((c) => c.status === 'pass' || c.status === 'fail' || c.status === 'warn').map((c) => c.id)).toEqual([]);
    // The first check of each chain is an error naming the refused action; the rest are skipped naming that check.
    const errors = live.filter((c) => c.status === 'error');
    expect(errors.map((c) => c.id)).toEqual(expect.arrayContaining(['eks-cluster', 'ecr-repositories', 's3-bucket', 's3-credentials', 'rds-instance', 'elasticache-cluster', 'network-s3-route']));
    for (const c of errors) expect(c.reason, c.id).toMatch(/^AccessDenied on [a-z0-9]+:[A-Z][A-Za-z]+$/);
    for (const c of live.filter((x) => x.status === 'skip')) expect(c.reason, c.id).toMatch(/^depends on [a-z0-9-]+|--no-kube/);
    expect(run.fake.calls.filter((c) => c.outcome === 'ok').map((c) => c.operation)).toEqual(['sts:GetCallerIdentity']);
  });
});
