/**
 * Effective identity permissions of one IAM principal, the way IAM decides within an account:
 * an explicit Deny anywhere wins; otherwise an identity policy must allow; when a permissions
 * boundary is set it must allow too. Statements with a Condition cannot be decided offline: an
 * allow that rests only on them is `conditional`, and a conditional Deny makes an allow conditional.
 * A policy whose document is unknown (a customer-managed policy the collector could not read, an
 * AWS-managed policy the tool does not ship) makes the decision `unknown` unless a known,
 * unconditional Deny already settles it: checks turn `unknown` into `error` (fail closed).
 * Not modelled (outside an identity's own policies): SCPs/RCPs, session policies, resource policies
 * (see resource-policy.ts for those the checks read).
 */
import type { AttachedPolicy, IamPrincipal, InlinePolicy, PolicyDocument } from '../inventory/types.js';
import { FactUnavailable } from '../inventory/fact.js';
import { documentOf } from './managed.js';
import { parseDocument, request, statementApplies, type ParsedStatement, type PolicySource, type Request, type StatementRef } from './policy.js';

export type Decision = 'allowed' | 'denied' | 'implicit-deny' | 'unknown';

export interface Evaluation {
  action: string;
  resource: string;
  decision: Decision;
  /** An allow that rests on Condition statements (or is narrowed by a conditional Deny). */
  conditional: boolean;
  /** Identity-policy Allow statements that cover the request. */
  allowedBy: StatementRef[];
  /** Deny statements (identity or boundary) that touch the request; conditional ones carry the flag. */
  deniedBy: StatementRef[];
  /** Set when the principal has a permissions boundary. */
  boundary?: { policy: string; allows: boolean; allowedBy: StatementRef[] };
  /** Policies whose document could not be read. */
  unknownPolicies: string[];
}

/** One policy that reaches the principal; `statements` undefined when its document is unknown. */
export interface PrincipalPolicy extends PolicySource {
  statements?: ParsedStatement[];
}

type Known = Readonly<Record<string, string>>;
const parsed = (doc: PolicyDocument | undefined, from: PolicySource, known: Known): PrincipalPolicy => ({ ...from, ...(doc ? { statements: parseDocument(doc, from, known) } : {}) });
const attachedPolicy = (p: AttachedPolicy, known: Known, source: 'attached' | 'group-attached', group?: string): PrincipalPolicy =>
  parsed(documentOf(p), { policy: p.arn, source, ...(group ? { group } : {}) }, known);
const inlinePolicy = (p: InlinePolicy, known: Known, source: 'inline' | 'group-inline', group?: string): PrincipalPolicy =>
  parsed(p.document, { policy: p.name, source, ...(group ? { group } : {}) }, known);

/** Policy variables whose value the principal itself settles: a user's `aws:username` is its name (roles have none). */
const knownVariables = (principal: IamPrincipal): Known => (principal.kind === 'user' ? { 'aws:username': principal.name } : {});

// Parsed once per principal object: a check asks many questions of the same role.
const parsedIdentity = new WeakMap<IamPrincipal, PrincipalPolicy[]>();

/** Identity policies of a principal: attached, inline, and for a user its groups' attached and inline. */
export function identityPolicies(principal: IamPrincipal): PrincipalPolicy[] {
  const cached = parsedIdentity.get(principal);
  if (cached) return cached;
  const known = knownVariables(principal);
  const policies = [
    ...principal.attached.map((p) => attachedPolicy(p, known, 'attached')),
    ...principal.inline.map((p) => inlinePolicy(p, known, 'inline')),
    ...(principal.groups ?? []).flatMap((g) => [
      ...g.attached.map((p) => attachedPolicy(p, known, 'group-attached', g.name)),
      ...g.inline.map((p) => inlinePolicy(p, known, 'group-inline', g.name)),
    ]),
  ];
  parsedIdentity.set(principal, policies);
  return policies;
}

export function boundaryPolicy(principal: IamPrincipal): PrincipalPolicy | undefined {
  const b = principal.permissionsBoundary;
  return b ? parsed(documentOf(b), { policy: b.arn, source: 'boundary' }, knownVariables(principal)) : undefined;
}

