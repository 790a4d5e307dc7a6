import { maskId } from '../secrets/redact.js';
import { parseEcrRegistry } from './ecr.js';
import { deriveImages } from './images.js';
import { at, envTrue, num, str, strOr, truthy } from './read.js';
import { subchartValues } from './subcharts.js';
import type { Intent, PvcRequirement, S3Target, SecretRequirement, ValuesView } from './types.js';
import { getIn, type Tree } from './paths.js';

/**
 * What the install needs, derived once from the merged values, per data/chart/FACTS.md and the
 * templates of chart 0.0.25 (and the subcharts it vendors). Nothing downstream reads raw values
 * for these answers.
 */
export function deriveIntent(values: ValuesView, opts: { release: string; namespace: string }): Intent {
  const get = (p: string) => values.get(p);
  const on = (p: string) => truthy(get(p));
  const nonEmpty = (p: string): string | undefined => str(get(p)) || undefined;
  const daytonaNamespace = str(get('namespaceOverride')) || opts.namespace;

  const harborEnabled = on('harbor.enabled');
  const harbor = harborEnabled ? subchartValues(values, 'harbor') : undefined;
  const storageType = str(at(harbor ?? subchartValues(values, 'harbor'), 'persistence.imageChartStorage.type'));

  const dbExternal = get('postgresql.enabled') === false;
  const redisExternal = get('redis.enabled') === false;
  const imageRegistry = str(get('global.imageRegistry'));
  const ecr = parseEcrRegistry(imageRegistry);
  const sshEnabled = on('services.sshGateway.enabled');
  const adminSecret = harborEnabled ? nonEmpty('harbor.existingSecretAdminPassword') : undefined;

  return {
    release: opts.release,
    namespace: opts.namespace,
    daytonaNamespace,
    values,
    database: {
      external: dbExternal,
      // The api and jobs read externalDatabase.* first and fall back to services.api.env.DB_* (env-keys.yaml fallbackOf).
      host: strOr(get('externalDatabase.host'), get('services.api.env.DB_HOST')),
      port: num(strOr(get('externalDatabase.port'), get('services.api.env.DB_PORT'), '5432'), 5432),
      name: strOr(get('externalDatabase.name'), get('services.api.env.DB_DATABASE')),
      user: strOr(get('externalDatabase.user'), get('services.api.env.DB_USERNAME')),
      // `enableTLS | default (env.DB_TLS_ENABLED | default "false")`, rendered as text the API parses.
      tls: envTrue(strOr(get('externalDatabase.enableTLS'), get('services.api.env.DB_TLS_ENABLED'))),
      existingSecret: nonEmpty('externalDatabase.existingSecret'),
      passwordSet: str(get('externalDatabase.password')) !== '',
    },
    redis: {
      external: redisExternal,
      host: strOr(get('externalRedis.host'), get('services.api.env.REDIS_HOST')),
      port: num(strOr(get('externalRedis.port'), get('services.api.env.REDIS_PORT'), '6379'), 6379),
      tls: envTrue(strOr(get('externalRedis.tls'), get('services.api.env.REDIS_TLS'))),
      username: nonEmpty('externalRedis.username'),
      existingSecret: nonEmpty('externalRedis.existingSecret'),
      passwordSet: str(get('externalRedis.password')) !== '',
    },
    harbor: {
      enabled: harborEnabled,
      storageType,
      adminPasswordSecret: adminSecret
        ? { name: adminSecret, key: strOr(get('harbor.existingSecretAdminPasswordKey'), 'HARBOR_ADMIN_PASSWORD') }
        : undefined,
    },
    s3: s3Targets(values, harbor, storageType),
    imageRegistry,
    ecr,
    images: deriveImages(values),
    sshGateway: {
      enabled: sshEnabled,
      loadBalancer: sshEnabled && str(get('services.sshGateway.service.type')) === 'LoadBalancer',
      annotations: stringMap(get('services.sshGateway.service.annotations')),
    },
    ingress: ingressClasses(values, harbor),
    pvcs: derivePvcs(values, harbor),
    secrets: deriveSecrets(values, harbor, storageType, { dbExternal, redisExternal, releaseNamespace: opts.namespace, daytonaNamespace }),
    runner: { enabled: on('services.runner.enabled') },
    autoscaling: on('services.api.autoscaling.enabled') || on('services.proxy.autoscaling.enabled'),
  };
}

