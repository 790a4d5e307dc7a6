import { describe, expect, it } from 'vitest';
import { parseEcrRegistry } from '../../src/values/ecr.js';
import { parseImageRef } from '../../src/values/images.js';
import { loadValues } from '../../src/values/load.js';
import { subchartValues } from '../../src/values/subcharts.js';
import { intentOf } from './support.js';

const refs = (files: string[], sets: string[] = []) => intentOf(files, sets).images.map((i) => i.ref);

describe('images on the chart defaults', () => {
  const images = intentOf([]).images;

  it('lists every image the default install pulls, built as the templates build them, paths kept', () => {
    expect(images.map((i) => [i.component, i.ref, i.followsGlobalRegistry])).toEqual([
      ['api', 'docker.io/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64', true],
      ['proxy', 'docker.io/daytonaio/daytona-proxy:v0.168.4-k8s-oss-amd64', true],
      ['sshGateway', 'docker.io/daytonaio/daytona-ssh-gateway:v0.168.4-k8s-oss-amd64', true],
      ['runnermanager', 'docker.io/daytonaio/daytona-runner-manager:v0.168.4-k8s-oss-amd64', true],
      ['runnermanager.placeholder', 'registry.k8s.io/pause:3.6', false],
      ['runner', 'docker.io/daytonaio/daytona-runner:v0.168.4-k8s-oss-amd64', true],
      ['runner.dockerInstaller', 'ubuntu:22.04', false],
      ['api.migration.waitForPostgres', 'docker.io/library/busybox:1.37', true],
      ['dex', 'docker.io/dexidp/dex:v2.42.0', true],
      ['dex.init', 'docker.io/library/busybox:latest', true],
      ['postgresql', 'docker.io/bitnamilegacy/postgresql:17.6.0-debian-12-r0', true],
      ['redis', 'docker.io/bitnamilegacy/redis:8.2.1-debian-12-r0', true],
      ['harbor.core', 'goharbor/harbor-core:v2.14.0', false],
      ['harbor.portal', 'goharbor/harbor-portal:v2.14.0', false],
      ['harbor.jobservice', 'goharbor/harbor-jobservice:v2.14.0', false],
      ['harbor.registry', 'goharbor/registry-photon:v2.14.0', false],
      ['harbor.registryctl', 'goharbor/harbor-registryctl:v2.14.0', false],
      ['harbor.database', 'goharbor/harbor-db:v2.14.0', false],
      ['harbor.redis', 'goharbor/redis-photon:v2.14.0', false],
    ]);
  });

  it('splits each reference into registry, repository (with its path) and tag, and names the values path', () => {
    expect(images[0]).toEqual({
      component: 'api',
      path: 'services.api.image',
      registry: 'docker.io',
      repository: 'daytonaio/daytona-api',
      tag: 'v0.168.4-k8s-oss-amd64',
      ref: 'docker.io/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64',
      followsGlobalRegistry: true,
    });
    expect(images.find((i) => i.component === 'harbor.core')).toMatchObject({ path: 'harbor.core.image', registry: '', repository: 'goharbor/harbor-core', tag: 'v2.14.0' });
    expect(images.find((i) => i.component === 'runnermanager.placeholder')).toMatchObject({ registry: 'registry.k8s.io', repository: 'pause', tag: '3.6' });
  });
});

