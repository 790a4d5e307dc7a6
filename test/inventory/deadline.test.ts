import { describe, expect, it } from 'vitest';
import { untilAborted } from '../../src/inventory/deadline.js';

const never = () => new Promise<string>(() => undefined);
const timeout = (): string => {
  throw Object.assign(new Error('deadline reached'), { name: 'TimeoutError' });
};

describe('untilAborted', () => {
  it('settles as the promise does while the deadline has not passed', async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve('done'), signal, () => 'late')).resolves.toBe('done');
    await expect(untilAborted(Promise.reject(new Error('AccessDenied')), signal, () => 'late')).rejects.toThrow('AccessDenied');
  });

  it("gives onAbort's value, or its error, the moment the signal aborts, without waiting for the work", async () => {
    const c = new AbortController();
    const value = untilAborted(never(), c.signal, () => 'timed out');
    const error = untilAborted(never(), c.signal, timeout);
    c.abort();
    await expect(value).resolves.toBe('timed out');
    await expect(error).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('answers at once when the deadline has already passed', async () => {
    const c = new AbortController();
    c.abort();
    await expect(untilAborted(never(), c.signal, timeout)).rejects.toThrow('deadline reached');
  });

  it('keeps a rejection that comes after the deadline handled', async () => {
    const c = new AbortController();
    let rejectLate!: (e: Error) => void;
    const late = new Promise<string>((_, reject) => (rejectLate = reject));
    const raced = untilAborted(late, c.signal, () => 'timed out');
    c.abort();
    await expect(raced).resolves.toBe('timed out');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    rejectLate(new Error('socket closed'));
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
