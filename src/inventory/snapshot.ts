import { readFileSync, writeFileSync } from 'node:fs';
import { INVENTORY_VERSION, type Inventory } from './types.js';
import type { Redactor } from '../secrets/redact.js';
import { UsageError } from '../cli/errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../cli/version.js';

export const SNAPSHOT_KIND = 'daytona-preflight/inventory';

export interface Snapshot {
  kind: typeof SNAPSHOT_KIND;
  version: number;
  createdAt: string;
  tool: { name: string; version: string };
  inventory: Inventory;
}

/** Write the inventory for audit or replay, with every secret redacted. */
export function writeSnapshot(file: string, inventory: Inventory, redactor: Redactor): void {
  const snapshot: Snapshot = {
    kind: SNAPSHOT_KIND,
    version: INVENTORY_VERSION,
    createdAt: new Date().toISOString(),
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    inventory: redactor.deep(inventory),
  };
  try {
    writeFileSync(file, redactor.text(JSON.stringify(snapshot, null, 2)) + '\n', 'utf8');
  } catch (err) {
    throw new UsageError(`cannot write snapshot ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function readSnapshot(file: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new UsageError(`cannot read snapshot ${file}: ${why}. Make one with 'daytona-preflight check --save-snapshot ${file}'.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`snapshot ${file} is not valid JSON (${(err as Error).message}). Make a new one with --save-snapshot.`);
  }
  const snap = parsed as Partial<Snapshot>;
  if (!snap || typeof snap !== 'object' || snap.kind !== SNAPSHOT_KIND) {
    throw new UsageError(`${file} is not a daytona-preflight snapshot (expected "kind": "${SNAPSHOT_KIND}"). Make one with --save-snapshot.`);
  }
  if (snap.version !== INVENTORY_VERSION) {
    throw new UsageError(
      `snapshot ${file} has version ${JSON.stringify(snap.version) ?? 'none'}, but this daytona-preflight ${TOOL_VERSION} reads version ${INVENTORY_VERSION}. Save a new snapshot with this version.`,
    );
  }
  assertInventoryShape(file, snap.inventory);
  return snap as Snapshot;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A snapshot that is JSON of the right kind and version but not an inventory (hand-edited, or
 * another tool's file) is an input error, not a crash halfway through the report: the inventory
 * and each of its sections must be objects, and the target a fact.
 */
function assertInventoryShape(file: string, inventory: unknown): void {
  const bad = (what: string) => new UsageError(`snapshot ${file} is not an inventory this tool wrote: ${what}. Save a new snapshot with --save-snapshot.`);
  if (!isObject(inventory)) throw bad('"inventory" is not an object');
  for (const [section, value] of Object.entries(inventory)) {
    if (value !== undefined && !isObject(value)) throw bad(`"inventory.${section}" is not an object`);
  }
  const target = inventory.target;
  if (target !== undefined && !(isObject(target) && (isObject(target.value) || isObject(target.error)))) throw bad('"inventory.target" is neither a value nor an error');
  const eks = inventory.eks;
  if (isObject(eks) && eks.clusterName !== undefined && typeof eks.clusterName !== 'string') throw bad('"inventory.eks.clusterName" is not a string');
}
