import { describe, expect, it } from 'vitest';
import { k8sRunnerNodes } from '../../../src/checks/k8s/k8s-runner-nodes.js';
import { runChecks } from '../../../src/engine/run.js';
import { failed } from '../../../src/inventory/fact.js';
import type { NodeGroup } from '../../../src/inventory/types.js';
import { checkAgainst, withoutKube } from '../../kube-fake/harness.js';
import { node } from '../../kube-fake/server.js';
import { readyClusterWithout, readyIntent, RUNNER_TAINT } from '../../kube-fake/scenarios.js';

const RUNNER = 'ip-10-0-2-20.eu-west-1.compute.internal';
const withoutRunnerNode = () => readyClusterWithout((o) => o.kind === 'Node' && o.metadata.name === RUNNER);
const groups = (inv: { eks?: { nodegroups?: unknown } }) => (inv.eks!.nodegroups as { value: NodeGroup[] }).value;

describe('k8s-runner-nodes', () => {
  it('passes with a Ready node labelled daytona-sandbox-c=true, tainted sandbox=true:NoSchedule, amd64', async () => {
    const r = await checkAgainst(k8sRunnerNodes);
    expect(r.status).toBe('pass');
    expect(r.message).toBe(`1 runner node(s) ready with daytona-sandbox-c=true, taint sandbox=true:NoSchedule, kubernetes.io/arch=amd64: ${RUNNER}`);
    expect(r.resources).toEqual([`k8s:node/${RUNNER}`]);
  });

  it('warns when no runner node runs now but the runner node group can scale to them', async () => {
    const r = await checkAgainst(k8sRunnerNodes, { server: { objects: withoutRunnerNode() } });
    expect(r.status).toBe('warn');
    expect(r.message).toBe('no runner node runs now; node group runners (desired 1, max 3) can scale to them');
  });

  it('fails when no node and no node group carries the runner label and taint', async () => {
    const r = await checkAgainst(k8sRunnerNodes, { server: { objects: withoutRunnerNode() }, editAws: (inv) => groups(inv).splice(1, 1) });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('no node with daytona-sandbox-c=true, taint sandbox=true:NoSchedule, kubernetes.io/arch=amd64, and no node group that makes them: the runner DaemonSet gets no pod and no sandbox can start');
  });

  it('fails when a labelled node is Arm64 (the runner image is amd64 only)', async () => {
    const objects = [...readyClusterWithout(() => false), node('ip-10-0-3-30.eu-west-1.compute.internal', { labels: { 'daytona-sandbox-c': 'true' }, taints: [RUNNER_TAINT], arch: 'arm64' })];
    const r = await checkAgainst(k8sRunnerNodes, { server: { objects } });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ip-10-0-3-30.eu-west-1.compute.internal (arm64) cannot run the amd64-only runner image');
  });

  it('warns when a labelled node lacks the taint beside proper runner nodes', async () => {
    const objects = [...readyClusterWithout(() => false), node('ip-10-0-3-31.eu-west-1.compute.internal', { labels: { 'daytona-sandbox-c': 'true' } })];
    const r = await checkAgainst(k8sRunnerNodes, { server: { objects } });
    expect(r.status).toBe('warn');
    expect(r.evidence.untainted).toEqual(['ip-10-0-3-31.eu-west-1.compute.internal']);
  });

  it('does not count a runner node with another NoSchedule/NoExecute taint the runner does not tolerate (the DaemonSet puts no pod there)', async () => {
    const objects = [
      ...withoutRunnerNode(),
      node(RUNNER, { labels: { 'daytona-sandbox-c': 'true' }, taints: [RUNNER_TAINT, { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] }),
    ];
    const r = await checkAgainst(k8sRunnerNodes, { server: { objects }, editAws: (inv) => groups(inv).splice(1, 1) });
    expect(r.status).toBe('fail');
    expect(r.message).toContain(`${RUNNER} carries taint nvidia.com/gpu=present:NoSchedule, which the runner does not tolerate`);
    expect(r.evidence.blockedByTaints).toEqual([{ name: RUNNER, taints: ['nvidia.com/gpu=present:NoSchedule'] }]);
  });

  it('does not count a node group that would make runner nodes with a taint the runner does not tolerate', async () => {
    const r = await checkAgainst(k8sRunnerNodes, {
      server: { objects: withoutRunnerNode() },
      editAws: (inv) => groups(inv).find((g) => g.name === 'runners')!.taints.push({ key: 'dedicated', value: 'gpu', effect: 'NO_SCHEDULE' }),
    });
    expect(r.status).toBe('fail');
  });

  it('ignores taints every DaemonSet pod tolerates, and PreferNoSchedule', async () => {
    const objects = [
      ...withoutRunnerNode(),
      node(RUNNER, {
        labels: { 'daytona-sandbox-c': 'true' },
        taints: [RUNNER_TAINT, { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'spot', value: 'true', effect: 'PreferNoSchedule' }],
      }),
    ];
    const r = await checkAgainst(k8sRunnerNodes, { server: { objects } });
    expect(r.status).toBe('pass');
  });

  it('warns when proper runner nodes are ready but another labelled node carries an untolerated taint', async () => {
    const objects = [...readyClusterWithout(() => false), node('ip-10-0-3-32.eu-west-1.compute.internal', { labels: { 'daytona-sandbox-c': 'true' }, taints: [RUNNER_TAINT, { key: 'dedicated', value: 'ci', effect: 'NoExecute' }] })];
    const r = await checkAgainst(k8sRunnerNodes, { server: { objects } });
    expect(r.status).toBe('warn');
    expect(r.evidence.blockedByTaints).toEqual([{ name: 'ip-10-0-3-32.eu-west-1.compute.internal', taints: ['dedicated=ci:NoExecute'] }]);
  });

  it('is an error when listing nodes is forbidden', async () => {
    const r = await checkAgainst(k8sRunnerNodes, { server: { forbid: [{ verb: 'list', resource: 'nodes' }] } });
    expect(r).toMatchObject({ status: 'error', error: { code: 'Forbidden', action: 'list nodes' } });
  });

  it('is an error when no runner node runs and the node groups could not be read', async () => {
    const r = await checkAgainst(k8sRunnerNodes, {
      server: { objects: withoutRunnerNode() },
      editAws: (inv) => (inv.eks!.nodegroups = failed({ code: 'AccessDenied', action: 'eks:ListNodegroups', message: 'not authorized to perform eks:ListNodegroups' })),
    });
    expect(r).toMatchObject({ status: 'error', error: { action: 'eks:ListNodegroups' } });
  });

  it('does not apply when the runner is disabled, and skips under --no-kube', () => {
    expect(runChecks([k8sRunnerNodes], readyIntent({ runner: { enabled: false } }), withoutKube())[0]).toMatchObject({ status: 'skip', reason: 'the runner is disabled (services.runner.enabled: false)' });
    expect(runChecks([k8sRunnerNodes], readyIntent(), withoutKube())[0]).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
  });
});
