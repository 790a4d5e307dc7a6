/**
 * The IAM role a cluster add-on runs with (the Load Balancer Controller, the EBS CSI driver), found
 * the way the pod's SDK finds it, and judged against the actions the add-on needs.
 *
 * Which role: IRSA first (the add-on's serviceAccountRoleArn, or the service account's
 * `eks.amazonaws.com/role-arn` annotation: the SDK's web-identity provider comes before the
 * container provider), then an EKS Pod Identity association for the service account.
 *
 * Conditions: AWS's own policies for these add-ons (AmazonEBSCSIDriverPolicy, the controller's
 * published iam_policy.json) grant many actions only under conditions on the tags the add-on itself
 * puts on what it creates (`ebs.csi.aws.com/cluster`, `elbv2.k8s.aws/cluster`…). Those are met by
 * design, so a grant that rests on them counts as unconditional; any other Condition makes the
 * grant conditional (`warn`, naming the statement), as everywhere else in the tool.
 */
import type { IamPrincipal, Inventory, PodIdentityAssociation, PolicyStatement } from '../../inventory/types.js';
import { FactUnavailable, need } from '../../inventory/fact.js';
import { evaluateKnown, type Evaluation } from '../../iam/evaluate.js';
import { documentOf } from '../../iam/managed.js';
import { describeRef, statementsOf, type StatementRef } from '../../iam/policy.js';
import { accountOfArn, roleNameFromArn } from '../../inventory/nodes.js';
import { parseEksClusterArn } from '../../inventory/aws/discovery.js';

export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

export interface RequiredAction {
  action: string;
  /** Resource patterns with `{partition}`, `{region}`, `{account}` placeholders; each must be allowed. */
  resources: readonly string[];
}

export interface Workload {
  /** 'the AWS Load Balancer Controller' */
  name: string;
  actions: readonly RequiredAction[];
  /** Condition keys the add-on satisfies by itself (tags it sets on what it creates), matched case-insensitively. */
  ownConditionKeys: readonly RegExp[];
}

export interface RoleVerdict {
  roleArn: string;
  /** How the pod gets this role: 'IRSA annotation on kube-system/x', 'Pod Identity association a-…', 'node role of nodegroup/y'. */
  source: string;
  /** Rights that are missing or denied: the verdict fails. */
  missing: string[];
  /** Rights granted only under conditions the add-on does not meet by itself: warn. */
  conditional: string[];
  /** Statements whose conditions the add-on meets by design (evidence only). */
  metByDesign: string[];
}

/** The cluster's partition, region and account, for resource ARNs. */
export function arnContext(clusterArn: string): { partition: string; region: string; account: string } {
  const parsed = parseEksClusterArn(clusterArn);
  return parsed ? { partition: parsed.partition, region: parsed.region, account: parsed.accountId } : { partition: 'aws', region: '*', account: '*' };
}

const fill = (pattern: string, ctx: { partition: string; region: string; account: string }) =>
  pattern.replace(/\{partition\}/g, ctx.partition).replace(/\{region\}/g, ctx.region).replace(/\{account\}/g, ctx.account);

/** The statement a reference points at, from the principal's own policies (or the shipped AWS-managed ones). */
function statementOf(principal: IamPrincipal, ref: StatementRef): PolicyStatement | undefined {
  let doc;
  if (ref.source === 'attached') doc = principal.attached.find((p) => p.arn === ref.policy);
  else if (ref.source === 'boundary') doc = principal.permissionsBoundary;
  else if (ref.source === 'inline') return statementsOf(principal.inline.find((p) => p.name === ref.policy)?.document ?? { Statement: [] })[ref.index];
  else if (ref.source === 'group-attached') doc = principal.groups?.find((g) => g.name === ref.group)?.attached.find((p) => p.arn === ref.policy);
  else if (ref.source === 'group-inline') return statementsOf(principal.groups?.find((g) => g.name === ref.group)?.inline.find((p) => p.name === ref.policy)?.document ?? { Statement: [] })[ref.index];
  const document = doc ? documentOf(doc) : undefined;
  return document ? statementsOf(document)[ref.index] : undefined;
}

/** Every condition key of the statement is one the add-on satisfies itself. */
function metByDesign(principal: IamPrincipal, ref: StatementRef, workload: Workload): boolean {
  if (!ref.conditional) return true;
  const condition = statementOf(principal, ref)?.Condition;
  // Conditional without a Condition element: matched only through a policy variable.
  if (!condition || typeof condition !== 'object') return false;
  const keys = Object.values(condition).flatMap((block) => (block && typeof block === 'object' ? Object.keys(block as object) : ['?']));
  return keys.length > 0 && keys.every((k) => workload.ownConditionKeys.some((re) => re.test(k)));
}

