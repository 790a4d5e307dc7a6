/**
 * The Kubernetes client costs ~0.4 s to import: only runs that collect in-cluster facts may load it.
 * Statically: no module imports it at run time (type imports only); those that use it, the
 * in-cluster collector among them, import it dynamically, and the collector is itself reached only
 * through a dynamic import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = sources().map((p) => ({ path: relative(SRC, p).replace(/\\/g, '/'), text: readFileSync(p, 'utf8') }));

describe('the Kubernetes client is loaded lazily', () => {
  it('is never imported statically, and the in-cluster collector imports it dynamically', () => {
    const staticImports = files.filter((f) => /^import\s+(?!type\b)[^;]*from\s+'@kubernetes\/client-node'/m.test(f.text)).map((f) => f.path);
    expect(staticImports).toEqual([]);
    const dynamic = files.filter((f) => f.text.includes("import('@kubernetes/client-node')")).map((f) => f.path);
    expect(dynamic).toContain('inventory/kube/collect.ts');
  });

  it('the in-cluster collector is reached only through a dynamic import', () => {
    const statics = files.filter((f) => /^import\s+(?!type\b)[^;]*from\s+'[^']*kube\/collect\.js'/m.test(f.text)).map((f) => f.path);
    expect(statics).toEqual([]);
  });
});
