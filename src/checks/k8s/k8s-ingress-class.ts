import type { Check } from '../../engine/types.js';
import { need } from '../../inventory/fact.js';
import { inClusterGate, k8sId } from './common.js';

export const k8sIngressClass: Check = {
  id: 'k8s-ingress-class',
  area: 'k8s',
  title: "An IngressClass exists for each className the chart's Ingresses use",
  severity: 'high',
  appliesTo: (intent) => (intent.ingress.classNames.length ? true : 'no Ingress is enabled'),
  needs: ['kube.access', 'kube.ingressClasses'],
  evaluate: (intent, inv) => {
    const gate = inClusterGate(inv);
    if (gate) return gate;
    const classes = need(inv.kube?.ingressClasses, 'IngressClasses (list ingressclasses)');
    const wanted = intent.ingress.classNames;
    const found = wanted.flatMap((n) => classes.filter((c) => c.name === n));
    const missing = wanted.filter((n) => !classes.some((c) => c.name === n));
    const evidence = {
      classNames: wanted,
      ingressClasses: classes.map((c) => ({ name: c.name, controller: c.controller, isDefault: c.isDefault })),
      missing,
    };
    const resources = found.map((c) => k8sId('ingressclass', c.name));
    if (missing.length) {
      const have = classes.length ? `the cluster has ${classes.map((c) => `${c.name} (${c.controller})`).join(', ')}` : 'the cluster has no IngressClass';
      return {
        status: 'fail',
        message: `IngressClass ${missing.join(', ')} does not exist (${have}): no controller would serve the chart's Ingresses for it`,
        resources,
        evidence,
        valuesPaths: ['services.api.ingress.className', 'services.proxy.ingress.className'],
      };
    }
    return {
      status: 'pass',
      message: `IngressClass ${found.map((c) => `${c.name} (controller ${c.controller})`).join(', ')} exist${found.length > 1 ? '' : 's'}`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what: "For each className the enabled Ingresses use (the API and proxy ingresses, Dex's and Harbor's when enabled; default `nginx`), an IngressClass of that name exists.",
    why: 'An Ingress whose class has no IngressClass is served by no controller: the Daytona API, proxy and Harbor get no address and are unreachable, though `helm install` itself succeeds.',
    fix: [
      'Install the ingress controller the values name, e.g. ingress-nginx (it creates the IngressClass nginx):',
      '  helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx -n ingress-nginx --create-namespace',
      'Or set className in the values (services.api.ingress.className, services.proxy.ingress.className, dex.ingress.className, harbor.expose.ingress.className) to a class that exists (kubectl get ingressclass), e.g. alb for the AWS Load Balancer Controller.',
    ].join('\n'),
  },
};
