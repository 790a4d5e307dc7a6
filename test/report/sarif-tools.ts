/**
 * SARIF validation for tests: the SARIF 2.1.0 JSON Schema and Microsoft's SARIF Multitool
 * `validate` with its GitHub rules (GitHub code scanning's own requirements: a location on every
 * result, relative URIs, region properties…). Both ship in the npm package
 * @microsoft/sarif-multitool (dev dependency; the Linux build is a self-contained binary).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/** The platform package's directory, or undefined where npm installed none (an unsupported OS). */
function multitoolDir(): string | undefined {
  try {
    return dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`));
  } catch {
    return undefined;
  }
}

let schemaValidator: ValidateFunction | undefined;

/** Validate against the SARIF 2.1.0 JSON Schema the Multitool ships. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!schemaValidator) {
    const dir = multitoolDir();
    if (!dir) throw new Error('@microsoft/sarif-multitool is not installed: run npm ci');
    const ajv = new Ajv2020Module.default({ allErrors: true, strict: false });
    addFormatsModule.default(ajv);
    schemaValidator = ajv.compile(JSON.parse(readFileSync(join(dir, 'sarif-2.1.0.json'), 'utf8')));
  }
  return schemaValidator(log) ? [] : (schemaValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export const MULTITOOL_AVAILABLE = process.platform === 'linux' && multitoolDir() !== undefined;

/**
 * Run `Sarif.Multitool validate --rule-kind "Gh;Sarif"` once over several logs (it takes seconds
 * to start) and return each log's error-level findings, by name. Warnings and notes (such as a
 * missing informationUri) are advice, not rejections.
 */
export function multitoolErrors(logs: Record<string, string>): Record<string, string[]> {
  const dir = multitoolDir();
  if (!dir) throw new Error('@microsoft/sarif-multitool is not installed: run npm ci');
  const bin = join(dir, 'Sarif.Multitool');
  // npm may install without running the package's `chmod u+x` postinstall.
  if (!(statSync(bin).mode & 0o100)) chmodSync(bin, 0o755);
  const work = mkdtempSync(join(tmpdir(), 'sarif-'));
  const inputs = Object.entries(logs).map(([name, text]) => {
    const file = join(work, `${name}.sarif`);
    writeFileSync(file, text);
    return { name, file };
  });
  const out = join(work, 'validation.sarif');
  const run = spawnSync(bin, ['validate', '--rule-kind', 'Gh;Sarif', '-o', out, ...inputs.map((i) => i.file)], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  if (run.error) throw run.error;
  if (!existsSync(out)) throw new Error(`Sarif.Multitool did not run: ${run.stdout}\n${run.stderr}`);
  const errorLines = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => /: error [A-Z]+\d+:/.test(l));
  return Object.fromEntries(inputs.map(({ name, file }) => [name, errorLines.filter((l) => l.startsWith(`${file}(`))]));
}
