import { describe, expect, it } from 'vitest';
import { k8sAccess } from '../../../src/checks/k8s/k8s-access.js';
import { k8sChecks } from '../../../src/checks/k8s/index.js';
import { runChecks } from '../../../src/engine/run.js';
import { failed, ok } from '../../../src/inventory/fact.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { checkAgainst, checksAgainst, withoutKube } from '../../kube-fake/harness.js';
import { readyIntent } from '../../kube-fake/scenarios.js';

const STAGING = 'https://STAGING0000.gr7.eu-west-1.eks.amazonaws.com';

describe('k8s-access', () => {
  it('passes when the API answers through a kube context whose server is the cluster endpoint', async () => {
    const r = await checkAgainst(k8sAccess);
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/^the API server of cluster daytona answers at https:\/\/127\.0\.0\.1:\d+ \(Kubernetes v1\.31\.4-eks-2d5f260\), reached through kube context "fake"$/);
    expect(r.evidence).toMatchObject({ via: 'kubeconfig', context: 'fake', matchesCluster: true, caMatches: true });
    expect(r.resources).toEqual(['arn:aws:eks:eu-west-1:111122223333:cluster/daytona']);
  });

  it('passes with access built from EKS (endpoint, CA, EKS token) when no kube context points at the cluster', async () => {
    const tokens: string[] = [];
    const r = await checkAgainst(k8sAccess, {
      server: { authenticate: (t) => (tokens.push(t), t === 'k8s-aws-v1.test-token') },
      kubeconfig: null,
      deps: { token: async () => 'k8s-aws-v1.test-token' },
    });
    expect(r.status).toBe('pass');
    expect(r.message).toContain('reached with an EKS token made from the AWS credentials of this run');
    expect(tokens).toContain('k8s-aws-v1.test-token');
  });

  it('fails when --context points at another cluster, and every other in-cluster check skips naming k8s-access', async () => {
    const { results: run } = await checksAgainst(k8sChecks, {
      kubeconfig: (fake) => fake.kubeconfig({ extraContexts: [{ name: 'staging', server: STAGING }] }),
      context: 'staging',
    });
    expect(run['k8s-access']!.status).toBe('fail');
    expect(run['k8s-access']!.message).toContain(`kube context "staging" points at ${STAGING}, which is not cluster daytona's endpoint https://127.0.0.1:`);
    for (const id of ['k8s-secrets', 'k8s-storage-class', 'k8s-ingress-class', 'k8s-runner-nodes']) {
      expect(run[id]).toMatchObject({ status: 'skip', reason: 'depends on k8s-access' });
    }
  });

  it('fails when the kubeconfig trusts a CA that is not the cluster\'s', async () => {
    const other = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----\n').toString('base64');
    const r = await checkAgainst(k8sAccess, { editAws: (inv) => ((inv.eks!.cluster as { value: { certificateAuthority: string } }).value.certificateAuthority = other) });
    expect(r.status).toBe('fail');
    expect(r.message).toContain("trusts a certificate authority that is not cluster daytona's");
  });

  it('is an error (Unauthorized), never a pass, when the API rejects the credentials; so is every other in-cluster check', async () => {
    const { results } = await checksAgainst(k8sChecks, { server: { token: 'the-only-good-token' }, kubeconfig: (fake) => fake.kubeconfig({ token: 'a-stale-token' }) });
    expect(results['k8s-access']).toMatchObject({ status: 'error', error: { code: 'Unauthorized' } });
    expect(results['k8s-access']!.reason).toMatch(/^Unauthorized: the API server https:\/\/127\.0\.0\.1:\d+ rejected the credentials of kube context "fake" \(401\)$/);
    for (const id of ['k8s-secrets', 'k8s-storage-class', 'k8s-ingress-class', 'k8s-runner-nodes']) {
      expect(results[id]).toMatchObject({ status: 'error', error: { code: 'Unauthorized' } });
    }
  });

  it('is an error when the API server is unreachable', async () => {
    const inv: Inventory = { ...withoutKube(), kube: { access: failed({ code: 'Unreachable', message: 'cannot reach the Kubernetes API at https://10.0.0.1: connection timed out (ETIMEDOUT)' }) } };
    const [r] = runChecks([k8sAccess], readyIntent(), inv);
    expect(r).toMatchObject({ status: 'error', reason: expect.stringContaining('connection timed out') });
  });

  it('skips under --no-kube with the reason', () => {
    const [r] = runChecks([k8sAccess], readyIntent(), withoutKube());
    expect(r).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
  });

  it('reads the recorded access from a snapshot the same way', () => {
    const inv: Inventory = { ...withoutKube(), kube: { access: ok({ server: 'https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com', via: 'kubeconfig', context: 'prod', matchesCluster: true }) } };
    expect(runChecks([k8sAccess], readyIntent(), inv)[0]!.status).toBe('pass');
  });
});
