/**
 * Which keys of the merged values the chart (and its subcharts) read. A key is known when the
 * Daytona defaults, a subchart's defaults (under its block), or env-keys.yaml's list of paths read
 * but absent from the defaults hold it; under a free-form map (annotations, nodeSelector, any map
 * that is empty in the defaults…) anything goes. `services.<svc>.env` keys are known only when the
 * service's template reads them.
 */
import type { ValuesView } from '../../../values/types.js';
import { closest } from '../../../values/suggest.js';
import { commentedKeys, envKeys, envKeysOf, LISTED_ENV_SERVICES, SUBCHARTS, subchartDefaults, type Subchart } from './chart-data.js';
import { describeType, isMap, leavesOf, pathOf, segmentsOf, typed, ValuesTypeError, type ValuesMap } from './typed.js';

/** Maps whose keys are the user's own (Kubernetes objects, labels, extra env). */
const FREE_FORM = new Set([
  'annotations',
  'labels',
  'podAnnotations',
  'podLabels',
  'commonAnnotations',
  'commonLabels',
  'nodeSelector',
  'tolerations',
  'affinity',
  'resources',
  'securityContext',
  'podSecurityContext',
  'containerSecurityContext',
  'extraEnv',
  'extraEnvVars',
  'extraVolumes',
  'extraVolumeMounts',
]);

/** Paths the chart defaults hold that do nothing, with the key that does what was meant. */
const INSTEAD: Record<string, string> = {
  'global.imagePullSecrets': 'imagePullSecrets',
  'global.namespace': 'namespaceOverride',
};

/** API env vars the templates write themselves from other values: an env key of that name is never read. */
const API_ENV_WRITTEN_FROM: Record<string, string> = {
  DB_PASSWORD: 'externalDatabase.password (or externalDatabase.existingSecret)',
  REDIS_PASSWORD: 'externalRedis.password (or externalRedis.existingSecret)',
  REDIS_USERNAME: 'externalRedis.username',
};

export interface IgnoredKey {
  path: string;
  /** Why the chart ignores it. */
  reason: string;
  /** The likely intended key, when one is close. */
  suggestion?: string;
}

/** Known subtrees for each top-level key: Daytona's defaults, plus the subchart's own. */
function rootKnown(defaults: ValuesMap, key: string): unknown[] {
  const out: unknown[] = [];
  if (key in defaults) out.push(defaults[key]);
  if ((SUBCHARTS as readonly string[]).includes(key)) out.push(subchartDefaults(key as Subchart));
  // Subcharts read their own global.* keys (global.defaultStorageClass, global.security…).
  if (key === 'global') for (const s of SUBCHARTS) out.push(subchartDefaults(s).global);
  return out;
}

function childKnown(known: unknown[], key: string): unknown[] {
  return known.filter(isMap).filter((m) => Object.prototype.hasOwnProperty.call(m, key)).map((m) => m[key]);
}

interface Scope {
  at: string[];
  node: unknown;
}

/** Shortest path (segments) below any of `roots` that ends in `key`, searched breadth first. */
function findKey(roots: Scope[], key: string, maxDepth = 6): string[] | undefined {
  let level = roots;
  for (let depth = 0; depth < maxDepth && level.length; depth++) {
    const next: Scope[] = [];
    for (const { at, node } of level) {
      if (!isMap(node)) continue;
      if (Object.prototype.hasOwnProperty.call(node, key)) return [...at, key];
      for (const [k, v] of Object.entries(node)) if (isMap(v)) next.push({ at: [...at, k], node: v });
    }
    level = next;
  }
  return undefined;
}

/** Go templates' `default`: "", 0, false, null and empty collections count as empty. */
function goEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}

