import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_DATA_FILES, chartDefaults, chartMeta, parseChartFile, subchartDefaults } from '../../src/values/chart.js';
import { ensureBuilt, ROOT } from '../helpers/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

describe('chart data', () => {
  it('parses the shipped chart as Helm reads YAML', () => {
    expect(chartMeta().version).toMatch(/^\d+\.\d+\.\d+/);
    expect(chartDefaults().postgresql).toMatchObject({ enabled: true });
    expect(subchartDefaults('harbor').persistence).toBeDefined();
  });

  it('hands out frozen trees, so no caller can change the defaults another one reads', () => {
    expect(Object.isFrozen(chartDefaults())).toBe(true);
    expect(() => {
      (chartDefaults() as Record<string, unknown>).baseDomain = 'changed';
    }).toThrow(TypeError);
  });

  it('is compiled by the build into dist/chart-data.json, holding exactly what parsing the YAML gives', () => {
    const compiled = JSON.parse(readFileSync(join(ROOT, 'dist', 'chart-data.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(compiled).sort()).toEqual([...CHART_DATA_FILES].sort());
    for (const file of CHART_DATA_FILES) expect(compiled[file], file).toStrictEqual(parseChartFile(file));
  });
});
