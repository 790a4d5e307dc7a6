import type { Check } from '../../engine/types.js';
import type { PvcRequirement } from '../../values/types.js';
import { need } from '../../inventory/fact.js';
import { inClusterGate, k8sId } from './common.js';

/** storageClass '-' is storageClassName "": no dynamic provisioning, so no class is involved. */
export const NO_PROVISIONING = '-';

/** PVCs that are dynamically provisioned (whatever class). */
export function provisionedPvcs(pvcs: readonly PvcRequirement[]): PvcRequirement[] {
  return pvcs.filter((p) => p.storageClass !== NO_PROVISIONING);
}

export const k8sStorageClass: Check = {
  id: 'k8s-storage-class',
  area: 'k8s',
  title: 'A default StorageClass exists for the PVCs that name none (and every StorageClass they name exists)',
  severity: 'critical',
  appliesTo: (intent) => (provisionedPvcs(intent.pvcs).length ? true : 'no PVC needs a StorageClass'),
  needs: ['kube.access', 'kube.storageClasses'],
  evaluate: (intent, inv) => {
    const gate = inClusterGate(inv);
    if (gate) return gate;
    const classes = need(inv.kube?.storageClasses, 'StorageClasses (list storageclasses)');
    const pvcs = provisionedPvcs(intent.pvcs);
    const usingDefault = pvcs.filter((p) => !p.storageClass);
    const named = [...new Set(pvcs.flatMap((p) => (p.storageClass ? [p.storageClass] : [])))];
    const defaults = classes.filter((c) => c.isDefault);
    const missingNamed = named.filter((n) => !classes.some((c) => c.name === n));
    const evidence = {
      storageClasses: classes.map((c) => ({ name: c.name, provisioner: c.provisioner, isDefault: c.isDefault })),
      defaultClasses: defaults.map((c) => c.name),
      pvcsWithoutClass: usingDefault.map((p) => `${p.component} (${p.size})`),
      namedClasses: named,
    };
    const resources = [...defaults, ...classes.filter((c) => named.includes(c.name))].map((c) => k8sId('storageclass', c.name));
    const failures: string[] = [];
    if (usingDefault.length && !defaults.length) {
      failures.push(
        `no default StorageClass (annotation storageclass.kubernetes.io/is-default-class=true${classes.length ? ` on none of ${classes.map((c) => c.name).join(', ')}` : '; the cluster has no StorageClass at all'}): the PVCs of ${usingDefault.map((p) => p.component).join(', ')} would stay Pending`,
      );
    }
    for (const n of missingNamed) failures.push(`StorageClass ${n}, named by the PVCs of ${pvcs.filter((p) => p.storageClass === n).map((p) => p.component).join(', ')}, does not exist`);
    if (failures.length) return { status: 'fail', message: failures.join('; '), resources, evidence };
    if (usingDefault.length && defaults.length > 1) {
      return {
        status: 'warn',
        message: `${defaults.length} StorageClasses are marked default (${defaults.map((c) => c.name).join(', ')}): Kubernetes 1.26+ picks the newest, older versions reject the PVCs; keep one default`,
        resources,
        evidence,
      };
    }
    const parts = [
      ...(usingDefault.length ? [`default StorageClass ${defaults[0]!.name} (${defaults[0]!.provisioner}) for ${usingDefault.length} PVC${usingDefault.length > 1 ? 's' : ''}`] : []),
      ...(named.length ? [`named StorageClass${named.length > 1 ? 'es' : ''} ${named.join(', ')} exist${named.length > 1 ? '' : 's'}`] : []),
    ];
    return { status: 'pass', message: parts.join('; '), resources, evidence };
  },
  remediation: 'manual',
  docs: {
    what:
      'The chart\'s PVCs (PostgreSQL, Redis, Dex, Harbor registry/jobservice/database/redis/trivy, MinIO, whichever are enabled) set no storageClassName unless the values give one. Those need a StorageClass annotated storageclass.kubernetes.io/is-default-class=true; a class the values name must exist.',
    why: 'Without a default StorageClass the PVCs stay Pending, their pods never start, and `helm install` waits until it times out. EKS clusters created on Kubernetes 1.30 or later have no default StorageClass (gp2 is no longer marked default).',
    fix: [
      'Create a gp3 class backed by the EBS CSI driver and make it the default:',
      '  kubectl apply -f - <<\'YAML\'',
      '  apiVersion: storage.k8s.io/v1',
      '  kind: StorageClass',
      '  metadata: { name: gp3, annotations: { storageclass.kubernetes.io/is-default-class: "true" } }',
      '  provisioner: ebs.csi.aws.com',
      '  parameters: { type: gp3, encrypted: "true" }',
      '  volumeBindingMode: WaitForFirstConsumer',
      '  YAML',
      'Or mark an existing class default: kubectl patch storageclass <name> -p \'{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}\'',
      'Or set storageClass in the values for each component.',
    ].join('\n'),
  },
};
