import { describe, expect, it } from 'vitest';
import { docsText } from '../../src/engine/run.js';
import type { Check } from '../../src/engine/types.js';
import { messageWithReason, splitDocs, summaryLine } from '../../src/report/text.js';

describe('shared report wording', () => {
  it('says the counts and what the exit code means in one line', () => {
    expect(summaryLine({ pass: 12, fail: 3, warn: 1, skip: 2, error: 0, exitCode: 1 })).toBe('12 pass, 3 fail, 1 warn, 2 skip, 0 error — not ready (exit 1)');
    expect(summaryLine({ pass: 1, fail: 0, warn: 0, skip: 0, error: 0, exitCode: 0 })).toMatch(/— ready \(exit 0\)$/);
    expect(summaryLine({ pass: 1, fail: 0, warn: 0, skip: 0, error: 2, exitCode: 3 })).toMatch(/— incomplete \(exit 3\)$/);
  });

  it("splits the engine's docs text back into what, why and fix", () => {
    const docs = { what: 'Checks a thing.\n\nSecond paragraph.', why: 'It breaks.', fix: 'Set x.\n\n  helm upgrade …' };
    expect(splitDocs(docsText({ docs } as Check))).toEqual(docs);
  });

  it('keeps a docs text of another shape whole', () => {
    expect(splitDocs('just one text')).toEqual({ what: 'just one text', why: '', fix: '' });
  });

  it("adds an error's reason and failed action only when the message does not already say them", () => {
    expect(messageWithReason({ status: 'error', message: 'could not evaluate: timeout', reason: 'timeout' })).toBe('could not evaluate: timeout');
    expect(messageWithReason({ status: 'error', message: 'could not evaluate', reason: 'timeout' })).toBe('could not evaluate (timeout)');
    expect(messageWithReason({ status: 'error', message: 'x', error: { code: 'AccessDenied', message: 'no', action: 'rds:DescribeDBInstances' } })).toBe('x [AccessDenied on rds:DescribeDBInstances]');
  });

  it("leaves a skip's message alone: it already says why", () => {
    expect(messageWithReason({ status: 'skip', message: 'skipped by --skip', reason: 'disabled by --skip' })).toBe('skipped by --skip');
  });
});
