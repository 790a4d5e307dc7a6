import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot, writeSnapshot } from '../../src/inventory/snapshot.js';
import { createRedactor } from '../../src/secrets/redact.js';
import { UsageError } from '../../src/cli/errors.js';
import { INVENTORY_VERSION, type Inventory } from '../../src/inventory/types.js';

const dir = mkdtempSync(join(tmpdir(), 'snap-'));

describe('snapshots', () => {
  it('round-trips an inventory', () => {
    const inventory: Inventory = { target: { value: { accountId: '111122223333', callerArn: 'arn:aws:iam::111122223333:user/ci', partition: 'aws', region: 'eu-west-1' } } };
    const file = join(dir, 'a.json');
    writeSnapshot(file, inventory, createRedactor({}));
    expect(readSnapshot(file).inventory).toEqual(inventory);
  });

  it('redacts secrets from the values wherever they appear in the inventory', () => {
    const redactor = createRedactor({ externalDatabase: { password: 'canary-db-password-123' } });
    const inventory = { kube: { access: { error: { code: 'X', message: 'saw canary-db-password-123 in a message' } } } } as Inventory;
    const file = join(dir, 'b.json');
    writeSnapshot(file, inventory, redactor);
    expect(readFileSync(file, 'utf8')).not.toContain('canary-db-password-123');
  });

  it('refuses a missing file, a non-JSON file, a foreign JSON file and another version, each with a clear message', () => {
    expect(() => readSnapshot(join(dir, 'missing.json'))).toThrow(/cannot read snapshot .*no such file/);
    writeFileSync(join(dir, 'bad.json'), '{not json');
    expect(() => readSnapshot(join(dir, 'bad.json'))).toThrow(/not valid JSON/);
    writeFileSync(join(dir, 'foreign.json'), '{"a":1}');
    expect(() => readSnapshot(join(dir, 'foreign.json'))).toThrow(/not a daytona-preflight snapshot/);
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ kind: 'daytona-preflight/inventory', version: 9, inventory: {} }));
    expect(() => readSnapshot(join(dir, 'v9.json'))).toThrow(UsageError);
    expect(() => readSnapshot(join(dir, 'v9.json'))).toThrow(/version 9/);
  });

  it('shows a version of the wrong type as written, so "2" is not mistaken for 2', () => {
    writeFileSync(join(dir, 'v-string.json'), JSON.stringify({ kind: 'daytona-preflight/inventory', version: String(INVENTORY_VERSION), inventory: {} }));
    expect(() => readSnapshot(join(dir, 'v-string.json'))).toThrow(`has version "${INVENTORY_VERSION}", but`);
    expect(() => readSnapshot(join(dir, 'v-string.json'))).toThrow(`reads version ${INVENTORY_VERSION}.`);
  });

  it('refuses a snapshot of the right kind and version whose inventory has the wrong shape', () => {
    const shaped = (name: string, inventory: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify({ kind: 'daytona-preflight/inventory', version: INVENTORY_VERSION, inventory }));
      return () => readSnapshot(join(dir, name));
    };
    expect(shaped('list.json', [])).toThrow(/"inventory" is not an object/);
    expect(shaped('section.json', { eks: 'x' })).toThrow(/"inventory.eks" is not an object/);
    expect(shaped('target.json', { target: { name: 'x' } })).toThrow(/"inventory.target" is neither a value nor an error/);
    expect(shaped('cluster.json', { eks: { clusterName: 5 } })).toThrow(/"inventory.eks.clusterName" is not a string/);
  });
});