export function findIgnoredKeys(values: ValuesView): IgnoredKey[] {
  const data = envKeys();
  const defaults = values.defaults;
  const v = typed(values.merged);
  // Paths read though absent from the defaults: listed in env-keys.yaml, or documented as comments.
  const readButNotInDefaults = new Set([
    ...data.topLevelReadButNotInDefaults,
    ...commentedKeys('data/chart/values.yaml'),
    ...SUBCHARTS.flatMap((s) => commentedKeys(`data/chart/subcharts/${s}.values.yaml`).map((p) => `${s}.${p}`)),
  ]);
  const found: IgnoredKey[] = [];

  /** `scopes`: the known subtrees of each enclosing key, nearest first, to look for a misplaced block in. */
  const unknownKey = (segs: string[], known: unknown[], scopes: Scope[][]): IgnoredKey => {
    const key = segs.at(-1)!;
    const siblings = new Set(known.filter(isMap).flatMap((m) => Object.keys(m)));
    for (const p of readButNotInDefaults) {
      const ps = p.split('.');
      if (ps.length === segs.length && ps.slice(0, -1).join('.') === segs.slice(0, -1).join('.')) siblings.add(ps.at(-1)!);
    }
    const near = closest(key, siblings);
    let suggestion: string | undefined;
    if (near) suggestion = pathOf([...segs.slice(0, -1), near]);
    else {
      // A block put at the wrong level (harbor.imageChartStorage): the same key deeper in the same section.
      for (const scope of scopes) {
        const at = findKey(scope, key);
        if (at) {
          suggestion = pathOf(at);
          break;
        }
      }
    }
    return { path: pathOf(segs), reason: 'not a key the chart or its subcharts read', ...(suggestion ? { suggestion } : {}) };
  };

  const checkEnv = (svc: string, env: ValuesMap) => {
    const keys = envKeysOf(svc);
    if (keys === 'any') return;
    const listed = (LISTED_ENV_SERVICES as readonly string[]).includes(svc);
    for (const key of Object.keys(env)) {
      const segs = ['services', svc, 'env', key];
      if (keys.includes(key) || readButNotInDefaults.has(segs.join('.'))) continue;
      const writtenFrom = svc === 'api' ? API_ENV_WRITTEN_FROM[key] : undefined;
      const near = writtenFrom ? undefined : closest(key, keys);
      const elsewhere = LISTED_ENV_SERVICES.find((other) => other !== svc && (envKeysOf(other) as readonly string[]).includes(key));
      const suggestion =
        writtenFrom ??
        (near
          ? `services.${svc}.env.${near}`
          : elsewhere
            ? `services.${elsewhere}.env.${key}`
            : listed
              ? `services.${svc}.extraEnv (- name: ${key})`
              : undefined);
      found.push({ path: pathOf(segs), reason: `the ${svc} template does not read this env key`, ...(suggestion ? { suggestion } : {}) });
    }
  };

  const checkListItems = (segs: string[], list: unknown[]) => {
    const fields = data.listItemFields[segs.join('.')];
    if (!fields) return;
    list.forEach((item, i) => {
      if (!isMap(item)) return;
      for (const field of Object.keys(item)) {
        if (fields.includes(field)) continue;
        const near = closest(field, fields);
        found.push({
          path: pathOf([...segs, String(i), field]),
          reason: `items of ${segs.join('.')} are read for ${fields.join(', ')} only`,
          ...(near ? { suggestion: pathOf([...segs, String(i), near]) } : {}),
        });
      }
    });
  };

  const walk = (node: ValuesMap, segs: string[], known: unknown[], scopes: Scope[][]) => {
    for (const [key, child] of Object.entries(node)) {
      const at = [...segs, key];
      if (segs.length === 2 && segs[0] === 'services' && key === 'env') {
        checkEnv(segs[1]!, typed(values.merged).map(at) ?? {});
        continue;
      }
      const kids = segs.length === 0 ? rootKnown(defaults, key) : childKnown(known, key);
      const readHere = kids.length > 0 || readButNotInDefaults.has(at.join('.'));
      if (FREE_FORM.has(key)) {
        // Its content is the user's own; the block itself must be one the template reads. Daytona's
        // own templates read exactly the defaults plus env-keys.yaml's list (the runner has no
        // nodeSelector/tolerations); the subcharts' defaults are not complete, so there any goes.
        if (!readHere && !(SUBCHARTS as readonly string[]).includes(at[0]!))
          found.push({ path: pathOf(at), reason: 'not a key the chart reads at this place (the template has no such block here)' });
        continue;
      }
      if (!readHere) {
        found.push(unknownKey(at, known, scopes));
        continue;
      }
      if (Array.isArray(child)) checkListItems(at, child);
      // Descend only where the defaults spell out the keys; an empty map there is free-form.
      const spelled = kids.filter((k) => isMap(k) && Object.keys(k).length > 0);
      if (spelled.length === 0 || kids.some((k) => isMap(k) && Object.keys(k).length === 0)) continue;
      // Where the chart spells out a block, anything but a block cannot be judged (nor rendered).
      if (!isMap(child)) throw new ValuesTypeError(pathOf(at), 'a map', describeType(child));
      walk(child, at, spelled, [spelled.map((n) => ({ at, node: n })), ...scopes]);
    }
  };
  // The whole defaults tree is the last place to look for a misplaced block.
  walk(values.merged, [], [defaults], [[{ at: [], node: defaults }]]);

  found.push(...ignoredDefaults(values), ...conditionalEnv(values, v));
  return outermost(found);
}

