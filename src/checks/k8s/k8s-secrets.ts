import type { Check } from '../../engine/types.js';
import type { SecretRequirement } from '../../values/types.js';
import { need } from '../../inventory/fact.js';
import { secretKey } from '../../inventory/types.js';
import { inClusterGate, k8sId } from './common.js';

interface SecretVerdict {
  name: string;
  namespace: string;
  valuesPath: string;
  purpose: string;
  requiredKeys: string[];
  found: boolean;
  missingKeys: string[];
  /** Key names the Secret has (names only, never values), shown when some are missing: a typo is easy to spot. */
  keys?: string[];
  /** The type a certificate Secret should have (kubernetes.io/tls), and the type it has when that differs. */
  expectedType?: string;
  wrongType?: string;
}

export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

/** A certificate Secret (ingress tlsSecretName, Harbor's TLS secret): the chart reads tls.crt and tls.key. */
const isTlsRequirement = (keys: readonly string[]) => keys.includes('tls.crt') && keys.includes('tls.key');

function createCommand(v: SecretVerdict): string {
  const namespace = v.namespace;
  if (v.expectedType === TLS_SECRET_TYPE && (!v.found || v.wrongType !== undefined)) {
    // The type of a Secret cannot be changed: one of another type is replaced.
    const create = `kubectl -n ${namespace} create secret tls ${v.name} --cert=<certificate.pem> --key=<private-key.pem>`;
    return v.found ? `kubectl -n ${namespace} delete secret ${v.name} && ${create}` : create;
  }
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
    const verdicts = intent.secrets.map((req: SecretRequirement): SecretVerdict => {
      const secret = need(inv.kube?.secrets?.[secretKey(req.namespace, req.name)], `Secret ${req.name} in namespace ${req.namespace} (list secrets)`);
      const tls = isTlsRequirement(req.keys);
      const base = { name: req.name, namespace: req.namespace, valuesPath: req.path, purpose: req.purpose, requiredKeys: [...req.keys], ...(tls ? { expectedType: TLS_SECRET_TYPE } : {}) };
      if (!secret) return { ...base, found: false, missingKeys: [...req.keys] };
      const missingKeys = req.keys.filter((k) => !secret.keys.includes(k));
      const wrongType = tls && secret.type !== TLS_SECRET_TYPE ? { wrongType: secret.type ?? 'Opaque' } : {};
      return { ...base, found: true, missingKeys, ...(missingKeys.length ? { keys: secret.keys } : {}), ...wrongType };
    });
    const bad = verdicts.filter((v) => !v.found || v.missingKeys.length);
    const mistyped = verdicts.filter((v) => v.found && !v.missingKeys.length && v.wrongType !== undefined);
    const resources = verdicts.map((v) => k8sId('secret', v.name, v.namespace));
    const toFix = [...bad, ...mistyped];
    const namespaces = [...new Set(verdicts.map((v) => v.namespace))];
    const evidence = { namespaces, secrets: verdicts, ...(toFix.length ? { commands: toFix.map(createCommand) } : {}) };
    if (bad.length) {
      const lines = bad.map((v) =>
        v.found
          ? `Secret ${v.name} (${v.valuesPath}) lacks key${v.missingKeys.length > 1 ? 's' : ''} ${v.missingKeys.join(', ')}${v.keys?.length ? ` (it has: ${v.keys.join(', ')})` : ' (it has no keys)'}`
          : `Secret ${v.name} (${v.valuesPath}, ${v.purpose}) does not exist in namespace ${v.namespace}`,
      );
      return { status: 'fail', message: lines.join('; '), resources, evidence, valuesPaths: bad.map((v) => v.valuesPath) };
    }
    if (mistyped.length) {
      return {
        status: 'warn',
        message: `${mistyped.map((v) => `Secret ${v.name} (${v.valuesPath}) has its keys but is of type ${v.wrongType}, not ${TLS_SECRET_TYPE}`).join('; ')}: ingress-nginx reads it, but ingress controllers that accept only ${TLS_SECRET_TYPE} Secrets (NGINX Inc's, OpenShift's router) ignore it; recreate it with kubectl create secret tls`,
        resources,
        evidence,
        valuesPaths: mistyped.map((v) => v.valuesPath),
      };
    }
    return {
      status: 'pass',
      message: `${verdicts.length} Secret${verdicts.length > 1 ? 's' : ''} in namespace ${namespaces.join(', ')} with the keys the chart reads: ${verdicts.map((v) => `${namespaces.length > 1 ? `${v.namespace}/` : ''}${v.name} (${v.requiredKeys.join(', ')})`).join('; ')}`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what:
      'Each Secret the values name (externalDatabase.existingSecret with database-password, externalRedis.existingSecret with redis-password, Harbor\'s s3.existingSecret with REGISTRY_STORAGE_S3_ACCESSKEY and REGISTRY_STORAGE_S3_SECRETKEY, the Harbor admin password Secret, ingress TLS Secrets with tls.crt and tls.key) exists and has the keys the chart reads; a TLS Secret of a type other than kubernetes.io/tls warns (ingress-nginx reads it, other controllers do not). Only key names are read and reported: Secret values are dropped on receipt and never appear in output or snapshots. Secrets Daytona\'s own templates read are looked up in namespaceOverride when the values set it; those of the Harbor and Dex subcharts in the release namespace.',
    why: 'The chart does not create these Secrets. A missing Secret or key leaves the pods that mount it in CreateContainerConfigError, and the post-install migration job never finishes, so `helm install` times out.',
    fix: [
      'Create the Secret with the keys named in the evidence, in the namespace named there, before installing:',
      '  kubectl -n <namespace> create secret generic <name> --from-literal=<key>=<value>',
      'A TLS Secret (kubernetes.io/tls):',
      '  kubectl -n <namespace> create secret tls <name> --cert=<certificate.pem> --key=<private-key.pem>',
      'Or add a missing key to an existing Secret:',
      '  kubectl -n <namespace> patch secret <name> --type merge -p \'{"stringData":{"<key>":"<value>"}}\'',
      'Or point the values at a Secret that exists.',
    ].join('\n'),
  },
};
