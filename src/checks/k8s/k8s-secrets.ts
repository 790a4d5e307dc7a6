import type { Check } from '../../engine/types.js';
import type { SecretRequirement } from '../../values/types.js';
import { need } from '../../inventory/fact.js';
import { inClusterGate, k8sId } from './common.js';

interface SecretVerdict {
  name: string;
  valuesPath: string;
  purpose: string;
  requiredKeys: string[];
  found: boolean;
  missingKeys: string[];
  /** Key names the Secret has (names only, never values), shown when some are missing: a typo is easy to spot. */
  keys?: string[];
}

function createCommand(namespace: string, v: SecretVerdict): string {
  const literals = (v.found ? v.missingKeys : v.requiredKeys).map((k) => `--from-literal=${k}=<value>`).join(' ');
  return v.found
    ? `kubectl -n ${namespace} patch secret ${v.name} --type merge -p '{"stringData":{${v.missingKeys.map((k) => `"${k}":"<value>"`).join(',')}}}'`
    : `kubectl -n ${namespace} create secret generic ${v.name} ${literals}`;
}

export const k8sSecrets: Check = {
  id: 'k8s-secrets',
  area: 'k8s',
  title: 'Every Secret the values reference exists in the namespace with its keys',
  severity: 'critical',
  appliesTo: (intent) => (intent.secrets.length ? true : 'the values reference no existing Secret'),
  needs: ['kube.access', 'kube.secrets'],
  evaluate: (intent, inv) => {
    const gate = inClusterGate(inv);
    if (gate) return gate;
    const ns = intent.namespace;
    const verdicts = intent.secrets.map((req: SecretRequirement): SecretVerdict => {
      const secret = need(inv.kube?.secrets?.[req.name], `Secret ${req.name} in namespace ${ns} (list secrets)`);
      const base = { name: req.name, valuesPath: req.path, purpose: req.purpose, requiredKeys: [...req.keys] };
      if (!secret) return { ...base, found: false, missingKeys: [...req.keys] };
      const missingKeys = req.keys.filter((k) => !secret.keys.includes(k));
      return { ...base, found: true, missingKeys, ...(missingKeys.length ? { keys: secret.keys } : {}) };
    });
    const bad = verdicts.filter((v) => !v.found || v.missingKeys.length);
    const resources = verdicts.map((v) => k8sId('secret', v.name, ns));
    const evidence = { namespace: ns, secrets: verdicts, ...(bad.length ? { commands: bad.map((v) => createCommand(ns, v)) } : {}) };
    if (bad.length) {
      const lines = bad.map((v) =>
        v.found
          ? `Secret ${v.name} (${v.valuesPath}) lacks key${v.missingKeys.length > 1 ? 's' : ''} ${v.missingKeys.join(', ')}${v.keys?.length ? ` (it has: ${v.keys.join(', ')})` : ' (it has no keys)'}`
          : `Secret ${v.name} (${v.valuesPath}, ${v.purpose}) does not exist in namespace ${ns}`,
      );
      return { status: 'fail', message: lines.join('; '), resources, evidence, valuesPaths: bad.map((v) => v.valuesPath) };
    }
    return {
      status: 'pass',
      message: `${verdicts.length} Secret${verdicts.length > 1 ? 's' : ''} in namespace ${ns} with the keys the chart reads: ${verdicts.map((v) => `${v.name} (${v.requiredKeys.join(', ')})`).join('; ')}`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what:
      'Each Secret the values name (externalDatabase.existingSecret with database-password, externalRedis.existingSecret with redis-password, Harbor\'s s3.existingSecret with REGISTRY_STORAGE_S3_ACCESSKEY and REGISTRY_STORAGE_S3_SECRETKEY, the Harbor admin password Secret, ingress TLS Secrets) exists in the install namespace and has the keys the chart reads. Only key names are read and reported: Secret values are dropped on receipt and never appear in output or snapshots.',
    why: 'The chart does not create these Secrets. A missing Secret or key leaves the pods that mount it in CreateContainerConfigError, and the post-install migration job never finishes, so `helm install` times out.',
    fix: [
      'Create the Secret with the keys named in the evidence, in the install namespace, before installing:',
      '  kubectl -n <namespace> create secret generic <name> --from-literal=<key>=<value>',
      'Or add a missing key to an existing Secret:',
      '  kubectl -n <namespace> patch secret <name> --type merge -p \'{"stringData":{"<key>":"<value>"}}\'',
      'Or point the values at a Secret that exists.',
    ].join('\n'),
  },
};
