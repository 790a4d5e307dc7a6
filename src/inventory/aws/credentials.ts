/**
 * Region and credential problems are the user's to fix, not facts about the account: they end the
 * run with exit code 2 and one message that says how to fix them (DESIGN §2).
 * The SDK's own resolution is used throughout (env, shared config and credentials files, SSO,
 * web identity, container and instance roles); nothing here reads credentials itself.
 */
import { UsageError } from '../../cli/errors.js';

/** Error codes (SDK error names) that mean "no usable credentials", as opposed to "not allowed". */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSignatureException',
  'AuthFailure',
  'MissingAuthenticationToken',
  'InvalidAccessKeyId',
  'InvalidToken',
  'UnauthorizedException', // SSO portal: the cached SSO token was rejected
]);

export function isCredentialError(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; code?: string; message?: string };
  const code = e?.name && e.name !== 'Error' ? e.name : e?.Code ?? e?.code ?? '';
  if (CREDENTIAL_ERRORS.has(code)) return true;
  // Some providers throw plain Errors; their messages are stable enough to recognise.
  return /could not load credentials|credential.*(missing|expired)|token.*expired|sso session/i.test(String(e?.message ?? ''));
}

/** Access key ids may appear in SDK messages: never print one whole. */
function scrub(message: string): string {
  return message.replace(/\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, (id) => `${id.slice(0, 4)}…${id.slice(-4)}`).slice(0, 300);
}

function errorCode(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string };
  return e?.name && e.name !== 'Error' ? e.name : e?.Code ?? e?.code ?? 'Error';
}

/** The exit-2 error for a run whose caller identity cannot be read because credentials are missing or invalid. */
export function credentialsUsageError(err: unknown, profile?: string): UsageError {
  const message = scrub(String((err as { message?: string })?.message ?? err));
  const how = profile
    ? `check profile '${profile}' in ~/.aws/config and ~/.aws/credentials (for SSO: aws sso login --profile ${profile})`
    : 'set AWS_PROFILE or pass --profile, run aws configure (or aws sso login), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials)';
  return new UsageError(`no valid AWS credentials: ${errorCode(err)}: ${message}. To fix: ${how}, then verify with 'aws sts get-caller-identity'.`);
}

/** The exit-2 error for any other failure to read the caller identity (network, endpoint, …). */
export function identityUsageError(err: unknown): UsageError {
  const message = scrub(String((err as { message?: string })?.message ?? err));
  return new UsageError(`cannot read the caller identity (sts:GetCallerIdentity failed: ${errorCode(err)}: ${message}); check network access to AWS STS and any AWS_ENDPOINT_URL settings.`);
}

export const NO_REGION_MESSAGE = 'no AWS region: pass --region or set AWS_REGION';

/**
 * The region the SDK would use with no --region: AWS_REGION, else the profile's `region` in the
 * shared config, exactly as the SDK resolves it (read from a client's config, so it stays in step).
 */
export async function resolveSdkRegion(profile?: string): Promise<string> {
  const { STSClient } = await import('@aws-sdk/client-sts');
  const client = new STSClient(profile ? { profile } : {});
  try {
    const region = await client.config.region();
    if (!region) throw new UsageError(NO_REGION_MESSAGE);
    return region;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (/region is missing/i.test(String((err as Error)?.message))) throw new UsageError(NO_REGION_MESSAGE);
    throw new UsageError(`${NO_REGION_MESSAGE} (${scrub(String((err as Error)?.message ?? err))})`);
  } finally {
    client.destroy();
  }
}
