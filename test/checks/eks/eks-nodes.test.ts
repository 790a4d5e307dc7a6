import { describe, expect, it } from 'vitest';
import { eksCluster } from '../../../src/checks/eks/eks-cluster.js';
import { eksNodes } from '../../../src/checks/eks/eks-nodes.js';
import type { NodeGroup } from '../../../src/inventory/types.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const run = (scenario: string, runner = true) => runOne(eksNodes, makeIntent({ runner: { enabled: runner } }), fixtureInventory('eks', scenario));

describe('eks-nodes', () => {
  it('passes with an ACTIVE system group and a labelled, tainted, x86_64 runner group with a 200 GiB disk', () => {
    const r = run('healthy');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ activeNodeGroups: ['system', 'runners'], runnerNodeGroups: [{ name: 'runners', architecture: 'x86_64', tainted: true, rootVolumeGiB: 200 }] });
    expect(r.resources).toContain('arn:aws:eks:eu-west-1:111122223333:nodegroup/daytona/runners/0002');
  });

  it('fails when no node group is labelled daytona-sandbox-c=true, suggesting a create-nodegroup command', () => {
    const r = run('runner-missing');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('daytona-sandbox-c=true');
    const cmd = String(r.evidence.suggestedCommand);
    expect(cmd).toContain('aws eks create-nodegroup --cluster-name daytona');
    expect(cmd).toContain('--labels daytona-sandbox-c=true');
    expect(cmd).toContain('--taints key=sandbox,value=true,effect=NO_SCHEDULE');
    expect(cmd).toContain('--node-role arn:aws:iam::111122223333:role/daytona-node');
  });

  it('passes without a runner group when the runner is disabled', () => {
    expect(run('runner-missing', false).status).toBe('pass');
  });

  it('fails a Graviton runner group without the sandbox taint, naming the group and both problems', () => {
    const r = run('runner-graviton-untainted');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('runners');
    expect(r.message).toContain('Arm64');
    expect(r.message).toContain('sandbox=true:NoSchedule');
    expect(r.evidence.failingNodeGroups).toEqual(['runners']);
    expect((r.evidence.taintCommands as string[])[0]).toContain('aws eks update-nodegroup-config --cluster-name daytona --nodegroup-name runners');
  });

  it('recognises Graviton from the instance type alone when the AMI type is CUSTOM', () => {
    const inv = fixtureInventory('eks', 'healthy');
    const runners = (inv.eks!.nodegroups as { value: NodeGroup[] }).value[1]!;
    runners.amiType = 'CUSTOM';
    runners.instanceTypes = ['c7gn.4xlarge'];
    expect(runOne(eksNodes, makeIntent(), inv).status).toBe('fail');
  });

  it('accepts the taint as Kubernetes spells it (NoSchedule) as well as the EKS API (NO_SCHEDULE)', () => {
    const inv = fixtureInventory('eks', 'healthy');
    (inv.eks!.nodegroups as { value: NodeGroup[] }).value[1]!.taints = [{ key: 'sandbox', value: 'true', effect: 'NoSchedule' }];
    expect(runOne(eksNodes, makeIntent(), inv).status).toBe('pass');
  });

  it('rejects a taint with another effect (NoExecute is not what the runner tolerates)', () => {
    const inv = fixtureInventory('eks', 'healthy');
    (inv.eks!.nodegroups as { value: NodeGroup[] }).value[1]!.taints = [{ key: 'sandbox', value: 'true', effect: 'NO_EXECUTE' }];
    expect(runOne(eksNodes, makeIntent(), inv).status).toBe('fail');
  });

  it('warns when the runner root volume (from the launch template) is under 100 GiB', () => {
    const r = run('runner-small-disk');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('50 GiB is under 100 GiB');
    expect(r.evidence.warnedNodeGroups).toEqual(['runners']);
  });

  it('fails when no node group is ACTIVE and there are no self-managed nodes', () => {
    const r = run('no-active-nodes');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('system CREATE_FAILED');
  });

  it('counts self-managed nodes as nodes, and warns that AWS cannot show their runner label', () => {
    expect(run('self-managed-only', false).status).toBe('pass');
    const r = run('self-managed-only');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('k8s-runner-nodes');
  });

  it('is an error naming eks:ListNodegroups when node groups cannot be listed', () => {
    const r = run('nodegroups-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'eks:ListNodegroups' });
  });

  it('is an error when only self-managed nodes could answer and they cannot be read', () => {
    const inv = fixtureInventory('eks', 'no-active-nodes');
    inv.ec2!.selfManagedNodes = { error: { code: 'AccessDenied', message: 'denied', action: 'ec2:DescribeInstances' } };
    expect(runOne(eksNodes, makeIntent(), inv)).toMatchObject({ status: 'error', error: { action: 'ec2:DescribeInstances' } });
  });

  it('is skipped naming eks-cluster when the cluster does not exist', () => {
    const r = runOne([eksCluster, eksNodes], makeIntent(), fixtureInventory('eks', 'cluster-not-found'));
    expect(r).toMatchObject({ status: 'skip', reason: 'depends on eks-cluster' });
  });
});