describe('images with global.imageRegistry (ECR)', () => {
  const intent = intentOf(['ecr-registry.yaml']);

  it('re-points the Daytona, dex, busybox and Bitnami images, keeping their paths', () => {
    const follow = intent.images.filter((i) => i.followsGlobalRegistry).map((i) => i.ref);
    expect(follow).toEqual([
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/daytonaio/daytona-proxy:v0.168.4-k8s-oss-amd64',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/daytonaio/daytona-ssh-gateway:v0.168.4-k8s-oss-amd64',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/daytonaio/daytona-runner-manager:v0.168.4-k8s-oss-amd64',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/daytonaio/daytona-runner:v0.168.4-k8s-oss-amd64',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/library/busybox:1.37',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/dexidp/dex:v2.42.0',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/library/busybox:latest',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/bitnamilegacy/postgresql:17.6.0-debian-12-r0',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror/bitnamilegacy/redis:8.2.1-debian-12-r0',
    ]);
    expect(intent.images[0]).toMatchObject({ registry: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror', repository: 'daytonaio/daytona-api' });
  });

  it('leaves Harbor, the pause image and ubuntu where they were', () => {
    const stay = intent.images.filter((i) => !i.followsGlobalRegistry).map((i) => i.ref);
    expect(stay).toContain('goharbor/harbor-core:v2.14.0');
    expect(stay).toContain('registry.k8s.io/pause:3.6');
    expect(stay).toContain('ubuntu:22.04');
    expect(stay.every((r) => !r.includes('dkr.ecr'))).toBe(true);
  });

  it('parses the registry into the Intent', () => {
    expect(intent.imageRegistry).toBe('123456789012.dkr.ecr.eu-central-1.amazonaws.com/mirror');
    expect(intent.ecr).toEqual({ host: '123456789012.dkr.ecr.eu-central-1.amazonaws.com', accountId: '123456789012', region: 'eu-central-1', prefix: 'mirror' });
  });

  it('a global registry that is not ECR is followed too, with no ecr in the Intent', () => {
    const i = intentOf([], ['global.imageRegistry=registry.acme.io']);
    expect(i.ecr).toBeUndefined();
    expect(i.images[0]!.ref).toBe('registry.acme.io/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64');
  });
});

describe('images follow the values', () => {
  it('reads tags from the merged values, and an empty Daytona tag falls back to appVersion', () => {
    expect(refs([], ['services.api.image.tag=v9', 'services.proxy.image.tag='])).toEqual(
      expect.arrayContaining(['docker.io/daytonaio/daytona-api:v9', 'docker.io/daytonaio/daytona-proxy:v0.132.0']),
    );
  });

  it('reads Harbor images from harbor.<component>.image in the merged values, else from the Harbor chart defaults', () => {
    expect(refs([], ['harbor.core.image.tag=v2.15.0', 'harbor.portal.image.repository=mirror/harbor-portal'])).toEqual(
      expect.arrayContaining(['goharbor/harbor-core:v2.15.0', 'mirror/harbor-portal:v2.14.0', 'goharbor/harbor-jobservice:v2.14.0']),
    );
  });

  it('drops harbor-db and redis-photon when Harbor uses an external database and Redis; adds trivy, nginx, exporter when on', () => {
    const r = refs([], ['harbor.database.type=external,harbor.redis.type=external', 'harbor.trivy.enabled=true,harbor.expose.type=clusterIP,harbor.metrics.enabled=true']);
    expect(r.filter((x) => x.includes('harbor-db') || x.includes('redis-photon'))).toEqual([]);
    expect(r).toEqual(expect.arrayContaining(['goharbor/trivy-adapter-photon:v2.14.0', 'goharbor/nginx-photon:v2.14.0', 'goharbor/harbor-exporter:v2.14.0']));
  });

  it('adds alpine/socat and the airgapped packages image when the runner uses them, drops ubuntu with the installer', () => {
    const r = refs([], ['services.runner.registryProxy.enabled=true,services.runner.dockerInstaller.airgapped.enabled=true']);
    expect(r).toEqual(expect.arrayContaining(['alpine/socat:1.7.4.4-r0', 'ubuntu:22.04', 'daytonaio/daytona-runner-packages:v0.0.2']));
    expect(refs([], ['services.runner.dockerInstaller.enabled=false'])).not.toContain('ubuntu:22.04');
  });

  it('omits the images of disabled components', () => {
    const r = intentOf([], ['services.runner.enabled=false,services.runnermanager.enabled=false,services.sshGateway.enabled=false,dex.enabled=false,postgresql.enabled=false,redis.enabled=false,harbor.enabled=false']).images;
    expect(r.map((i) => i.component)).toEqual(['api', 'proxy', 'api.migration.waitForPostgres']);
  });

  it('the migration wait image: docker.io only when the registry key is absent; an empty registry means none', () => {
    expect(refs([], ['apiMigration.waitForPostgres.image.registry='])).toContain('library/busybox:1.37');
    expect(refs([], ['apiMigration.waitForPostgres.image.registry=null'])).toContain('docker.io/library/busybox:1.37');
  });

  it("an empty Bitnami tag falls back to the subchart's appVersion, as common.images.image does", () => {
    const r = refs([], ['postgresql.image.tag=', 'redis.image.tag=', 'global.imageRegistry=123456789012.dkr.ecr.us-east-1.amazonaws.com']);
    expect(r).toEqual(
      expect.arrayContaining([
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/bitnamilegacy/postgresql:17.6.0',
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/bitnamilegacy/redis:8.2.1',
      ]),
    );
  });

  it('a Bitnami digest replaces the tag, and the placeholder image follows PLACEHOLDER_POD_IMAGE', () => {
    const r = refs([], ['postgresql.image.digest=sha256:abc', 'services.runnermanager.env.PLACEHOLDER_POD_IMAGE=mirror.acme.io/pause:3.9']);
    expect(r).toEqual(expect.arrayContaining(['docker.io/bitnamilegacy/postgresql@sha256:abc', 'mirror.acme.io/pause:3.9']));
  });
});

describe('parseImageRef', () => {
  it.each([
    ['ubuntu:22.04', { registry: '', repository: 'ubuntu', tag: '22.04' }],
    ['alpine/socat:1.7.4.4-r0', { registry: '', repository: 'alpine/socat', tag: '1.7.4.4-r0' }],
    ['registry.k8s.io/pause:3.6', { registry: 'registry.k8s.io', repository: 'pause', tag: '3.6' }],
    ['localhost:5000/a/b', { registry: 'localhost:5000', repository: 'a/b', tag: '' }],
    ['quay.io/minio/minio@sha256:ff', { registry: 'quay.io', repository: 'minio/minio', tag: '@sha256:ff' }],
  ])('%s', (ref, parts) => {
    expect(parseImageRef(ref)).toEqual(parts);
  });
});

describe('parseEcrRegistry', () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', { host: '123456789012.dkr.ecr.us-east-1.amazonaws.com', accountId: '123456789012', region: 'us-east-1', prefix: '' }],
    ['123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/', { host: '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', accountId: '123456789012', region: 'us-gov-west-1', prefix: '' }],
    ['210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/a/b', { host: '210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn', accountId: '210987654321', region: 'cn-north-1', prefix: 'a/b' }],
  ])('%s', (reg, parsed) => {
    expect(parseEcrRegistry(reg)).toEqual(parsed);
  });

  it.each(['docker.io', '12345.dkr.ecr.us-east-1.amazonaws.com', 'public.ecr.aws/daytona', '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.io', ''])(
    'is not ECR: %s',
    (reg) => {
      expect(parseEcrRegistry(reg)).toBeUndefined();
    },
  );
});

