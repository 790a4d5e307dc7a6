/**
 * The run's deadline is one AbortSignal (--timeout). A pending AWS call, Kubernetes request or
 * collector must give way the moment it fires, even when the work underneath does not stop.
 */

/** The promise's outcome, or `onAbort()`'s (its value, or what it throws) as soon as the signal aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      try {
        resolve(onAbort());
      } catch (err) {
        reject(err);
      }
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    // Settling twice is a no-op; handling the promise either way keeps a late rejection handled.
    promise.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}
