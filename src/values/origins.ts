import { isMap as isYamlMap, isSeq, isScalar, isAlias, isPair, type Document, type LineCounter, type Node } from 'yaml';
import type { ValueOrigin } from './types.js';

/**
 * Where each values path was last set. Files record every key they write (with the key's
 * line and column); a later writer that puts a scalar, list or null at a path takes over
 * everything beneath it, while a map merges, so earlier keys inside it keep their origin.
 */

const SEP = '\u0000';
const keyOf = (path: readonly string[]): string => path.join(SEP);

export interface OriginEntry {
  path: string[];
  origin: ValueOrigin;
  /** True when the value written is a map (merged, not replacing what lies beneath). */
  isMap: boolean;
}

export class OriginTable {
  private readonly table = new Map<string, ValueOrigin>();

  record(entry: OriginEntry): void {
    const k = keyOf(entry.path);
    if (!entry.isMap) {
      const prefix = k + SEP;
      for (const other of [...this.table.keys()]) if (other.startsWith(prefix)) this.table.delete(other);
    }
    this.table.set(k, entry.origin);
  }

  exact(path: readonly string[]): ValueOrigin | undefined {
    return this.table.get(keyOf(path));
  }

  /** The origin of this path, or of its nearest recorded parent. */
  nearest(path: readonly string[]): ValueOrigin | undefined {
    for (let n = path.length; n > 0; n--) {
      const o = this.table.get(keyOf(path.slice(0, n)));
      if (o) return o;
    }
    return undefined;
  }

  /** Whether anything at or beneath this path was recorded. */
  touches(path: readonly string[]): boolean {
    const k = keyOf(path);
    if (this.table.has(k)) return true;
    const prefix = k + SEP;
    for (const other of this.table.keys()) if (other.startsWith(prefix)) return true;
    return false;
  }
}

/** Every path a parsed values file sets, in document order, with the line and column of its key. */
export function fileOrigins(doc: Document.Parsed, lineCounter: LineCounter, file: string): OriginEntry[] {
  const out: OriginEntry[] = [];
  const at = (offset: number | undefined): ValueOrigin => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { source: 'file', file, line, column: col };
  };
  const visit = (node: unknown, path: string[]): void => {
    if (isYamlMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        // `<<` merge keys bring in another node's content: the merged keys are credited to the `<<` line.
        if (key === '<<') {
          if (!isAlias(pair.value)) visit(pair.value, path);
          continue;
        }
        const here = [...path, key];
        out.push({ path: here, origin: at(keyNode?.range?.[0]), isMap: isYamlMap(pair.value) });
        visit(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const here = [...path, String(i)];
        const n = item as Node | null;
        out.push({ path: here, origin: at(n?.range?.[0]), isMap: isYamlMap(item) });
        visit(item, here);
      });
    }
  };
  visit(doc.contents, []);
  return out;
}
