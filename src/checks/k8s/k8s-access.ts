import type { Check } from '../../engine/types.js';
import { isOk } from '../../inventory/fact.js';
import { kubeAccess } from './common.js';

export const k8sAccess: Check = {
  id: 'k8s-access',
  area: 'k8s',
  title: 'The Kubernetes API answers with the given credentials and is the named cluster',
  severity: 'critical',
  appliesTo: () => true,
  needs: ['kube.access'],
  evaluate: (_intent, inv) => {
    const access = kubeAccess(inv);
    const name = inv.eks?.clusterName ?? '';
    const described = isOk(inv.eks?.cluster) ? inv.eks!.cluster.value : null;
    const how = access.via === 'eks' ? 'with an EKS token made from the AWS credentials of this run' : `through kube context "${access.context ?? ''}"`;
    const evidence = {
      server: access.server,
      via: access.via,
      ...(access.context ? { context: access.context } : {}),
      ...(access.gitVersion ? { gitVersion: access.gitVersion } : {}),
      clusterEndpoint: described?.endpoint ?? null,
      matchesCluster: access.matchesCluster,
      ...(access.caMatches !== undefined ? { caMatches: access.caMatches } : {}),
    };
    const resources = described ? [described.arn] : [];
    if (!access.matchesCluster) {
      return {
        status: 'fail',
        message: `kube context "${access.context ?? ''}" points at ${access.server}, which is not cluster ${name}'s endpoint${described?.endpoint ? ` ${described.endpoint}` : ''}: the in-cluster checks would judge another cluster`,
        resources,
        evidence,
      };
    }
    if (access.caMatches === false) {
      return {
        status: 'fail',
        message: `kube context "${access.context ?? ''}" reaches ${access.server} but trusts a certificate authority that is not cluster ${name}'s (DescribeCluster certificateAuthority): the kubeconfig is stale or for another cluster`,
        resources,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `the API server of cluster ${name} answers at ${access.server}${access.gitVersion ? ` (Kubernetes ${access.gitVersion})` : ''}, reached ${how}`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what:
      'GET /version on the API server answers with the credentials the tool uses, and that server is the cluster being checked: its URL (and CA, when the kubeconfig carries one) equal DescribeCluster\'s endpoint and certificate authority. Access comes from --context, else a kubeconfig context whose server is the cluster\'s endpoint, else straight from EKS (DescribeCluster endpoint and CA, and a token made as `aws eks get-token` makes it). Every other in-cluster check rests on this one.',
    why: 'Without API access the in-cluster checks cannot see Secrets, StorageClasses, IngressClasses, nodes or the Load Balancer Controller, and neither can `helm install`. A context for another cluster would make every in-cluster verdict about the wrong cluster.',
    fix: [
      'Point the tool at the cluster: --context <context-for-the-cluster>, or write one with:',
      '  aws eks update-kubeconfig --name <cluster> --region <region>',
      'Unauthorized (401): the IAM identity has no access entry on the cluster. Add one (read access, Secrets included, is enough for the checks):',
      '  aws eks create-access-entry --cluster-name <cluster> --principal-arn <your-role-or-user-arn>',
      '  aws eks associate-access-policy --cluster-name <cluster> --principal-arn <arn> --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy --access-scope type=cluster',
      'Forbidden (403): bind the ClusterRole that `daytona-preflight permissions` prints to that identity.',
      'Unreachable: a private endpoint is reachable only from inside the VPC (or through a VPN / bastion).',
    ].join('\n'),
  },
};