/** One finding per subtree: a key inside a block already reported is not reported again. */
function outermost(found: IgnoredKey[]): IgnoredKey[] {
  const paths = found.map((f) => f.path);
  const inside = (p: string, q: string) => p !== q && (p.startsWith(`${q}.`));
  const seen = new Set<string>();
  return found.filter((f) => {
    if (seen.has(f.path) || paths.some((q) => inside(f.path, q))) return false;
    seen.add(f.path);
    return true;
  });
}

/** Keys the chart's defaults hold but nothing (or not what the user expects) reads, when the user set them. */
function ignoredDefaults(values: ValuesView): IgnoredKey[] {
  const data = envKeys();
  const out: IgnoredKey[] = [];
  const userSetUnder = (path: string) => {
    if (values.isUserSet(path)) return true;
    const node = typed(values.merged).raw(path);
    return node !== undefined && leavesOf(node, segmentsOf(path)).some((l) => values.isUserSet(pathOf(l.path)));
  };
  for (const [path, note] of Object.entries(data.inDefaultsButNotReadByDaytonaTemplates)) {
    const instead = INSTEAD[path];
    if (!/^read by nothing/.test(note) && !instead) continue;
    if (!userSetUnder(path)) continue;
    out.push({ path, reason: note, ...(instead ? { suggestion: instead } : {}) });
  }
  for (const [path, note] of Object.entries(data.inDefaultsButIgnoredBySubchart)) {
    if (!userSetUnder(path)) continue;
    const [sub, ...rest] = path.split('.') as [Subchart, ...string[]];
    // The subchart's own key with the same tail (redis.persistence.size → redis.master.persistence.size).
    const at = findKey([{ at: [sub], node: subchartDefaults(sub) }], rest[0]!, 3);
    const tail = at ? [...at, ...rest.slice(1)] : undefined;
    const suggestion = tail && typed(subchartDefaults(sub)).has(tail.slice(1)) ? tail.join('.') : undefined;
    out.push({ path, reason: `the ${sub} subchart does not read it: ${note.replace(/^same;\s*/, '')}`, ...(suggestion ? { suggestion } : {}) });
  }
  return out;
}

/** Env keys the template reads only under a condition that does not hold, or that a non-empty value shadows. */
function conditionalEnv(values: ValuesView, v: ReturnType<typeof typed>): IgnoredKey[] {
  const data = envKeys();
  const d = typed(values.defaults);
  const out: IgnoredKey[] = [];
  const reported = new Set<string>();
  for (const [svc, conditions] of Object.entries(data.readOnlyWhen)) {
    for (const [condition, keys] of Object.entries(conditions)) {
      const m = /^([\w.]+)=(\w+)$/.exec(condition);
      if (!m) continue;
      const [, switchPath, wanted] = m as unknown as [string, string, string];
      const actual = v.has(switchPath) ? v.raw(switchPath) : d.raw(switchPath);
      if (String(actual) === wanted) continue;
      for (const key of keys) {
        const path = `services.${svc}.env.${key}`;
        if (!v.has(path) || !values.isUserSet(path)) continue;
        reported.add(path);
        out.push({ path, reason: `read only when ${switchPath} is ${wanted} (it is ${String(actual)})` });
      }
    }
  }
  for (const [svc, fallbacks] of Object.entries(data.fallbackOf)) {
    for (const [key, winner] of Object.entries(fallbacks)) {
      const path = `services.${svc}.env.${key}`;
      if (reported.has(path) || !v.has(path) || !values.isUserSet(path)) continue;
      if (goEmpty(v.raw(winner))) continue;
      reported.add(path);
      out.push({ path, reason: `used only when ${winner} is empty, and it is not`, suggestion: winner });
    }
  }
  // REDIS_TLS is the API's and the jobs' fallback only: the proxy renders externalRedis.tls as is,
  // so a REDIS_TLS that disagrees with it leaves the proxy and the API speaking differently to Redis.
  const redisTls = 'services.api.env.REDIS_TLS';
  if (!reported.has(redisTls) && v.has(redisTls) && values.isUserSet(redisTls) && v.raw('redis.enabled') === false) {
    const proxyTls = v.str('externalRedis.tls') ?? '';
    if ((v.text(redisTls).toLowerCase() === 'true') !== (proxyTls.trim().toLowerCase() === 'true'))
      out.push({ path: redisTls, reason: `reaches the API and the migration jobs only: the proxy reads externalRedis.tls (${proxyTls || 'empty'})`, suggestion: 'externalRedis.tls' });
  }
  return out;
}
