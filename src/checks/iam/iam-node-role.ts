import type { Check, Outcome } from '../../engine/types.js';
import type { Inventory } from '../../inventory/types.js';
import { need } from '../../inventory/fact.js';
import { attachedManaged, awsManagedPolicyArn, partitionOf } from '../../iam/managed.js';
import { nodeRoles, type NodeRole } from '../../iam/node-roles.js';
import { clusterMissingSkip, describedCluster } from '../eks/common.js';
import { judgeRequirement, notGrantedText, type Grant, type RequirementStatus } from './managed-requirement.js';

const WORKER = 'AmazonEKSWorkerNodePolicy';
const CNI = 'AmazonEKS_CNI_Policy';
const ECR_READ = 'AmazonEC2ContainerRegistryReadOnly';
const ECR_PULL = 'AmazonEC2ContainerRegistryPullOnly';
const SSM = 'AmazonSSMManagedInstanceCore';
/** Either ECR policy will do: one requirement, reported under this key. */
const ECR_KEY = `${ECR_READ} or ${ECR_PULL}`;

/**
 * What a grant must cover to stand in for the ECR policies: pulling from any repository (the EKS
 * add-on images come from AWS's own registries, the install's from yours). BatchImportUpstreamImage
 * (pull-through cache only) is left out on purpose.
 */
const ecrPullGrants = (partition: string): Grant[] => [
  { action: 'ecr:GetAuthorizationToken', resource: '*' },
  { action: 'ecr:BatchGetImage', resource: `arn:${partition}:ecr:*:*:repository/*` },
  { action: 'ecr:GetDownloadUrlForLayer', resource: `arn:${partition}:ecr:*:*:repository/*` },
];

type PolicyVerdict = RequirementStatus | { status: 'own-role'; via: string };

/** The VPC CNI's own IAM role, when it has one (add-on service-account role or Pod Identity for kube-system/aws-node). */
function cniOwnRole(inv: Inventory): string | undefined {
  const addon = need(inv.eks?.addons, 'EKS add-ons (eks:ListAddons/DescribeAddon)').find((a) => a.name === 'vpc-cni');
  if (addon?.serviceAccountRoleArn) return `vpc-cni add-on service-account role ${addon.serviceAccountRoleArn}`;
  const assoc = need(inv.eks?.podIdentityAssociations, 'EKS Pod Identity associations (eks:ListPodIdentityAssociations)').find(
    (a) => a.namespace === 'kube-system' && a.serviceAccount === 'aws-node',
  );
  return assoc ? `Pod Identity association ${assoc.associationId} (kube-system/aws-node → ${assoc.roleArn})` : undefined;
}

interface RoleReport {
  roleArn: string;
  nodeSets: string[];
  exists: boolean;
  policies: Record<string, PolicyVerdict>;
  ssmManagedInstanceCore?: boolean;
}

function judgeRole(role: NodeRole, cniRole: () => string | undefined): RoleReport {
  const base = { roleArn: role.roleArn, nodeSets: role.nodeSets };
  const p = role.principal;
  if (!p) return { ...base, exists: false, policies: {} };
  const partition = partitionOf(p.arn);
  const policies: Record<string, PolicyVerdict> = { [WORKER]: judgeRequirement(p, [WORKER]) };
  const own = attachedManaged(p, CNI) ? undefined : cniRole();
  policies[CNI] = own ? { status: 'own-role', via: own } : judgeRequirement(p, [CNI]);
  policies[ECR_KEY] = judgeRequirement(p, [ECR_READ, ECR_PULL], ecrPullGrants(partition));
  return { ...base, exists: true, policies, ssmManagedInstanceCore: attachedManaged(p, SSM) !== undefined };
}

