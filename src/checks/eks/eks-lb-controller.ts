import type { Check, Outcome } from '../../engine/types.js';
import type { KubeDeployment, PodIdentityAssociation } from '../../inventory/types.js';
import { need } from '../../inventory/fact.js';
import { effectiveRoleArn } from '../../inventory/nodes.js';
import { clusterMissingSkip, describedCluster } from './common.js';
import { inClusterGate, k8sId } from '../k8s/common.js';
import { asAssociationSees, describeVerdicts, judgeWorkloadRole, podIdentityFor, roleByArn, ROLE_ARN_ANNOTATION, type RoleVerdict, type Workload } from '../k8s/workload-role.js';

export const LB_CONTROLLER_LABEL = 'app.kubernetes.io/name=aws-load-balancer-controller';

/**
 * The controller's core actions for an NLB Service (the SSH gateway): create the load balancer and
 * its target group, register the nodes or pods, read subnets and security groups, open the nodes'
 * groups to the load balancer. Resources as the controller's published policy scopes them.
 */
export const LB_CONTROLLER: Workload = {
  name: 'the AWS Load Balancer Controller',
  actions: [
    { action: 'elasticloadbalancing:CreateLoadBalancer', resources: ['arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/net/*/*'] },
    { action: 'elasticloadbalancing:CreateTargetGroup', resources: ['arn:{partition}:elasticloadbalancing:{region}:{account}:targetgroup/*/*'] },
    { action: 'elasticloadbalancing:RegisterTargets', resources: ['arn:{partition}:elasticloadbalancing:{region}:{account}:targetgroup/*/*'] },
    { action: 'ec2:DescribeSubnets', resources: ['*'] },
    { action: 'ec2:DescribeSecurityGroups', resources: ['*'] },
    { action: 'ec2:AuthorizeSecurityGroupIngress', resources: ['arn:{partition}:ec2:{region}:{account}:security-group/*'] },
  ],
  // The tags the controller sets on everything it creates (older and newer policy versions), and the create action it tags with.
  ownConditionKeys: [/^(aws|ec2|elasticloadbalancing):(request|resource)tag\/(elbv2|ingress|service)\.k8s\.aws\/cluster$/i, /^aws:tagkeys$/i, /^(ec2|elasticloadbalancing):createaction$/i],
};

/** The role the controller's pods run with: IRSA on its service account, else Pod Identity. */
function controllerRole(inv: Parameters<Check['evaluate']>[1], d: KubeDeployment): { roleArn?: string; source: string; serviceAccount: string; saMissing?: boolean; pia?: PodIdentityAssociation } {
  const sa = d.serviceAccountName ?? 'default';
  const key = `${d.namespace}/${sa}`;
  const account = need(inv.kube?.serviceAccounts?.[key], `service account ${key} (get serviceaccounts)`);
  const irsa = account?.annotations[ROLE_ARN_ANNOTATION];
  if (irsa) return { roleArn: irsa, source: `IRSA annotation on service account ${key}`, serviceAccount: key };
  const pia = podIdentityFor(inv, d.namespace, sa);
  if (pia) return { roleArn: effectiveRoleArn(pia), source: `EKS Pod Identity association ${pia.associationId} for ${key}${pia.targetRoleArn ? ` (through ${pia.roleArn})` : ''}`, serviceAccount: key, pia };
  return { source: 'none', serviceAccount: key, ...(account ? {} : { saMissing: true }) };
}

