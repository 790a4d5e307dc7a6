/**
 * What the chart reads, as data shipped in data/chart (env-keys.yaml and the subcharts' defaults),
 * parsed once (src/values/chart.ts). Keeping these facts as data lets a new chart version be followed by replacing files.
 */
import { readData } from '../../../data.js';
import { envKeys as envKeysTree, subchartDefaults as subchartTree } from '../../../values/chart.js';
import type { ValuesTree } from '../../../values/types.js';
import { isMap } from './typed.js';

/** The Daytona services whose templates read an explicit list of env keys. */
export const LISTED_ENV_SERVICES = ['api', 'proxy', 'runner', 'runnermanager'] as const;
export type ListedEnvService = (typeof LISTED_ENV_SERVICES)[number];

/** Subcharts, by the values key that configures them. */
export const SUBCHARTS = ['harbor', 'postgresql', 'redis', 'minio'] as const;
export type Subchart = (typeof SUBCHARTS)[number];

export interface EnvKeys {
  /** Env keys each service's template reads; 'any' when it passes every key through. */
  services: Record<string, readonly string[] | 'any'>;
  /** service → condition ("postgresql.enabled=false") → keys read only then. */
  readOnlyWhen: Record<string, Record<string, readonly string[]>>;
  /** service → env key → the values path that wins when it is not empty. */
  fallbackOf: Record<string, Record<string, string>>;
  /** Paths the templates read that the chart defaults do not hold. */
  topLevelReadButNotInDefaults: readonly string[];
  /** list path → the fields read from each item. */
  listItemFields: Record<string, readonly string[]>;
  /** path → who reads it (if anyone). */
  inDefaultsButNotReadByDaytonaTemplates: Record<string, string>;
  /** path → why the subchart ignores it. */
  inDefaultsButIgnoredBySubchart: Record<string, string>;
}

let envKeysCache: EnvKeys | undefined;

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

export function envKeys(): EnvKeys {
  if (envKeysCache) return envKeysCache;
  const doc = envKeysTree();
  const services: Record<string, readonly string[] | 'any'> = {};
  for (const svc of [...LISTED_ENV_SERVICES, 'sshGateway']) {
    const v = doc[svc];
    services[svc] = v === 'any' ? 'any' : stringList(v);
  }
  const readOnlyWhen: EnvKeys['readOnlyWhen'] = {};
  if (isMap(doc.readOnlyWhen))
    for (const [svc, conds] of Object.entries(doc.readOnlyWhen)) {
      readOnlyWhen[svc] = {};
      if (isMap(conds)) for (const [cond, keys] of Object.entries(conds)) readOnlyWhen[svc]![cond] = stringList(keys);
    }
  const fallbackOf: EnvKeys['fallbackOf'] = {};
  if (isMap(doc.fallbackOf)) for (const [svc, m] of Object.entries(doc.fallbackOf)) fallbackOf[svc] = stringRecord(m);
  const listItemFields: EnvKeys['listItemFields'] = {};
  if (isMap(doc.listItemFields)) for (const [p, fields] of Object.entries(doc.listItemFields)) listItemFields[p] = stringList(fields);
  envKeysCache = {
    services,
    readOnlyWhen,
    fallbackOf,
    topLevelReadButNotInDefaults: stringList(doc.topLevelReadButNotInDefaults),
    listItemFields,
    inDefaultsButNotReadByDaytonaTemplates: stringRecord(doc.inDefaultsButNotReadByDaytonaTemplates),
    inDefaultsButIgnoredBySubchart: stringRecord(doc.inDefaultsButIgnoredBySubchart),
  };
  return envKeysCache;
}

/** The env keys a service's template reads, or 'any'. Unknown services read nothing. */
export function envKeysOf(service: string): readonly string[] | 'any' {
  return envKeys().services[service] ?? [];
}

/** A subchart's own defaults (data/chart/subcharts/<name>.values.yaml). */
export function subchartDefaults(name: Subchart): ValuesTree {
  return subchartTree(name) as ValuesTree;
}

const commentedCache = new Map<string, readonly string[]>();

/**
 * Keys a values file documents only as comments (`#existingSecret: ""` under Harbor's s3 block,
 * `# TRANSIENT_REGISTRY_URL: ""` under the API's env): optional keys the templates read. Found
 * by indentation: a `#key:` line (at most one blank after the `#`, so nested examples are left
 * out) is a sibling of the keys at the column of its `#`. Dotted paths, relative to the file.
 */
export function commentedKeys(relative: string): readonly string[] {
  const cached = commentedCache.get(relative);
  if (cached) return cached;
  const out: string[] = [];
  const stack: { indent: number; key: string }[] = [];
  const parentAt = (indent: number) => {
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    return stack.map((s) => s.key);
  };
  // Line 1 is the provenance comment (`# source: …`), not a key.
  for (const line of readData(relative).split('\n').slice(1)) {
    // camelCase keys or ENV_STYLE names; prose such as `# NOTE:` or `# Example:` is neither.
    const commented = /^(\s*)# ?([a-z][\w-]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+):(\s|$)/.exec(line);
    if (commented) {
      out.push([...parentAt(commented[1]!.length), commented[2]!].join('.'));
      continue;
    }
    const real = /^(\s*)([^\s#-][^:]*):(\s|$)/.exec(line);
    if (!real) continue;
    const indent = real[1]!.length;
    parentAt(indent);
    stack.push({ indent, key: real[2]!.replace(/^["']|["']$/g, '') });
  }
  commentedCache.set(relative, out);
  return out;
}
