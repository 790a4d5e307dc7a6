import type { Check } from '../../engine/types.js';
import { isMap, typed, type TypedValues } from './support/typed.js';
import { Verdict } from './support/verdict.js';

const ENV = 'services.api.env';
const EXTRA_ENV = 'services.api.extraEnv';
/** What the API needs to reach a registry of its own when the bundled Harbor is off. */
export const REGISTRY_ENV = ['URL', 'ADMIN', 'PASSWORD'].flatMap((k) => [`TRANSIENT_REGISTRY_${k}`, `INTERNAL_REGISTRY_${k}`]);
const OPTIONAL_ENV = ['TRANSIENT_REGISTRY_PROJECT_ID', 'INTERNAL_REGISTRY_PROJECT_ID'];

/** Env names given through extraEnv (a list of {name, value | valueFrom}). */
function extraEnvNames(v: TypedValues): Map<string, string> {
  const out = new Map<string, string>();
  (v.list(EXTRA_ENV) ?? []).forEach((item, i) => {
    if (!isMap(item)) return;
    const name = v.str(`${EXTRA_ENV}.${i}.name`);
    if (!name) return;
    const hasValue = (v.str(`${EXTRA_ENV}.${i}.value`) ?? '') !== '' || isMap(item.valueFrom);
    if (hasValue) out.set(name, `${EXTRA_ENV}.${i}`);
  });
  return out;
}

export const valuesRegistry: Check = {
  id: 'values-registry',
  area: 'values',
  title: 'With Harbor off, the API is given a registry of its own',
  severity: 'critical',
  appliesTo: (intent) => !intent.harbor.enabled || 'harbor.enabled is true: the bundled Harbor is the registry',
  needs: [],
  evaluate: (intent) => {
    const v = typed(intent.values.merged);
    v.map(ENV);
    const viaExtraEnv = extraEnvNames(v);
    const verdict = new Verdict();
    const missing: string[] = [];
    for (const key of [...REGISTRY_ENV, ...OPTIONAL_ENV]) {
      const path = `${ENV}.${key}`;
      const value = v.text(path);
      if (value !== '') verdict.note(path, value);
      else if (viaExtraEnv.has(key)) verdict.detail(key, `from ${viaExtraEnv.get(key)}`);
      else if (REGISTRY_ENV.includes(key)) missing.push(path);
    }
    if (missing.length)
      verdict.fail(
        `harbor.enabled is false but the API has no registry settings for ${missing.join(', ')}: snapshot creation will fail`,
        'harbor.enabled',
        ...missing,
      );
    verdict.detail('missing', missing);
    return verdict.outcome(`the API uses its own registry ${v.text(`${ENV}.TRANSIENT_REGISTRY_URL`) || '(from extraEnv)'}`);
  },
  remediation: 'manual',
  docs: {
    what: `With harbor.enabled: false, ${ENV} sets TRANSIENT_REGISTRY_URL/_ADMIN/_PASSWORD and INTERNAL_REGISTRY_URL/_ADMIN/_PASSWORD (or ${EXTRA_ENV} provides them, e.g. the password through valueFrom).`,
    why: 'The chart wires the API to Harbor only when Harbor is on; with it off, nothing else supplies a registry, so the API cannot push or pull snapshot images and every sandbox creation fails.',
    fix: `Set ${ENV}.TRANSIENT_REGISTRY_URL, _ADMIN, _PASSWORD (and _PROJECT_ID) and the INTERNAL_REGISTRY_* equivalents to your registry (e.g. an ECR or an external Harbor), passing passwords through ${EXTRA_ENV} with valueFrom.secretKeyRef; or keep harbor.enabled: true.`,
  },
};
