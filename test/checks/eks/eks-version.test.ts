import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eksCluster } from '../../../src/checks/eks/eks-cluster.js';
import { eksVersion } from '../../../src/checks/eks/eks-version.js';
import { builtInVersionTable } from '../../../src/eks/versions.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const run = (scenario: string, autoscaling = false) => runOne(eksVersion, makeIntent({ autoscaling }), fixtureInventory('eks', scenario));

describe('eks-version', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // The fixtures' DescribeClusterVersions answers describe AWS in February 2026.
    vi.setSystemTime(new Date('2026-02-14T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('passes for 1.33, listed by DescribeClusterVersions as in standard support', () => {
    const r = run('healthy');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ minorVersion: '1.33', support: 'standard', supportSource: 'eks:DescribeClusterVersions' });
  });

  it('fails for Kubernetes 1.18, below the chart minimum 1.19', () => {
    const r = run('version-1-18');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('older than 1.19');
    expect(r.evidence).toMatchObject({ minorVersion: '1.18', minimumVersion: '1.19' });
  });

  it('warns for 1.19 itself: no longer listed and older than every listed version, so past support', () => {
    const r = run('version-1-19-unlisted');
    expect(r.status).toBe('warn');
    expect(r.evidence).toMatchObject({ support: 'ended', supportSource: 'eks:DescribeClusterVersions' });
    expect(r.message).toContain('past AWS support');
  });

  it("parses 'v1.29.3-eks-1234' as 1.29 and warns that it is in (paid) extended support", () => {
    const r = run('version-patch-extended');
    expect(r.status).toBe('warn');
    expect(r.evidence).toMatchObject({ version: 'v1.29.3-eks-1234', minorVersion: '1.29', support: 'extended' });
    expect(r.message).toContain('past AWS standard support');
  });

  it('warns below 1.23 when HPA autoscaling is enabled (autoscaling/v2), naming the values paths', () => {
    const r = run('version-1-22', true);
    expect(r.status).toBe('warn');
    expect(r.message).toContain('autoscaling/v2');
    expect(r.valuesPaths).toContain('services.api.autoscaling.enabled');
  });

  it('does not warn about autoscaling/v2 when autoscaling is off', () => {
    expect(run('version-1-22').message).not.toContain('autoscaling/v2');
  });

  it('falls back to the built-in table when DescribeClusterVersions is denied, and says so', () => {
    const r = run('versions-denied-1-29');
    expect(r.status).toBe('warn');
    expect(r.evidence).toMatchObject({
      support: 'extended',
      supportSource: `built-in table as of ${builtInVersionTable().asOf}`,
      supportFactError: { code: 'AccessDenied', action: 'eks:DescribeClusterVersions' },
    });
  });

  it('passes on the built-in table for a version still in standard support there', () => {
    const r = run('versions-denied-1-33');
    expect(r.status).toBe('pass');
    expect(String(r.evidence.supportSource)).toMatch(/^built-in table as of \d{4}-\d{2}-\d{2}$/);
  });

  it('uses the table when the version list was never collected (an older snapshot)', () => {
    const inv = fixtureInventory('eks', 'healthy');
    delete inv.eks!.supportedVersions;
    expect(runOne(eksVersion, makeIntent(), inv).evidence).toMatchObject({ supportFactError: { code: 'NotCollected' } });
  });

  it('is an error naming eks:DescribeCluster when the cluster cannot be read', () => {
    const r = run('access-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'eks:DescribeCluster' });
  });

  it('is an error, not a guess, when the version cannot be parsed', () => {
    const inv = fixtureInventory('eks', 'healthy');
    (inv.eks!.cluster as { value: { version: string } }).value.version = 'latest';
    expect(runOne(eksVersion, makeIntent(), inv).status).toBe('error');
  });

  it('is skipped naming eks-cluster when the cluster does not exist', () => {
    const r = runOne([eksCluster, eksVersion], makeIntent(), fixtureInventory('eks', 'cluster-not-found'));
    expect(r).toMatchObject({ id: 'eks-version', status: 'skip', reason: 'depends on eks-cluster' });
  });
});
