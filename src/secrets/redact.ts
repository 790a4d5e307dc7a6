/**
 * Secrets never leave the process: every output path (reports of every format, --output-file,
 * snapshots, error messages, progress) passes through a Redactor built from the merged values.
 * Two nets: by key name (a value under a secret-looking key is replaced wherever it is rendered
 * as data), and by value (any occurrence of a known secret string in any text is replaced).
 */

export const REDACTED = '[REDACTED]';

/** Key names whose values are secrets. Matched case-insensitively on the last path segment. */
const SECRET_KEY = /(pass(word|wd)?|secret|token|api_?key|apikey|access_?key|secret_?key|private|privkey|priv[A-Z_]?\w*key|sshkey|ssh_?key|encryption_(key|salt)|salt|credential|auth_?token|encodedkey|accountkey|rootuser|rootpassword|AWS_ACCESS_KEY_ID|S3_ACCESS_KEY|REGISTRY_STORAGE_S3_ACCESSKEY)$/i;
/** Keys that look secret by name but hold references or flags, not secrets. */
const NOT_SECRET_KEY = /^(existingSecret\w*|.*SecretName|.*secretKeyRef|.*PasswordKey|auth|enableTLS|tls|useWorkloadIdentity|tokenSource)$/i;

/** The password of a URL's user info (`postgres://app:PASSWORD@host/db`), under whatever key the URL sits. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@/gi;

/** Values too short or too common to replace by value without mangling ordinary text. */
const MIN_SECRET_LENGTH = 6;

export function isSecretKey(key: string): boolean {
  // Evidence is keyed by values paths ('harbor.….s3.existingSecret'): judge the last segment.
  const last = key.slice(key.lastIndexOf('.') + 1);
  return SECRET_KEY.test(last) && !NOT_SECRET_KEY.test(last);
}

/** Every string (or number) found under a secret-looking key, and every URL password, anywhere in the tree. */
export function secretValuesOf(tree: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown, key: string | undefined): void => {
    if (Array.isArray(node)) node.forEach((v) => walk(v, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
    else if (key !== undefined && isSecretKey(key) && (typeof node === 'string' || typeof node === 'number')) {
      const s = String(node);
      if (s.length >= MIN_SECRET_LENGTH) found.add(s);
    } else if (typeof node === 'string') {
      for (const [, password] of node.matchAll(URL_PASSWORD)) if (password!.length >= MIN_SECRET_LENGTH) found.add(password!);
    }
  };
  walk(tree, undefined);
  return [...found];
}

/** Show just enough of an identifier (an access key id) to recognise it: `AKIA…WXYZ`. */
export function maskId(id: string): string {
  if (id.length <= 8) return '…';
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

export interface Redactor {
  /** Replace every known secret string (and its JSON-escaped form) in text. */
  text(s: string): string;
  /** Deep copy with values under secret-looking keys replaced, and strings scrubbed by value. */
  deep<T>(value: T): T;
  /** Add secrets learned at run time (a created access key's secret). */
  add(secret: string): void;
}

export function createRedactor(values: unknown, extra: readonly string[] = []): Redactor {
  const secrets = new Set<string>([...secretValuesOf(values), ...extra.filter((s) => s.length >= MIN_SECRET_LENGTH)]);
  let patterns: string[] = [];
  const rebuild = () => {
    const forms = new Set<string>();
    for (const s of secrets) {
      forms.add(s);
      forms.add(JSON.stringify(s).slice(1, -1));
    }
    // Longest first, so a secret that contains another is replaced whole.
    patterns = [...forms].sort((a, b) => b.length - a.length);
  };
  rebuild();

  const text = (s: string): string => {
    let out = s;
    for (const p of patterns) if (out.includes(p)) out = out.split(p).join(REDACTED);
    return out;
  };

  const deep = <T>(value: T): T => {
    const walk = (node: unknown, key: string | undefined): unknown => {
      if (Array.isArray(node)) return node.map((v) => walk(v, key));
      if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
      if (key !== undefined && isSecretKey(key) && (typeof node === 'string' || typeof node === 'number') && String(node) !== '') return REDACTED;
      return typeof node === 'string' ? text(node) : node;
    };
    return walk(value, undefined) as T;
  };

  return {
    text,
    deep,
    add(secret: string) {
      if (secret.length >= 4) {
        secrets.add(secret);
        rebuild();
      }
    },
  };
}