function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v as Tree).map(([k, x]) => [k, str(x)]));
}

function s3Targets(values: ValuesView, harbor: Tree | undefined, storageType: string): S3Target[] {
  const out: S3Target[] = [];
  if (harbor && storageType === 's3') {
    const s3 = at(harbor, 'persistence.imageChartStorage.s3');
    out.push(
      withoutUndefined({
        use: 'harbor',
        bucket: str(at(s3, 'bucket')),
        region: str(at(s3, 'region')),
        accessKeyId: str(at(s3, 'accesskey')) || undefined,
        existingSecret: str(at(s3, 'existingSecret')) || undefined,
        regionEndpoint: str(at(s3, 'regionendpoint')) || undefined,
      }),
    );
  }
  // With MinIO on, the chart writes the API's S3 settings itself (env-keys.yaml readOnlyWhen).
  const env = values.get('services.api.env');
  if (!truthy(values.get('minio.enabled')) && str(at(env, 'S3_DEFAULT_BUCKET'))) {
    out.push(
      withoutUndefined({
        use: 'api',
        bucket: str(at(env, 'S3_DEFAULT_BUCKET')),
        region: str(at(env, 'S3_REGION')),
        accessKeyId: str(at(env, 'S3_ACCESS_KEY')) || undefined,
        regionEndpoint: str(at(env, 'S3_ENDPOINT')) || undefined,
      }),
    );
  }
  return out;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The IngressClasses the enabled Ingresses name (className, else the legacy kubernetes.io/ingress.class
 * annotation), and the Ingresses that name none: those only a default IngressClass serves.
 */
function ingressClasses(values: ValuesView, harbor: Tree | undefined): Intent['ingress'] {
  const classNames: string[] = [];
  const withoutClass: string[] = [];
  const ingress = (path: string, block: unknown) => {
    const cls = str(at(block, 'className')) || str(getIn(block, ['annotations', 'kubernetes.io/ingress.class']));
    if (!cls) withoutClass.push(path);
    else if (!classNames.includes(cls)) classNames.push(cls);
  };
  for (const path of ['services.api.ingress', 'services.proxy.ingress']) if (truthy(values.get(`${path}.enabled`))) ingress(path, values.get(path));
  if (truthy(values.get('dex.enabled')) && truthy(values.get('dex.ingress.enabled'))) ingress('dex.ingress', values.get('dex.ingress'));
  if (harbor && str(at(harbor, 'expose.type')) === 'ingress') ingress('harbor.expose.ingress', at(harbor, 'expose.ingress'));
  return { classNames, withoutClass };
}

/** One PVC; `storageClass` as the values give it ('-' means storageClassName "", no dynamic provisioning). */
function pvc(component: string, size: unknown, storageClass: unknown): PvcRequirement {
  const sc = str(storageClass);
  return sc ? { component, size: str(size), storageClass: sc } : { component, size: str(size) };
}

function times(n: number, make: (i: number) => PvcRequirement): PvcRequirement[] {
  return Array.from({ length: Math.max(0, Math.floor(n)) }, (_, i) => make(i));
}

/** Bitnami common.storage.class: global.storageClass, then the persistence block's, then global.defaultStorageClass. */
function bitnamiClass(sub: Tree, persistencePath: string): string {
  return strOr(at(sub, 'global.storageClass'), at(sub, `${persistencePath}.storageClass`), at(sub, 'global.defaultStorageClass'));
}

function bitnamiPvcs(sub: Tree, component: string, block: string, count: number): PvcRequirement[] {
  const p = `${block}.persistence`;
  if (!truthy(at(sub, `${p}.enabled`)) || truthy(at(sub, `${p}.existingClaim`))) return [];
  return times(count, (i) => pvc(count > 1 ? `${component}-${i}` : component, at(sub, `${p}.size`), bitnamiClass(sub, p)));
}

/** The PVCs the enabled components create (FACTS "Storage"), each with the class it asks for. */
function derivePvcs(values: ValuesView, harbor: Tree | undefined): PvcRequirement[] {
  const out: PvcRequirement[] = [];
  if (truthy(values.get('postgresql.enabled'))) {
    const pg = subchartValues(values, 'postgresql');
    out.push(...bitnamiPvcs(pg, 'postgresql', 'primary', 1));
    if (str(at(pg, 'architecture')) === 'replication') {
      out.push(...bitnamiPvcs(pg, 'postgresql.readReplica', 'readReplicas', num(at(pg, 'readReplicas.replicaCount'), 1)));
    }
  }
  if (truthy(values.get('redis.enabled'))) {
    // The chart's own redis.persistence.* is ignored: Bitnami redis 22 reads master.persistence.*.
    const r = subchartValues(values, 'redis');
    const replication = str(at(r, 'architecture')) === 'replication';
    const sentinel = replication && truthy(at(r, 'sentinel.enabled'));
    if (!sentinel && str(at(r, 'master.kind')) !== 'DaemonSet') {
      out.push(...bitnamiPvcs(r, 'redis.master', 'master', num(at(r, 'master.count'), 1)));
    }
    if (replication) out.push(...bitnamiPvcs(r, 'redis.replica', 'replica', num(at(r, 'replica.replicaCount'), 0)));
  }
  if (truthy(values.get('dex.enabled')) && truthy(values.get('dex.persistence.enabled'))) {
    out.push(pvc('dex', strOr(values.get('dex.persistence.size'), '1Gi'), values.get('dex.persistence.storageClass')));
  }
  if (harbor && truthy(at(harbor, 'persistence.enabled'))) {
    const claim = (name: string) => `persistence.persistentVolumeClaim.${name}`;
    const free = (name: string) => !truthy(at(harbor, `${claim(name)}.existingClaim`));
    const add = (component: string, name: string) => out.push(pvc(component, at(harbor, `${claim(name)}.size`), at(harbor, `${claim(name)}.storageClass`)));
    if (str(at(harbor, 'persistence.imageChartStorage.type')) === 'filesystem' && free('registry')) add('harbor.registry', 'registry');
    const loggers = at(harbor, 'jobservice.jobLoggers');
    if (free('jobservice.jobLog') && Array.isArray(loggers) && loggers.includes('file')) add('harbor.jobservice', 'jobservice.jobLog');
    if (str(at(harbor, 'database.type')) === 'internal' && free('database')) add('harbor.database', 'database');
    if (str(at(harbor, 'redis.type')) === 'internal' && free('redis')) add('harbor.redis', 'redis');
    if (truthy(at(harbor, 'trivy.enabled')) && free('trivy')) {
      const n = num(at(harbor, 'trivy.replicas'), 1);
      out.push(...times(n, (i) => pvc(n > 1 ? `harbor.trivy-${i}` : 'harbor.trivy', at(harbor, `${claim('trivy')}.size`), at(harbor, `${claim('trivy')}.storageClass`))));
    }
  }
  if (truthy(values.get('minio.enabled'))) {
    const m = subchartValues(values, 'minio');
    if (truthy(at(m, 'persistence.enabled'))) {
      const size = at(m, 'persistence.size');
      const sc = at(m, 'persistence.storageClass');
      if (str(at(m, 'mode')) === 'standalone') {
        if (!truthy(at(m, 'persistence.existingClaim'))) out.push(pvc('minio', size, sc));
      } else {
        // Distributed: a StatefulSet per pool, each replica with one claim per drive.
        const n = num(at(m, 'pools'), 1) * num(at(m, 'replicas'), 1) * Math.max(1, num(at(m, 'drivesPerNode'), 1));
        out.push(...times(n, (i) => pvc(`minio-${i}`, size, sc)));
      }
    }
  }
  return out;
}

function deriveSecrets(
  values: ValuesView,
  harbor: Tree | undefined,
  storageType: string,
  ctx: { dbExternal: boolean; redisExternal: boolean; releaseNamespace: string; daytonaNamespace: string },
): SecretRequirement[] {
  const out: SecretRequirement[] = [];
  const add = (name: string, keys: string[], path: string, purpose: string) => {
    if (!name) return;
    // Daytona's templates render into namespaceOverride; the subcharts (harbor, dex) into the release namespace.
    const namespace = path.startsWith('harbor.') || path.startsWith('dex.') ? ctx.releaseNamespace : ctx.daytonaNamespace;
    const same = out.find((s) => s.name === name && s.namespace === namespace);
    if (same) same.keys = [...new Set([...same.keys, ...keys])];
    else out.push({ name, namespace, keys, path, purpose });
  };
  const get = (p: string) => str(values.get(p));
  const tls = ['tls.crt', 'tls.key'];

  if (ctx.dbExternal) add(get('externalDatabase.existingSecret'), ['database-password'], 'externalDatabase.existingSecret', 'password of the external database');
  if (ctx.redisExternal) add(get('externalRedis.existingSecret'), ['redis-password'], 'externalRedis.existingSecret', 'password of the external Redis');
  if (harbor) {
    if (storageType === 's3') {
      add(
        str(at(harbor, 'persistence.imageChartStorage.s3.existingSecret')),
        ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'],
        'harbor.persistence.imageChartStorage.s3.existingSecret',
        "S3 credentials of Harbor's registry",
      );
    }
    add(
      get('harbor.existingSecretAdminPassword'),
      [strOr(values.get('harbor.existingSecretAdminPasswordKey'), 'HARBOR_ADMIN_PASSWORD')],
      'harbor.existingSecretAdminPassword',
      'Harbor admin password',
    );
    if (truthy(at(harbor, 'expose.tls.enabled')) && str(at(harbor, 'expose.tls.certSource')) === 'secret') {
      add(str(at(harbor, 'expose.tls.secret.secretName')), tls, 'harbor.expose.tls.secret.secretName', 'TLS certificate of the Harbor ingress');
    }
  }
  // An ingress tlsSecretName names a Secret the chart does not create ("must already exist").
  const ingressTls: [string, string, boolean][] = [
    ['services.api.ingress', 'TLS certificate of the API ingress', true],
    ['services.proxy.ingress', 'TLS certificate of the proxy ingress', true],
    ['dex.ingress', 'TLS certificate of the Dex ingress', truthy(values.get('dex.enabled'))],
  ];
  for (const [base, purpose, enabled] of ingressTls) {
    if (enabled && truthy(values.get(`${base}.enabled`)) && truthy(values.get(`${base}.tls`))) {
      add(get(`${base}.tlsSecretName`), tls, `${base}.tlsSecretName`, purpose);
    }
  }
  return out;
}

/** The report's `intent`: what the install needs, never a secret (access key ids masked). */
export function describeIntent(intent: Intent): Record<string, unknown> {
  const harborS3 = intent.s3.find((t) => t.use === 'harbor');
  const s3 = (t: S3Target) =>
    withoutUndefined({
      use: t.use,
      bucket: t.bucket,
      region: t.region,
      accessKeyId: t.accessKeyId ? maskId(t.accessKeyId) : undefined,
      existingSecret: t.existingSecret,
      regionEndpoint: t.regionEndpoint,
    });
  const db = intent.database;
  const redis = intent.redis;
  return {
    release: intent.release,
    namespace: intent.namespace,
    ...(intent.daytonaNamespace !== intent.namespace ? { daytonaNamespace: intent.daytonaNamespace } : {}),
    externalDatabase: db.external,
    database: db.external
      ? withoutUndefined({ host: db.host, port: db.port, name: db.name, tls: db.tls, existingSecret: db.existingSecret, passwordSet: db.passwordSet })
      : null,
    externalRedis: redis.external,
    redis: redis.external
      ? withoutUndefined({ host: redis.host, port: redis.port, tls: redis.tls, existingSecret: redis.existingSecret, passwordSet: redis.passwordSet })
      : null,
    harbor: { enabled: intent.harbor.enabled, storageType: intent.harbor.storageType },
    harborS3: harborS3 !== undefined,
    ecr: intent.ecr ? { ...intent.ecr } : null,
    sshLoadBalancer: intent.sshGateway.loadBalancer,
    imageRegistry: intent.imageRegistry,
    images: intent.images.map((i) => i.ref),
    s3Buckets: intent.s3.map(s3),
    secrets: intent.secrets.map((s) => s.name),
    pvcs: intent.pvcs.map((p) => ({ ...p })),
    storageClassNeeded: intent.pvcs.some((p) => !p.storageClass),
    ingressClasses: [...intent.ingress.classNames],
    ingressesWithoutClass: [...intent.ingress.withoutClass],
    runner: intent.runner.enabled,
    autoscaling: intent.autoscaling,
  };
}
