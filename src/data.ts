import { readFileSync } from 'node:fs';

/**
 * Data shipped with the package (chart defaults, AWS-managed policies, the report schema).
 * Resolved from this module so it works the same from src/ (tests) and dist/ (the CLI).
 */
export function dataUrl(relative: string): URL {
  return new URL(`../${relative}`, import.meta.url);
}

export function readData(relative: string): string {
  return readFileSync(dataUrl(relative), 'utf8');
}