/** Every Allow/Deny of a set of policies that applies to the request, with the conditional flag settled. */
function applying(policies: readonly PrincipalPolicy[], req: Request, effect: 'Allow' | 'Deny'): StatementRef[] {
  const out: StatementRef[] = [];
  for (const p of policies)
    for (const st of p.statements ?? []) {
      if (st.effect !== effect) continue;
      const hit = statementApplies(st, req, effect === 'Allow' ? 'grant' : 'deny');
      if (hit.applies) out.push({ ...st.ref, conditional: st.hasCondition || hit.viaVariable });
    }
  return out;
}

export interface EvaluateOptions {
  /** Leave out policies (e.g. the one whose equivalent is being sought). */
  exclude?: (policy: PolicySource) => boolean;
}

/**
 * May `principal` perform `action` on `resource`? The resource may be a pattern standing for a set
 * (`arn:aws:s3:::bucket/*`: every object): an Allow must cover all of it, a Deny counts when it
 * touches any of it.
 */
export function evaluate(principal: IamPrincipal, action: string, resource: string, opts: EvaluateOptions = {}): Evaluation {
  const req = request(action, resource);
  const identity = identityPolicies(principal).filter((p) => !opts.exclude?.(p));
  const boundary = boundaryPolicy(principal);
  const all = boundary ? [...identity, boundary] : identity;
  const unknownPolicies = all.filter((p) => !p.statements).map((p) => p.policy);

  const allowedBy = applying(identity, req, 'Allow');
  const deniedBy = applying(all, req, 'Deny');
  const boundaryAllows = boundary ? applying([boundary], req, 'Allow') : [];
  const base = {
    action,
    resource,
    allowedBy,
    deniedBy,
    ...(boundary ? { boundary: { policy: boundary.policy, allows: boundaryAllows.length > 0, allowedBy: boundaryAllows } } : {}),
    unknownPolicies,
  };

  if (deniedBy.some((d) => !d.conditional)) return { ...base, decision: 'denied', conditional: false };
  if (unknownPolicies.length) return { ...base, decision: 'unknown', conditional: false };
  if (!allowedBy.length || (boundary && !boundaryAllows.length)) return { ...base, decision: 'implicit-deny', conditional: false };
  const conditional = allowedBy.every((a) => a.conditional) || (boundary !== undefined && boundaryAllows.every((a) => a.conditional)) || deniedBy.length > 0;
  return { ...base, decision: 'allowed', conditional };
}

/**
 * The identity statements that grant the request, ignoring Deny and the boundary: "is there a grant
 * for this?" (whether it is in effect is evaluate()'s question).
 */
export function grantsFor(principal: IamPrincipal, action: string, resource: string, opts: EvaluateOptions = {}): { allowedBy: StatementRef[]; unknownPolicies: string[] } {
  const identity = identityPolicies(principal).filter((p) => !opts.exclude?.(p));
  return { allowedBy: applying(identity, request(action, resource), 'Allow'), unknownPolicies: identity.filter((p) => !p.statements).map((p) => p.policy) };
}

/** Fail closed: an evaluation that could not be completed becomes a check `error` naming the unreadable policies. */
export function unknownPoliciesError(principalArn: string, policies: readonly string[]): FactUnavailable {
  return new FactUnavailable({
    code: 'PolicyDocumentUnavailable',
    action: 'iam:GetPolicyVersion',
    message: `the document of ${[...new Set(policies)].join(', ')} (attached to ${principalArn}) could not be read, so its effective permissions cannot be decided`,
  });
}

/** evaluate(), throwing (→ check `error`) when the decision is unknown. */
export function evaluateKnown(principal: IamPrincipal, action: string, resource: string, opts: EvaluateOptions = {}): Evaluation & { decision: Exclude<Decision, 'unknown'> } {
  const ev = evaluate(principal, action, resource, opts);
  if (ev.decision === 'unknown') throw unknownPoliciesError(principal.arn, ev.unknownPolicies);
  return ev as Evaluation & { decision: Exclude<Decision, 'unknown'> };
}
