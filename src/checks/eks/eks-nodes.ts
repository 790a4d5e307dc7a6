import type { Check, Outcome } from '../../engine/types.js';
import type { Ec2Instance, EksCluster, NodeGroup, Taint } from '../../inventory/types.js';
import { need } from '../../inventory/fact.js';
import { amiTypeArch, instanceTypeArch, isWindowsAmi, type Arch } from './architecture.js';
import { clusterMissingSkip, describedCluster } from './common.js';

/** The runner DaemonSet's hard-coded nodeSelector and toleration (FACTS: Runner nodes). */
export const RUNNER_LABEL = { key: 'daytona-sandbox-c', value: 'true' } as const;
export const RUNNER_TAINT = { key: 'sandbox', value: 'true', effect: 'NoSchedule' } as const;
/** Below this the 50 G loop file plus sandbox images leave little room (the chart README suggests 1000 GB). */
export const RUNNER_MIN_ROOT_GIB = 100;

/** Groups in these states have nodes; UPDATING only follows ACTIVE. */
const USABLE = new Set(['ACTIVE', 'UPDATING']);

/** NoSchedule (Kubernetes) and NO_SCHEDULE (EKS API) alike. */
function sameEffect(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/_/g, '').toLowerCase();
  return norm(a) === norm(b);
}

export function hasRunnerTaint(taints: readonly Taint[]): boolean {
  return taints.some((t) => t.key === RUNNER_TAINT.key && (t.value ?? '') === RUNNER_TAINT.value && sameEffect(t.effect, RUNNER_TAINT.effect));
}

export function isRunnerLabelled(labels: Record<string, string>): boolean {
  return labels[RUNNER_LABEL.key] === RUNNER_LABEL.value;
}

/** The instance types a group launches: the launch template's when it names one. */
function groupInstanceTypes(ng: NodeGroup): string[] {
  return ng.launchTemplateInstanceType ? [ng.launchTemplateInstanceType] : ng.instanceTypes;
}

interface RunnerGroupReport {
  name: string;
  status: string;
  instanceTypes: string[];
  amiType?: string;
  architecture: Arch | 'windows' | 'unknown';
  tainted: boolean;
  rootVolumeGiB: number | null;
  desiredSize?: number;
  problems: string[];
  warnings: string[];
}

function groupArchitecture(ng: NodeGroup): RunnerGroupReport['architecture'] {
  if (isWindowsAmi(ng.amiType)) return 'windows';
  const fromAmi = amiTypeArch(ng.amiType);
  const fromTypes = groupInstanceTypes(ng).map(instanceTypeArch);
  if (fromAmi === 'arm64' || fromTypes.includes('arm64')) return 'arm64';
  if (fromAmi === 'x86_64' || (fromTypes.length > 0 && fromTypes.every((a) => a === 'x86_64'))) return 'x86_64';
  return 'unknown';
}

function judgeRunnerGroup(ng: NodeGroup): RunnerGroupReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const architecture = groupArchitecture(ng);
  const tainted = hasRunnerTaint(ng.taints);
  const rootVolumeGiB = ng.diskSizeGiB ?? ng.launchTemplateRootVolumeGiB ?? null;
  if (!USABLE.has(ng.status)) warnings.push(`status ${ng.status}, so it provides no nodes`);
  if (!tainted) problems.push(`no taint ${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:${RUNNER_TAINT.effect}`);
  if (architecture === 'arm64') problems.push(`Arm64 nodes (${ng.amiType ?? groupInstanceTypes(ng).join(', ')}): the Daytona images are amd64 only`);
  else if (architecture === 'windows') problems.push(`Windows nodes (${ng.amiType}): the runner needs Linux x86_64`);
  else if (architecture === 'unknown') warnings.push(`architecture unknown (AMI type ${ng.amiType ?? 'unset'}, no instance type): make sure the nodes are x86_64`);
  if (rootVolumeGiB === null) warnings.push(`root volume size unknown (launch template without a root block device mapping): make sure it is at least ${RUNNER_MIN_ROOT_GIB} GiB`);
  else if (rootVolumeGiB < RUNNER_MIN_ROOT_GIB) warnings.push(`root volume ${rootVolumeGiB} GiB is under ${RUNNER_MIN_ROOT_GIB} GiB`);
  if (ng.scaling && ng.scaling.desired === 0 && USABLE.has(ng.status)) warnings.push('desired size 0: runners get nodes only if an autoscaler scales this group up');
  return {
    name: ng.name,
    status: ng.status,
    instanceTypes: groupInstanceTypes(ng),
    ...(ng.amiType ? { amiType: ng.amiType } : {}),
    architecture,
    tainted,
    rootVolumeGiB,
    ...(ng.scaling ? { desiredSize: ng.scaling.desired } : {}),
    problems,
    warnings,
  };
}

