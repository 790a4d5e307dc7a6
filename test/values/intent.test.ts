import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readData } from '../../src/data.js';
import { secretValuesOf } from '../../src/secrets/redact.js';
import { deriveIntent, describeIntent } from '../../src/values/intent.js';
import { buildValues, loadValues } from '../../src/values/load.js';
import { intentOf } from './support.js';

describe('deriveIntent on the chart defaults', () => {
  const intent = intentOf([]);

  it('uses nothing external: bundled PostgreSQL, Redis and Harbor on a filesystem PVC', () => {
    expect(intent.database).toMatchObject({ external: false, host: 'daytona-postgresql', port: 5432, name: 'daytona', user: 'user', tls: true });
    expect(intent.redis).toMatchObject({ external: false, host: 'daytona-redis-master', port: 6379, tls: false, passwordSet: false });
    expect(intent.harbor).toEqual({ enabled: true, storageType: 'filesystem', adminPasswordSecret: undefined });
    expect(intent.s3).toEqual([]);
    expect(intent.imageRegistry).toBe('');
    expect(intent.ecr).toBeUndefined();
  });

  it('passes the release and namespace through, and keeps the values view', () => {
    expect(intentOf([], [], 'acme')).toMatchObject({ release: 'acme', namespace: 'daytona' });
    expect(intent.values.get('baseDomain')).toBe('daytona.example.com');
  });

  it('sees the SSH gateway as a LoadBalancer without annotations, ingresses of class nginx', () => {
    expect(intent.sshGateway).toEqual({ enabled: true, loadBalancer: true, annotations: {} });
    expect(intent.ingress.classNames).toEqual(['nginx']);
    expect(intent.runner.enabled).toBe(true);
    expect(intent.autoscaling).toBe(false);
  });

  it("lists the default PVCs, redis at Bitnami's 8Gi (the chart's redis.persistence.size is ignored), no StorageClass named", () => {
    expect(intent.pvcs).toEqual([
      { component: 'postgresql', size: '8Gi' },
      { component: 'redis.master', size: '8Gi' },
      { component: 'dex', size: '1Gi' },
      { component: 'harbor.registry', size: '5Gi' },
      { component: 'harbor.jobservice', size: '1Gi' },
      { component: 'harbor.database', size: '1Gi' },
      { component: 'harbor.redis', size: '1Gi' },
    ]);
  });

  it("needs only Harbor's TLS Secret, which the defaults name", () => {
    expect(intent.secrets).toEqual([
      { name: 'daytona.example.com-tls', namespace: 'daytona', keys: ['tls.crt', 'tls.key'], path: 'harbor.expose.tls.secret.secretName', purpose: 'TLS certificate of the Harbor ingress' },
    ]);
  });
});

