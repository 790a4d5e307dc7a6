import type { EcrRegistry, ImageRef } from './types.js';

/** `<12 digits>.dkr.ecr[-fips].<region>.amazonaws.com[.cn][/prefix]` (a scheme, if written, is ignored). */
const ECR = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?(?:\/(.*))?$/i;

export function parseEcrRegistry(registry: string): EcrRegistry | undefined {
  const s = registry.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const m = ECR.exec(s);
  if (!m) return undefined;
  const prefix = (m[3] ?? '').replace(/^\/+/, '');
  const host = prefix ? s.slice(0, s.length - prefix.length - 1) : s;
  return { host: host.toLowerCase(), accountId: m[1]!, region: m[2]!.toLowerCase(), prefix };
}

/** The ECR repository an image lives in: its path kept, under the registry's path prefix if any. */
export function ecrRepositoryName(image: Pick<ImageRef, 'repository'>, ecr: Pick<EcrRegistry, 'prefix'>): string {
  const prefix = ecr.prefix.replace(/^\/+|\/+$/g, '');
  const repo = image.repository.replace(/^\/+/, '');
  return prefix ? `${prefix}/${repo}` : repo;
}
