import type { Check, Outcome } from '../../engine/types.js';
import type { Inventory } from '../../inventory/types.js';
import { need, ok } from '../../inventory/fact.js';
import { evaluateKnown, type Evaluation } from '../../iam/evaluate.js';
import { attachedManaged, awsManagedPolicyArn, partitionOf } from '../../iam/managed.js';
import { nodeRoles, type NodeRole } from '../../iam/node-roles.js';
import { describeRef } from '../../iam/policy.js';
import { evaluateResourcePolicy } from '../../iam/resource-policy.js';
import { clusterMissingSkip, describedCluster } from '../eks/common.js';
import { wantedEcrRepositories } from './ecr-repositories.js';

/** Pulling an image: the manifest (BatchGetImage) and its layers (GetDownloadUrlForLayer). */
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;
/**
 * Named by the catalogue, but used by pushes, not by the kubelet's pulls (AWS's own
 * AmazonEC2ContainerRegistryPullOnly leaves it out): missing it is a warning, not a failure.
 */
const LAYER_CHECK = 'ecr:BatchCheckLayerAvailability';
const TOKEN = 'ecr:GetAuthorizationToken';

type Severity = 'fail' | 'warn';

/** One problem of one role, for one action, over the resources it concerns. */
interface Problem {
  severity: Severity;
  kind: 'denied' | 'not-granted' | 'boundary' | 'conditional' | 'repository-policy' | 'repository-policy-conditional' | 'repository-missing';
  action: string;
  resources: string[];
  statements?: string[];
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** Add a problem, merging it with one of the same kind, action and statements. */
function add(list: Problem[], p: Problem): void {
  const key = (x: Problem) => `${x.kind}|${x.action}|${(x.statements ?? []).join('|')}`;
  const same = list.find((x) => key(x) === key(p));
  if (same) same.resources.push(...p.resources.filter((r) => !same.resources.includes(r)));
  else list.push({ ...p, resources: [...p.resources] });
}

/** Turn an identity evaluation into a problem (or none). */
function identityProblem(ev: Evaluation, severity: Severity): Problem | undefined {
  const base = { action: ev.action, resources: [ev.resource] };
  if (ev.decision === 'denied') return { ...base, severity: 'fail', kind: 'denied', statements: ev.deniedBy.filter((d) => !d.conditional).map(describeRef) };
  if (ev.decision === 'implicit-deny') {
    if (ev.allowedBy.length && ev.boundary && !ev.boundary.allows) return { ...base, severity: 'fail', kind: 'boundary', statements: [`permissions boundary ${ev.boundary.policy} does not allow it`] };
    return { ...base, severity, kind: 'not-granted' };
  }
  if (ev.conditional) {
    const refs = [...ev.allowedBy, ...(ev.boundary?.allowedBy ?? []), ...ev.deniedBy].filter((r) => r.conditional);
    return { ...base, severity: 'warn', kind: 'conditional', statements: refs.map(describeRef) };
  }
  return undefined;
}

interface RoleVerdict {
  roleArn: string;
  nodeSets: string[];
  crossAccount: boolean;
  problems: Problem[];
}

function judgeRole(role: NodeRole & { principal: NonNullable<NodeRole['principal']> }, repos: { name: string; arn: string }[], registryAccount: string, inv: Inventory): RoleVerdict {
  const p = role.principal;
  const problems: Problem[] = [];
  const tokenProblem = identityProblem(evaluateKnown(p, TOKEN, '*'), 'fail');
  if (tokenProblem) add(problems, tokenProblem);
  for (const repo of repos)
    for (const action of [...PULL, LAYER_CHECK]) {
      const pr = identityProblem(evaluateKnown(p, action, repo.arn), action === LAYER_CHECK ? 'warn' : 'fail');
      if (pr) add(problems, pr);
    }

  // Across accounts the registry's repository policy must let the node role in as well.
  const crossAccount = accountOf(p.arn) !== registryAccount;
  if (crossAccount) {
    const ecr = need(inv.ecr ? ok(inv.ecr) : undefined, 'ECR repositories (ecr:DescribeRepositories)');
    for (const repo of repos) {
      const r = need(ecr.repositories[repo.name], `ECR repository ${repo.name} (ecr:DescribeRepositories)`);
      if (!r) {
        add(problems, { severity: 'warn', kind: 'repository-missing', action: 'ecr:GetRepositoryPolicy', resources: [repo.arn], statements: ['repository does not exist (see ecr-repositories)'] });
        continue;
      }
      const policy = need(r.policy, `repository policy of ${repo.name} (ecr:GetRepositoryPolicy)`);
      for (const action of [...PULL, LAYER_CHECK]) {
        const severity: Severity = action === LAYER_CHECK ? 'warn' : 'fail';
        if (!policy) {
          add(problems, { severity, kind: 'repository-policy', action, resources: [r.arn], statements: ['no repository policy'] });
          continue;
        }
        const ev = evaluateResourcePolicy(policy, `repository policy of ${repo.name}`, p.arn, action, r.arn);
        if (ev.decision === 'denied') add(problems, { severity: 'fail', kind: 'repository-policy', action, resources: [r.arn], statements: ev.deniedBy.filter((d) => !d.conditional).map(describeRef) });
        else if (ev.decision === 'implicit-deny') add(problems, { severity, kind: 'repository-policy', action, resources: [r.arn], statements: ['the repository policy does not allow this role or its account'] });
        else if (ev.conditional)
          add(problems, { severity: 'warn', kind: 'repository-policy-conditional', action, resources: [r.arn], statements: [...ev.allowedBy, ...ev.deniedBy].filter((x) => x.conditional).map(describeRef) });
      }
    }
  }
  return { roleArn: p.arn, nodeSets: role.nodeSets, crossAccount, problems };
}

const WHY: Record<Problem['kind'], string> = {
  denied: 'explicitly denied by',
  'not-granted': 'not granted by any policy',
  boundary: 'blocked:',
  conditional: 'allowed only under conditions:',
  'repository-policy': 'refused by the repository policy:',
  'repository-policy-conditional': 'allowed by the repository policy only under conditions:',
  'repository-missing': 'unverifiable:',
};

/** One line per group of problems that differ only in their action: "a, b on 2 repositories blocked: …". */
function describeProblems(problems: Problem[]): string {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = [p.kind, ...(p.statements ?? []), '|', ...p.resources].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()]
    .map((g) => {
      const p = g[0]!;
      const what = p.resources.length === 1 ? p.resources[0] : `${p.resources.length} repositories`;
      return `${g.map((x) => x.action).join(', ')} on ${what} ${WHY[p.kind]}${p.statements?.length ? ` ${p.statements.join('; ')}` : ''}`;
    })
    .join('; ');
}

