import { describe, expect, it } from 'vitest';
import { rdsNetwork } from '../../src/checks/rds/rds-network.js';
import { rdsPort5432 } from '../../src/checks/rds/rds-port-5432.js';
import { eksVersion } from '../../src/checks/eks/eks-version.js';
import { s3Bucket } from '../../src/checks/s3/s3-bucket.js';
import { s3Credentials } from '../../src/checks/s3/s3-credentials.js';
import { s3BucketSecurity } from '../../src/checks/s3/s3-bucket-security.js';
import { eksSubnetTags } from '../../src/checks/eks/eks-subnet-tags.js';
import type { CheckResult } from '../../src/engine/types.js';
import { ok } from '../../src/inventory/fact.js';
import { dependencyOrder, failingResults, planContext, planRemediations } from '../../src/remediations/plan.js';
import { lbControllerSteps } from '../../src/remediations/manual.js';
import { factPaths } from '../../src/remediations/state.js';
import type { PlannedAction } from '../../src/remediations/types.js';
import { fixtureInventory, makeIntent, s3Intent } from '../helpers/intent.js';
import { dbIntent } from '../checks/rds/intents.js';
import { planFor } from './support/plan.js';
import { expectPlanKeepsTheRules } from './support/rules.js';

const result = (id: string, status: CheckResult['status'], evidence: Record<string, unknown> = {}): CheckResult => ({
  id,
  area: 'rds',
  title: 'x',
  severity: 'high',
  status,
  message: '',
  resources: [],
  evidence,
  valuesPaths: [],
  docs: '',
  durationMs: 0,
});

describe('planning', () => {
  it('plans for the findings that make the exit code non-zero: failures, and warnings only under --fail-on warn', () => {
    const results = [result('a', 'fail'), result('b', 'warn'), result('c', 'error'), result('d', 'pass')];
    expect(failingResults(results, 'fail').map((r) => r.id)).toEqual(['a']);
    expect(failingResults(results, 'warn').map((r) => r.id)).toEqual(['a', 'b']);
  });

  it("prints a manual check's own fix steps (VPC peering is a design choice)", () => {
    const plan = planFor(rdsNetwork, dbIntent(), fixtureInventory('rds', 'other-vpc-no-peering'));
    expect(plan.statuses['rds-network']).toBe('fail');
    expect(plan.actions).toEqual([
      { id: 'manual:rds-network', checkId: 'rds-network', description: expect.stringMatching(/^Fix by hand: /), calls: [], safety: 'manual', remediation: 'manual', dependsOn: [], notes: rdsNetwork.docs.fix.split('\n').filter((l) => l.trim()) },
    ]);
  });

  it('fills the cluster name and next version into the upgrade steps', () => {
    const plan = planFor(eksVersion, makeIntent(), fixtureInventory('eks', 'version-1-18'));
    expect(plan.actions[0]!.notes!.join('\n')).toContain('aws eks update-cluster-version --name daytona --kubernetes-version 1.19');
  });

  it("prints the existing bucket's security settings as commands, never changing them itself", () => {
    const plan = planFor([s3Bucket, s3BucketSecurity], s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]), fixtureInventory('s3', 'bucket-insecure'));
    expect(plan.statuses['s3-bucket-security']).toBe('fail');
    const notes = plan.actions.find((a) => a.checkId === 's3-bucket-security')!.notes!.join('\n');
    expect(notes).toContain('aws s3api put-public-access-block --bucket daytona-registry');
  });

  it('gives the Load Balancer Controller install with Helm, with this cluster, region and VPC', () => {
    const inv = fixtureInventory('eks', 'healthy');
    const steps = lbControllerSteps(planContext(makeIntent(), inv, 'fail', [])).join('\n');
    expect(steps).toContain('helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=daytona');
    expect(steps).toMatch(/--set vpcId=vpc-/);
  });

  it('turns a remediation that cannot plan from the facts into printed steps, not a crash', () => {
    const intent = dbIntent();
    const ctx = planContext(intent, {}, 'fail', [result('rds-port-5432', 'fail')]);
    const plan = planRemediations(ctx, [rdsPort5432]);
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([
      ['manual:rds-port-5432:unplanned:authorize-sg-ingress', 'manual'],
      ['manual:rds-port-5432:unplanned:authorize-sg-egress', 'manual'],
    ]);
    expect(plan.actions[0]!.description).toContain('could not be planned from the facts (NotCollected');
  });

  it('orders the registry policy after the bucket it names when both are planned', () => {
    const inv = fixtureInventory('remediations', 'registry-key-inactive');
    inv.s3!.buckets['daytona-registry'] = ok(null);
    const intent = s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }]);
    // s3-credentials is listed first: the order comes from the dependencies, not the checks.
    const plan = planFor([s3Credentials, s3Bucket], intent, inv);
    const ids = plan.actions.map((a) => a.id);
    expect(ids.indexOf('create-bucket:daytona-registry')).toBeLessThan(ids.indexOf('scope-bucket-access:policy:daytona-harbor-registry:daytona-registry'));
    expect(plan.actions.find((a) => a.id.startsWith('scope-bucket-access:policy'))!.dependsOn).toEqual(['scope-bucket-access:user:daytona-harbor-registry', 'create-bucket:daytona-registry']);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('drops a dependency on an action that is not in the plan (the bucket exists)', () => {
    const plan = planFor(s3Credentials, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }]), fixtureInventory('remediations', 'registry-key-inactive'));
    expect(plan.actions[1]!.dependsOn).toEqual(['scope-bucket-access:user:daytona-harbor-registry']);
  });

  it('refuses a dependency cycle', () => {
    const a = (id: string, dependsOn: string[]): PlannedAction => ({ id, checkId: 'x', description: id, calls: [], safety: 'manual', remediation: 'manual', dependsOn, notes: ['x'] });
    expect(dependencyOrder([a('2', ['1']), a('1', []), a('3', ['2'])]).map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(() => dependencyOrder([a('1', ['2']), a('2', ['1'])])).toThrow('dependency cycle');
  });

  it('binds the plan to the facts its checks and remediations read, and always to the target and cluster', () => {
    const plan = planFor(eksSubnetTags, makeIntent(), fixtureInventory('eks', 'subnets-untagged'));
    expect(plan.needs).toEqual(['ec2.network', 'ec2.routes', 'eks.cluster']);
    expect(factPaths(plan.needs)).toEqual(['ec2.routeTables', 'ec2.securityGroups', 'ec2.subnets', 'ec2.vpcs', 'eks.cluster', 'eks.clusterName', 'target']);
  });
});
