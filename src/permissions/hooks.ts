/**
 * Optional parts other modules contribute to `permissions`: the write actions of the remediations
 * (src/remediations/index.ts `REMEDIATION_ACTIONS`) and the in-cluster RBAC
 * (src/inventory/kube/rbac.ts `CLUSTER_ROLE_YAML`). Either may be absent from a build; then the
 * command says so instead of failing.
 */

/**
 * Whether an import failed because `spec` itself does not exist, as opposed to a module it
 * imports: Node and Vite both say "Cannot find module '<missing>' imported from <importer>".
 */
export function isMissingModule(err: unknown, spec: string): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') return false;
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(String(e.message))?.[1];
  const file = spec.replace(/^(\.{1,2}\/)+/, '').replace(/\.js$/, '');
  return missing !== undefined && missing.replace(/\.(js|ts)$/, '').endsWith(file);
}

export async function optionalExport<T>(spec: string, name: string, valid: (v: unknown) => v is T): Promise<T | undefined> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ spec)) as Record<string, unknown>;
  } catch (err) {
    // Only the module itself being absent is expected; a module that fails to load is a bug to show.
    if (isMissingModule(err, spec)) return undefined;
    throw err;
  }
  const value = mod[name];
  return valid(value) ? value : undefined;
}

const isStringArray = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

export function loadRemediationActions(): Promise<readonly string[] | undefined> {
  return optionalExport('../remediations/index.js', 'REMEDIATION_ACTIONS', isStringArray);
}

export function loadClusterRoleYaml(): Promise<string | undefined> {
  return optionalExport('../inventory/kube/rbac.js', 'CLUSTER_ROLE_YAML', isText);
}
