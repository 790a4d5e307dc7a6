/**
 * Matching a configured host (externalDatabase.host, externalRedis.host) against the endpoints
 * AWS reports. DNS names compare case-insensitively and a trailing dot (a fully-qualified name)
 * is the same name. Endpoints reported as `host:port` are compared by host.
 */

export interface EndpointCandidate<T = unknown> {
  host: string;
  /** What kind of endpoint this is: 'instance', 'cluster-writer', 'primary', 'node'… */
  role: string;
  resource: T;
}

export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  // Strip a scheme a user may have pasted (postgres://, redis://, rediss://) and any path.
  h = h.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '');
  // host:port (not an IPv6 literal)
  const colon = h.lastIndexOf(':');
  if (colon > 0 && h.indexOf(':') === colon && /^\d+$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** The candidates whose endpoint is `host`. */
export function matchHost<T>(host: string, candidates: readonly EndpointCandidate<T>[]): EndpointCandidate<T>[] {
  const want = normalizeHost(host);
  if (!want) return [];
  return candidates.filter((c) => normalizeHost(c.host) === want);
}

/** Whether the host is an IP literal (it cannot be matched to an endpoint name). */
export function isIpLiteral(host: string): boolean {
  const h = normalizeHost(host);
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || (h.includes(':') && /^[0-9a-f:.]+$/.test(h));
}