/** An `aws eks create-nodegroup` line for a runner group, reusing an existing group's role and subnets. */
export function runnerNodegroupCommand(cluster: EksCluster, groups: readonly NodeGroup[]): string {
  const model = groups.find((g) => USABLE.has(g.status)) ?? groups[0];
  const role = model?.nodeRoleArn ?? '<node-role-arn>';
  const subnets = (model?.subnetIds.length ? model.subnetIds : cluster.subnetIds).join(' ') || '<subnet-ids>';
  return [
    `aws eks create-nodegroup --cluster-name ${cluster.name} --nodegroup-name daytona-runners`,
    `--node-role ${role} --subnets ${subnets}`,
    `--ami-type AL2023_x86_64_STANDARD --instance-types m6i.2xlarge --disk-size 200`,
    `--labels ${RUNNER_LABEL.key}=${RUNNER_LABEL.value}`,
    `--taints key=${RUNNER_TAINT.key},value=${RUNNER_TAINT.value},effect=NO_SCHEDULE`,
    `--scaling-config minSize=1,maxSize=3,desiredSize=1`,
  ].join(' ');
}

/** EC2 reports x86_64 / arm64 (and *_mac); the instance type decides when it does not. */
function selfManagedArchitecture(n: Ec2Instance): Arch | undefined {
  const a = n.architecture?.toLowerCase();
  if (a?.startsWith('arm64')) return 'arm64';
  if (a?.startsWith('x86_64')) return 'x86_64';
  return instanceTypeArch(n.instanceType);
}

