import { describe, expect, it } from 'vitest';
import { k8sStorageClass } from '../../../src/checks/k8s/k8s-storage-class.js';
import { runChecks } from '../../../src/engine/run.js';
import { checkAgainst, withoutKube } from '../../kube-fake/harness.js';
import { storageClass, type KubeObject } from '../../kube-fake/server.js';
import { readyClusterWithout, readyIntent } from '../../kube-fake/scenarios.js';

/** A StorageClass with exactly these annotations. */
const annotated = (name: string, annotations: Record<string, string>): KubeObject => ({ ...storageClass(name, 'ebs.csi.aws.com'), metadata: { name, annotations } });
const classes = (...extra: ReturnType<typeof storageClass>[]) => [...readyClusterWithout((o) => o.kind === 'StorageClass'), ...extra];

describe('k8s-storage-class', () => {
  it('passes when a default StorageClass serves the PVCs that name none', async () => {
    const r = await checkAgainst(k8sStorageClass);
    expect(r.status).toBe('pass');
    expect(r.message).toBe('default StorageClass gp3 (ebs.csi.aws.com) for 2 PVCs');
    expect(r.evidence.defaultClasses).toEqual(['gp3']);
  });

  it('fails when no StorageClass is marked default, naming the PVCs that would stay Pending', async () => {
    const r = await checkAgainst(k8sStorageClass, { server: { objects: classes(storageClass('gp2', 'kubernetes.io/aws-ebs'), storageClass('gp3', 'ebs.csi.aws.com')) } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('no default StorageClass (annotation storageclass.kubernetes.io/is-default-class=true on none of gp2, gp3): the PVCs of redis.master, harbor.database would stay Pending');
  });

  it('fails when the cluster has no StorageClass at all', async () => {
    const r = await checkAgainst(k8sStorageClass, { server: { objects: classes() } });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the cluster has no StorageClass at all');
  });

  it('fails when a StorageClass the values name does not exist, even with a default', async () => {
    const intent = readyIntent({ pvcs: [{ component: 'postgresql', size: '8Gi', storageClass: 'io2-fast' }] });
    const r = await checkAgainst(k8sStorageClass, { intent });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('StorageClass io2-fast, named by the PVCs of postgresql, does not exist');
  });

  it('warns when two StorageClasses are marked default', async () => {
    const r = await checkAgainst(k8sStorageClass, { server: { objects: classes(storageClass('gp2', 'kubernetes.io/aws-ebs', true), storageClass('gp3', 'ebs.csi.aws.com', true)) } });
    expect(r.status).toBe('warn');
    expect(r.message).toContain('2 StorageClasses are marked default (gp2, gp3)');
  });

  it('counts the beta annotation storageclass.beta.kubernetes.io/is-default-class=true as default', async () => {
    const r = await checkAgainst(k8sStorageClass, { server: { objects: classes(annotated('gp3', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' })) } });
    expect(r.status).toBe('pass');
    expect(r.evidence.defaultClasses).toEqual(['gp3']);
  });

  it('does not count an annotation value other than exactly "true" (the admission plugin compares the string)', async () => {
    const r = await checkAgainst(k8sStorageClass, { server: { objects: classes(annotated('gp3', { 'storageclass.kubernetes.io/is-default-class': 'True' }), annotated('gp2', { 'storageclass.beta.kubernetes.io/is-default-class': 'TRUE' })) } });
    expect(r.status).toBe('fail');
    expect(r.evidence.defaultClasses).toEqual([]);
  });

  it('is an error naming `list storageclasses` when RBAC forbids it', async () => {
    const r = await checkAgainst(k8sStorageClass, { server: { forbid: [{ verb: 'list', resource: 'storageclasses' }] } });
    expect(r).toMatchObject({ status: 'error', error: { code: 'Forbidden', action: 'list storageclasses' }, reason: 'Forbidden on list storageclasses' });
  });

  it('does not apply when no PVC is dynamically provisioned', () => {
    expect(runChecks([k8sStorageClass], readyIntent({ pvcs: [] }), withoutKube())[0]).toMatchObject({ status: 'skip', reason: 'no PVC needs a StorageClass' });
    expect(runChecks([k8sStorageClass], readyIntent({ pvcs: [{ component: 'dex', size: '1Gi', storageClass: '-' }] }), withoutKube())[0]).toMatchObject({ status: 'skip' });
  });
});
