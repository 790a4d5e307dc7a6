/**
 * Shared judgement for `externalDatabase` and `externalRedis`: with the bundled subchart off, the
 * chart connects to `<block>.host`, whose default is the bundled subchart's own Service name.
 */
import type { Outcome } from '../../../engine/types.js';
import type { Intent } from '../../../values/types.js';
import { typed } from './typed.js';
import { Verdict } from './verdict.js';

export interface ExternalServiceSpec {
  /** Values block: 'externalDatabase' | 'externalRedis'. */
  block: string;
  /** What it is, for messages: 'PostgreSQL database'. */
  what: string;
  /** The switch that turned the subchart off, for messages. */
  switchPath: string;
  /** The Service names the bundled subchart would have had for this release. */
  inClusterHosts: (intent: Intent) => string[];
  /** Whether a password (or existingSecret) is required. */
  passwordRequired: boolean;
  /** The key the existingSecret must hold. */
  secretKey: string;
  /**
   * Env keys every template that connects falls back to when `<block>.host` / `.port` are empty
   * (`host | default (env.DB_HOST | default "")`, `port | default (env.DB_PORT | default "5432")`).
   * Absent when some template reads the block with no fallback (the proxy reads externalRedis.* directly).
   */
  envFallback?: { host: string; port: string; defaultPort: string };
}

/** Go templates' `default`: "" and 0 are empty. */
const goEmpty = (s: string) => s === '' || s === '0';

export function judgeExternalService(intent: Intent, spec: ExternalServiceSpec): Outcome {
  const values = intent.values;
  const v = typed(values.merged);
  const d = typed(values.defaults);
  const b = spec.block;
  v.map(b);
  const verdict = new Verdict();

  const fallback = spec.envFallback;
  let hostPath = `${b}.host`;
  let host = v.text(hostPath);
  verdict.note(hostPath, host);
  if (goEmpty(host) && fallback && !goEmpty(v.text(fallback.host))) {
    hostPath = fallback.host;
    host = v.text(hostPath);
    verdict.note(hostPath, host);
  }
  const bundled = new Set([d.text(`${b}.host`), ...spec.inClusterHosts(intent)].filter(Boolean));
  if (host === '') {
    verdict.fail(`${b}.host is empty: with ${spec.switchPath}: false it must name the external ${spec.what}'s endpoint`, `${b}.host`);
  } else if (bundled.has(host)) {
    verdict.fail(
      `${hostPath} is still '${host}', the Service of the bundled subchart that ${spec.switchPath}: false does not install: set it to the external ${spec.what}'s endpoint`,
      hostPath,
    );
  }

  let portPath = `${b}.port`;
  let port = v.text(portPath);
  verdict.note(portPath, port);
  if (goEmpty(port) && fallback) {
    if (!goEmpty(v.text(fallback.port))) {
      portPath = fallback.port;
      port = v.text(portPath);
      verdict.note(portPath, port);
    } else port = fallback.defaultPort;
  }
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    verdict.fail(`${portPath} '${port}' is not a TCP port number`, portPath);
  }

  const existingSecret = v.text(`${b}.existingSecret`);
  const password = v.str(`${b}.password`) ?? '';
  const placeholder = password !== '' && password === (d.str(`${b}.password`) ?? '') && !values.isUserSet(`${b}.password`);
  if (existingSecret) {
    verdict.note(`${b}.existingSecret`, existingSecret);
    verdict.detail('passwordFrom', `Secret ${existingSecret}, key ${spec.secretKey}`);
  } else if (password !== '' && !placeholder) {
    verdict.note(`${b}.password`, password);
    verdict.detail('passwordFrom', `${b}.password`);
  } else if (spec.passwordRequired) {
    verdict.note(`${b}.existingSecret`, existingSecret).note(`${b}.password`, password);
    verdict.fail(
      placeholder
        ? `no ${spec.what} password of your own: ${b}.existingSecret is empty and ${b}.password is still the chart's placeholder`
        : `no ${spec.what} password: set ${b}.existingSecret (a Secret with key ${spec.secretKey}) or ${b}.password`,
      `${b}.existingSecret`,
      `${b}.password`,
    );
  }

  return verdict.outcome(`the external ${spec.what} is ${host}:${port}`);
}
