/**
 * Where the chart's values hold secrets, and when the install actually uses each one. The shipped
 * default of each is read from the chart defaults at run time, never written here.
 */
import type { Intent } from '../../../values/types.js';
import { subchartDefaults, type Subchart } from './chart-data.js';
import { switchOn, typed, type TypedValues } from './typed.js';

export interface SecretContext {
  intent: Intent;
  v: TypedValues;
  /** Whether a subchart or component switch is on (its default from the chart defaults). */
  on: (path: string) => boolean;
}

/** true when the install uses the value, else why it does not. */
export type UsedWhen = (ctx: SecretContext) => true | string;

export interface SecretPath {
  /** Values path; `[]` stands for every item of a list (`dex.config.staticPasswords[].password`). */
  path: string;
  usedWhen: UsedWhen;
  /** The subchart whose own defaults supply the value when the Daytona defaults do not. */
  subchart?: Subchart;
}

const always: UsedWhen = () => true;
const when =
  (test: (ctx: SecretContext) => boolean, otherwise: string): UsedWhen =>
  (ctx) =>
    test(ctx) || otherwise;
const all =
  (...conds: UsedWhen[]): UsedWhen =>
  (ctx) => {
    for (const c of conds) {
      const r = c(ctx);
      if (r !== true) return r;
    }
    return true;
  };

const runnerManager = when((c) => c.on('services.runnermanager.enabled'), 'services.runnermanager.enabled is false');
const runner = when((c) => c.intent.runner.enabled, 'services.runner.enabled is false');
const sshGateway = when((c) => c.intent.sshGateway.enabled, 'services.sshGateway.enabled is false');
const harbor = when((c) => c.intent.harbor.enabled, 'harbor.enabled is false');
const bundledPostgres = when((c) => !c.intent.database.external, 'postgresql.enabled is false');
const minio = when((c) => c.on('minio.enabled'), 'minio.enabled is false');
const noSecret = (path: string): UsedWhen => when((c) => c.v.text(path) === '', `${path} is set`);
const harborDbType = (type: string): UsedWhen =>
  when((c) => (c.v.text('harbor.database.type') || 'internal') === type, `harbor.database.type is not ${type}`);
const harborStorage = (type: string): UsedWhen =>
  when((c) => c.v.text('harbor.persistence.imageChartStorage.type') === type, `harbor.persistence.imageChartStorage.type is not ${type}`);

