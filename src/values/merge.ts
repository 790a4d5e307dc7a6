import { isMap, type Tree } from './paths.js';

/**
 * Helm's value merging, in its three steps (helm/pkg/cli/values and pkg/chartutil/coalesce.go):
 * 1. `-f` files merge left to right: maps deep-merge, anything else (lists, scalars, null)
 *    replaces; nulls are kept at this stage.
 * 2. `--set` writes into that user tree (see set.ts).
 * 3. The user tree is coalesced with the chart defaults: user values win, maps recurse,
 *    and a user `null` deletes the key from the defaults. Beneath a subchart's key Helm
 *    (chartutil childChartMergeTrue, Helm 3.12 and later) keeps the null instead, so that it also deletes the
 *    subchart's own default when the subchart's values are coalesced (subcharts.ts).
 */

export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepClone(x)])) as T;
  return v;
}

/** Step 1: Helm's mergeMaps(a, b); b wins. Returns a new tree, inputs untouched. */
export function mergeValueFiles(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isMap(v) && isMap(cur) ? mergeValueFiles(cur, v) : deepClone(v);
  }
  return out;
}

/**
 * Step 3: Helm's CoalesceValues(defaults, user). User wins everywhere; a null in the user tree
 * deletes what the defaults hold there; a type clash (map vs non-map) keeps the user's value,
 * as Helm does (it only prints a warning). The result shares the subtrees the user left alone
 * with `defaults` (they are frozen chart data): treat it as read-only.
 */
export function coalesce(defaults: Tree, user: Tree, subcharts: readonly string[] = []): Tree {
  const out = deepClone(user);
  coalesceInto(out, defaults, false, subcharts);
  return out;
}

/** `merge`: keep the user's nulls (Helm's coalesce with merge=true, used beneath subchart keys). */
function coalesceInto(dst: Tree, src: Tree, merge: boolean, subcharts: readonly string[] = []): void {
  for (const [key, val] of Object.entries(src)) {
    if (!Object.prototype.hasOwnProperty.call(dst, key)) {
      dst[key] = val;
      continue;
    }
    const dv = dst[key];
    if (dv === null) {
      if (!merge) delete dst[key];
    } else if (isMap(dv) && isMap(val)) coalesceInto(dv, val, merge || subcharts.includes(key));
  }
}

/**
 * Drop every remaining null (a null the defaults had nothing to delete for), recursively in maps
 * and in maps inside lists. Subtrees without nulls are returned as they are, not copied.
 */
export function stripNulls(tree: Tree): Tree {
  return strip(tree) as Tree;
}

function strip(node: unknown): unknown {
  if (Array.isArray(node)) {
    const items = node.map(strip);
    return items.every((x, i) => x === node[i]) ? node : items;
  }
  if (!isMap(node)) return node;
  let changed = false;
  const out: Tree = {};
  for (const [k, v] of Object.entries(node)) {
    if (v === null || v === undefined) {
      changed = true;
      continue;
    }
    const s = strip(v);
    if (s !== v) changed = true;
    out[k] = s;
  }
  return changed ? out : node;
}

/** Freeze a tree in depth. Frozen subtrees are skipped: only deepFreeze freezes, and always to the leaves. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}
