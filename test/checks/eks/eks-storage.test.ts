import { describe, expect, it } from 'vitest';
import { eksStorage } from '../../../src/checks/eks/eks-storage.js';
import { eksCluster } from '../../../src/checks/eks/eks-cluster.js';
import { runChecks } from '../../../src/engine/run.js';
import { failed } from '../../../src/inventory/fact.js';
import type { EksAddon, Inventory } from '../../../src/inventory/types.js';
import { checkAgainst, withoutKube } from '../../kube-fake/harness.js';
import { serviceAccount } from '../../kube-fake/server.js';
import { EBS_ROLE_ARN, readyClusterWithout, readyIntent } from '../../kube-fake/scenarios.js';

const run = (o: Parameters<typeof checkAgainst>[1] = {}) => checkAgainst(eksStorage, o, [eksCluster]);
const addons = (inv: Inventory) => (inv.eks!.addons as { value: EksAddon[] }).value;
const NODE_ROLE = 'arn:aws:iam::111122223333:role/daytona-node';
/** Helm-installed driver: the CSIDriver exists, its controller service account has no IRSA annotation. */
const selfManagedDriver = () => [...readyClusterWithout((o) => o.kind === 'ServiceAccount'), serviceAccount('kube-system', 'ebs-csi-controller-sa'), serviceAccount('kube-system', 'aws-load-balancer-controller')];

describe('eks-storage', () => {
  it('passes with the EKS add-on whose service account role has AmazonEBSCSIDriverPolicy (its tag conditions are met by design)', async () => {
    const r = await run();
    expect(r.status).toBe('pass');
    expect(r.message).toBe(`the EBS CSI driver (EKS add-on aws-ebs-csi-driver) runs with ${EBS_ROLE_ARN} (service account role of the aws-ebs-csi-driver add-on (IRSA)), which allows creating, attaching and deleting volumes`);
    // CreateVolume rests on the statement conditioned on aws:RequestTag/ebs.csi.aws.com/cluster, a tag the driver always sets.
    expect((r.evidence.roles as { metByDesign: string[] }[])[0]!.metByDesign).toContain('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy Statement[7] [conditional]');
  });

  it('passes on EKS Auto Mode block storage, even under --no-kube', () => {
    const results = runChecks([eksCluster, eksStorage], readyIntent(), withoutKube('auto-mode'));
    expect(results[1]).toMatchObject({ status: 'pass', message: expect.stringContaining('EKS Auto Mode block storage is on') });
  });

  it('passes with a self-managed driver (CSIDriver ebs.csi.aws.com) on a node role that has AmazonEBSCSIDriverPolicy', async () => {
    const r = await run({ scenario: 'self-managed-drivers', server: { objects: selfManagedDriver() } });
    expect(r.status).toBe('pass');
    expect(r.message).toContain('CSIDriver ebs.csi.aws.com (self-managed)');
    expect(r.message).toContain(`${NODE_ROLE} (node role of nodegroup/system (no IRSA role or Pod Identity association))`);
  });

  it('uses the IRSA annotation of a self-managed driver\'s service account', async () => {
    const r = await run({ scenario: 'self-managed-drivers', server: { objects: [...selfManagedDriver().filter((o) => o.metadata.name !== 'ebs-csi-controller-sa'), serviceAccount('kube-system', 'ebs-csi-controller-sa', { 'eks.amazonaws.com/role-arn': NODE_ROLE })] } });
    expect(r.status).toBe('pass');
    expect(r.message).toContain('IRSA annotation on service account kube-system/ebs-csi-controller-sa');
  });

  it('fails when neither the add-on nor a CSIDriver ebs.csi.aws.com is installed', async () => {
    const r = await run({ server: { objects: readyClusterWithout((o) => o.kind === 'CSIDriver' && o.metadata.name === 'ebs.csi.aws.com') }, editAws: (inv) => addons(inv).splice(1, 1) });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('the EBS CSI driver is not installed: no EKS add-on aws-ebs-csi-driver and no CSIDriver ebs.csi.aws.com (the cluster has efs.csi.aws.com): EBS-backed PVCs would stay Pending');
  });

  it('fails when the add-on\'s role may not create volumes', async () => {
    const r = await run({ editAws: (inv) => ((inv.iam!.roles!['ebs-csi-role'] as { value: { attached: unknown[] } }).value.attached = []) });
    expect(r.status).toBe('fail');
    expect(r.message).toContain(`${EBS_ROLE_ARN} (service account role of the aws-ebs-csi-driver add-on (IRSA)): ec2:CreateVolume on arn:aws:ec2:eu-west-1:111122223333:volume/* is not granted by any policy`);
  });

  it('fails on the node role when the driver has no role of its own and the node role lacks the EBS actions', async () => {
    const r = await run({
      scenario: 'self-managed-drivers',
      server: { objects: selfManagedDriver() },
      editAws: (inv) => {
        const node = (inv.iam!.roles!['daytona-node'] as { value: { attached: { name: string }[] } }).value;
        node.attached = node.attached.filter((p) => p.name !== 'AmazonEBSCSIDriverPolicy');
      },
    });
    expect(r.status).toBe('fail');
    expect(r.message).toContain(`${NODE_ROLE} (node role of nodegroup/system (no IRSA role or Pod Identity association)): ec2:CreateVolume`);
  });

  it('fails when the add-on\'s role does not exist', async () => {
    const r = await run({ editAws: (inv) => (inv.iam!.roles!['ebs-csi-role'] = { value: null }) });
    expect(r).toMatchObject({ status: 'fail', message: `the EBS CSI driver's role ${EBS_ROLE_ARN} (service account role of the aws-ebs-csi-driver add-on (IRSA)) does not exist` });
  });

  it('fails when the add-on is in a failed state', async () => {
    const r = await run({ editAws: (inv) => (addons(inv)[1]!.status = 'CREATE_FAILED') });
    expect(r).toMatchObject({ status: 'fail', message: 'the aws-ebs-csi-driver add-on is CREATE_FAILED: the driver does not run' });
  });

  it('skips under --no-kube when the add-on is absent (only the cluster could show a self-managed driver)', () => {
    const results = runChecks([eksCluster, eksStorage], readyIntent(), withoutKube('ready', (inv) => addons(inv).splice(1, 1)));
    expect(results[1]).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
  });

  it('judges the add-on from AWS alone under --no-kube', () => {
    expect(runChecks([eksCluster, eksStorage], readyIntent(), withoutKube())[1]!.status).toBe('pass');
  });

  it('is an error naming `list csidrivers` when the add-on is absent and RBAC forbids the list', async () => {
    const r = await run({ server: { forbid: [{ verb: 'list', resource: 'csidrivers' }] }, editAws: (inv) => addons(inv).splice(1, 1) });
    expect(r).toMatchObject({ status: 'error', error: { code: 'Forbidden', action: 'list csidrivers' } });
  });

  it('is an error when the add-ons could not be read', () => {
    const results = runChecks([eksCluster, eksStorage], readyIntent(), withoutKube('ready', (inv) => (inv.eks!.addons = failed({ code: 'AccessDenied', action: 'eks:ListAddons', message: 'not authorized to perform eks:ListAddons' }))));
    expect(results[1]).toMatchObject({ status: 'error', error: { action: 'eks:ListAddons' } });
  });

  it('does not apply when no PVC needs a provisioned volume', () => {
    expect(runChecks([eksStorage], readyIntent({ pvcs: [] }), withoutKube())[0]).toMatchObject({ status: 'skip', reason: 'no PVC needs a provisioned volume' });
  });
});