describe('deriveIntent on fixtures', () => {
  it('external RDS and ElastiCache: hosts, ports, TLS and the Secrets that hold their passwords', () => {
    const i = intentOf(['external-rds-redis.yaml']);
    expect(i.database).toEqual({
      external: true,
      host: 'daytona.abcdefghijkl.eu-west-1.rds.amazonaws.com',
      port: 5432,
      name: 'daytona',
      user: 'daytona',
      tls: true,
      existingSecret: 'daytona-db',
      passwordSet: true,
    });
    expect(i.redis).toEqual({
      external: true,
      host: 'master.daytona.abcdef.euw1.cache.amazonaws.com',
      port: 6379,
      tls: true,
      username: undefined,
      existingSecret: 'daytona-redis',
      passwordSet: false,
    });
    expect(i.secrets.slice(0, 2)).toEqual([
      { name: 'daytona-db', namespace: 'daytona', keys: ['database-password'], path: 'externalDatabase.existingSecret', purpose: 'password of the external database' },
      { name: 'daytona-redis', namespace: 'daytona', keys: ['redis-password'], path: 'externalRedis.existingSecret', purpose: 'password of the external Redis' },
    ]);
    // The bundled subcharts are off: no PVCs and no images for them.
    expect(i.pvcs.map((p) => p.component)).not.toContain('postgresql');
    expect(i.pvcs.map((p) => p.component)).not.toContain('redis.master');
    expect(i.images.map((x) => x.component)).not.toContain('postgresql');
  });

  it('an existingSecret does not count while the bundled database is on', () => {
    const i = intentOf([], ['externalDatabase.existingSecret=unused', 'externalRedis.existingSecret=unused2']);
    expect(i.secrets.map((s) => s.name)).not.toContain('unused');
    expect(i.secrets.map((s) => s.name)).not.toContain('unused2');
  });

  it('falls back to services.api.env.DB_* / REDIS_* when externalDatabase/externalRedis are blanked, as the templates do', () => {
    const i = intentOf([], [
      'postgresql.enabled=false,externalDatabase.host=,externalDatabase.enableTLS=false,services.api.env.DB_HOST=env-db,services.api.env.DB_TLS_ENABLED=true',
      'redis.enabled=false,externalRedis.host=,externalRedis.port=0,services.api.env.REDIS_HOST=env-redis,services.api.env.REDIS_PORT=6380',
    ]);
    expect(i.database).toMatchObject({ host: 'env-db', tls: true });
    expect(i.redis).toMatchObject({ host: 'env-redis', port: 6380 });
  });

  it('TLS is what the template renders: a quoted "false" is the string false, not a truthy value', () => {
    // DB_TLS_ENABLED = enableTLS | default (env.DB_TLS_ENABLED | default "false"); the API parses the text.
    const i = intentOf([], ['postgresql.enabled=false,redis.enabled=false']);
    expect(i.database.tls).toBe(true);
    const quoted = deriveIntent(
      buildValues([{ path: 'q.yaml', text: 'postgresql: {enabled: false}\nredis: {enabled: false}\nexternalDatabase: {enableTLS: "false"}\nexternalRedis: {tls: "false"}\n' }], []),
      { release: 'daytona', namespace: 'daytona' },
    );
    expect(quoted.database.tls).toBe(false);
    expect(quoted.redis.tls).toBe(false);
  });

  it('Harbor on S3 with an existingSecret: the bucket, and the Secret with the two keys the registry reads', () => {
    const i = intentOf(['harbor-s3-existing-secret.yaml']);
    expect(i.harbor).toEqual({ enabled: true, storageType: 's3', adminPasswordSecret: { name: 'harbor-admin', key: 'password' } });
    expect(i.s3).toEqual([{ use: 'harbor', bucket: 'acme-daytona-harbor', region: 'eu-west-1', existingSecret: 'harbor-s3-credentials' }]);
    expect(i.secrets).toContainEqual({
      name: 'harbor-s3-credentials',
      namespace: 'daytona',
      keys: ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'],
      path: 'harbor.persistence.imageChartStorage.s3.existingSecret',
      purpose: "S3 credentials of Harbor's registry",
    });
    expect(i.secrets).toContainEqual({ name: 'harbor-admin', namespace: 'daytona', keys: ['password'], path: 'harbor.existingSecretAdminPassword', purpose: 'Harbor admin password' });
    // With S3 storage, the registry PVC is not created.
    expect(i.pvcs.map((p) => p.component)).not.toContain('harbor.registry');
  });

  it('Harbor on S3 with static keys: the access key id only, never the secret key', () => {
    const i = intentOf(['harbor-s3-access-key.yaml']);
    expect(i.s3).toEqual([
      { use: 'harbor', bucket: 'acme-harbor', region: 'us-east-2', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', regionEndpoint: 'https://s3.us-east-2.amazonaws.com' },
    ]);
    expect(JSON.stringify(i.s3)).not.toContain('wJalrXUtnFEMI');
  });

  it('S3 settings under harbor.imageChartStorage are ignored, as the Harbor chart ignores them', () => {
    const i = intentOf([], ['harbor.imageChartStorage.type=s3,harbor.imageChartStorage.s3.bucket=misplaced']);
    expect(i.harbor.storageType).toBe('filesystem');
    expect(i.s3).toEqual([]);
  });

  it('harbor disabled: no Harbor images, PVCs or Secrets; the API S3 bucket is a target while MinIO is off', () => {
    const i = intentOf(['harbor-disabled.yaml']);
    expect(i.harbor.enabled).toBe(false);
    expect(i.images.filter((x) => x.component.startsWith('harbor'))).toEqual([]);
    expect(i.pvcs.filter((p) => p.component.startsWith('harbor'))).toEqual([]);
    expect(i.secrets).toEqual([]);
    expect(i.ingress.classNames).toEqual(['nginx']);
    expect(i.s3).toEqual([{ use: 'api', bucket: 'acme-daytona-volumes', region: 'eu-west-1', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }]);
  });

  it("namespaceOverride moves Daytona's own Secrets (and Services) there; the Harbor subchart's stay in the release namespace", () => {
    const text = [
      'namespaceOverride: daytona-apps',
      'postgresql: { enabled: false }',
      'externalDatabase: { host: db.example.com, existingSecret: daytona-db }',
      'harbor: { persistence: { imageChartStorage: { type: s3, s3: { bucket: b, region: eu-west-1, existingSecret: harbor-s3 } } } }',
    ].join('\n');
    const i = deriveIntent(buildValues([{ path: 'ns.yaml', text }], []), { release: 'daytona', namespace: 'daytona' });
    expect(i.daytonaNamespace).toBe('daytona-apps');
    expect(i.secrets.map((x) => `${x.namespace}/${x.name}`)).toEqual(expect.arrayContaining(['daytona-apps/daytona-db', 'daytona/harbor-s3']));
  });

  it('an Ingress with no className uses its kubernetes.io/ingress.class annotation, and one with neither is listed as needing the default IngressClass', () => {
    const text = [
      'services:',
      '  api: { ingress: { enabled: true, className: "", annotations: { kubernetes.io/ingress.class: traefik } } }',
      '  proxy: { ingress: { enabled: true, className: "" } }',
    ].join('\n');
    const i = deriveIntent(buildValues([{ path: 'i.yaml', text }], []), { release: 'daytona', namespace: 'daytona' });
    expect(i.ingress).toEqual({ classNames: ['traefik', 'nginx'], withoutClass: ['services.proxy.ingress'] });
  });

  it('with MinIO on, the chart supplies the API S3 settings itself: no api S3 target, MinIO PVC and images instead', () => {
    const i = intentOf(['harbor-disabled.yaml'], ['minio.enabled=true']);
    expect(i.s3).toEqual([]);
    expect(i.pvcs).toContainEqual({ component: 'minio', size: '8Gi' });
    expect(i.images.map((x) => x.ref)).toEqual(
      expect.arrayContaining(['quay.io/minio/minio:RELEASE.2024-12-18T13-15-44Z', 'quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z']),
    );
  });

  it('SSH gateway annotations (keys with dots), ALB ingress classes, API TLS Secret and HPA', () => {
    const i = intentOf(['ssh-internet-facing.yaml']);
    expect(i.sshGateway).toEqual({
      enabled: true,
      loadBalancer: true,
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      },
    });
    expect(i.ingress.classNames).toEqual(['alb', 'nginx']);
    expect(i.secrets).toContainEqual({ name: 'acme-api-tls', namespace: 'daytona', keys: ['tls.crt', 'tls.key'], path: 'services.api.ingress.tlsSecretName', purpose: 'TLS certificate of the API ingress' });
    expect(i.autoscaling).toBe(true);
  });

  it('a disabled SSH gateway needs no load balancer, a ClusterIP one neither', () => {
    expect(intentOf([], ['services.sshGateway.enabled=false']).sshGateway.loadBalancer).toBe(false);
    expect(intentOf([], ['services.sshGateway.service.type=ClusterIP']).sshGateway).toMatchObject({ enabled: true, loadBalancer: false });
  });

  it('a TLS secret name on an ingress with TLS off is not required', () => {
    const i = intentOf(['ssh-internet-facing.yaml'], ['services.api.ingress.tls=false']);
    expect(i.secrets.map((s) => s.name)).not.toContain('acme-api-tls');
  });

  it('StorageClasses: Bitnami takes global.storageClass first, dex and Harbor per claim, "-" kept, existingClaim makes no PVC, trivy adds one', () => {
    const i = intentOf(['storage-classes.yaml']);
    expect(i.pvcs).toEqual([
      { component: 'postgresql', size: '8Gi', storageClass: 'gp3' },
      { component: 'redis.master', size: '20Gi', storageClass: 'gp3' },
      { component: 'dex', size: '1Gi', storageClass: 'gp3-dex' },
      { component: 'harbor.registry', size: '5Gi', storageClass: '-' },
      { component: 'harbor.jobservice', size: '1Gi' },
      { component: 'harbor.redis', size: '1Gi' },
      { component: 'harbor.trivy', size: '5Gi' },
    ]);
  });

  it('no PVC at all when every component is off or without persistence', () => {
    const i = intentOf([], ['postgresql.enabled=false,redis.enabled=false,harbor.enabled=false,dex.persistence.enabled=false']);
    expect(i.pvcs).toEqual([]);
  });

  it('redis replicas add their own PVCs', () => {
    const i = intentOf([], ['redis.replica.replicaCount=2']);
    expect(i.pvcs.filter((p) => p.component.startsWith('redis'))).toEqual([
      { component: 'redis.master', size: '8Gi' },
      { component: 'redis.replica-0', size: '8Gi' },
      { component: 'redis.replica-1', size: '8Gi' },
    ]);
  });
});