describe('subchartValues: what a subchart template sees', () => {
  it('fills from the subchart defaults, the parent block winning', () => {
    const r = subchartValues(loadValues([], []), 'redis');
    expect(r.image).toMatchObject({ registry: 'docker.io', repository: 'bitnamilegacy/redis', tag: '8.2.1-debian-12-r0' });
    expect(r.master).toMatchObject({ persistence: { enabled: true, size: '8Gi' } });
  });

  it("copies the parent's global over the block's own global (parent scalars win)", () => {
    const r = subchartValues(loadValues([], ['global.imageRegistry=parent.io,redis.global.imageRegistry=child.io,global.storageClass=gp3']), 'redis');
    expect(r.global).toMatchObject({ imageRegistry: 'parent.io', storageClass: 'gp3', security: { allowInsecureImages: true } });
  });

  it('a null in the parent block deletes the subchart default even where the Daytona defaults hold the key too (current Helm keeps nulls under subchart keys: childChartMergeTrue)', () => {
    const v = loadValues([], ['harbor.persistence.imageChartStorage.s3.region=null,harbor.harborAdminPassword=null']);
    const h = subchartValues(v, 'harbor') as { harborAdminPassword?: unknown; persistence: { imageChartStorage: { s3: Record<string, unknown> } } };
    expect(h.persistence.imageChartStorage.s3.region).toBeUndefined();
    expect(h.persistence.imageChartStorage.s3.bucket).toBe('bucketname');
    expect('harborAdminPassword' in h).toBe(false);
    // The parent's view agrees: the key is gone, not back at the Daytona default.
    expect(v.get('harbor.harborAdminPassword')).toBeUndefined();
    // A null at the top of a subchart block still deletes the whole block, as at any top-level key.
    expect(subchartValues(loadValues([], ['redis=null']), 'redis').image).toMatchObject({ repository: 'bitnami/redis' });
  });

  it('a null in the parent block deletes a subchart default', () => {
    const r = subchartValues(loadValues([], ['harbor.core.image.tag=null']), 'harbor');
    expect(r.core).toMatchObject({ image: { repository: 'goharbor/harbor-core' } });
    expect((r.core as { image: Record<string, unknown> }).image.tag).toBeUndefined();
  });
});
