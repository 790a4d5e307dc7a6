/**
 * Dotted values paths. A segment may itself contain dots (annotation keys such as
 * `service.beta.kubernetes.io/aws-load-balancer-scheme`): write them escaped (`\.`), or
 * unescaped when the tree disambiguates (see resolvePath).
 */

export type Tree = Record<string, unknown>;

export function isMap(v: unknown): v is Tree {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `a.b\.c.0` → ['a', 'b.c', '0']. A backslash escapes the next character. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) cur += path[++i];
    else if (c === '.') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return path === '' ? [] : out;
}

/** The inverse of splitPath: segments joined with dots, dots and backslashes inside a segment escaped. */
export function joinPath(segments: readonly string[]): string {
  return segments.map((s) => s.replace(/[\\.]/g, (m) => `\\${m}`)).join('.');
}

function child(node: unknown, seg: string): { found: boolean; value: unknown } {
  if (Array.isArray(node)) {
    if (!/^\d+$/.test(seg)) return { found: false, value: undefined };
    const i = Number(seg);
    return i < node.length ? { found: true, value: node[i] } : { found: false, value: undefined };
  }
  if (isMap(node) && Object.prototype.hasOwnProperty.call(node, seg)) return { found: true, value: node[seg] };
  return { found: false, value: undefined };
}

/**
 * Split a path against the trees that may hold it: a segment missing from a map is joined
 * with the following ones (`annotations.service.beta.kubernetes.io/x` finds the key
 * `service.beta.kubernetes.io/x`). Falls back to the plain split when no tree holds it.
 */
export function resolvePath(path: string, ...trees: unknown[]): string[] {
  const segs = splitPath(path);
  for (const tree of trees) {
    const r = walk(tree, segs);
    if (r) return r;
  }
  return segs;
}

function walk(tree: unknown, segs: string[]): string[] | undefined {
  const out: string[] = [];
  let node = tree;
  let i = 0;
  while (i < segs.length) {
    let matched = false;
    // Shortest first, so an exact segment wins over a longer dotted key.
    for (let j = i + 1; j <= segs.length; j++) {
      const seg = segs.slice(i, j).join('.');
      const c = child(node, seg);
      if (c.found) {
        out.push(seg);
        node = c.value;
        i = j;
        matched = true;
        break;
      }
    }
    if (!matched) return undefined;
  }
  return out;
}

export function getIn(tree: unknown, segs: readonly string[]): unknown {
  let node = tree;
  for (const seg of segs) {
    const c = child(node, seg);
    if (!c.found) return undefined;
    node = c.value;
  }
  return node;
}

/** `a.b` of a tree as a map, or {} when absent or not a map. */
export function mapAt(tree: unknown, path: string): Tree {
  const v = getIn(tree, splitPath(path));
  return isMap(v) ? v : {};
}
