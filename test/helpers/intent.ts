/**
 * Intents and fixture inventories for check tests.
 *
 * makeIntent builds a typed Intent that mirrors the chart defaults (0.0.25): in-cluster PostgreSQL
 * and Redis, Harbor on a filesystem PVC, images from Docker Hub, the SSH gateway as a LoadBalancer
 * without annotations, the runner on. Tests override only what their scenario is about. It stands
 * in for loadValues + deriveIntent, so live-check tests do not depend on the values pipeline.
 */
import { readFileSync } from 'node:fs';
import type { EcrRegistry, ImageRef, Intent, S3Target, ValuesTree, ValuesView } from '../../src/values/types.js';
import type { Inventory } from '../../src/inventory/types.js';
import type { Check, CheckResult } from '../../src/engine/types.js';
import { runChecks } from '../../src/engine/run.js';

/** A read-only ValuesView over a plain tree: every key counts as a chart default. */
export function plainValues(tree: ValuesTree = {}): ValuesView {
  const get = (path: string): unknown =>
    path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), tree);
  return { merged: tree, defaults: tree, get, isUserSet: () => false, origin: () => ({ source: 'default' }), files: [] };
}

const DAYTONA_TAG = 'v0.168.4-k8s-oss-amd64';

function image(component: string, path: string, repository: string, tag: string, followsGlobalRegistry = true): ImageRef {
  return { component, path, registry: 'docker.io', repository, tag, ref: `docker.io/${repository}:${tag}`, followsGlobalRegistry };
}

/** The images the chart defaults pull (a subset is enough for most tests). */
export const DEFAULT_IMAGES: readonly ImageRef[] = [
  image('api', 'services.api.image', 'daytonaio/daytona-api', DAYTONA_TAG),
  image('proxy', 'services.proxy.image', 'daytonaio/daytona-proxy', DAYTONA_TAG),
  image('sshGateway', 'services.sshGateway.image', 'daytonaio/daytona-ssh-gateway', DAYTONA_TAG),
  image('runner', 'services.runner.image', 'daytonaio/daytona-runner', DAYTONA_TAG),
  image('dex.init', 'dex.initImage', 'library/busybox', 'latest'),
  image('migration.wait', 'services.api.migration.waitImage', 'library/busybox', '1.37'),
  image('harbor.core', 'harbor.core.image', 'goharbor/harbor-core', 'v2.14.0', false),
];

export type IntentPatch = Partial<Omit<Intent, 'sshGateway' | 'runner'>> & {
  sshGateway?: Partial<Intent['sshGateway']>;
  runner?: Partial<Intent['runner']>;
};

export function makeIntent(patch: IntentPatch = {}): Intent {
  const base: Intent = {
    release: 'daytona',
    namespace: 'daytona',
    daytonaNamespace: 'daytona',
    values: plainValues(),
    database: { external: false, host: 'daytona-postgresql', port: 5432, name: 'daytona', user: 'user', tls: true, passwordSet: true },
    redis: { external: false, host: 'daytona-redis-master', port: 6379, tls: false, passwordSet: false },
    harbor: { enabled: true, storageType: 'filesystem' },
    s3: [],
    imageRegistry: '',
    images: [...DEFAULT_IMAGES],
    sshGateway: { enabled: true, loadBalancer: true, annotations: {} },
    ingress: { classNames: ['nginx'], withoutClass: [] },
    pvcs: [],
    secrets: [],
    runner: { enabled: true },
    autoscaling: false,
  };
  const { sshGateway, runner, ...rest } = patch;
  return { ...base, ...rest, sshGateway: { ...base.sshGateway, ...sshGateway }, runner: { ...base.runner, ...runner } };
}

/** An Intent whose global.imageRegistry is this ECR registry: following images are re-pointed at it. */
export function ecrIntent(ecr: Partial<EcrRegistry> = {}, images: readonly ImageRef[] = DEFAULT_IMAGES, patch: IntentPatch = {}): Intent {
  const accountId = ecr.accountId ?? '111122223333';
  const region = ecr.region ?? 'eu-west-1';
  const registry: EcrRegistry = { accountId, region, host: ecr.host ?? `${accountId}.dkr.ecr.${region}.amazonaws.com`, prefix: ecr.prefix ?? '' };
  const global = registry.prefix ? `${registry.host}/${registry.prefix}` : registry.host;
  const repointed = images.map((i) => (i.followsGlobalRegistry ? { ...i, registry: global, ref: `${global}/${i.repository}:${i.tag}` } : i));
  return makeIntent({ imageRegistry: global, ecr: registry, images: repointed, ...patch });
}

/** Harbor on S3 with this bucket (and static key id when given). */
export function s3Intent(targets: Partial<S3Target>[], patch: IntentPatch = {}): Intent {
  const s3 = targets.map((t): S3Target => ({ use: 'harbor', bucket: 'daytona-registry', region: 'eu-west-1', ...t }));
  return makeIntent({ harbor: { enabled: true, storageType: 's3' }, s3, ...patch });
}

/** A fixture inventory: fixtures/inventories/<area>/<scenario>.json. Fresh (mutable) on every call. */
export function fixtureInventory(area: string, scenario: string): Inventory {
  const url = new URL(`../../fixtures/inventories/${area}/${scenario}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Inventory;
}

/** Run checks through the engine (as `check` does) and return the result of the last one. */
export function runOne(checks: Check | readonly Check[], intent: Intent, inventory: Inventory): CheckResult {
  const list = Array.isArray(checks) ? (checks as readonly Check[]) : [checks as Check];
  const results = runChecks(list, intent, inventory);
  return results[results.length - 1]!;
}
