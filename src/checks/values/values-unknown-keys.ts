import type { Check } from '../../engine/types.js';
import { findIgnoredKeys } from './support/known-keys.js';
import { Verdict } from './support/verdict.js';

export const valuesUnknownKeys: Check = {
  id: 'values-unknown-keys',
  area: 'values',
  title: 'Every key in the values is one the chart reads',
  severity: 'medium',
  appliesTo: () => true,
  needs: [],
  evaluate: (intent) => {
    const ignored = findIgnoredKeys(intent.values);
    const verdict = new Verdict().detail(
      'ignored',
      ignored.map((k) => ({ path: k.path, reason: k.reason, ...(k.suggestion ? { suggestion: k.suggestion } : {}) })),
    );
    if (ignored.length)
      verdict.warn(
        `${ignored.length} key${ignored.length === 1 ? ' is' : 's are'} silently ignored by the chart: ${ignored
          .map((k) => (k.suggestion ? `${k.path} (did you mean ${k.suggestion}?)` : k.path))
          .join(', ')}`,
        ...ignored.map((k) => k.path),
      );
    return verdict.outcome('every key in the values is read by the chart or one of its subcharts');
  },
  remediation: 'manual',
  docs: {
    what: "Keys absent from the chart's and its subcharts' defaults (typos, blocks at the wrong level such as harbor.imageChartStorage), services.<svc>.env keys that the service's template does not read, env keys read only under a condition that does not hold or shadowed by another value, and default keys nothing reads (pgadmin4, global.namespace, global.imagePullSecrets for Daytona's own pods). Free-form maps (annotations, labels, nodeSelector, tolerations, affinity, resources, extraEnv…) accept anything inside, but only where a template reads them (services.runner has no nodeSelector or tolerations: its scheduling is hard-coded); the SSH gateway passes every env key through.",
    why: 'Helm ignores keys no template reads, without a warning: the setting the user believes is in effect is not (Harbor stays on a PVC, an env var never reaches the API, a password is not applied).',
    fix: 'Rename or move each key to the suggested one; pass env vars the template does not list through services.<svc>.extraEnv (- name: KEY, value: …), which the api, proxy, runner and runner manager render.',
  },
};
