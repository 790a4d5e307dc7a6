/**
 * A bearer token for the EKS API server, made the way `aws eks get-token` (and aws-iam-authenticator)
 * makes it, so a run needs neither kubectl nor the aws CLI: a presigned STS GetCallerIdentity URL
 * (GET, X-Amz-Expires=60) whose signature covers the header `x-k8s-aws-id: <cluster name>`,
 * base64url-encoded without padding, prefixed `k8s-aws-v1.`. The API server's authenticator calls
 * that URL and maps the caller (role or user) to Kubernetes identities.
 *
 * The credentials are the SDK's default chain (with --profile), and the STS endpoint is the one the
 * STS client itself resolves (regional, or AWS_ENDPOINT_URL_STS): it is read from a request the
 * client builds but never sends.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsRuntime } from '../aws/runtime.js';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** What `aws eks get-token` presigns with; the API server accepts the token for 15 minutes regardless. */
export const PRESIGN_EXPIRES_SECONDS = 60;

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface StsTarget {
  protocol: string; // 'https:'
  hostname: string;
  port?: number;
  path: string;
  /** The region STS signatures are scoped to (the endpoint's signing region). */
  signingRegion: string;
}

export interface PresignInput {
  clusterName: string;
  credentials: AwsCredentials;
  target: StsTarget;
  /** Fixed in tests; now otherwise. */
  signingDate?: Date;
}

/** RFC 3986 encoding (what SigV4 signs), so the URL carries exactly the signed values. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The presigned GetCallerIdentity URL. */
export async function presignGetCallerIdentity(input: PresignInput): Promise<string> {
  const { target } = input;
  const host = target.port ? `${target.hostname}:${target.port}` : target.hostname;
  const signer = new SignatureV4({ credentials: input.credentials, region: target.signingRegion, service: 'sts', sha256: Sha256, uriEscapePath: true });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: target.port } : {}),
      path: target.path || '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      // x-k8s-aws-id is not an x-amz-* header, so presign keeps it a signed header rather than hoisting it into the query.
      headers: { host, [CLUSTER_ID_HEADER]: input.clusterName },
    },
    { expiresIn: PRESIGN_EXPIRES_SECONDS, ...(input.signingDate ? { signingDate: input.signingDate } : {}) },
  );
  const params = signed.query ?? {};
  const query = Object.keys(params)
    .sort()
    .map((k) => {
      const v = params[k];
      return `${encode(k)}=${encode(Array.isArray(v) ? v.join(',') : String(v ?? ''))}`;
    })
    .join('&');
  return `${target.protocol}//${host}${target.path || '/'}?${query}`;
}

/** The token for a presigned URL. */
export function tokenFromUrl(url: string): string {
  return EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
}

export async function presignEksToken(input: PresignInput): Promise<string> {
  return tokenFromUrl(await presignGetCallerIdentity(input));
}

/** The parts of the SDK's STS client this module uses. */
interface StsClientLike {
  config: {
    credentials: () => Promise<AwsCredentials>;
    region: string | (() => Promise<string>);
  };
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

interface CapturedRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
}

interface BuildContext {
  endpointV2?: { properties?: { authSchemes?: { signingRegion?: string; signingRegionSet?: string[] }[] } };
}

/**
 * Where the STS client would send GetCallerIdentity: a build-step middleware reads the serialized
 * request (endpoint resolved, not yet signed) and answers in place of the network, so nothing is sent.
 */
export async function resolveStsTarget(client: StsClientLike): Promise<StsTarget> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const command = new GetCallerIdentityCommand({});
  let captured: CapturedRequest | undefined;
  let signingRegion: string | undefined;
  command.middlewareStack.add(
    (_next, context) => async (args) => {
      captured = args.request as CapturedRequest;
      const scheme = (context as BuildContext).endpointV2?.properties?.authSchemes?.[0];
      signingRegion = scheme?.signingRegion ?? scheme?.signingRegionSet?.[0];
      return { output: { $metadata: {} } as never, response: undefined };
    },
    { step: 'build', name: 'daytonaPreflightStsTarget', priority: 'low' },
  );
  await client.send(command);
  if (!captured?.hostname) throw new Error('the STS client resolved no endpoint for GetCallerIdentity');
  const region = typeof client.config.region === 'function' ? await client.config.region() : client.config.region;
  return {
    protocol: captured.protocol ?? 'https:',
    hostname: captured.hostname,
    ...(captured.port ? { port: captured.port } : {}),
    path: captured.path ?? '/',
    signingRegion: signingRegion && signingRegion !== '*' ? signingRegion : region,
  };
}

/** A token for `clusterName` with the run's credentials and STS endpoint. Throws when there are no credentials. */
export async function eksToken(rt: AwsRuntime, clusterName: string): Promise<string> {
  const client = (await rt.client('sts')) as unknown as StsClientLike;
  if (typeof client?.config?.credentials !== 'function') throw new Error('the STS client has no credential provider');
  const [target, credentials] = await Promise.all([resolveStsTarget(client), client.config.credentials()]);
  return presignEksToken({ clusterName, credentials, target });
}
