/**
 * Run the BUILT command line (`node bin/daytona-preflight …`) as a user would, in an environment
 * with no AWS credentials, no kubeconfig and a throwaway HOME.
 *
 * `npm test` builds before vitest runs. When a test file is run alone (`npx vitest run test/cli`),
 * `ensureBuilt()` rebuilds dist/ if any source file is newer than it, once, under a lock shared by
 * the parallel test workers.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'daytona-preflight');
const BUILT_MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const LOCK = join(tmpdir(), `daytona-preflight-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const BUILT_CHART_DATA = join(ROOT, 'dist', 'chart-data.json');

/** dist/ is missing, older than src/, or its compiled chart data older than data/chart/. */
const isStale = () =>
  !existsSync(BUILT_MAIN) ||
  statSync(BUILT_MAIN).mtimeMs < newestMtime(join(ROOT, 'src')) ||
  !existsSync(BUILT_CHART_DATA) ||
  statSync(BUILT_CHART_DATA).mtimeMs < Math.max(newestMtime(join(ROOT, 'data', 'chart')), statSync(BUILT_MAIN).mtimeMs);

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Build dist/ (as `npm run build` does) when it is stale. Safe to call from every test file. */
export function ensureBuilt(): void {
  if (!isStale()) return;
  const deadline = Date.now() + 280_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another worker is building: wait for it, then use its build. A lock older than the
      // deadline belongs to a run that died.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for another test worker to build (${LOCK})`);
      sleep(500);
      if (!existsSync(LOCK) && !isStale()) return;
    }
  }
  try {
    if (!isStale()) return;
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
    // tsc still emits when some file has a type error; the typecheck step of `npm test` reports those.
    if (!existsSync(BUILT_MAIN)) throw new Error(`build failed:\n${tsc.stdout}\n${tsc.stderr}`);
    const chartData = spawnSync(process.execPath, [join(ROOT, 'scripts', 'compile-chart-data.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (chartData.status !== 0) throw new Error(`compiling the chart data failed:\n${chartData.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Extra or overriding environment variables (undefined removes one). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

/** A throwaway HOME, and an environment in which neither AWS nor Kubernetes can be reached. */
export function isolatedEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'dp-home-'));
  const nowhere = join(home, 'does-not-exist');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    TMPDIR: process.env.TMPDIR,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_CONFIG_FILE: nowhere,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    AWS_EC2_METADATA_DISABLED: 'true',
    KUBECONFIG: nowhere,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: isolatedEnv(opts.env),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Stack frames (`    at fn (file:line:col)`) never reach a user. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