/** Every string value (not key) in a JSON-like tree. */
function stringsIn(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsIn);
  if (node && typeof node === 'object') return Object.values(node).flatMap(stringsIn);
  return [];
}

describe('describeIntent: the report summary', () => {
  it('summarises the defaults', () => {
    const d = describeIntent(intentOf([]));
    expect(d).toMatchObject({
      release: 'daytona',
      externalDatabase: false,
      database: null,
      externalRedis: false,
      harborS3: false,
      ecr: null,
      sshLoadBalancer: true,
      imageRegistry: '',
      s3Buckets: [],
      secrets: ['daytona.example.com-tls'],
      storageClassNeeded: true,
      ingressClasses: ['nginx'],
      autoscaling: false,
    });
    expect(d.images).toContain('docker.io/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64');
  });

  it('names what an AWS-backed install needs', () => {
    const d = describeIntent(intentOf(['external-rds-redis.yaml', 'harbor-s3-existing-secret.yaml', 'ecr-registry.yaml']));
    expect(d).toMatchObject({
      externalDatabase: true,
      database: { host: 'daytona.abcdefghijkl.eu-west-1.rds.amazonaws.com', port: 5432, existingSecret: 'daytona-db' },
      externalRedis: true,
      harborS3: true,
      ecr: { host: '123456789012.dkr.ecr.eu-central-1.amazonaws.com', accountId: '123456789012', region: 'eu-central-1', prefix: 'mirror' },
      s3Buckets: [{ use: 'harbor', bucket: 'acme-daytona-harbor', region: 'eu-west-1', existingSecret: 'harbor-s3-credentials' }],
    });
  });

  it("matches the report schema's intent contract", () => {
    const schema = (JSON.parse(readData('data/report.schema.json')) as { properties: { intent: object } }).properties.intent;
    const validate = new Ajv({ strict: false }).compile(schema);
    for (const files of [[], ['external-rds-redis.yaml', 'harbor-s3-existing-secret.yaml', 'ecr-registry.yaml'], ['harbor-disabled.yaml']]) {
      expect(validate(describeIntent(intentOf(files))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('storageClassNeeded is false when every PVC names its class', () => {
    const d = describeIntent(intentOf([], ['harbor.enabled=false,dex.persistence.storageClass=gp3,global.storageClass=gp3']));
    expect(d.storageClassNeeded).toBe(false);
  });

  it('never carries a secret, and masks access key ids', () => {
    for (const files of [['harbor-s3-access-key.yaml'], ['harbor-disabled.yaml'], ['external-rds-redis.yaml']]) {
      const values = loadValues(files.map((f) => new URL(`../../fixtures/values/core/${f}`, import.meta.url).pathname), ['externalDatabase.password=TopSecretPw1']);
      const strings = stringsIn(describeIntent(deriveIntent(values, { release: 'daytona', namespace: 'daytona' })));
      const secrets = [...secretValuesOf(values.merged), 'AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'];
      expect(secrets).toContain('TopSecretPw1');
      for (const secret of secrets) for (const s of strings) expect(s).not.toContain(secret);
    }
    const d = describeIntent(intentOf(['harbor-s3-access-key.yaml']));
    expect(d.s3Buckets).toEqual([expect.objectContaining({ accessKeyId: 'AKIA…MPLE' })]);
  });
});