export const ecrPullRights: Check = {
  id: 'ecr-pull-rights',
  area: 'ecr',
  title: 'Every node role may pull the install\'s images from ECR',
  severity: 'critical',
  appliesTo: (intent) => (intent.ecr ? true : 'global.imageRegistry is not an ECR registry'),
  needs: ['eks.cluster', 'eks.nodegroups', 'ec2.selfManagedNodes', 'iam.nodeRoles', 'ecr'],
  dependsOn: ['eks-cluster'],
  evaluate: (intent, inv): Outcome => {
    const registry = intent.ecr!;
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    const { roles, withoutRole, allNodeSets } = nodeRoles(inv);
    if (!allNodeSets.length) return { status: 'skip', message: 'skipped: the cluster has no node groups or self-managed nodes (see eks-nodes)', reason: 'depends on eks-nodes' };

    const partition = partitionOf(cluster.arn);
    const repos = wantedEcrRepositories(intent).map((w) => ({ name: w.repository, arn: `arn:${partition}:ecr:${registry.region}:${registry.accountId}:repository/${w.repository}` }));
    const failures: string[] = withoutRole.map((w) => `${w}: no IAM instance profile, so no role to pull with`);
    const warnings: string[] = [];
    const verdicts: RoleVerdict[] = [];
    const attach: { roleName: string; roleArn: string; policyArn: string }[] = [];
    for (const role of roles) {
      const who = `${role.roleArn} (${role.nodeSets.join(', ')})`;
      if (!role.principal) {
        failures.push(`${who}: the role does not exist`);
        continue;
      }
      const v = judgeRole({ ...role, principal: role.principal }, repos, registry.accountId, inv);
      verdicts.push(v);
      const failing = v.problems.filter((pr) => pr.severity === 'fail');
      const warning = v.problems.filter((pr) => pr.severity === 'warn');
      if (failing.length) failures.push(`${who}: ${describeProblems(failing)}`);
      if (warning.length) warnings.push(`${who}: ${describeProblems(warning)}`);
      // Attaching the AWS-managed read-only policy fixes a missing identity grant, never a Deny, a boundary or a repository policy.
      const needsGrant = v.problems.some((pr) => pr.kind === 'not-granted' && pr.severity === 'fail');
      const hasEcrPolicy = attachedManaged(role.principal, 'AmazonEC2ContainerRegistryReadOnly') || attachedManaged(role.principal, 'AmazonEC2ContainerRegistryPullOnly');
      if (needsGrant && !hasEcrPolicy) attach.push({ roleName: role.roleName, roleArn: role.roleArn, policyArn: awsManagedPolicyArn('AmazonEC2ContainerRegistryReadOnly', partitionOf(role.roleArn)) });
    }

    const evidence = {
      registry: registry.host,
      registryAccountId: registry.accountId,
      repositories: repos.map((r) => r.arn),
      actions: { [TOKEN]: '*', [PULL.join(', ')]: 'each repository', [LAYER_CHECK]: 'each repository (advisory: pushes use it, pulls do not)' },
      roles: verdicts,
      ...(withoutRole.length ? { nodeSetsWithoutRole: withoutRole } : {}),
      attach,
    };
    const resources = [...roles.map((r) => r.roleArn), ...repos.map((r) => r.arn)];
    if (failures.length) return { status: 'fail', message: failures.join('; '), resources, evidence, valuesPaths: ['global.imageRegistry'] };
    if (warnings.length) return { status: 'warn', message: warnings.join('; '), resources, evidence, valuesPaths: ['global.imageRegistry'] };
    return {
      status: 'pass',
      message: `${roles.length} node role${roles.length > 1 ? 's' : ''} may get an ECR token and pull ${repos.length} repositor${repos.length === 1 ? 'y' : 'ies'} from ${registry.host}, with no Deny in the way`,
      resources,
      evidence,
    };
  },
  remediation: 'attach-node-policies',
  docs: {
    what:
      'For each node role: its effective identity policies (attached, inline, permissions boundary, explicit Deny) allow ecr:GetAuthorizationToken on "*" and ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability on every repository the install pulls through global.imageRegistry. When the registry is in another account, each repository policy must also allow the node role (or its account). A grant that rests on a Condition is a warning naming the statement.',
    why: 'The kubelet pulls with the node role. Without a token or the pull actions, every Daytona pod stays in ImagePullBackOff; an explicit Deny or a permissions boundary overrides any attached policy, and a cross-account registry refuses pulls its repository policy does not allow.',
    fix: [
      'Attach the AWS-managed read-only policy to each node role named in the evidence (use your partition in the ARN):',
      '  aws iam attach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      'Remove or narrow the Deny statements named in the evidence (aws iam get-role-policy / get-policy-version to read them), and add ECR to the permissions boundary:',
      '  aws iam get-role --role-name <role> --query Role.PermissionsBoundary',
      'Cross-account registry: in the registry account, allow the node role on each repository (set-repository-policy replaces the whole policy: merge these statements into the existing one, from get-repository-policy):',
      '  aws ecr set-repository-policy --repository-name <repo> --policy-text \'{"Version":"2012-10-17","Statement":[{"Sid":"NodePull","Effect":"Allow","Principal":{"AWS":"<node-role-arn>"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"]}]}\'',
    ].join('\n'),
  },
};
