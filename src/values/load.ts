import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/errors.js';
import { chartDefaults, knownTopLevelKeys, subchartNames } from './chart.js';
import { coalesce, deepFreeze, mergeValueFiles, stripNulls } from './merge.js';
import { OriginTable, fileOrigins } from './origins.js';
import { getIn, isMap, resolvePath, type Tree } from './paths.js';
import { applySet, displaySetItem } from './set.js';
import { closest } from './suggest.js';
import type { ValueOrigin, ValuesTree, ValuesView } from './types.js';
import { isProblem, parseYaml, topLevelKind } from './yaml.js';

/** A values document already read: its name (as the user gave it) and its text. */
export interface ValuesSource {
  path: string;
  text: string;
  /** sha256 of the bytes; computed from the text when absent. */
  sha256?: string;
}

const DEFAULT_ORIGIN: ValueOrigin = Object.freeze({ source: 'default' });

class LoadedValues implements ValuesView {
  readonly merged: ValuesTree;
  readonly defaults: ValuesTree;
  readonly files: { path: string; sha256: string }[];
  /**
   * The tree exactly as Helm hands it to the templates before subcharts are coalesced: nulls the
   * chart defaults had nothing to delete for, and every null beneath a subchart's key, are still
   * there, and delete subchart defaults later.
   */
  readonly helmTree: ValuesTree;
  private readonly origins: OriginTable;

  constructor(helmTree: Tree, files: { path: string; sha256: string }[], origins: OriginTable) {
    this.helmTree = deepFreeze(helmTree);
    this.merged = deepFreeze(stripNulls(this.helmTree));
    this.defaults = chartDefaults();
    this.files = files;
    this.origins = origins;
  }

  private segments(path: string): string[] {
    return resolvePath(path, this.merged, this.defaults);
  }

  get(path: string): unknown {
    return getIn(this.merged, this.segments(path));
  }

  /**
   * True when a file or --set wrote this path or something beneath it (so a map the user only
   * partly set counts), or the path lies inside a list or scalar the user wrote as a whole.
   * A path the user deleted with null counts as set.
   */
  isUserSet(path: string): boolean {
    const segs = this.segments(path);
    if (this.origins.touches(segs)) return true;
    // Beneath a list or scalar the user set, everything is the user's.
    for (let n = segs.length - 1; n > 0; n--) {
      const parent = segs.slice(0, n);
      if (this.origins.exact(parent) && !isMap(getIn(this.helmTree, parent))) return true;
    }
    return false;
  }

  /** Where this path was last written, else where its nearest written parent was; 'default' when the user wrote neither. */
  origin(path: string): ValueOrigin {
    return this.origins.nearest(this.segments(path)) ?? DEFAULT_ORIGIN;
  }
}

/** Whether a ValuesView came from loadValues (and so carries Helm's pre-subchart tree). */
export function helmTreeOf(view: ValuesView): ValuesTree {
  return view instanceof LoadedValues ? view.helmTree : view.merged;
}

function readValuesFile(path: string): ValuesSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory, not a file'
            : ((e as Error).message ?? String(e));
    throw new UsageError(`values file ${path}: cannot read it: ${why}`);
  }
  return { path, text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Parse one values document into a map, recording where each key is. */
function parseValuesSource(src: ValuesSource, origins: OriginTable): Tree {
  const parsed = parseYaml(src.text);
  if (isProblem(parsed)) throw new UsageError(`values file ${src.path}:${parsed.line}:${parsed.column}: ${parsed.reason}`);
  const kind = topLevelKind(parsed.doc);
  if (kind === 'empty') return {};
  if (kind !== 'map') {
    throw new UsageError(`values file ${src.path}: the top level must be a map of keys (key: value), found a ${kind}`);
  }
  for (const entry of fileOrigins(parsed.doc, parsed.lineCounter, src.path)) origins.record(entry);
  let js: unknown;
  try {
    js = parsed.doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // What parseYaml cannot rule out beforehand: aliases expanding past the limit (a "billion
    // laughs" file). Any other message is not quoted: it could carry source text.
    const why = /^Excessive alias count/.test((e as Error).message)
      ? 'aliases (*name) expand to more than 1000 nodes; write the values out instead'
      : 'it parses as YAML but cannot be read as a map of values';
    throw new UsageError(`values file ${src.path}: ${why}`);
  }
  return isMap(js) ? js : {};
}

function checkTopLevelKey(item: string, key: string, known: string[]): void {
  if (known.includes(key)) return;
  const near = closest(key, known);
  const hint = near ? `did you mean "${near}"?` : `known keys: ${known.join(', ')}`;
  throw new UsageError(`--set ${displaySetItem(item)}: the chart has no top-level key "${key}" (${hint})`);
}

/**
 * Merge the chart defaults, values documents (in order) and --set items the way Helm does.
 * The in-memory form of loadValues, for callers that already hold the text.
 */
export function buildValues(sources: ValuesSource[], sets: string[]): ValuesView {
  const origins = new OriginTable();
  let user: Tree = {};
  for (const src of sources) user = mergeValueFiles(user, parseValuesSource(src, origins));
  const known = sets.length > 0 ? knownTopLevelKeys() : [];
  for (const item of sets) {
    for (const w of applySet(item, user)) {
      checkTopLevelKey(item, w.path[0]!, known);
      // Containers on the way are written by this --set too (merged into, not replaced).
      for (let n = 1; n < w.path.length; n++) origins.record({ path: w.path.slice(0, n), origin: { source: 'set' }, isMap: true });
      origins.record({ path: w.path, origin: { source: 'set' }, isMap: false });
    }
  }
  const files = sources.map((s) => ({
    path: s.path,
    sha256: s.sha256 ?? createHash('sha256').update(s.text, 'utf8').digest('hex'),
  }));
  return new LoadedValues(coalesce(chartDefaults(), user, subchartNames()), files, origins);
}

/**
 * Load values as `helm install -f F… --set S…` would see them: chart defaults, then each file
 * (maps deep-merge, lists replace, later wins, null deletes), then each --set.
 * Input problems are UsageError with one clear line (file:line:column for YAML errors).
 */
export function loadValues(files: string[], sets: string[]): ValuesView {
  return buildValues(files.map(readValuesFile), sets);
}
