/**
 * Who is calling, in which account and partition: sts:GetCallerIdentity, which needs no permission
 * and so doubles as the credentials test of a run.
 */
import type * as Sts from '@aws-sdk/client-sts';
import type { AwsTarget } from '../types.js';
import type { AwsRuntime } from './runtime.js';

export const ACTIONS: readonly string[] = ['sts:GetCallerIdentity'];

const loadSts = (): Promise<typeof Sts> => import('@aws-sdk/client-sts');

/** `arn:aws-us-gov:iam::1:user/x` → `aws-us-gov`. */
export function partitionOf(arn: string): string {
  const m = /^arn:([^:]+):/.exec(arn);
  if (!m) throw new Error(`not an ARN: ${arn}`);
  return m[1]!;
}

/** The run's target. Throws the SDK error: the caller decides whether it is a usage error. */
export async function getCallerIdentity(rt: AwsRuntime): Promise<AwsTarget> {
  const { GetCallerIdentityCommand } = await loadSts();
  const out = await rt.send<Sts.GetCallerIdentityCommandOutput>('sts:GetCallerIdentity', new GetCallerIdentityCommand({}));
  if (!out.Account || !out.Arn) throw Object.assign(new Error('GetCallerIdentity returned no account or ARN'), { name: 'InvalidResponse' });
  return { accountId: out.Account, callerArn: out.Arn, partition: partitionOf(out.Arn), region: rt.region };
}
