import type { Check } from '../../engine/types.js';
import { REDACTED } from '../../secrets/redact.js';
import { effectiveValue, expandPath, SECRET_PAIRS, SECRET_PATHS, secretContext } from './support/secret-paths.js';
import { typed } from './support/typed.js';
import { Verdict } from './support/verdict.js';

export const valuesDefaultSecrets: Check = {
  id: 'values-default-secrets',
  area: 'values',
  title: "No secret the install uses is still the chart's public default, and paired tokens match",
  severity: 'critical',
  appliesTo: () => true,
  needs: [],
  evaluate: (intent) => {
    const ctx = secretContext(intent);
    const { v } = ctx;
    const d = typed(intent.values.defaults);
    const verdict = new Verdict();

    // Every secret the chart ships is public: one reused at another path is just as known.
    const shipped = new Set(
      SECRET_PATHS.flatMap((s) => expandPath(d, s.path).map((p) => effectiveValue(d, p, s.subchart))).filter((s) => s !== ''),
    );

    const publicDefaults: string[] = [];
    const notUsed: Record<string, string> = {};
    for (const secret of SECRET_PATHS) {
      const used = secret.usedWhen(ctx);
      for (const path of expandPath(v, secret.path)) {
        if (!shipped.has(effectiveValue(v, path, secret.subchart))) continue;
        if (used === true) publicDefaults.push(path);
        else notUsed[path] = `not used: ${used}`;
      }
    }

    const mismatched: { paths: [string, string]; values: 'differ' }[] = [];
    for (const pair of SECRET_PAIRS) {
      if (pair.usedWhen(ctx) !== true) continue;
      if (v.text(pair.a) !== v.text(pair.b)) mismatched.push({ paths: [pair.a, pair.b], values: 'differ' });
    }

    for (const path of publicDefaults) verdict.detail(path, `${REDACTED} (a value shipped in the chart defaults)`);
    verdict.detail('publicDefaults', publicDefaults).detail('mismatched', mismatched);
    if (Object.keys(notUsed).length) verdict.detail('defaultsLeftButUnused', notUsed);

    if (publicDefaults.length)
      verdict.fail(
        `${publicDefaults.length} secret${publicDefaults.length === 1 ? '' : 's'} the install uses still hold${publicDefaults.length === 1 ? 's' : ''} a public value shipped in the chart defaults: ${publicDefaults.join(', ')}`,
        ...publicDefaults,
      );
    for (const m of mismatched)
      verdict.fail(`${m.paths[0]} and ${m.paths[1]} must be equal but differ`, ...m.paths);

    return verdict.outcome(`every secret the install uses differs from the chart's shipped defaults, and the ${SECRET_PAIRS.length} paired values match where used`);
  },
  remediation: 'manual',
  docs: {
    what: "Secrets the install will actually use (not postgresql.auth when the subchart is off, not externalDatabase.password when existingSecret is set, not MinIO when it is off, not Harbor when it is off, not the SSH gateway's when it is disabled…) differ from every secret shipped in the chart's defaults (ENCRYPTION_KEY, API tokens, harborAdminPassword, the shipped SSH keys, the Dex admin hash…), including the Harbor chart's own harbor.secretKey and registry password. Paired values are equal: services.api.env.RUNNER_MANAGER_API_KEY = services.runnermanager.env.API_TOKEN; services.runnermanager.env.SYSTEM_API_TOKEN = services.runner.env.SYSTEM_API_TOKEN; services.runner.env.SSH_PUBLIC_KEY = services.sshGateway.sshKeys.pubClientSSHKey.",
    why: 'The defaults are published with the chart: anyone can decrypt data at rest, call the API as the runner manager or a runner, log in to Harbor as admin, or open SSH sessions with the shipped private keys. Paired values that differ make the components reject each other: runners never register and SSH access fails.',
    fix: 'Generate each secret (openssl rand -base64 32 | head -c 32 for ENCRYPTION_KEY; ssh-keygen -t ed25519 -N "" -f key for the SSH keys, then base64 -w0) and set it in your values, giving each pair the same value; prefer keeping them in Secrets (externalDatabase.existingSecret, harbor.existingSecretAdminPassword, services.<svc>.extraEnv with valueFrom).',
  },
};
