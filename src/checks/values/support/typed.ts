/**
 * Typed reads of the merged values. A value of the wrong type (a string where the chart expects a
 * map, a list where it expects a scalar) is not something a check can judge: reading it throws a
 * ValuesTypeError, a FactUnavailable, so the engine reports the check as `error` naming the path
 * and the types. The value itself is never quoted (it may be a secret).
 */
import { FactUnavailable } from '../../../inventory/fact.js';
import { joinPath, splitPath } from '../../../values/paths.js';
import type { ValuesTree } from '../../../values/types.js';

export type Path = string | readonly string[];
export type ValuesMap = Record<string, unknown>;

/**
 * Dotted path → segments, in the values loader's syntax: a key that itself holds dots (an
 * annotation name) has them escaped (`annotations.kubernetes\.io/ingress\.class`), or is passed as segments.
 */
export function segmentsOf(path: Path): string[] {
  return typeof path === 'string' ? splitPath(path) : [...path];
}

/** Segments → a path the ValuesView (origin, isUserSet) and `--set` understand. */
export function pathOf(path: Path): string {
  return joinPath(segmentsOf(path));
}

export function isMap(v: unknown): v is ValuesMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 'a map', 'a list', 'a string'…: for messages, never the value. */
export function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number') return 'a number';
  return `a ${typeof v}`;
}

export class ValuesTypeError extends FactUnavailable {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super({ code: 'InvalidValueType', message: `values path ${path} should be ${expected} but is ${found}` });
    this.name = 'ValuesTypeError';
  }
}

/**
 * The node at `path`, or undefined when any step is missing. A step through a scalar or through a
 * list with a non-numeric key throws: the chart would not find a map there either.
 */
export function valueAt(tree: unknown, path: Path): unknown {
  const segs = segmentsOf(path);
  let node: unknown = tree;
  for (let i = 0; i < segs.length; i++) {
    if (node === undefined || node === null) return undefined;
    const seg = segs[i]!;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(seg)) throw new ValuesTypeError(pathOf(segs.slice(0, i)), 'a map', 'a list');
      node = node[Number(seg)];
    } else if (isMap(node)) {
      node = Object.prototype.hasOwnProperty.call(node, seg) ? node[seg] : undefined;
    } else {
      throw new ValuesTypeError(pathOf(segs.slice(0, i)), 'a map', describeType(node));
    }
  }
  return node;
}

/** Typed getters over one values tree (the merged values, or the chart defaults). */
export class TypedValues {
  constructor(readonly tree: ValuesTree) {}

  raw(path: Path): unknown {
    return valueAt(this.tree, path);
  }

  has(path: Path): boolean {
    const v = this.raw(path);
    return v !== undefined && v !== null;
  }

  /** A scalar as the chart renders it (numbers and booleans as text); undefined when absent or null. */
  str(path: Path): string | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new ValuesTypeError(pathOf(path), 'a single value', describeType(v));
  }

  /** A scalar with surrounding blanks removed; '' when absent. */
  text(path: Path): string {
    return (this.str(path) ?? '').trim();
  }

  map(path: Path): ValuesMap | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null) return undefined;
    if (isMap(v)) return v;
    throw new ValuesTypeError(pathOf(path), 'a map', describeType(v));
  }

  list(path: Path): unknown[] | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    throw new ValuesTypeError(pathOf(path), 'a list', describeType(v));
  }

  bool(path: Path): boolean | undefined {
    const v = this.raw(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    throw new ValuesTypeError(pathOf(path), 'true or false', describeType(v));
  }

  /** An `enabled` switch: absent means the chart's own default. */
  enabled(path: Path, byDefault: boolean): boolean {
    return this.bool(path) ?? byDefault;
  }

  /** A map whose values must be scalars (annotations, env): each rendered as text. */
  stringMap(path: Path): Record<string, string> {
    const m = this.map(path) ?? {};
    const out: Record<string, string> = {};
    for (const key of Object.keys(m)) {
      const s = this.str([...segmentsOf(path), key]);
      if (s !== undefined) out[key] = s;
    }
    return out;
  }
}

export function typed(tree: ValuesTree): TypedValues {
  return new TypedValues(tree);
}

/** Every scalar (or empty map/list) under a node, with its full path segments. */
export function leavesOf(node: unknown, at: readonly string[]): { path: string[]; value: unknown }[] {
  if (isMap(node) && Object.keys(node).length > 0) return Object.entries(node).flatMap(([k, v]) => leavesOf(v, [...at, k]));
  if (Array.isArray(node) && node.length > 0) return node.flatMap((v, i) => leavesOf(v, [...at, String(i)]));
  return [{ path: [...at], value: node }];
}

/** A component switch (`minio.enabled`): the merged value, else the chart's own default, else off. */
export function switchOn(values: { merged: ValuesTree; defaults: ValuesTree }, path: Path): boolean {
  return typed(values.merged).enabled(path, typed(values.defaults).bool(path) ?? false);
}
