#!/usr/bin/env node
// Part of `npm run build`: parses the chart data (data/chart/*.yaml) once, as the CLI would, and
// writes the trees to dist/chart-data.json, so a run reads JSON instead of parsing YAML
// (src/values/chart.ts). JSON must hold them exactly: a value it cannot (a YAML timestamp, .inf,
// a binary) stops the build instead of changing meaning.
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

const { CHART_DATA_FILES, parseChartFile } = await import(new URL('../dist/values/chart.js', import.meta.url).href);
const out = {};
for (const file of CHART_DATA_FILES) {
  const tree = parseChartFile(file);
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(tree)), tree)) {
    process.stderr.write(`compile-chart-data: ${file} holds a value JSON cannot represent exactly\n`);
    process.exit(1);
  }
  out[file] = tree;
}
writeFileSync(new URL('../dist/chart-data.json', import.meta.url), JSON.stringify(out));
