/**
 * Resource policies (an ECR repository policy): which statements let a given IAM principal perform
 * an action on the resource. Principals are matched the way IAM reads them: `*`, an account
 * (`123456789012` or `arn:…:iam::123456789012:root`, which delegates to that account's own
 * identity policies), or the principal's ARN. Role names are unique within an account, so a role
 * ARN matches with or without its path.
 */
import type { PolicyDocument } from '../inventory/types.js';
import { parseDocument, request, statementApplies, type ParsedStatement, type StatementRef } from './policy.js';

export interface ResourcePolicyEvaluation {
  decision: 'allowed' | 'denied' | 'implicit-deny';
  conditional: boolean;
  allowedBy: StatementRef[];
  deniedBy: StatementRef[];
}

interface ArnParts {
  partition: string;
  service: string;
  account: string;
  resource: string;
}

function parseArn(arn: string): ArnParts | undefined {
  const m = /^arn:([^:]+):([^:]+):[^:]*:(\d{12}|aws)?:(.*)$/.exec(arn);
  return m ? { partition: m[1]!, service: m[2]!, account: m[3] ?? '', resource: m[4]! } : undefined;
}

/** `role/path/name` → `role:name`; users alike. Roles and users are unique by name in an account. */
function iamIdentity(resource: string): string | undefined {
  const m = /^(role|user)\/(?:.*\/)?([^/]+)$/.exec(resource);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

/** Does one principal entry (from a Principal element) name this principal? */
export function principalEntryMatches(entry: string, principalArn: string): boolean {
  if (entry === '*') return true;
  const me = parseArn(principalArn);
  if (!me) return entry === principalArn;
  if (/^\d{12}$/.test(entry)) return entry === me.account;
  const it = parseArn(entry);
  if (!it || it.partition !== me.partition || it.account !== me.account) return false;
  if (it.service === 'iam' && it.resource === 'root') return true;
  if (entry === principalArn) return true;
  const a = iamIdentity(it.resource);
  return a !== undefined && it.service === 'iam' && me.service === 'iam' && a === iamIdentity(me.resource);
}

/** Does a Principal / NotPrincipal element name this principal (only `*` and the `AWS` key can)? */
export function principalMatches(element: unknown, principalArn: string): boolean {
  if (element === '*') return true;
  if (!element || typeof element !== 'object') return false;
  const aws = (element as Record<string, unknown>).AWS;
  const entries = aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
  return entries.some((e) => typeof e === 'string' && principalEntryMatches(e, principalArn));
}

function namesPrincipal(st: ParsedStatement, principalArn: string): boolean {
  if (st.principal !== undefined) return principalMatches(st.principal, principalArn);
  if (st.notPrincipal !== undefined) return !principalMatches(st.notPrincipal, principalArn);
  return false; // a resource policy statement without a principal grants nobody
}

/** What a resource policy says about `principalArn` doing `action` on `resource`. */
export function evaluateResourcePolicy(doc: PolicyDocument, policyName: string, principalArn: string, action: string, resource: string): ResourcePolicyEvaluation {
  const req = request(action, resource);
  const allowedBy: StatementRef[] = [];
  const deniedBy: StatementRef[] = [];
  for (const st of parseDocument(doc, { policy: policyName, source: 'resource' })) {
    if (!namesPrincipal(st, principalArn)) continue;
    const hit = statementApplies(st, req, st.effect === 'Allow' ? 'grant' : 'deny');
    if (!hit.applies) continue;
    (st.effect === 'Allow' ? allowedBy : deniedBy).push({ ...st.ref, conditional: st.hasCondition || hit.viaVariable });
  }
  if (deniedBy.some((d) => !d.conditional)) return { decision: 'denied', conditional: false, allowedBy, deniedBy };
  if (!allowedBy.length) return { decision: 'implicit-deny', conditional: false, allowedBy, deniedBy };
  return { decision: 'allowed', conditional: allowedBy.every((a) => a.conditional) || deniedBy.length > 0, allowedBy, deniedBy };
}
