import type { Check, Outcome } from '../../engine/types.js';
import type { KubeNode, NodeGroup, Taint } from '../../inventory/types.js';
import { need } from '../../inventory/fact.js';
import { hasRunnerTaint, isRunnerLabelled, RUNNER_LABEL, RUNNER_TAINT } from '../eks/eks-nodes.js';
import { amiTypeArch, instanceTypeArch } from '../eks/architecture.js';
import { inClusterGate, k8sId } from './common.js';

/** The images are amd64-only: `kubernetes.io/arch` (or the kubelet's nodeInfo) must say so. */
const AMD64 = 'amd64';
/** Node groups in these states have (or will get) nodes. */
const USABLE = new Set(['ACTIVE', 'UPDATING']);

/**
 * Taints every DaemonSet pod tolerates (the DaemonSet controller adds them; network-unavailable
 * because the runner uses the host network). not-ready/unreachable only mirror readiness, reported apart.
 */
const DAEMONSET_TOLERATED = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/unschedulable',
  'node.kubernetes.io/network-unavailable',
]);

const taintText = (t: Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** Effects that keep a pod off a node (Kubernetes `NoSchedule`, EKS `NO_SCHEDULE` alike). */
const BLOCKING_EFFECTS = new Set(['noschedule', 'noexecute']);

/** NoSchedule/NoExecute taints the runner pod does not tolerate: with one, the DaemonSet puts no runner on the node. */
function untoleratedTaints(taints: readonly Taint[]): Taint[] {
  return taints.filter((t) => BLOCKING_EFFECTS.has(t.effect.replace(/_/g, '').toLowerCase()) && !hasRunnerTaint([t]) && !DAEMONSET_TOLERATED.has(t.key));
}

const archOf = (n: KubeNode) => n.labels['kubernetes.io/arch'] ?? n.architecture ?? 'unknown';
const nodeLine = (n: KubeNode, why: string) => `${n.name} (${why})`;

/** A managed node group that makes runner nodes when it scales: label, taint (and none the runner does not tolerate), x86_64, room to scale. */
function canScaleToRunners(ng: NodeGroup): boolean {
  if (!isRunnerLabelled(ng.labels) || !hasRunnerTaint(ng.taints) || untoleratedTaints(ng.taints).length || !USABLE.has(ng.status)) return false;
  const types = ng.launchTemplateInstanceType ? [ng.launchTemplateInstanceType] : ng.instanceTypes;
  if (amiTypeArch(ng.amiType) === 'arm64' || types.some((t) => instanceTypeArch(t) === 'arm64')) return false;
  return (ng.scaling?.max ?? 1) > 0;
}

export const k8sRunnerNodes: Check = {
  id: 'k8s-runner-nodes',
  area: 'k8s',
  title: 'Runner nodes exist: labelled daytona-sandbox-c=true, tainted sandbox=true:NoSchedule, amd64',
  severity: 'critical',
  appliesTo: (intent) => (intent.runner.enabled ? true : 'the runner is disabled (services.runner.enabled: false)'),
  needs: ['kube.access', 'kube.nodes', 'eks.nodegroups'],
  evaluate: (_intent, inv): Outcome => {
    const gate = inClusterGate(inv);
    if (gate) return gate;
    const nodes = need(inv.kube?.nodes, 'nodes (list nodes)');
    const labelled = nodes.filter((n) => isRunnerLabelled(n.labels));
    const wrongArch = labelled.filter((n) => archOf(n) !== AMD64);
    const untainted = labelled.filter((n) => archOf(n) === AMD64 && !hasRunnerTaint(n.taints));
    const tainted = labelled.filter((n) => archOf(n) === AMD64 && hasRunnerTaint(n.taints));
    const blocked = tainted.filter((n) => untoleratedTaints(n.taints).length);
    const good = tainted.filter((n) => !untoleratedTaints(n.taints).length);
    const ready = good.filter((n) => n.ready);
    const evidence: Record<string, unknown> = {
      nodeCount: nodes.length,
      runnerNodes: good.map((n) => ({ name: n.name, ready: n.ready })),
      ...(wrongArch.length ? { wrongArchitecture: wrongArch.map((n) => ({ name: n.name, architecture: archOf(n) })) } : {}),
      ...(untainted.length ? { untainted: untainted.map((n) => n.name) } : {}),
      ...(blocked.length ? { blockedByTaints: blocked.map((n) => ({ name: n.name, taints: untoleratedTaints(n.taints).map(taintText) })) } : {}),
    };
    const blockedNote = blocked.length
      ? `; ${blocked.map((n) => `${n.name} carries taint ${untoleratedTaints(n.taints).map(taintText).join(', ')}, which the runner does not tolerate`).join('; ')} (the DaemonSet puts no runner there)`
      : '';
    const resources = labelled.map((n) => k8sId('node', n.name));
    const want = `${RUNNER_LABEL.key}=${RUNNER_LABEL.value}, taint ${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:${RUNNER_TAINT.effect}, kubernetes.io/arch=${AMD64}`;

    if (wrongArch.length) {
      return {
        status: 'fail',
        message: `labelled runner node${wrongArch.length > 1 ? 's' : ''} ${wrongArch.map((n) => nodeLine(n, archOf(n))).join(', ')} cannot run the amd64-only runner image: the runner DaemonSet schedules a pod there that never starts`,
        resources,
        evidence,
      };
    }
    if (ready.length) {
      if (untainted.length) {
        return {
          status: 'warn',
          message: `${ready.length} runner node(s) ready (${ready.map((n) => n.name).join(', ')}), but ${untainted.map((n) => n.name).join(', ')} carry the label without the taint ${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:${RUNNER_TAINT.effect}: other workloads will share them with the sandboxes${blockedNote}`,
          resources,
          evidence,
        };
      }
      if (blocked.length) {
        return { status: 'warn', message: `${ready.length} runner node(s) ready (${ready.map((n) => n.name).join(', ')})${blockedNote}`, resources, evidence };
      }
      return { status: 'pass', message: `${ready.length} runner node(s) ready with ${want}: ${ready.map((n) => n.name).join(', ')}`, resources, evidence };
    }
    if (good.length) {
      return { status: 'warn', message: `runner node(s) ${good.map((n) => n.name).join(', ')} carry the label, taint and amd64 but none is Ready${blockedNote}`, resources, evidence };
    }

    // None runs now: a managed node group that makes such nodes may still be scaled up.
    const groups = need(inv.eks?.nodegroups, 'EKS node groups (eks:ListNodegroups/DescribeNodegroup)');
    const scalable = groups.filter(canScaleToRunners);
    evidence.runnerNodeGroups = scalable.map((g) => ({ name: g.name, status: g.status, scaling: g.scaling ?? null }));
    const untaintedNote = `${untainted.length ? `; ${untainted.map((n) => n.name).join(', ')} carry the label but not the taint` : ''}${blockedNote}`;
    if (scalable.length) {
      return {
        status: 'warn',
        message: `no runner node runs now; node group ${scalable.map((g) => `${g.name} (desired ${g.scaling?.desired ?? '?'}, max ${g.scaling?.max ?? '?'})`).join(', ')} can scale to them${untaintedNote}`,
        resources: [...resources, ...scalable.map((g) => g.arn)],
        evidence,
      };
    }
    return {
      status: 'fail',
      message: `no node with ${want}, and no node group that makes them${untaintedNote}: the runner DaemonSet gets no pod and no sandbox can start`,
      resources,
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what: `The nodes (as Kubernetes sees them) include runner nodes: label ${RUNNER_LABEL.key}=${RUNNER_LABEL.value}, taint ${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:${RUNNER_TAINT.effect} and kubernetes.io/arch=amd64, Ready. When none runs now but a managed node group with that label and taint can scale up, it warns. A labelled node that is not amd64 fails; a labelled node without the taint warns; a runner node with another NoSchedule/NoExecute taint the runner does not tolerate (beyond those every DaemonSet pod tolerates) does not count, since the DaemonSet puts no pod there.`,
    why: 'The runner DaemonSet has a hard-coded nodeSelector daytona-sandbox-c: "true" and tolerates sandbox=true:NoSchedule; its images are amd64 only. Without such nodes no runner starts and no sandbox can be created; on an Arm node the runner pod never starts; without the taint, other workloads crowd the sandbox nodes.',
    fix: [
      'Add a runner node group (managed), labelled and tainted:',
      '  aws eks create-nodegroup --cluster-name <cluster> --nodegroup-name daytona-runners --node-role <node-role-arn> --subnets <subnets> \\',
      `    --ami-type AL2023_x86_64_STANDARD --instance-types m6i.2xlarge --disk-size 200 --labels ${RUNNER_LABEL.key}=${RUNNER_LABEL.value} \\`,
      `    --taints key=${RUNNER_TAINT.key},value=${RUNNER_TAINT.value},effect=NO_SCHEDULE --scaling-config minSize=1,maxSize=3,desiredSize=1`,
      'Or label and taint existing x86_64 nodes:',
      `  kubectl label node <node> ${RUNNER_LABEL.key}=${RUNNER_LABEL.value}`,
      `  kubectl taint node <node> ${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:${RUNNER_TAINT.effect}`,
    ].join('\n'),
  },
};
