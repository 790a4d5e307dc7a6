/**
 * Kubernetes API failures as Fact errors: 401 → Unauthorized (the credentials), 403 → Forbidden
 * naming the RBAC verb and resource, 404 → NotFound (the API does not serve that resource), an
 * unreachable server or a TLS failure by its cause, the run's deadline → timeout. Messages come from
 * the API server's Status (which names the user, verb, resource and namespace) or are written here;
 * the client's own exception text (request headers included) is never passed on.
 */
import type { FactError } from '../fact.js';

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

interface ApiExceptionLike {
  code: number;
  body?: unknown;
}

function isApiException(err: unknown): err is ApiExceptionLike {
  return typeof (err as { code?: unknown })?.code === 'number' && 'body' in (err as object);
}

/** The Status object the API server sent (the client hands it over as text or as parsed JSON). */
export function statusOf(body: unknown): StatusBody | undefined {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return parsed && typeof parsed === 'object' && (parsed as StatusBody).kind === 'Status' ? (parsed as StatusBody) : undefined;
}

/** Where the request went, for messages: `in namespace daytona`, `cluster-wide`. */
export interface RequestScope {
  action: string; // 'list secrets'
  where: string; // 'in namespace daytona'
  server: string;
  /** Whose credentials: `kube context "x"`, `an EKS token for role …`. */
  credentials: string;
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

const short = (s: string) => s.split('\n')[0]!.slice(0, 300);

export function kubeFactError(err: unknown, scope: RequestScope): FactError {
  if (isApiException(err)) {
    const status = statusOf(err.body);
    if (err.code === 401) {
      // Every request fails alike: the reason is the credentials, not this request.
      return { code: 'Unauthorized', message: `Unauthorized: the API server ${scope.server} rejected the credentials of ${scope.credentials} (401)` };
    }
    if (err.code === 403) {
      return { code: 'Forbidden', action: scope.action, message: status?.message ? short(status.message) : `forbidden to ${scope.action} ${scope.where} with ${scope.credentials}` };
    }
    if (err.code === 410) {
      // A list's continue token that is too old: the list must start again (the collector does, once).
      return { code: 'Expired', action: scope.action, message: `the continue token of ${scope.action} ${scope.where} expired (410) before the list was complete` };
    }
    if (err.code === 404) {
      return { code: 'NotFound', action: scope.action, message: status?.message ? short(status.message) : `the API server does not serve ${scope.action.split(' ')[1]}` };
    }
    return { code: status?.reason || `HTTP${err.code}`, action: scope.action, message: status?.message ? short(status.message) : `the API server answered ${err.code} to ${scope.action} ${scope.where}` };
  }
  const e = err as { name?: string; type?: string; code?: string; errno?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'AbortError' || e?.type === 'aborted' || e?.name === 'TimeoutError') {
    return { code: 'timeout', action: scope.action, message: `${scope.action} ${scope.where} did not finish before the deadline` };
  }
  const errno = e?.code ?? e?.errno ?? e?.cause?.code;
  if (errno && NETWORK[errno]) {
    return { code: 'Unreachable', message: `cannot reach the Kubernetes API at ${scope.server}: ${NETWORK[errno]} (${errno}); a private endpoint is reachable only from inside the VPC` };
  }
  if (errno && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(errno)) {
    return { code: 'TLSError', message: `the API server ${scope.server} presented a certificate that does not verify against the cluster CA (${errno})` };
  }
  const message = short(String(e?.message ?? err));
  return { code: 'KubeClientError', message: `${scope.action} ${scope.where} failed: ${message}` };
}
