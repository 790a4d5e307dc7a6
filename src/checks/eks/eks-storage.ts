import type { Check, Outcome } from '../../engine/types.js';
import type { EksAddon, EksCluster, Inventory, PodIdentityAssociation } from '../../inventory/types.js';
import { need } from '../../inventory/fact.js';
import { effectiveRoleArn } from '../../inventory/nodes.js';
import { nodeRoles } from '../../iam/node-roles.js';
import { clusterMissingSkip, describedCluster } from './common.js';
import { inClusterGate, kubeDisabledSkip } from '../k8s/common.js';
import { provisionedPvcs } from '../k8s/k8s-storage-class.js';
import { asAssociationSees, describeVerdicts, judgeWorkloadRole, podIdentityFor, roleByArn, ROLE_ARN_ANNOTATION, type RoleVerdict, type Workload } from '../k8s/workload-role.js';

export const EBS_CSI_ADDON = 'aws-ebs-csi-driver';
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';
const CONTROLLER_SA = { namespace: 'kube-system', name: 'ebs-csi-controller-sa' } as const;

/**
 * What provisioning a PVC takes (AmazonEBSCSIDriverPolicy's core): create, attach, detach, delete
 * and tag volumes, and read them. Resources as that policy scopes them.
 */
export const EBS_CSI: Workload = {
  name: 'the EBS CSI driver',
  actions: [
    { action: 'ec2:CreateVolume', resources: ['arn:{partition}:ec2:{region}:{account}:volume/*'] },
    { action: 'ec2:AttachVolume', resources: ['arn:{partition}:ec2:{region}:{account}:volume/*', 'arn:{partition}:ec2:{region}:{account}:instance/*'] },
    { action: 'ec2:DetachVolume', resources: ['arn:{partition}:ec2:{region}:{account}:volume/*', 'arn:{partition}:ec2:{region}:{account}:instance/*'] },
    { action: 'ec2:DeleteVolume', resources: ['arn:{partition}:ec2:{region}:{account}:volume/*'] },
    { action: 'ec2:CreateTags', resources: ['arn:{partition}:ec2:{region}:{account}:volume/*'] },
    { action: 'ec2:DescribeVolumes', resources: ['*'] },
  ],
  // The tags the driver puts on every volume and snapshot it creates, and the create action it tags with.
  ownConditionKeys: [
    /^(aws|ec2):(request|resource)tag\/(ebs\.csi\.aws\.com\/cluster|csivolumename|csivolumesnapshotname|kubernetes\.io\/created-for\/pvc\/name|kubernetes\.io\/cluster\/.+)$/i,
    /^ec2:createaction$/i,
  ],
};

/** Add-on states in which the driver serves (DEGRADED still runs, with a warning). */
const SERVING = new Set(['ACTIVE', 'UPDATING', 'DEGRADED']);

interface Installed {
  how: 'add-on' | 'csidriver';
  addon?: EksAddon;
}

/** Where the driver comes from: the EKS add-on, else (with cluster access) a CSIDriver object. Returns an outcome when it cannot go on. */
function installed(inv: Inventory): Installed | Outcome {
  const addon = need(inv.eks?.addons, 'EKS add-ons (eks:ListAddons/DescribeAddon)').find((a) => a.name === EBS_CSI_ADDON);
  if (addon) return { how: 'add-on', addon };
  const disabled = kubeDisabledSkip(inv);
  if (disabled) return { ...disabled, message: `${disabled.message} (the ${EBS_CSI_ADDON} add-on is not installed, so only the cluster can show a self-managed driver)` };
  const gate = inClusterGate(inv);
  if (gate) return gate;
  const drivers = need(inv.kube?.csiDrivers, 'CSIDrivers (list csidrivers)');
  if (drivers.includes(EBS_CSI_DRIVER)) return { how: 'csidriver' };
  return {
    status: 'fail',
    message: `the EBS CSI driver is not installed: no EKS add-on ${EBS_CSI_ADDON} and no CSIDriver ${EBS_CSI_DRIVER} (the cluster has ${drivers.length ? drivers.join(', ') : 'no CSIDriver'}): EBS-backed PVCs would stay Pending`,
    evidence: { addon: null, csiDrivers: drivers },
  };
}

/** The roles the driver's controller may run with, in the order the SDK picks credentials; or why there is none to judge. */
function driverRoles(inv: Inventory, cluster: EksCluster, how: Installed): RoleVerdict[] | { problem: string } {
  const judge = (roleArn: string, source: string, pia?: PodIdentityAssociation): RoleVerdict[] | { problem: string } => {
    const principal = roleByArn(inv, roleArn);
    return principal ? [judgeWorkloadRole(asAssociationSees(principal, pia), source, EBS_CSI, cluster.arn)] : { problem: `the EBS CSI driver's role ${roleArn} (${source}) does not exist` };
  };
  if (how.addon?.serviceAccountRoleArn) return judge(how.addon.serviceAccountRoleArn, `service account role of the ${EBS_CSI_ADDON} add-on (IRSA)`);
  const saKey = `${CONTROLLER_SA.namespace}/${CONTROLLER_SA.name}`;
  // A self-managed driver's IRSA annotation is visible only with cluster access.
  if (!inv.kube?.disabled && inv.kube?.serviceAccounts?.[saKey]) {
    const irsa = need(inv.kube.serviceAccounts[saKey], `service account ${saKey} (get serviceaccounts)`)?.annotations[ROLE_ARN_ANNOTATION];
    if (irsa) return judge(irsa, `IRSA annotation on service account ${saKey}`);
  }
  const pia = podIdentityFor(inv, CONTROLLER_SA.namespace, CONTROLLER_SA.name);
  if (pia) return judge(effectiveRoleArn(pia), `EKS Pod Identity association ${pia.associationId} for ${saKey}${pia.targetRoleArn ? ` (through ${pia.roleArn})` : ''}`, pia);
  // Neither: the controller falls back to the instance role of whichever node it runs on.
  const { roles, allNodeSets } = nodeRoles(inv);
  if (!allNodeSets.length) return { problem: 'the EBS CSI driver has no IAM role: no IRSA role, no Pod Identity association, and no nodes whose role it could fall back to' };
  const verdicts: RoleVerdict[] = [];
  for (const r of roles) {
    if (!r.principal) return { problem: `the EBS CSI driver would use node role ${r.roleArn} (${r.nodeSets.join(', ')}), which does not exist` };
    verdicts.push(judgeWorkloadRole(r.principal, `node role of ${r.nodeSets.join(', ')} (no IRSA role or Pod Identity association)`, EBS_CSI, cluster.arn));
  }
  return verdicts;
}

