/**
 * Applying a plan: actions in dependency order; each call sent through the run's AwsRuntime (so
 * it is counted, and errors name the IAM action), exactly as planned. "Already exists" answers
 * count as success (a rule, bucket, repository, user or route someone added meanwhile, or an
 * earlier run that was interrupted). When an action fails, the actions that depend on it are
 * skipped and the independent ones go on. `risky` actions run only with --fix-type risky, and
 * `manual` ones never: they stay `planned`, their steps printed.
 */
import { toFactError, type AwsRuntime } from '../inventory/aws/runtime.js';
import type { ActionOutcome, ApplyContext, CallResult, PlannedAction, PlannedCall } from './types.js';
import { findRemediation } from './plan.js';

/** Error codes that mean the thing the call would add is already there. */
const ALREADY_EXISTS = new Set([
  'InvalidPermission.Duplicate',
  'BucketAlreadyOwnedByYou',
  'RepositoryAlreadyExistsException',
  'EntityAlreadyExists',
  'EntityAlreadyExistsException',
  'RouteAlreadyExists',
]);

export function isAlreadyExists(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; code?: string };
  return [e?.name, e?.Code, e?.code].some((c) => typeof c === 'string' && ALREADY_EXISTS.has(c));
}

/** Error codes of a probe that found nothing (HeadBucket's bare 404, IAM's NoSuchEntity). */
const NOT_FOUND = new Set(['NotFound', 'NoSuchBucket', 'NoSuchEntity', 'NoSuchEntityException']);

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; code?: string };
  return [e?.name, e?.Code, e?.code].some((c) => typeof c === 'string' && NOT_FOUND.has(c));
}

const SDK_MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  ec2: () => import('@aws-sdk/client-ec2') as Promise<Record<string, unknown>>,
  iam: () => import('@aws-sdk/client-iam') as Promise<Record<string, unknown>>,
  s3: () => import('@aws-sdk/client-s3') as Promise<Record<string, unknown>>,
  ecr: () => import('@aws-sdk/client-ecr') as Promise<Record<string, unknown>>,
};

/** The SDK command for a planned call: `ec2:AuthorizeSecurityGroupIngress` → `new AuthorizeSecurityGroupIngressCommand(params)`. */
export async function commandFor(call: PlannedCall): Promise<unknown> {
  const [service, operation] = call.api.split(':') as [string, string];
  const load = SDK_MODULES[service];
  if (!load) throw new Error(`no SDK client for ${call.api}`);
  const Command = (await load())[`${operation}Command`] as (new (input: unknown) => unknown) | undefined;
  if (typeof Command !== 'function') throw new Error(`the SDK has no ${operation}Command (${call.api})`);
  // A deep copy: the SDK's middleware may decorate the input, and the plan must stay as printed.
  return new Command(JSON.parse(JSON.stringify(call.params)));
}

/** Send one call; "already exists" is success. Throws the SDK error otherwise. */
export async function sendCall(rt: AwsRuntime, call: PlannedCall): Promise<CallResult> {
  const command = await commandFor(call);
  try {
    const out = await rt.send<{ $metadata?: { requestId?: string } }>(call.iamAction, command, call.region ? { region: call.region } : {});
    // A probe that answers found the thing there already.
    return { ...(out?.$metadata?.requestId ? { requestId: out.$metadata.requestId } : {}), alreadyExisted: call.probe === true, output: out };
  } catch (err) {
    if (call.probe ? isNotFound(err) : isAlreadyExists(err)) {
      const requestId = (err as { $metadata?: { requestId?: string } }).$metadata?.requestId;
      return { ...(requestId ? { requestId } : {}), alreadyExisted: !call.probe };
    }
    throw err;
  }
}

/** One line for a failed call: the code, the IAM action, the service's message (redacted by the caller). */
export function describeFailure(err: unknown, call?: PlannedCall): string {
  if (!call || !(err as { $metadata?: unknown })?.$metadata) return err instanceof Error ? err.message : String(err);
  const e = toFactError(err, call.iamAction);
  return `${e.code} on ${call.iamAction} (${call.target}): ${e.message}`;
}

/** The default apply: the calls in order; a "created" call that found its resource already there ends the action. */
async function applyCalls(action: PlannedAction, send: (call: PlannedCall) => Promise<CallResult>): Promise<{ requestIds: string[]; notes: string[] }> {
  const requestIds: string[] = [];
  const notes: string[] = [];
  for (const call of action.calls) {
    const r = await send(call);
    if (r.requestId) requestIds.push(r.requestId);
    if (r.alreadyExisted) {
      notes.push(`${call.api} ${call.target}: already there`);
      if (call.stopIfExists) {
        notes.push(`${call.target} existed before this run: its settings were left as they are`);
        break;
      }
    }
  }
  return { requestIds, notes };
}

export interface ApplyOptions {
  /** --fix-type: risky actions run only with 'risky'. */
  fixType: 'safe' | 'risky';
}

/** Apply the actions (already in dependency order). Never throws for a failed action: it is recorded. */
export async function applyActions(actions: readonly PlannedAction[], ctx: ApplyContext, opts: ApplyOptions): Promise<ActionOutcome[]> {
  const byId = new Map<string, ActionOutcome>();
  const out: ActionOutcome[] = [];
  for (const action of actions) {
    const outcome: ActionOutcome = { action, status: 'planned', requestIds: [], notes: [] };
    out.push(outcome);
    byId.set(action.id, outcome);
    if (action.safety === 'manual') continue;
    if (action.safety === 'risky' && opts.fixType !== 'risky') {
      outcome.status = 'skipped';
      outcome.notes.push('not applied: risky actions run only with --fix-type risky');
      continue;
    }
    const blocked = action.dependsOn.map((d) => byId.get(d)).filter((d): d is ActionOutcome => d !== undefined && d.status !== 'applied');
    if (blocked.length) {
      outcome.status = 'skipped';
      outcome.notes.push(`not applied: depends on ${blocked.map((b) => `${b.action.id} (${b.status})`).join(', ')}`);
      continue;
    }
    let current: PlannedCall | undefined;
    const send = async (call: PlannedCall): Promise<CallResult> => {
      current = call;
      let r: CallResult;
      try {
        r = await sendCall(ctx.rt, call);
      } catch (err) {
        // A refused call has a request id too: the one AWS support asks for.
        const id = (err as { $metadata?: { requestId?: string } })?.$metadata?.requestId;
        if (id) outcome.requestIds.push(id);
        throw err;
      }
      current = undefined;
      if (r.requestId) outcome.requestIds.push(r.requestId);
      return r;
    };
    try {
      const remediation = findRemediation(action.remediation);
      const custom = action.calls.some((c) => c.custom);
      const own = await remediation?.apply?.(action, ctx, send);
      if (custom && !own) throw new Error(`${action.remediation} cannot apply ${action.id}: it has a call that is not an AWS request`);
      const r = own ?? (await applyCalls(action, send));
      for (const id of r.requestIds) if (!outcome.requestIds.includes(id)) outcome.requestIds.push(id);
      outcome.notes.push(...r.notes);
      outcome.status = 'applied';
    } catch (err) {
      outcome.status = 'failed';
      outcome.error = ctx.redactor.text(describeFailure(err, current));
    }
    outcome.at = ctx.now().toISOString();
  }
  return out;
}