export const eksNodes: Check = {
  id: 'eks-nodes',
  area: 'eks',
  title: 'Nodes exist, and a runner node group carries the Daytona label, taint, amd64 and a large disk',
  severity: 'critical',
  appliesTo: () => true,
  needs: ['eks.cluster', 'eks.nodegroups', 'ec2.selfManagedNodes'],
  dependsOn: ['eks-cluster'],
  evaluate: (intent, inv) => {
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    const groups = need(inv.eks?.nodegroups, 'EKS node groups (eks:ListNodegroups/DescribeNodegroup)');
    const usable = groups.filter((g) => USABLE.has(g.status));
    // Self-managed nodes are read only when the verdict needs them, so a denied EC2 call does not
    // block a cluster whose managed groups already answer the question.
    const selfManaged = (): Ec2Instance[] => need(inv.ec2?.selfManagedNodes, 'self-managed nodes (ec2:DescribeInstances)');

    const evidence: Record<string, unknown> = {
      cluster: cluster.name,
      nodeGroups: groups.map((g) => ({ name: g.name, status: g.status })),
      activeNodeGroups: usable.map((g) => g.name),
    };
    const resources = groups.map((g) => g.arn);
    const messages: string[] = [];

    if (usable.length === 0) {
      const nodes = selfManaged();
      evidence.selfManagedNodeCount = nodes.length;
      if (nodes.length === 0) {
        const inactive = groups.length ? ` (node groups: ${groups.map((g) => `${g.name} ${g.status}`).join(', ')})` : '';
        return {
          status: 'fail',
          message: `cluster ${cluster.name} has no ACTIVE node group and no self-managed node${inactive}`,
          resources,
          evidence: { ...evidence, ...(intent.runner.enabled ? { suggestedCommand: runnerNodegroupCommand(cluster, groups) } : {}) },
        };
      }
      messages.push(`${nodes.length} self-managed node(s), no ACTIVE managed node group`);
    } else {
      messages.push(`${usable.length} ACTIVE node group(s): ${usable.map((g) => g.name).join(', ')}`);
    }

    if (!intent.runner.enabled) {
      return { status: 'pass', message: `${messages[0]}; runner disabled, so no runner node group is needed`, resources, evidence };
    }

    evidence.runnerLabel = `${RUNNER_LABEL.key}=${RUNNER_LABEL.value}`;
    evidence.runnerTaint = `${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:${RUNNER_TAINT.effect}`;
    evidence.minimumRootVolumeGiB = RUNNER_MIN_ROOT_GIB;
    const labelled = groups.filter((g) => isRunnerLabelled(g.labels));
    const reports = labelled.map(judgeRunnerGroup);
    evidence.runnerNodeGroups = reports;

    if (labelled.length === 0) {
      const nodes = selfManaged();
      evidence.selfManagedNodeCount = nodes.length;
      if (nodes.some((n) => selfManagedArchitecture(n) !== 'arm64')) {
        // EC2 does not show kubelet labels or taints: only the in-cluster check can confirm these.
        return {
          status: 'warn',
          message: `no managed node group is labelled ${evidence.runnerLabel}; ${nodes.length} self-managed node(s) exist whose labels and taints AWS cannot show (k8s-runner-nodes checks them in the cluster)`,
          resources,
          evidence,
        };
      }
      evidence.suggestedCommand = runnerNodegroupCommand(cluster, groups);
      return {
        status: 'fail',
        message: `no node group is labelled ${evidence.runnerLabel}: the runner DaemonSet will schedule nowhere`,
        resources,
        evidence,
      };
    }

    const fit = reports.filter((r) => r.problems.length === 0 && USABLE.has(r.status));
    for (const r of reports) {
      const notes = [...r.problems, ...r.warnings];
      if (notes.length) messages.push(`runner node group ${r.name}: ${notes.join('; ')}`);
    }
    if (fit.length === 0) messages.push('no ACTIVE runner node group meets the label, taint and amd64 requirements');
    // A labelled group that falls short fails even beside a good one: the DaemonSet lands on both.
    const status: 'pass' | 'warn' | 'fail' = fit.length === 0 || reports.some((r) => r.problems.length) ? 'fail' : reports.some((r) => r.warnings.length) ? 'warn' : 'pass';
    const failing = reports.filter((r) => r.problems.length).map((r) => r.name);
    if (failing.length) evidence.failingNodeGroups = failing;
    const warned = reports.filter((r) => r.warnings.length).map((r) => r.name);
    if (warned.length) evidence.warnedNodeGroups = warned;
    if (reports.some((r) => !r.tainted)) {
      evidence.taintCommands = reports
        .filter((r) => !r.tainted)
        .map((r) => `aws eks update-nodegroup-config --cluster-name ${cluster.name} --nodegroup-name ${r.name} --taints 'addOrUpdateTaints=[{key=${RUNNER_TAINT.key},value=${RUNNER_TAINT.value},effect=NO_SCHEDULE}]'`);
    }
    if (status === 'fail' && fit.length === 0) evidence.suggestedCommand = runnerNodegroupCommand(cluster, groups);
    const outcome: Outcome = {
      status,
      message: status === 'pass' ? `${messages[0]}; runner node group(s) ${fit.map((r) => r.name).join(', ')} have the label, taint, amd64 and ≥ ${RUNNER_MIN_ROOT_GIB} GiB root volumes` : messages.join('; '),
      resources,
      evidence,
    };
    return outcome;
  },
  remediation: 'manual',
  docs: {
    what: `At least one ACTIVE managed node group or self-managed node. With the runner enabled: every node group labelled ${RUNNER_LABEL.key}=${RUNNER_LABEL.value} has the taint ${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:${RUNNER_TAINT.effect} and x86_64 (not Graviton/Arm, not Windows) nodes, at least one such group is ACTIVE, and its root volume is at least ${RUNNER_MIN_ROOT_GIB} GiB (warn below).`,
    why: `The runner DaemonSet has a hard-coded nodeSelector ${RUNNER_LABEL.key}: "true" and tolerates ${RUNNER_TAINT.key}=${RUNNER_TAINT.value}:NoSchedule: without a labelled group no runner starts and no sandbox can be created; without the taint other workloads crowd the runner nodes. The images are amd64-only (tags end in -amd64), and each runner creates a 50 G loop file and stores sandbox images on the root volume.`,
    fix: [
      'Create a runner node group (x86_64, large disk, label and taint):',
      `  aws eks create-nodegroup --cluster-name <cluster> --nodegroup-name daytona-runners --node-role <node-role-arn> --subnets <subnet-ids> --ami-type AL2023_x86_64_STANDARD --instance-types m6i.2xlarge --disk-size 200 --labels ${RUNNER_LABEL.key}=${RUNNER_LABEL.value} --taints key=${RUNNER_TAINT.key},value=${RUNNER_TAINT.value},effect=NO_SCHEDULE --scaling-config minSize=1,maxSize=3,desiredSize=1`,
      'or with eksctl, a config file nodeGroup entry: managedNodeGroups: [{name: daytona-runners, instanceType: m6i.2xlarge, volumeSize: 200, labels: {daytona-sandbox-c: "true"}, taints: [{key: sandbox, value: "true", effect: NoSchedule}]}] and `eksctl create nodegroup -f cluster.yaml`.',
      'Add the taint to an existing labelled group:',
      `  aws eks update-nodegroup-config --cluster-name <cluster> --nodegroup-name <nodegroup> --taints 'addOrUpdateTaints=[{key=${RUNNER_TAINT.key},value=${RUNNER_TAINT.value},effect=NO_SCHEDULE}]'`,
      'Architecture and disk size cannot be changed in place: create a new group (or a new launch template version with a larger root volume) and delete the old one.',
    ].join('\n'),
  },
};
