import { parse } from 'yaml';
import { readData } from '../data.js';
import { deepFreeze } from './merge.js';
import { isMap, type Tree } from './paths.js';
import { HELM_YAML_OPTIONS } from './yaml.js';

/** The chart data shipped under data/chart/, parsed once and frozen (callers clone before changing). */

export type Subchart = 'postgresql' | 'redis' | 'minio' | 'harbor';

const cache = new Map<string, unknown>();

function load<T>(relative: string): T {
  if (!cache.has(relative)) {
    const parsed: unknown = parse(readData(relative), HELM_YAML_OPTIONS);
    cache.set(relative, deepFreeze(isMap(parsed) ? parsed : {}));
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