/** One required action on one resource: missing, conditional, or granted (outright or under the add-on's own conditions). */
type Judgement = { kind: 'missing'; text: string } | { kind: 'conditional'; text: string } | { kind: 'ok'; byDesign: StatementRef[] };

function judge(principal: IamPrincipal, ev: Evaluation, workload: Workload): Judgement {
  const what = `${ev.action} on ${ev.resource}`;
  if (ev.decision === 'denied') return { kind: 'missing', text: `${what} is explicitly denied by ${ev.deniedBy.filter((d) => !d.conditional).map(describeRef).join('; ')}` };
  if (ev.decision === 'implicit-deny') {
    if (ev.allowedBy.length && ev.boundary && !ev.boundary.allows) return { kind: 'missing', text: `${what} is blocked by the permissions boundary ${ev.boundary.policy}` };
    return { kind: 'missing', text: `${what} is not granted by any policy` };
  }
  const own = (r: StatementRef) => metByDesign(principal, r, workload);
  const grantOk = ev.allowedBy.some(own);
  const boundaryOk = !ev.boundary || ev.boundary.allowedBy.some(own);
  const conditionalDenies = ev.deniedBy.filter((d) => d.conditional);
  if (grantOk && boundaryOk && !conditionalDenies.length) return { kind: 'ok', byDesign: [...ev.allowedBy, ...(ev.boundary?.allowedBy ?? [])].filter((r) => r.conditional && own(r)) };
  const refs = [...ev.allowedBy, ...(ev.boundary?.allowedBy ?? []), ...conditionalDenies].filter((r) => r.conditional && !own(r));
  return { kind: 'conditional', text: `${what} is allowed only under conditions: ${refs.map(describeRef).join('; ')}` };
}

/** Judge a role's effective identity permissions for the add-on. Throws (→ `error`) when a policy document is unreadable. */
export function judgeWorkloadRole(principal: IamPrincipal, source: string, workload: Workload, clusterArn: string): RoleVerdict {
  const ctx = arnContext(clusterArn);
  const verdict: RoleVerdict = { roleArn: principal.arn, source, missing: [], conditional: [], metByDesign: [] };
  for (const req of workload.actions)
    for (const pattern of req.resources) {
      const result = judge(principal, evaluateKnown(principal, req.action, fill(pattern, ctx)), workload);
      if (result.kind === 'missing') verdict.missing.push(result.text);
      else if (result.kind === 'conditional') verdict.conditional.push(result.text);
      else for (const r of result.byDesign) if (!verdict.metByDesign.includes(describeRef(r))) verdict.metByDesign.push(describeRef(r));
    }
  return verdict;
}

/**
 * The IAM role fact of a role ARN (null when the role does not exist). Throws when it was not read,
 * and for a role in another account: its policies cannot be read with this account's credentials
 * (a role of the same name here is another role).
 */
export function roleByArn(inv: Inventory, roleArn: string): IamPrincipal | null {
  const account = accountOfArn(roleArn);
  const caller = inv.target && 'value' in inv.target ? inv.target.value.accountId : undefined;
  if (account && caller && account !== caller) {
    throw new FactUnavailable({ code: 'OtherAccount', message: `role ${roleArn} is in account ${account}: its policies cannot be read with the credentials of account ${caller}`, action: 'iam:GetRole' });
  }
  const name = roleNameFromArn(roleArn);
  return need(inv.iam?.roles?.[name], `IAM role ${name} (iam:GetRole)`);
}

/**
 * The role as a Pod Identity association's pods hold it: a session policy narrows it as a boundary
 * does. Both at once are not evaluated (an error, never a pass).
 */
export function asAssociationSees(principal: IamPrincipal, pia: PodIdentityAssociation | undefined): IamPrincipal {
  if (!pia?.sessionPolicy) return principal;
  const session = `the session policy of EKS Pod Identity association ${pia.associationId}`;
  if (principal.permissionsBoundary) {
    throw new FactUnavailable({ code: 'NotEvaluated', message: `role ${principal.arn} has a permissions boundary and ${session} narrows it further: their intersection is not evaluated` });
  }
  return { ...principal, permissionsBoundary: { arn: session, name: 'session policy', document: pia.sessionPolicy } };
}

/** The Pod Identity association of a service account, if any. Throws when the associations were not read. */
export function podIdentityFor(inv: Inventory, namespace: string, serviceAccount: string): PodIdentityAssociation | undefined {
  const list = need(inv.eks?.podIdentityAssociations, 'EKS Pod Identity associations (eks:ListPodIdentityAssociations)');
  return list.find((a) => a.namespace === namespace && a.serviceAccount === serviceAccount);
}

/** Summary lines of role verdicts for a message. */
export function describeVerdicts(verdicts: readonly RoleVerdict[], kind: 'missing' | 'conditional'): string[] {
  return verdicts.flatMap((v) => v[kind].map((t) => `${v.roleArn} (${v.source}): ${t}`));
}
