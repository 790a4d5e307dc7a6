import type { FailOn } from '../engine/exit-code.js';
import type { Report } from './types.js';
import { renderTable } from './table.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderMarkdown } from './markdown.js';

export type OutputFormat = 'table' | 'json' | 'junit' | 'sarif' | 'markdown';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'junit', 'sarif', 'markdown'];

export interface RenderOptions {
  /** ANSI colour in the table (the CLI sets it on a TTY without NO_COLOR). Other formats never colour. */
  color: boolean;
  /** Terminal width for the table (default 100). */
  width?: number;
  /** Whether warnings fail the run: JUnit then reports them as failures. Default 'fail'. */
  failOn?: FailOn;
  /** Directory SARIF artifact URIs are relative to (default: the working directory). */
  cwd?: string;
}

/** Every format from the one Report object. The caller redacts the text before it leaves the process. */
export function renderReport(report: Report, format: OutputFormat, opts: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(report, { color: opts.color, ...(opts.width !== undefined ? { width: opts.width } : {}) });
    case 'json':
      return renderJson(report);
    case 'junit':
      return renderJunit(report, { ...(opts.failOn ? { failOn: opts.failOn } : {}) });
    case 'sarif':
      return renderSarif(report, { ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    case 'markdown':
      return renderMarkdown(report);
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
}
