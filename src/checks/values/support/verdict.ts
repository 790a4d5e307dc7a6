/**
 * Collects what a values check found and turns it into one Outcome: fail when anything failed,
 * else warn when anything warned, else pass. Evidence names values paths with their values shown
 * safely (secrets redacted, access key ids masked).
 */
import type { Outcome } from '../../../engine/types.js';
import { isSecretKey, maskId, REDACTED } from '../../../secrets/redact.js';
import { segmentsOf, type Path, pathOf } from './typed.js';

export const NOT_SET = '(not set)';
export const EMPTY = '(empty)';

/** How a value may appear in evidence: never a secret; access key ids masked. */
export function shown(path: Path, value: unknown): unknown {
  if (value === undefined || value === null) return NOT_SET;
  if (value === '') return EMPTY;
  const key = segmentsOf(path).at(-1) ?? '';
  if (/^(accesskey|AWS_ACCESS_KEY_ID|S3_ACCESS_KEY|REGISTRY_STORAGE_S3_ACCESSKEY)$/i.test(key) && typeof value === 'string') return maskId(value);
  if (isSecretKey(key)) return REDACTED;
  return value;
}

export class Verdict {
  private readonly fails: string[] = [];
  private readonly warns: string[] = [];
  private readonly problemPaths: string[] = [];
  private readonly seenPaths: string[] = [];
  readonly evidence: Record<string, unknown> = {};

  /** Record a values path and its (safely shown) value as evidence. */
  note(path: Path, value: unknown): this {
    const p = pathOf(path);
    this.evidence[p] = shown(path, value);
    if (!this.seenPaths.includes(p)) this.seenPaths.push(p);
    return this;
  }

  /** Extra evidence under a name that is not a values path (lists, counts). */
  detail(name: string, value: unknown): this {
    this.evidence[name] = value;
    return this;
  }

  fail(message: string, ...paths: Path[]): this {
    this.fails.push(message);
    return this.concern(paths);
  }

  warn(message: string, ...paths: Path[]): this {
    this.warns.push(message);
    return this.concern(paths);
  }

  get failed(): boolean {
    return this.fails.length > 0;
  }

  outcome(passMessage: string): Outcome {
    const status = this.fails.length ? 'fail' : this.warns.length ? 'warn' : 'pass';
    const message = status === 'pass' ? passMessage : [...this.fails, ...this.warns].join('; ');
    return {
      status,
      message,
      evidence: this.evidence,
      valuesPaths: status === 'pass' ? [...this.seenPaths] : [...this.problemPaths],
    };
  }

  private concern(paths: Path[]): this {
    for (const path of paths) {
      const p = pathOf(path);
      if (!this.problemPaths.includes(p)) this.problemPaths.push(p);
    }
    return this;
  }
}
