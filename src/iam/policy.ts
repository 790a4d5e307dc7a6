/**
 * Policy statements, normalised once, and the question "does this statement apply to that request?".
 * Actions match case-insensitively, resources case-sensitively (IAM's rules).
 */
import type { PolicyDocument, PolicyStatement } from '../inventory/types.js';
import { compile, covers, literal, overlaps, type Pattern } from './glob.js';

/** Where a statement comes from, for evidence: policy ARN (or inline name), Sid, position. */
export interface StatementRef {
  /** ARN of a managed policy, or the name of an inline policy. */
  policy: string;
  sid?: string;
  /** 0-based position in the policy's Statement list. */
  index: number;
  /** How the policy reaches the principal. */
  source: 'attached' | 'inline' | 'group-attached' | 'group-inline' | 'boundary' | 'resource';
  /** For group policies: the group's name. */
  group?: string;
  /** The statement has a Condition, or matched only through a policy variable. */
  conditional: boolean;
}

export interface ParsedStatement {
  ref: StatementRef;
  effect: 'Allow' | 'Deny';
  actions?: Pattern[];
  notActions?: Pattern[];
  /** Undefined with notResources also undefined: no Resource element (resource policies: the resource itself). */
  resources?: Pattern[];
  notResources?: Pattern[];
  /** Raw patterns, for evidence and breadth judgements. */
  raw: { actions?: string[]; notActions?: string[]; resources?: string[]; notResources?: string[] };
  hasCondition: boolean;
  principal?: unknown;
  notPrincipal?: unknown;
}

export type PolicySource = Pick<StatementRef, 'policy' | 'source' | 'group'>;

const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** The statements of a document, in order (Statement may be one object or a list). */
export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  const s = doc.Statement as PolicyStatement | PolicyStatement[] | undefined;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}

/**
 * How `${…}` in resources reads: `variables` false in a policy without Version 2012-10-17 (IAM reads
 * them literally there); `known` holds the values the principal settles (`aws:username` of a user).
 */
export interface VariableContext {
  variables: boolean;
  known?: Readonly<Record<string, string>>;
}

export function parseStatement(st: PolicyStatement, index: number, from: PolicySource, vars: VariableContext = { variables: true }): ParsedStatement {
  const raw = { actions: list(st.Action), notActions: list(st.NotAction), resources: list(st.Resource), notResources: list(st.NotResource) };
  const action = (p: string) => compile(p, { caseInsensitive: true });
  const resource = (p: string) => compile(p, { variables: vars.variables, ...(vars.known ? { known: vars.known } : {}) });
  const hasCondition = st.Condition !== undefined && st.Condition !== null && Object.keys(st.Condition).length > 0;
  return {
    ref: { policy: from.policy, ...(st.Sid ? { sid: st.Sid } : {}), index, source: from.source, ...(from.group ? { group: from.group } : {}), conditional: hasCondition },
    // IAM stores only "Allow" and "Deny"; anything else is kept as is and so matches neither (never a grant).
    effect: st.Effect,
    ...(raw.actions ? { actions: raw.actions.map(action) } : {}),
    ...(raw.notActions ? { notActions: raw.notActions.map(action) } : {}),
    ...(raw.resources ? { resources: raw.resources.map(resource) } : {}),
    ...(raw.notResources ? { notResources: raw.notResources.map(resource) } : {}),
    raw,
    hasCondition,
    ...(st.Principal !== undefined ? { principal: st.Principal } : {}),
    ...(st.NotPrincipal !== undefined ? { notPrincipal: st.NotPrincipal } : {}),
  };
}

/** `known`: policy-variable values the principal settles, by lower-cased key. */
export function parseDocument(doc: PolicyDocument, from: PolicySource, known?: Readonly<Record<string, string>>): ParsedStatement[] {
  // Policy variables came with Version 2012-10-17; without it `${aws:username}` is literal text.
  const vars: VariableContext = { variables: doc.Version === '2012-10-17', ...(known ? { known } : {}) };
  return statementsOf(doc).map((st, i) => parseStatement(st, i, from, vars));
}

/** A request: one action and one resource, either of which may be a pattern ("all objects": `arn:aws:s3:::b/*`). */
export interface Request {
  action: Pattern;
  resource: Pattern;
}

/**
 * `resource` "*" is the resource of actions without resource-level permissions (ecr:GetAuthorizationToken,
 * ec2:Describe*): IAM matches statements against the literal "*", so only a Resource that matches that
 * string applies (a Deny on some repository ARN does not touch the token).
 */
export function request(action: string, resource: string): Request {
  return { action: compile(action, { caseInsensitive: true }), resource: resource === '*' ? literal('*') : compile(resource) };
}

export interface Applies {
  applies: boolean;
  /** It applies only through a policy variable in the resource (a request-time value). */
  viaVariable: boolean;
}

const NO: Applies = { applies: false, viaVariable: false };

/**
 * Does a statement apply to the request?
 * - 'grant': an Allow must cover all of the request (every action and resource it stands for);
 * - 'deny':  a Deny counts when it touches any part of it (fail closed on partial denies).
 * For concrete requests both reduce to plain matching.
 */
export function statementApplies(st: ParsedStatement, req: Request, mode: 'grant' | 'deny'): Applies {
  const hit = mode === 'grant' ? covers : overlaps;
  const excluded = mode === 'grant' ? overlaps : covers;
  const actionOk = st.actions ? st.actions.some((a) => hit(a, req.action)) : st.notActions ? !st.notActions.some((a) => excluded(a, req.action)) : false;
  if (!actionOk) return NO;
  if (st.resources) {
    const matching = st.resources.filter((r) => hit(r, req.resource));
    if (!matching.length) return NO;
    return { applies: true, viaVariable: matching.every((r) => r.variable) };
  }
  if (st.notResources) {
    const excluding = st.notResources.filter((r) => excluded(r, req.resource));
    // An exclusion that holds only through a variable may or may not exclude: the statement applies, conditionally.
    if (excluding.some((r) => !r.variable)) return NO;
    return { applies: true, viaVariable: excluding.length > 0 };
  }
  // No Resource element: in a resource policy it is the resource itself (identity policies always have one).
  return { applies: true, viaVariable: false };
}

/** Human wording of a statement reference for messages: `inline policy "x" Statement[1] (Sid "Pull")` (0-based, as in evidence). */
export function describeRef(ref: StatementRef): string {
  const where =
    ref.source === 'inline'
      ? `inline policy "${ref.policy}"`
      : ref.source === 'group-inline'
        ? `inline policy "${ref.policy}" of group ${ref.group}`
        : ref.source === 'group-attached'
          ? `${ref.policy} (via group ${ref.group})`
          : ref.source === 'boundary'
            ? `permissions boundary ${ref.policy}`
            : ref.policy;
  return `${where} Statement[${ref.index}]${ref.sid ? ` (Sid "${ref.sid}")` : ''}${ref.conditional ? ' [conditional]' : ''}`;
}