export const iamNodeRole: Check = {
  id: 'iam-node-role',
  area: 'iam',
  title: 'Every node role has the AWS-managed policies EKS nodes need',
  severity: 'high',
  appliesTo: () => true,
  needs: ['eks.cluster', 'eks.nodegroups', 'ec2.selfManagedNodes', 'iam.nodeRoles', 'eks.addons', 'eks.podIdentity'],
  dependsOn: ['eks-cluster'],
  evaluate: (intent, inv): Outcome => {
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    const { roles, withoutRole, allNodeSets } = nodeRoles(inv);
    if (!allNodeSets.length) return { status: 'skip', message: 'skipped: the cluster has no node groups or self-managed nodes (see eks-nodes)', reason: 'depends on eks-nodes' };

    // The CNI's own role is looked up only when a role lacks the CNI policy, and once.
    let cniMemo: { v: string | undefined } | undefined;
    const cniRole = () => (cniMemo ??= { v: cniOwnRole(inv) }).v;
    const reports = roles.map((r) => judgeRole(r, cniRole));

    const ecrRequired = intent.ecr !== undefined;
    const failures: string[] = [];
    const warnings: string[] = [];
    const attach: { roleName: string; roleArn: string; policyArn: string }[] = [];
    const attachOptional: typeof attach = [];
    const equivalentGrants: { roleArn: string; policy: string; grantedBy: string[] }[] = [];
    for (const w of withoutRole) failures.push(`${w}: no IAM instance profile, so no node role`);
    for (const r of reports) {
      const who = `${r.roleArn} (${r.nodeSets.join(', ')})`;
      if (!r.exists) {
        failures.push(`${who}: the role does not exist`);
        continue;
      }
      const roleName = r.roleArn.slice(r.roleArn.lastIndexOf('/') + 1);
      const partition = partitionOf(r.roleArn);
      for (const [key, v] of Object.entries(r.policies)) {
        const policyArn = awsManagedPolicyArn(key === ECR_KEY ? ECR_READ : key, partition);
        if (v.status === 'missing') {
          const line = `${who}: ${key} not attached, ${notGrantedText(v)}`;
          // The ECR policies are the install's requirement only when images come from ECR; otherwise the EKS guide's.
          if (key === ECR_KEY && !ecrRequired) warnings.push(`${line}; the EKS guide expects it for the add-on images`);
          else failures.push(line);
          (key === ECR_KEY && !ecrRequired ? attachOptional : attach).push({ roleName, roleArn: r.roleArn, policyArn });
        } else if (v.status === 'equivalent') {
          warnings.push(`${who}: ${key} not attached; equivalent grant by ${v.grantedBy.join('; ')}${v.conditional ? ' (conditional)' : ''}`);
          equivalentGrants.push({ roleArn: r.roleArn, policy: key, grantedBy: v.grantedBy });
          attachOptional.push({ roleName, roleArn: r.roleArn, policyArn });
        }
      }
    }

    const evidence = {
      roles: reports,
      nodeSetsWithoutRole: withoutRole,
      ecrPolicyRequired: ecrRequired ? 'images come from ECR (global.imageRegistry)' : 'expected by the EKS guide (add-on images come from ECR)',
      ssmManagedInstanceCore: Object.fromEntries(reports.filter((r) => r.exists).map((r) => [r.roleArn, r.ssmManagedInstanceCore ? 'attached (info)' : 'not attached (info: Session Manager access to nodes)'])),
      ...(failures.length ? { failures } : {}),
      ...(warnings.length ? { warnings } : {}),
      ...(equivalentGrants.length ? { equivalentGrants } : {}),
      attach,
      attachOptional,
    };
    const resources = reports.map((r) => r.roleArn);
    if (failures.length) {
      return { status: 'fail', message: `${failures.length} node role shortfall${failures.length > 1 ? 's' : ''}: ${failures.join('; ')}`, resources, evidence };
    }
    if (warnings.length) return { status: 'warn', message: warnings.join('; '), resources, evidence };
    return {
      status: 'pass',
      message: `${reports.length} node role${reports.length > 1 ? 's have' : ' has'} ${WORKER}, ${CNI} (or the CNI its own role) and ECR read access attached`,
      resources,
      evidence,
    };
  },
  remediation: 'attach-node-policies',
  docs: {
    what:
      'Each node role (managed node groups and self-managed nodes) has AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy (unless the VPC CNI has its own role through the add-on or Pod Identity) and AmazonEC2ContainerRegistryReadOnly or AmazonEC2ContainerRegistryPullOnly attached, as the EKS guide says. A policy that is not attached but whose actions other policies grant is a warning naming them. AmazonSSMManagedInstanceCore is reported for information.',
    why: 'Without the worker policy nodes cannot join the cluster; without the CNI policy pods get no IP addresses; without ECR read access the kubelet cannot pull the EKS add-on images, nor the Daytona images when global.imageRegistry is an ECR registry.',
    fix: [
      'For each node role named in the evidence (use your partition in the ARNs):',
      '  aws iam attach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      '  aws iam attach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      '  aws iam attach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      'Find the roles: aws eks describe-nodegroup --cluster-name <cluster> --nodegroup-name <group> --query nodegroup.nodeRole',
      'Or run: daytona-preflight check --fix (remediation attach-node-policies).',
    ].join('\n'),
  },
};
