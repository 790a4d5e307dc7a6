import { subchartDefaults, type Subchart } from './chart.js';
import { helmTreeOf } from './load.js';
import { coalesce, deepClone, deepFreeze, stripNulls } from './merge.js';
import { isMap, type Tree } from './paths.js';
import type { ValuesView } from './types.js';

/**
 * The values a subchart's templates see, as Helm computes them (chartutil coalesceDeps and
 * coalesceGlobals): the parent's `<name>:` block, the parent's `global` copied over the
 * block's own `global` (parent scalars win, maps merge), then the subchart's own defaults
 * filling whatever is left (a null in the parent block deletes a subchart default).
 */
export function subchartValues(view: ValuesView, name: Subchart): Tree {
  let perView = cache.get(view);
  if (!perView) cache.set(view, (perView = new Map()));
  let out = perView.get(name);
  if (!out) perView.set(name, (out = deepFreeze(compute(view, name))));
  return out;
}

/** Computed once per view and subchart (read-only), since several parts of the Intent read them. */
const cache = new WeakMap<ValuesView, Map<Subchart, Tree>>();

function compute(view: ValuesView, name: Subchart): Tree {
  const tree = helmTreeOf(view);
  const block = tree[name];
  const dest: Tree = isMap(block) ? deepClone(block) : {};
  const parentGlobal = tree.global;
  if (isMap(parentGlobal)) dest.global = overlayGlobals(isMap(dest.global) ? dest.global : {}, parentGlobal);
  return stripNulls(coalesce(subchartDefaults(name), dest));
}

function overlayGlobals(dg: Tree, sg: Tree): Tree {
  const out: Tree = { ...dg };
  for (const [key, val] of Object.entries(sg)) {
    const cur = out[key];
    if (isMap(val)) {
      if (cur === undefined) out[key] = deepClone(val);
      else if (isMap(cur)) out[key] = fillMissing(deepClone(val), cur);
      // A parent map over a subchart scalar: Helm skips it ("cannot merge map onto non-map").
    } else if (!isMap(cur)) out[key] = deepClone(val);
  }
  return out;
}

/** Keys of src that dst lacks are added; dst wins otherwise (coalesceTables with merge=true). */
function fillMissing(dst: Tree, src: Tree): Tree {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    if (!(k in dst)) dst[k] = deepClone(v);
    else if (isMap(cur) && isMap(v)) fillMissing(cur, v);
  }
  return dst;
}
