/**
 * `daytona-preflight permissions [--fix]`: stdout carries exactly the IAM policy JSON (so it can be
 * piped to a file and `aws iam create-policy --policy-document file://…`); the in-cluster RBAC and
 * notes go to stderr, every line of notes a YAML comment, so `2> clusterrole.yaml` is valid YAML.
 */
import { buildPolicy } from '../permissions/policy.js';
import { loadClusterRoleYaml, loadRemediationActions } from '../permissions/hooks.js';
import { EXIT } from '../engine/exit-code.js';

async function loadRemediationKubeRbac(): Promise<string | undefined> {
  const mod = (await import('../remediations/index.js')) as { REMEDIATION_KUBE_RBAC?: unknown };
  return typeof mod.REMEDIATION_KUBE_RBAC === 'string' ? mod.REMEDIATION_KUBE_RBAC : undefined;
}

export interface PermissionsDeps {
  loadRemediationActions?: () => Promise<readonly string[] | undefined>;
  /** What --fix needs inside the cluster (scope-bucket-access writes a Secret), beyond the read-only ClusterRole. */
  loadRemediationKubeRbac?: () => Promise<string | undefined>;
  loadClusterRoleYaml?: () => Promise<string | undefined>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export async function permissionsCommand(opts: { fix: boolean }, deps: PermissionsDeps = {}): Promise<number> {
  const out = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  const notes: string[] = [];

  let writeActions: readonly string[] = [];
  if (opts.fix) {
    const fromRemediations = await (deps.loadRemediationActions ?? loadRemediationActions)();
    if (fromRemediations) writeActions = fromRemediations;
    else notes.push('--fix: this build declares no remediation write actions (src/remediations REMEDIATION_ACTIONS); the policy below is read-only.');
    const kubeRbac = await (deps.loadRemediationKubeRbac ?? loadRemediationKubeRbac)();
    if (kubeRbac) notes.push(`--fix also needs, in the cluster: ${kubeRbac}.`);
  }
  out(`${JSON.stringify(buildPolicy({ writeActions }), null, 2)}\n`);

  const clusterRole = await (deps.loadClusterRoleYaml ?? loadClusterRoleYaml)();
  if (clusterRole) {
    notes.push('Kubernetes RBAC for the in-cluster checks (bind it to the identity the tool uses, e.g. with an EKS access entry):');
  } else {
    notes.push('The in-cluster checks need read access to the Kubernetes API; this build ships no ClusterRole for them (src/inventory/kube/rbac.ts).');
  }
  err(notes.map((n) => `# ${n}\n`).join('') + (clusterRole ? `${clusterRole.trimEnd()}\n` : ''));
  return EXIT.ready;
}
