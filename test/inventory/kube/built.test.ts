/**
 * The built collector (dist/), in plain Node as the CLI runs it: the dynamic import of the
 * Kubernetes client resolves, and a run reads the fake API server through it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../../helpers/cli.js';
import { startFakeKube, type FakeKube } from '../../kube-fake/server.js';
import { readyCluster } from '../../kube-fake/scenarios.js';
import { clusterAt, isolatedKubeEnv } from '../../kube-fake/harness.js';

let fake: FakeKube;
beforeAll(async () => {
  ensureBuilt();
  fake = await startFakeKube({ objects: readyCluster() });
}, 300_000);
afterAll(async () => fake?.close());

/** Run a module body in a child `node` (async, so the fake server in this process keeps answering). */
function node(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...env, PATH: process.env.PATH } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the built in-cluster collector', () => {
  it('loads through the orchestrator\'s lazy loader and reads the cluster', async () => {
    const input = { needs: ['kube.access', 'kube.secrets'], cluster: { value: clusterAt(fake) }, kubeconfig: fake.kubeconfig() };
    const script = `
      const { loadKubeCollector } = await import(${JSON.stringify(join(ROOT, 'dist/inventory/collect.js'))});
      const { AwsRuntime } = await import(${JSON.stringify(join(ROOT, 'dist/inventory/aws/runtime.js'))});
      const input = ${JSON.stringify(input)};
      const collectKube = await loadKubeCollector();
      const signal = new AbortController().signal;
      const facts = await collectKube({
        ...input,
        needs: new Set(input.needs),
        intent: { namespace: 'daytona', secrets: [{ name: 'daytona-db', namespace: 'daytona', keys: ['database-password'], path: 'externalDatabase.existingSecret', purpose: 'p' }] },
        clusterName: 'daytona', region: 'eu-west-1', rt: new AwsRuntime({ region: 'eu-west-1' }, signal), signal,
      });
      process.stdout.write(JSON.stringify(facts));
    `;
    const run = await node(script, isolatedKubeEnv());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const facts = JSON.parse(run.stdout);
    expect(facts.access.value).toMatchObject({ matchesCluster: true, via: 'kubeconfig' });
    expect(facts.secrets['daytona/daytona-db']).toEqual({ value: { name: 'daytona-db', type: 'Opaque', keys: ['database-password'] } });
  });
});
