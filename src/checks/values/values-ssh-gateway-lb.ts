import type { Check } from '../../engine/types.js';
import { typed } from './support/typed.js';
import { Verdict } from './support/verdict.js';

const ANNOTATIONS = 'services.sshGateway.service.annotations';
const SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const SCHEMES = ['internet-facing', 'internal'];

export const valuesSshGatewayLb: Check = {
  id: 'values-ssh-gateway-lb',
  area: 'values',
  title: 'The SSH gateway LoadBalancer says which load balancer scheme it wants',
  severity: 'medium',
  appliesTo: (intent) =>
    !intent.sshGateway.enabled
      ? 'services.sshGateway.enabled is false'
      : intent.sshGateway.loadBalancer || 'services.sshGateway.service.type is not LoadBalancer',
  needs: [],
  evaluate: (intent) => {
    const v = typed(intent.values.merged);
    const annotations = v.stringMap(ANNOTATIONS);
    const scheme = annotations[SCHEME]?.trim();
    const verdict = new Verdict().note('services.sshGateway.service.type', v.text('services.sshGateway.service.type'));
    const schemePath = [...ANNOTATIONS.split('.'), SCHEME];
    verdict.note(schemePath, scheme);
    verdict.detail('annotations', Object.keys(annotations));
    if (scheme === undefined || scheme === '')
      verdict.warn(
        `the SSH gateway Service is a LoadBalancer without ${SCHEME}: the AWS Load Balancer Controller makes an internal NLB, unreachable from outside the VPC`,
        ANNOTATIONS,
        'services.sshGateway.service.type',
      );
    else if (!SCHEMES.includes(scheme))
      verdict.fail(`${SCHEME}: '${scheme}' is not a scheme the AWS Load Balancer Controller knows (${SCHEMES.join(' or ')})`, schemePath);
    return verdict.outcome(`the SSH gateway LoadBalancer asks for an ${scheme} load balancer`);
  },
  remediation: 'manual',
  docs: {
    what: `When services.sshGateway.service.type is LoadBalancer, ${ANNOTATIONS} sets ${SCHEME} (internet-facing, or internal on purpose).`,
    why: 'The chart ships the Service with no annotations. Under the AWS Load Balancer Controller a Service without a scheme gets an internal NLB: SSH access to sandboxes from outside the VPC silently does not work.',
    fix: `Add to your values: services.sshGateway.service.annotations: { "${SCHEME}": internet-facing, "service.beta.kubernetes.io/aws-load-balancer-type": external, "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": ip } (or internal, if SSH is only used inside the VPC), and tag public subnets kubernetes.io/role/elb=1.`,
  },
};