export const eksLbController: Check = {
  id: 'eks-lb-controller',
  area: 'eks',
  title: 'The AWS Load Balancer Controller is running (or EKS Auto Mode load balancing is on) with an IAM role that allows it to work',
  severity: 'high',
  appliesTo: (intent) => (intent.sshGateway.enabled && intent.sshGateway.loadBalancer ? true : 'the SSH gateway is not a LoadBalancer Service'),
  needs: ['eks.cluster', 'eks.podIdentity', 'iam.addonRoles', 'kube.access', 'kube.lbController'],
  dependsOn: ['eks-cluster'],
  evaluate: (_intent, inv): Outcome => {
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    if (cluster.autoMode?.loadBalancing) {
      return {
        status: 'pass',
        message: `EKS Auto Mode load balancing is on for cluster ${cluster.name}: AWS runs the load balancer controller`,
        resources: [cluster.arn],
        evidence: { autoMode: cluster.autoMode },
      };
    }
    const gate = inClusterGate(inv);
    if (gate) {
      return gate.reason === inv.kube?.disabled ? { ...gate, message: `${gate.message} (EKS Auto Mode load balancing is off, so only the cluster can show the controller)` } : gate;
    }
    const deployments = need(inv.kube?.lbControllerDeployments, `Deployments labelled ${LB_CONTROLLER_LABEL} (list deployments)`);
    const evidence: Record<string, unknown> = {
      autoModeLoadBalancing: false,
      deployments: deployments.map((d) => ({ namespace: d.namespace, name: d.name, replicas: d.replicas, availableReplicas: d.availableReplicas, serviceAccount: d.serviceAccountName ?? 'default' })),
    };
    const resources = [cluster.arn, ...deployments.map((d) => k8sId('deployment', d.name, d.namespace))];
    if (!deployments.length) {
      return {
        status: 'fail',
        message: `the AWS Load Balancer Controller is not installed (no Deployment labelled ${LB_CONTROLLER_LABEL} in any namespace) and EKS Auto Mode load balancing is off: the SSH gateway's LoadBalancer Service would fall to the legacy in-tree controller, which ignores the aws-load-balancer-* annotations`,
        resources,
        evidence,
      };
    }
    const available = deployments.filter((d) => d.availableReplicas > 0);
    if (!available.length) {
      return {
        status: 'fail',
        message: `the AWS Load Balancer Controller is installed but not available: ${deployments.map((d) => `${d.namespace}/${d.name} ${d.availableReplicas}/${d.replicas} replicas available`).join(', ')}`,
        resources,
        evidence,
      };
    }

    const verdicts: RoleVerdict[] = [];
    const failures: string[] = [];
    for (const d of available) {
      const found = controllerRole(inv, d);
      if (!found.roleArn) {
        failures.push(
          found.saMissing
            ? `${d.namespace}/${d.name} runs as service account ${found.serviceAccount}, which does not exist`
            : `${d.namespace}/${d.name} has no IAM role: service account ${found.serviceAccount} has no ${ROLE_ARN_ANNOTATION} annotation and no EKS Pod Identity association`,
        );
        continue;
      }
      resources.push(found.roleArn);
      const principal = roleByArn(inv, found.roleArn);
      if (!principal) {
        failures.push(`${d.namespace}/${d.name} uses role ${found.roleArn} (${found.source}), which does not exist`);
        continue;
      }
      verdicts.push(judgeWorkloadRole(asAssociationSees(principal, found.pia), found.source, LB_CONTROLLER, cluster.arn));
    }
    evidence.roles = verdicts;
    evidence.requiredActions = LB_CONTROLLER.actions.map((a) => a.action);
    failures.push(...describeVerdicts(verdicts, 'missing'));
    if (failures.length) return { status: 'fail', message: failures.join('; '), resources, evidence };
    const conditional = describeVerdicts(verdicts, 'conditional');
    if (conditional.length) return { status: 'warn', message: conditional.join('; '), resources, evidence };
    return {
      status: 'pass',
      message: `the AWS Load Balancer Controller runs (${available.map((d) => `${d.namespace}/${d.name} ${d.availableReplicas}/${d.replicas}`).join(', ')}) with role ${verdicts.map((v) => `${v.roleArn} (${v.source})`).join(', ')}, which allows its core actions`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what:
      'When the SSH gateway is a LoadBalancer Service: a Deployment labelled app.kubernetes.io/name=aws-load-balancer-controller, in any namespace, has available replicas, and the IAM role of its service account (the eks.amazonaws.com/role-arn annotation, or an EKS Pod Identity association) exists and allows elasticloadbalancing:CreateLoadBalancer, CreateTargetGroup, RegisterTargets, ec2:DescribeSubnets, DescribeSecurityGroups and AuthorizeSecurityGroupIngress, with no Deny in the way. Conditions on the controller\'s own tags (elbv2.k8s.aws/cluster…) are met by design; other conditions make it a warning. EKS Auto Mode load balancing counts as present; under --no-kube this is skipped unless Auto Mode proves it.',
    why: 'Without the controller (or Auto Mode), the SSH gateway\'s Service gets a Classic Load Balancer from the legacy in-tree controller, which ignores the aws-load-balancer-* annotations; with a controller whose role lacks rights, the Service stays <pending> and the controller logs AccessDenied.',
    fix: [
      'Install the controller with an IAM role (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/):',
      '  curl -o iam_policy.json https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/main/docs/install/iam_policy.json',
      '  aws iam create-policy --policy-name AWSLoadBalancerControllerIAMPolicy --policy-document file://iam_policy.json',
      '  eksctl create iamserviceaccount --cluster <cluster> --namespace kube-system --name aws-load-balancer-controller \\',
      '    --attach-policy-arn arn:aws:iam::<account>:policy/AWSLoadBalancerControllerIAMPolicy --approve',
      '  helm install aws-load-balancer-controller aws-load-balancer-controller --repo https://aws.github.io/eks-charts -n kube-system \\',
      '    --set clusterName=<cluster> --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller',
      'Or turn on EKS Auto Mode load balancing. For a role that lacks rights, attach the policy above to it (and remove Deny statements named in the evidence).',
    ].join('\n'),
  },
};
