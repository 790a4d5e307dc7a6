import type { Check } from '../../engine/types.js';
import { need } from '../../inventory/fact.js';
import { inClusterGate, k8sId } from './common.js';

export const k8sIngressClass: Check = {
  id: 'k8s-ingress-class',
  area: 'k8s',
  title: "An IngressClass exists for each className the chart's Ingresses use (a default one for those without)",
  severity: 'high',
  appliesTo: (intent) => (intent.ingress.classNames.length || intent.ingress.withoutClass.length ? true : 'no Ingress is enabled'),
  needs: ['kube.access', 'kube.ingressClasses'],
  evaluate: (intent, inv) => {
    const gate = inClusterGate(inv);
    if (gate) return gate;
    const classes = need(inv.kube?.ingressClasses, 'IngressClasses (list ingressclasses)');
    const wanted = intent.ingress.classNames;
    const unclassed = intent.ingress.withoutClass;
    const defaults = classes.filter((c) => c.isDefault);
    const found = [...wanted.flatMap((n) => classes.filter((c) => c.name === n)), ...(unclassed.length ? defaults.filter((d) => !wanted.includes(d.name)) : [])];
    const missing = wanted.filter((n) => !classes.some((c) => c.name === n));
    const evidence = {
      classNames: wanted,
      ingressesWithoutClass: unclassed,
      ingressClasses: classes.map((c) => ({ name: c.name, controller: c.controller, isDefault: c.isDefault })),
      missing,
    };
    const resources = found.map((c) => k8sId('ingressclass', c.name));
    // Kubernetes gives an Ingress without a class the default IngressClass, and refuses to create one when several are default.
    if (unclassed.length && defaults.length !== 1) {
      return {
        status: 'fail',
        message: `${unclassed.join(', ')} ${unclassed.length > 1 ? 'name' : 'names'} no IngressClass, and the cluster has ${defaults.length ? `${defaults.length} default IngressClasses (${defaults.map((c) => c.name).join(', ')}): the API server refuses such an Ingress` : 'no default IngressClass: no controller would serve it'}`,
        resources,
        evidence,
        valuesPaths: unclassed.map((p) => `${p}.className`),
      };
    }
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
      message: `IngressClass ${found.map((c) => `${c.name} (controller ${c.controller}${!wanted.includes(c.name) ? ', the default' : ''})`).join(', ')} exist${found.length > 1 ? '' : 's'}`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what: "For each className the enabled Ingresses use (the API and proxy ingresses, Dex's and Harbor's when enabled; default `nginx`; the legacy kubernetes.io/ingress.class annotation when className is empty), an IngressClass of that name exists. An Ingress that names no class needs exactly one IngressClass marked default (ingressclass.kubernetes.io/is-default-class: \"true\").",
    why: 'An Ingress whose class has no IngressClass is served by no controller: the Daytona API, proxy and Harbor get no address and are unreachable, though `helm install` itself succeeds.',
    fix: [
      'Install the ingress controller the values name, e.g. ingress-nginx (it creates the IngressClass nginx):',
      '  helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx -n ingress-nginx --create-namespace',
      'For an Ingress without className: mark one IngressClass default (kubectl annotate ingressclass nginx ingressclass.kubernetes.io/is-default-class=true), or set its className.',
      'Or set className in the values (services.api.ingress.className, services.proxy.ingress.className, dex.ingress.className, harbor.expose.ingress.className) to a class that exists (kubectl get ingressclass), e.g. alb for the AWS Load Balancer Controller.',
    ].join('\n'),
  },
};
