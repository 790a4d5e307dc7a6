/**
 * `manual` remediations: what is disruptive or a design choice (a cluster upgrade, VPC peering,
 * installing the Load Balancer Controller, a bucket's existing settings, network ACLs, values
 * edits) is printed as exact steps, filled in with this run's names where the facts give them,
 * and never automated. A failed check no automated remediation planned for gets one of these.
 */
import type { Check, CheckResult } from '../engine/types.js';
import { isOk } from '../inventory/fact.js';
import type { PlanContext, PlannedAction } from './types.js';
import { fixLines, manualAction, str, strings } from './support.js';

/** Installing the AWS Load Balancer Controller with Helm (the EKS user guide's steps), with this cluster's names. */
export function lbControllerSteps(ctx: PlanContext): string[] {
  const cluster = isOk(ctx.inventory.eks?.cluster) ? ctx.inventory.eks.cluster.value : null;
  const name = cluster?.name ?? ctx.inventory.eks?.clusterName ?? '<cluster>';
  const region = ctx.region ?? '<region>';
  const vpc = cluster?.vpcId ?? '<vpc-id>';
  const account = ctx.accountId ?? '<account-id>';
  return [
    'Install the AWS Load Balancer Controller (EKS user guide, "Install AWS Load Balancer Controller with Helm"):',
    '  curl -fsSLo lbc-iam-policy.json https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/main/docs/install/iam_policy.json',
    '  aws iam create-policy --policy-name AWSLoadBalancerControllerIAMPolicy --policy-document file://lbc-iam-policy.json',
    `  eksctl create iamserviceaccount --cluster ${name} --region ${region} --namespace kube-system --name aws-load-balancer-controller --role-name AmazonEKSLoadBalancerControllerRole --attach-policy-arn arn:${ctx.partition}:iam::${account}:policy/AWSLoadBalancerControllerIAMPolicy --approve`,
    '  helm repo add eks https://aws.github.io/eks-charts && helm repo update eks',
    `  helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=${name} --set region=${region} --set vpcId=${vpc} --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller`,
    '  kubectl -n kube-system rollout status deployment/aws-load-balancer-controller',
    'Or turn on EKS Auto Mode load balancing for the cluster.',
  ];
}

/** Steps for a check, best first: tailored ones where this run knows the names, else the check's own fix text. */
export function manualSteps(ctx: PlanContext, result: CheckResult, check: Check | undefined): string[] {
  switch (result.id) {
    case 'eks-version': {
      const cmd = str(result.evidence.upgradeCommand);
      const cluster = str(result.evidence.cluster) ?? '<cluster>';
      if (cmd)
        return [
          'Upgrade one minor version at a time (check add-on and node compatibility first; the control plane cannot be downgraded):',
          `  ${cmd}`,
          `  aws eks wait cluster-active --name ${cluster}`,
          `  aws eks update-nodegroup-version --cluster-name ${cluster} --nodegroup-name <group>   # for each node group`,
          'Repeat until the version meets the requirement.',
        ];
      break;
    }
    case 'eks-lb-controller':
      return lbControllerSteps(ctx);
    case 's3-bucket-security': {
      const commands = strings(result.evidence.commands);
      if (commands.length) return ['The bucket exists, so its settings are changed by hand (this tool never rewrites existing configuration on its own):', ...commands.map((c) => `  ${c}`)];
      break;
    }
  }
  return check ? fixLines(check.docs.fix) : [`See: daytona-preflight explain ${result.id}`];
}

/** The manual action for a failed check nothing else planned for. */
export function manualFor(ctx: PlanContext, result: CheckResult, check: Check | undefined): PlannedAction {
  const title = check?.title ?? result.title;
  return manualAction(result.id, '', `Fix by hand: ${title.charAt(0).toLowerCase()}${title.slice(1)}`, manualSteps(ctx, result, check));
}
