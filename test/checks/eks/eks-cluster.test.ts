import { describe, expect, it } from 'vitest';
import { eksCluster } from '../../../src/checks/eks/eks-cluster.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const run = (scenario: string) => runOne(eksCluster, makeIntent(), fixtureInventory('eks', scenario));

describe('eks-cluster', () => {
  it('passes when the cluster exists and is ACTIVE, naming its ARN', () => {
    const r = run('healthy');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual(['arn:aws:eks:eu-west-1:111122223333:cluster/daytona']);
    expect(r.evidence).toMatchObject({ cluster: 'daytona', status: 'ACTIVE', found: true });
  });

  it('fails when DescribeCluster finds no such cluster, naming the cluster and the region', () => {
    const r = run('cluster-not-found');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('daytona');
    expect(r.message).toContain('eu-west-1');
    expect(r.evidence).toMatchObject({ cluster: 'daytona', region: 'eu-west-1', found: false });
  });

  it('fails when the cluster is still CREATING', () => {
    const r = run('cluster-creating');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('CREATING');
  });

  it('warns while the cluster is UPDATING: the API keeps serving', () => {
    const inv = fixtureInventory('eks', 'healthy');
    (inv.eks!.cluster as { value: { status: string } }).value.status = 'UPDATING';
    expect(runOne(eksCluster, makeIntent(), inv).status).toBe('warn');
  });

  it('is an error naming eks:DescribeCluster when the call is denied, never a pass', () => {
    const r = run('access-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'eks:DescribeCluster' });
  });

  it('is an error when the EKS facts were never collected', () => {
    const r = runOne(eksCluster, makeIntent(), {});
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('NotCollected');
  });
});
