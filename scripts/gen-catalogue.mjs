#!/usr/bin/env node
// Prints the Markdown check catalogue generated from the check registry (build first: npm run build).
// With --write, replaces the section of README.md between the catalogue markers instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const START = '<!-- catalogue:start -->';
const END = '<!-- catalogue:end -->';

/** README text with the catalogue section replaced; throws when the markers are missing or out of order. */
export function replaceCatalogue(readme, catalogue) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0 || end < start) throw new Error(`README.md needs the markers ${START} and ${END}, in that order`);
  return `${readme.slice(0, start + START.length)}\n${catalogue.trimEnd()}\n${readme.slice(end)}`;
}

async function main() {
  let registry, info;
  try {
    registry = await import('../dist/engine/registry.js');
    info = await import('../dist/cli/info-commands.js');
  } catch (err) {
    process.stderr.write(`gen-catalogue: cannot load the built registry (${err.message}). Run 'npm run build' first.\n`);
    return 1;
  }
  const catalogue = info.catalogueMarkdown(registry.ALL_CHECKS);
  if (!process.argv.includes('--write')) {
    process.stdout.write(catalogue);
    return 0;
  }
  const file = new URL('../README.md', import.meta.url);
  const before = readFileSync(file, 'utf8');
  const after = replaceCatalogue(before, catalogue);
  if (after !== before) writeFileSync(file, after, 'utf8');
  process.stderr.write(after === before ? 'README.md catalogue is up to date\n' : 'README.md catalogue updated\n');
  return 0;
}

// Run only as a script, so tests can import replaceCatalogue.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => { process.exitCode = code; }, (err) => { process.stderr.write(`gen-catalogue: ${err.message}\n`); process.exitCode = 1; });
}
