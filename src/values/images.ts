import { chartMeta, SUBCHART_APP_VERSIONS } from './chart.js';
import { at, str, strOr, truthy } from './read.js';
import { subchartValues } from './subcharts.js';
import type { ImageRef, ValuesView } from './types.js';
import type { Tree } from './paths.js';

/**
 * Every image the install pulls for the components that are enabled, built as the templates
 * build it (chart 0.0.25 and the subcharts it vendors; see data/chart/FACTS.md "Images"):
 * - Daytona services: `<global.imageRegistry or image.registry>/<repository>:<tag or appVersion>`;
 * - dex, its busybox init and the migration jobs' busybox wait: the same, without the `/` when
 *   no registry is left;
 * - Bitnami postgresql/redis: `common.images.image` (global.imageRegistry wins, digest wins over tag);
 * - Harbor, MinIO, the runner's sidecars and the runner-manager's placeholder pods: the string
 *   or `repository:tag` as written; global.imageRegistry does not reach them.
 */

/** Split a rendered reference as Docker does: a first part with `.` or `:` (or `localhost`) is a registry. */
export function parseImageRef(ref: string): { registry: string; repository: string; tag: string } {
  let rest = ref;
  let digest = '';
  const atIdx = rest.indexOf('@');
  if (atIdx >= 0) {
    digest = rest.slice(atIdx + 1);
    rest = rest.slice(0, atIdx);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = '';
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first === '' || first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return { registry, repository: rest, tag: digest ? `@${digest}` : tag };
}

function fromString(component: string, path: string, ref: string): ImageRef {
  return { component, path, ...parseImageRef(ref), ref, followsGlobalRegistry: false };
}

/** `daytona.imageRegistry`: global.imageRegistry when set, else the image's own registry, else ''. */
function daytonaRegistry(values: ValuesView, own: unknown): string {
  return strOr(values.get('global.imageRegistry'), own);
}

/** A Daytona service image: the slash is always written, so an empty registry renders `/repo:tag`. */
function daytonaService(values: ValuesView, component: string, svc: string): ImageRef {
  const path = `services.${svc}.image`;
  const img = values.get(path);
  const registry = daytonaRegistry(values, at(img, 'registry'));
  const repository = str(at(img, 'repository'));
  const tag = strOr(at(img, 'tag'), chartMeta().appVersion);
  return { component, path, registry, repository, tag, ref: `${registry}/${repository}:${tag}`, followsGlobalRegistry: true };
}

/** dex and busybox: `{{ if registry }}registry/{{ end }}repo:tag`, with the template's defaults. */
function optionalRegistryImage(
  values: ValuesView,
  component: string,
  path: string,
  own: { registry: unknown; repository: string; tag: string },
): ImageRef {
  const registry = daytonaRegistry(values, own.registry);
  const ref = `${registry ? `${registry}/` : ''}${own.repository}:${own.tag}`;
  return { component, path, registry, repository: own.repository, tag: own.tag, ref, followsGlobalRegistry: true };
}

/** Bitnami common.images.image over the subchart's effective values (an empty tag: the subchart's appVersion). */
function bitnami(sub: Tree, name: 'postgresql' | 'redis', component: string, path: string, imagePath: string): ImageRef {
  const img = at(sub, imagePath);
  const registry = strOr(at(sub, 'global.imageRegistry'), at(img, 'registry'));
  const repository = str(at(img, 'repository'));
  const digest = str(at(img, 'digest'));
  const tag = digest ? `@${digest}` : strOr(at(img, 'tag'), SUBCHART_APP_VERSIONS[name]);
  const sep = digest ? '' : ':';
  const ref = `${registry ? `${registry}/` : ''}${repository}${sep}${tag}`;
  return { component, path, registry, repository, tag, ref, followsGlobalRegistry: true };
}

/** `repository:tag` blocks (Harbor, MinIO). */
function repoTag(sub: Tree, component: string, path: string, imagePath: string): ImageRef {
  const img = at(sub, imagePath);
  return fromString(component, path, `${str(at(img, 'repository'))}:${str(at(img, 'tag'))}`);
}

function bitnamiImages(values: ValuesView, name: 'postgresql' | 'redis'): ImageRef[] {
  const sub = subchartValues(values, name);
  const out = [bitnami(sub, name, name, `${name}.image`, 'image')];
  // Optional containers of the Bitnami charts, each behind its own switch.
  const extras: [string, string][] = [
    ['volumePermissions', 'volumePermissions.image'],
    ['metrics', 'metrics.image'],
    ...(name === 'redis' ? ([['sentinel', 'sentinel.image'], ['sysctl', 'sysctl.image']] as [string, string][]) : []),
  ];
  for (const [sw, imagePath] of extras) {
    if (truthy(at(sub, `${sw}.enabled`))) out.push(bitnami(sub, name, `${name}.${sw}`, `${name}.${imagePath}`, imagePath));
  }
  return out;
}

function harborImages(values: ValuesView): ImageRef[] {
  const h = subchartValues(values, 'harbor');
  const list: [string, string, boolean][] = [
    ['core', 'core.image', true],
    ['portal', 'portal.image', true],
    ['jobservice', 'jobservice.image', true],
    ['registry', 'registry.registry.image', true],
    ['registryctl', 'registry.controller.image', true],
    ['database', 'database.internal.image', str(at(h, 'database.type')) === 'internal'],
    ['redis', 'redis.internal.image', str(at(h, 'redis.type')) === 'internal'],
    ['trivy', 'trivy.image', truthy(at(h, 'trivy.enabled'))],
    // Harbor's own nginx runs only when neither an Ingress nor a Gateway route exposes it.
    ['nginx', 'nginx.image', !['ingress', 'route'].includes(str(at(h, 'expose.type')))],
    ['exporter', 'exporter.image', truthy(at(h, 'metrics.enabled'))],
  ];
  return list.filter(([, , on]) => on).map(([c, p]) => repoTag(h, `harbor.${c}`, `harbor.${p}`, p));
}

function minioImages(values: ValuesView): ImageRef[] {
  const m = subchartValues(values, 'minio');
  const out = [repoTag(m, 'minio', 'minio.image', 'image')];
  // The post-install job (mc) runs when anything is to be created in MinIO.
  if (['buckets', 'users', 'policies', 'customCommands', 'svcaccts'].some((k) => truthy(at(m, k)))) {
    out.push(repoTag(m, 'minio.mc', 'minio.mcImage', 'mcImage'));
  }
  return out;
}

export function deriveImages(values: ValuesView): ImageRef[] {
  const on = (p: string) => truthy(values.get(p));
  const images: ImageRef[] = [daytonaService(values, 'api', 'api'), daytonaService(values, 'proxy', 'proxy')];
  if (on('services.sshGateway.enabled')) images.push(daytonaService(values, 'sshGateway', 'sshGateway'));
  if (on('services.runnermanager.enabled')) {
    images.push(daytonaService(values, 'runnermanager', 'runnermanager'));
    const pause = strOr(values.get('services.runnermanager.env.PLACEHOLDER_POD_IMAGE'), 'registry.k8s.io/pause:3.6');
    images.push(fromString('runnermanager.placeholder', 'services.runnermanager.env.PLACEHOLDER_POD_IMAGE', pause));
  }
  if (on('services.runner.enabled')) {
    images.push(daytonaService(values, 'runner', 'runner'));
    const r = 'services.runner';
    if (on(`${r}.registryProxy.enabled`)) {
      images.push(fromString('runner.registryProxy', `${r}.registryProxy.image`, str(values.get(`${r}.registryProxy.image`))));
    }
    if (on(`${r}.dockerInstaller.enabled`)) {
      images.push(fromString('runner.dockerInstaller', `${r}.dockerInstaller.image`, str(values.get(`${r}.dockerInstaller.image`))));
      if (on(`${r}.dockerInstaller.airgapped.enabled`)) {
        const p = `${r}.dockerInstaller.airgapped.packagesImage`;
        images.push(fromString('runner.airgappedPackages', p, str(values.get(p))));
      }
    }
  }
  // The three migration jobs wait for PostgreSQL with busybox; their registry defaults to
  // docker.io only when the key is absent (hasKey), so an explicit "" means none.
  const wait = values.get('apiMigration.waitForPostgres.image');
  const waitHasRegistry = wait !== null && typeof wait === 'object' && 'registry' in (wait as object);
  images.push(
    optionalRegistryImage(values, 'api.migration.waitForPostgres', 'apiMigration.waitForPostgres.image', {
      registry: waitHasRegistry ? at(wait, 'registry') : 'docker.io',
      repository: strOr(at(wait, 'repository'), 'library/busybox'),
      tag: strOr(at(wait, 'tag'), '1.37'),
    }),
  );
  if (on('dex.enabled')) {
    const dex = values.get('dex.image');
    images.push(
      optionalRegistryImage(values, 'dex', 'dex.image', {
        registry: at(dex, 'registry'),
        repository: str(at(dex, 'repository')),
        tag: strOr(at(dex, 'tag'), 'v2.42.0'),
      }),
    );
    const init = values.get('dex.volumePermissions.image');
    images.push(
      optionalRegistryImage(values, 'dex.init', 'dex.volumePermissions.image', {
        registry: at(init, 'registry'),
        repository: str(at(init, 'repository')),
        tag: strOr(at(init, 'tag'), 'latest'),
      }),
    );
  }
  if (on('postgresql.enabled')) images.push(...bitnamiImages(values, 'postgresql'));
  if (on('redis.enabled')) images.push(...bitnamiImages(values, 'redis'));
  if (on('harbor.enabled')) images.push(...harborImages(values));
  if (on('minio.enabled')) images.push(...minioImages(values));
  return images;
}
