import type { Check } from '../../engine/types.js';
import { switchOn, typed, type TypedValues } from './support/typed.js';
import type { ValuesView } from '../../values/types.js';
import { Verdict } from './support/verdict.js';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

interface IngressBlock {
  /** Values path of the block holding className and annotations. */
  path: string;
  /** Whether the chart renders this Ingress. */
  rendered: (values: ValuesView, v: TypedValues) => boolean;
}

/** The Ingresses the chart and its Harbor subchart render, each with className + annotations. */
const INGRESSES: readonly IngressBlock[] = [
  { path: 'services.api.ingress', rendered: (values) => switchOn(values, 'services.api.ingress.enabled') },
  { path: 'services.proxy.ingress', rendered: (values) => switchOn(values, 'services.proxy.ingress.enabled') },
  { path: 'dex.ingress', rendered: (values) => switchOn(values, 'dex.enabled') && switchOn(values, 'dex.ingress.enabled') },
  { path: 'harbor.expose.ingress', rendered: (values, v) => switchOn(values, 'harbor.enabled') && v.text('harbor.expose.type') === 'ingress' },
];

export const valuesIngressClass: Check = {
  id: 'values-ingress-class',
  area: 'values',
  title: 'No kubernetes.io/ingress.class annotation contradicts the ingress className',
  severity: 'high',
  appliesTo: () => true,
  needs: [],
  evaluate: (intent) => {
    const v = typed(intent.values.merged);
    const verdict = new Verdict();
    const checked: string[] = [];
    for (const ingress of INGRESSES) {
      if (!ingress.rendered(intent.values, v)) continue;
      checked.push(ingress.path);
      const className = v.text(`${ingress.path}.className`);
      const annotation = v.stringMap(`${ingress.path}.annotations`)[CLASS_ANNOTATION]?.trim();
      verdict.note(`${ingress.path}.className`, className);
      if (annotation === undefined) continue;
      const annotationPath = [...ingress.path.split('.'), 'annotations', CLASS_ANNOTATION];
      verdict.note(annotationPath, annotation);
      if (className && annotation !== className)
        verdict.fail(
          `${ingress.path}: annotation ${CLASS_ANNOTATION}: '${annotation}' differs from className '${className}'; the API server rejects an Ingress whose class annotation and spec.ingressClassName disagree`,
          annotationPath,
          `${ingress.path}.className`,
        );
    }
    verdict.detail('ingresses', checked);
    return verdict.outcome(
      checked.length ? `the ${checked.length} ingresses (${checked.join(', ')}) carry no conflicting class annotation` : 'the chart renders no Ingress with these values',
    );
  },
  remediation: 'manual',
  docs: {
    what: `For every Ingress the chart renders (services.api.ingress, services.proxy.ingress, dex.ingress, Harbor's harbor.expose.ingress), an annotation ${CLASS_ANNOTATION} in its annotations, if any, equals its className.`,
    why: `The templates set spec.ingressClassName from className; the Kubernetes API server refuses an Ingress whose ${CLASS_ANNOTATION} annotation names a different class, so helm install fails on that object.`,
    fix: `Delete the ${CLASS_ANNOTATION} annotation (spec.ingressClassName replaces it) or set className to the same class, e.g. className: alb for the AWS Load Balancer Controller.`,
  },
};
