import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/engine/exit-code.js';

describe('exit codes (DESIGN §2)', () => {
  it('is 0 when every applicable check passed, warnings allowed', () => {
    expect(summarize(['pass', 'warn', 'skip'], 'fail').exitCode).toBe(0);
  });
  it('is 1 when a check failed, even with errors', () => {
    expect(summarize(['pass', 'fail', 'error'], 'fail').exitCode).toBe(1);
  });
  it('is 1 on a warning under --fail-on warn', () => {
    expect(summarize(['pass', 'warn'], 'warn').exitCode).toBe(1);
  });
  it('is 3 when nothing failed but a check could not be evaluated', () => {
    expect(summarize(['pass', 'error'], 'fail').exitCode).toBe(3);
  });
  it('is 3 when no check ran at all', () => {
    expect(summarize(['skip', 'skip'], 'fail').exitCode).toBe(3);
    expect(summarize([], 'fail').exitCode).toBe(3);
  });
  it('is 1 when a remediation failed', () => {
    expect(summarize(['pass'], 'fail', true).exitCode).toBe(1);
  });
  it('counts each status', () => {
    expect(summarize(['pass', 'pass', 'fail', 'warn', 'skip', 'error'], 'fail')).toEqual({ pass: 2, fail: 1, warn: 1, skip: 1, error: 1, exitCode: 1 });
  });
});
