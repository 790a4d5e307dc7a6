import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readData } from '../data.js';
import { deepFreeze } from './merge.js';
import { isMap, type Tree } from './paths.js';
import { HELM_YAML_OPTIONS } from './yaml.js';

/**
 * The chart data shipped under data/chart/, parsed once and frozen (callers clone before changing).
 * Parsing its ~300 KB of YAML costs about 0.2 s, so `npm run build` also writes the parsed trees to
 * dist/chart-data.json (scripts/compile-chart-data.mjs) and the built CLI reads that instead; from
 * src/ (the tests) the YAML is parsed.
 */

export type Subchart = 'postgresql' | 'redis' | 'minio' | 'harbor';

/** Every chart data file, as paths relative to the package root. */
export const CHART_DATA_FILES = [
  'data/chart/values.yaml',
  'data/chart/Chart.yaml',
  'data/chart/env-keys.yaml',
  ...(['postgresql', 'redis', 'minio', 'harbor'] as const).map((s) => `data/chart/subcharts/${s}.values.yaml`),
] as const;

/** Beside the compiled dist/values/chart.js: dist/chart-data.json. */
const COMPILED = new URL('../chart-data.json', import.meta.url);

const cache = new Map<string, unknown>();
let compiled: Record<string, Tree> | null | undefined;

/** A chart data file parsed as Helm reads YAML; a top level that is not a map reads as empty. */
export function parseChartFile(relative: string): Tree {
  const parsed: unknown = parse(readData(relative), HELM_YAML_OPTIONS);
  return isMap(parsed) ? parsed : {};
}

function load<T>(relative: string): T {
  if (!cache.has(relative)) {
    compiled ??= existsSync(COMPILED) ? (JSON.parse(readFileSync(COMPILED, 'utf8')) as Record<string, Tree>) : null;
    cache.set(relative, deepFreeze(compiled?.[relative] ?? parseChartFile(relative)));
  }
  return cache.get(relative) as T;
}
/** The Daytona chart's own values.yaml. */
export function chartDefaults(): Tree {
  return load<Tree>('data/chart/values.yaml');
}

/** A subchart's own values.yaml at the version the chart vendors. */
export function subchartDefaults(name: Subchart): Tree {
  return load<Tree>(`data/chart/subcharts/${name}.values.yaml`);
}

/** The subcharts Chart.yaml declares (each coalesced with its own defaults under its key). */
export function subchartNames(): string[] {
  const deps = load<Tree>('data/chart/Chart.yaml').dependencies;
  return Array.isArray(deps) ? deps.filter(isMap).map((d) => String(d.alias ?? d.name ?? '')).filter(Boolean) : [];
}

/**
 * appVersion of the vendored Bitnami subcharts (postgresql 16.7.27, redis 22.0.7; their Chart.yaml
 * files are not shipped under data/chart): common.images.image renders it when an image tag is empty.
 */
export const SUBCHART_APP_VERSIONS: Readonly<Record<'postgresql' | 'redis', string>> = Object.freeze({
  postgresql: '17.6.0',
  redis: '8.2.1',
});

export interface ChartMeta {
  version: string;
  appVersion: string;
}

/** Chart.yaml: images whose tag is empty default to appVersion. */
export function chartMeta(): ChartMeta {
  const c = load<Tree>('data/chart/Chart.yaml');
  return { version: String(c.version ?? ''), appVersion: String(c.appVersion ?? '') };
}

/** data/chart/env-keys.yaml: which keys the templates read (see that file's header). */
export function envKeys(): Tree {
  return load<Tree>('data/chart/env-keys.yaml');
}

/** Values paths the templates read although the defaults do not hold them. */
export function readButNotInDefaults(): string[] {
  const list = envKeys().topLevelReadButNotInDefaults;
  return Array.isArray(list) ? list.map(String) : [];
}

/** Top-level keys the chart knows: those of the defaults and those its templates read anyway. */
export function knownTopLevelKeys(): string[] {
  const keys = new Set(Object.keys(chartDefaults()));
  for (const p of readButNotInDefaults()) keys.add(p.split('.')[0]!);
  return [...keys].sort();
}
