import { getIn, splitPath } from './paths.js';

/** Small readers over a values tree with Go-template truthiness (what `if` and `default` see). */

export function at(tree: unknown, path: string): unknown {
  return getIn(tree, splitPath(path));
}

/** Go templates: false, 0, "", nil, empty list or map are "empty". */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** A scalar rendered as a template would print it; '' for absent, null, maps and lists. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

/** `a | default b`: the first truthy value, as a string. */
export function strOr(...values: unknown[]): string {
  for (const v of values) if (truthy(v)) return str(v);
  return '';
}

export function num(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/** A boolean-ish env value ("true"/"false" strings in the chart's env maps). */
export function envTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}
