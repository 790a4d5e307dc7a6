/**
 * Run the command line in this process, exactly as bin/daytona-preflight does (main(argv)), with
 * stdout and stderr captured: with the fake installed, the whole CLI path runs against it.
 */
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/report/types.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed report when stdout is a JSON report (--output json). */
  report?: Report;
  /** Wall time of the run, in milliseconds. */
  wallMs: number;
}

type Write = typeof process.stdout.write;

export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (into: string[]): Write => ((chunk: string | Uint8Array) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as Write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const started = performance.now();
  let code: number;
  try {
    code = await main(argv);
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  const wallMs = performance.now() - started;
  const stdout = out.join('');
  let report: Report | undefined;
  if (stdout.trimStart().startsWith('{')) report = JSON.parse(stdout) as Report;
  return { code, stdout, stderr: err.join(''), wallMs, ...(report ? { report } : {}) };
}