export const SECRET_PATHS: readonly SecretPath[] = [
  { path: 'services.api.env.ENCRYPTION_KEY', usedWhen: always },
  { path: 'services.api.env.ENCRYPTION_SALT', usedWhen: always },
  // The API accepts this key from the runner manager even when the chart does not deploy one.
  { path: 'services.api.env.RUNNER_MANAGER_API_KEY', usedWhen: always },
  { path: 'services.proxy.env.PROXY_API_KEY', usedWhen: always },
  { path: 'services.runnermanager.env.API_TOKEN', usedWhen: runnerManager },
  { path: 'services.runnermanager.env.SYSTEM_API_TOKEN', usedWhen: runnerManager },
  { path: 'services.runnermanager.env.API_KEY', usedWhen: runnerManager },
  { path: 'services.runner.env.API_TOKEN', usedWhen: runner },
  { path: 'services.runner.env.SYSTEM_API_TOKEN', usedWhen: runner },
  // The shipped public key's private half ships too: the runner would trust anyone.
  { path: 'services.runner.env.SSH_PUBLIC_KEY', usedWhen: runner },
  { path: 'services.sshGateway.apiKey', usedWhen: sshGateway },
  { path: 'services.sshGateway.sshKeys.privClientSSHKey', usedWhen: sshGateway },
  { path: 'services.sshGateway.sshKeys.pubClientSSHKey', usedWhen: sshGateway },
  { path: 'services.sshGateway.sshKeys.privGatewaySSHKey', usedWhen: sshGateway },
  { path: 'externalDatabase.password', usedWhen: all(when((c) => c.intent.database.external, 'postgresql.enabled is true'), noSecret('externalDatabase.existingSecret')) },
  { path: 'postgresql.auth.postgresPassword', usedWhen: all(bundledPostgres, noSecret('postgresql.auth.existingSecret')) },
  { path: 'postgresql.auth.password', usedWhen: all(bundledPostgres, noSecret('postgresql.auth.existingSecret')) },
  { path: 'harbor.harborAdminPassword', usedWhen: all(harbor, noSecret('harbor.existingSecretAdminPassword')) },
  // Harbor's own encryption key and registry password: defaults of the Harbor chart itself.
  { path: 'harbor.secretKey', usedWhen: all(harbor, noSecret('harbor.existingSecretSecretKey')), subchart: 'harbor' },
  { path: 'harbor.registry.credentials.password', usedWhen: all(harbor, noSecret('harbor.registry.credentials.existingSecret')), subchart: 'harbor' },
  { path: 'harbor.database.internal.password', usedWhen: all(harbor, harborDbType('internal')) },
  { path: 'harbor.database.external.password', usedWhen: all(harbor, harborDbType('external'), noSecret('harbor.database.external.existingSecret')) },
  { path: 'harbor.persistence.imageChartStorage.azure.accountkey', usedWhen: all(harbor, harborStorage('azure'), noSecret('harbor.persistence.imageChartStorage.azure.existingSecret')) },
  { path: 'harbor.persistence.imageChartStorage.gcs.encodedkey', usedWhen: all(harbor, harborStorage('gcs'), noSecret('harbor.persistence.imageChartStorage.gcs.existingSecret')) },
  { path: 'minio.rootUser', usedWhen: all(minio, noSecret('minio.existingSecret')) },
  { path: 'minio.rootPassword', usedWhen: all(minio, noSecret('minio.existingSecret')) },
  { path: 'dex.config.staticPasswords[].password', usedWhen: when((c) => c.on('dex.enabled'), 'dex.enabled is false') },
];

/**
 * Secret-looking defaults the install never uses, whatever the values say (so not checked).
 * Kept explicit so a test can prove every secret in the chart defaults is accounted for.
 */
export const NEVER_USED_SECRET_PREFIXES: readonly { prefix: string; why: string }[] = [
  { prefix: 'pgadmin4.', why: 'pgadmin4 is no longer a dependency of the chart' },
];

/** Pairs of values that must be equal for the components to authenticate to each other. */
export interface SecretPair {
  a: string;
  b: string;
  usedWhen: UsedWhen;
}

export const SECRET_PAIRS: readonly SecretPair[] = [
  { a: 'services.api.env.RUNNER_MANAGER_API_KEY', b: 'services.runnermanager.env.API_TOKEN', usedWhen: runnerManager },
  { a: 'services.runnermanager.env.SYSTEM_API_TOKEN', b: 'services.runner.env.SYSTEM_API_TOKEN', usedWhen: all(runnerManager, runner) },
  { a: 'services.runner.env.SSH_PUBLIC_KEY', b: 'services.sshGateway.sshKeys.pubClientSSHKey', usedWhen: all(runner, sshGateway) },
];

export function secretContext(intent: Intent): SecretContext {
  return { intent, v: typed(intent.values.merged), on: (path) => switchOn(intent.values, path) };
}

/** Concrete paths for a SecretPath: one per list item for `[]` paths. */
export function expandPath(v: TypedValues, path: string): string[] {
  const at = path.indexOf('[]');
  if (at < 0) return [path];
  const listPath = path.slice(0, at);
  const rest = path.slice(at + 2);
  const items = v.list(listPath) ?? [];
  return items.map((_, i) => `${listPath}.${i}${rest}`);
}

/**
 * The value at a concrete path as the install sees it: the merged values, else (for a subchart's
 * key the Daytona defaults leave out) the subchart's own default.
 */
export function effectiveValue(tree: TypedValues, path: string, subchart?: Subchart): string {
  if (tree.has(path) || !subchart) return tree.text(path);
  return typed(subchartDefaults(subchart)).text(path.slice(subchart.length + 1));
}
