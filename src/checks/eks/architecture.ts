/**
 * CPU architecture of EKS nodes from what AWS reports: the node group's AMI type, else its instance
 * types. The Daytona images are amd64-only, so Arm (Graviton) and Windows nodes cannot run them.
 */

export type Arch = 'x86_64' | 'arm64';

/**
 * Graviton families: the generation digit is followed by `g` (m6g, c7gn, r6gd, x2gd, im4gn,
 * is4gen, g5g, t4g, hpc7g, m8g…), plus the first-generation `a1`. Accelerated x86 families
 * begin with g (g4dn, g5, g6e, gr6) and are not matched: the `g` must follow the digit.
 */
const GRAVITON_FAMILY = /^[a-z]+\d+g[a-z0-9-]*$/;
const GRAVITON_FIRST_GENERATION = new Set(['a1']);

/** 'm6g.large' → 'arm64', 'm6i.large' → 'x86_64'; undefined when not an instance type. */
export function instanceTypeArch(instanceType: string): Arch | undefined {
  const family = instanceType.trim().toLowerCase().split('.')[0];
  if (!family || !/^[a-z]+\d/.test(family)) return undefined;
  return GRAVITON_FAMILY.test(family) || GRAVITON_FIRST_GENERATION.has(family) ? 'arm64' : 'x86_64';
}

/** AMI types name their architecture (AL2_ARM_64, AL2023_x86_64_STANDARD…); CUSTOM does not. */
export function amiTypeArch(amiType: string | undefined): Arch | undefined {
  if (!amiType) return undefined;
  if (/ARM_64/i.test(amiType)) return 'arm64';
  if (/x86_64/i.test(amiType)) return 'x86_64';
  return undefined;
}

export function isWindowsAmi(amiType: string | undefined): boolean {
  return amiType !== undefined && /^WINDOWS_/i.test(amiType);
}