export const eksStorage: Check = {
  id: 'eks-storage',
  area: 'eks',
  title: 'The EBS CSI driver is installed and its IAM role allows it to provision volumes',
  severity: 'critical',
  appliesTo: (intent) => (provisionedPvcs(intent.pvcs).length ? true : 'no PVC needs a provisioned volume'),
  needs: ['eks.cluster', 'eks.addons', 'eks.podIdentity', 'iam.addonRoles', 'iam.nodeRoles', 'kube.access', 'kube.csiDrivers'],
  dependsOn: ['eks-cluster'],
  evaluate: (_intent, inv): Outcome => {
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    if (cluster.autoMode?.blockStorage) {
      return {
        status: 'pass',
        message: `EKS Auto Mode block storage is on for cluster ${cluster.name}: AWS runs the EBS CSI driver (provisioner ebs.csi.eks.amazonaws.com)`,
        resources: [cluster.arn],
        evidence: { autoMode: cluster.autoMode },
      };
    }
    const how = installed(inv);
    if (!('how' in how)) return { ...how, resources: [cluster.arn] };
    const evidence: Record<string, unknown> = {
      installedAs: how.how === 'add-on' ? `EKS add-on ${EBS_CSI_ADDON}` : `CSIDriver ${EBS_CSI_DRIVER} (self-managed)`,
      ...(how.addon ? { addon: { name: how.addon.name, version: how.addon.version ?? null, status: how.addon.status } } : {}),
      requiredActions: EBS_CSI.actions.map((a) => a.action),
    };
    const resources = [cluster.arn];
    if (how.addon && !SERVING.has(how.addon.status)) {
      return { status: 'fail', message: `the ${EBS_CSI_ADDON} add-on is ${how.addon.status}: the driver does not run`, resources, evidence };
    }
    const roles = driverRoles(inv, cluster, how);
    if ('problem' in roles) return { status: 'fail', message: roles.problem, resources, evidence };
    evidence.roles = roles;
    resources.push(...roles.map((r) => r.roleArn));
    const missing = describeVerdicts(roles, 'missing');
    const onNodes = roles.length > 0 && roles[0]!.source.startsWith('node role');
    if (missing.length) {
      // On node roles the controller runs on one node of some group: a role that passes beside one that fails is a warning.
      const allFail = roles.every((r) => r.missing.length);
      const status = onNodes && !allFail ? 'warn' : 'fail';
      return { status, message: `${status === 'warn' ? 'the driver works only when its controller runs on nodes whose role allows it: ' : ''}${missing.join('; ')}`, resources, evidence };
    }
    const conditional = describeVerdicts(roles, 'conditional');
    if (conditional.length) return { status: 'warn', message: conditional.join('; '), resources, evidence };
    const warning = how.addon?.status === 'DEGRADED' ? ` (add-on status DEGRADED: see aws eks describe-addon --addon-name ${EBS_CSI_ADDON})` : '';
    return {
      status: warning ? 'warn' : 'pass',
      message: `the EBS CSI driver (${evidence.installedAs}) runs with ${roles.map((r) => `${r.roleArn} (${r.source})`).join(', ')}, which allows creating, attaching and deleting volumes${warning}`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what:
      'When the install creates PVCs: the EBS CSI driver is installed, as the EKS add-on aws-ebs-csi-driver or (seen with cluster access) as a CSIDriver ebs.csi.aws.com, and the role its controller runs with (the add-on\'s service account role, the controller service account\'s IRSA annotation, an EKS Pod Identity association for kube-system/ebs-csi-controller-sa, else the node role) allows the AmazonEBSCSIDriverPolicy core actions: ec2:CreateVolume, AttachVolume, DetachVolume, DeleteVolume, CreateTags, DescribeVolumes, with no Deny in the way. EKS Auto Mode block storage counts as installed. The default StorageClass itself is k8s-storage-class.',
    why: 'Since Kubernetes 1.23 EKS provisions EBS volumes only through the CSI driver (the in-tree gp2 provisioner is migrated to it). Without the driver, or with a role that may not create volumes, every PVC stays Pending and the databases, Redis and Harbor never start.',
    fix: [
      'Create a role for the driver and install the add-on with it:',
      '  eksctl create iamserviceaccount --cluster <cluster> --namespace kube-system --name ebs-csi-controller-sa --role-name AmazonEKS_EBS_CSI_DriverRole \\',
      '    --attach-policy-arn arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy --role-only --approve',
      '  aws eks create-addon --cluster-name <cluster> --addon-name aws-ebs-csi-driver --service-account-role-arn arn:aws:iam::<account>:role/AmazonEKS_EBS_CSI_DriverRole',
      'For an existing role that lacks rights: aws iam attach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    ].join('\n'),
  },
};
