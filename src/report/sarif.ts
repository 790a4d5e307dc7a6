/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * One rule per check in the report; one result per `fail`, `warn` or `error` finding (none for
 * `pass` or `skip`). GitHub rejects results without a location, so every result has one:
 *  - the values file and line of the key the finding concerns (CheckResult.location, set by
 *    buildReport from the first values path a file set, else line 1 of the first values file);
 *  - with no values files at all (a run on the chart defaults), line 1 of `values.yaml` at the
 *    repository root: the file the fix would be written in, by Helm convention. The result's
 *    properties say `location: "chart defaults"` so a reader knows no such file was read.
 * Paths are made relative to the working directory (the checkout, in CI) with forward slashes
 * and `uriBaseId: "%SRCROOT%"`; a file outside it is given as an absolute file: URI instead.
 * `partialFingerprints["daytonaPreflight/v1"]` hashes the rule, the file and what the finding is
 * about (values paths, resources), not the line, so an alert survives edits elsewhere in the file.
 * (`primaryLocationLineHash` is left to GitHub, which computes it from the file's text.)
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult, Severity, Status } from '../engine/types.js';
import type { Report } from './types.js';
import { splitDocs } from './text.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const DEFAULTS_LOCATION = 'values.yaml';
export const FINGERPRINT_KEY = 'daytonaPreflight/v1';

export interface SarifOptions {
  /** Directory the artifact URIs are relative to (default: the working directory). */
  cwd?: string;
}

type Level = 'error' | 'warning' | 'note';

/** A rule's default level follows its severity: what a failure of it means for the install. */
const SEVERITY_LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * A result's level follows the finding: a fail breaks the install (error), a warn weakens it
 * (warning), and an error (could not be evaluated) is a warning, never silent: fail closed.
 */
const STATUS_LEVEL: Partial<Record<Status, Level>> = { fail: 'error', warn: 'warning', error: 'warning' };

/** SARIF messages are sentences (SARIF2001). */
function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function artifactLocation(file: string | undefined, cwd: string): { uri: string; uriBaseId?: string } {
  if (file === undefined) return { uri: DEFAULTS_LOCATION, uriBaseId: '%SRCROOT%' };
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function fingerprint(r: CheckResult, uri: string): string {
  const subject = [r.id, uri, ...r.valuesPaths, ...r.resources].join('\u0000');
  return createHash('sha256').update(subject).digest('hex').slice(0, 32);
}

function rule(r: CheckResult) {
  const docs = splitDocs(r.docs);
  const markdown = [`**${r.title}** (\`${r.id}\`, severity ${r.severity})`, '', docs.what];
  if (docs.why) markdown.push('', `**Why it matters:** ${docs.why}`);
  if (docs.fix) markdown.push('', `**How to fix:** ${docs.fix}`);
  if (r.remediation?.automatic) markdown.push('', `\`daytona-preflight check --fix\` can apply the \`${r.remediation.id}\` remediation.`);
  markdown.push('', `More: \`daytona-preflight explain ${r.id}\``);
  return {
    id: r.id,
    name: r.id
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: sentence(r.title) },
    fullDescription: { text: sentence(docs.what) },
    help: { text: r.docs, markdown: markdown.join('\n') },
    defaultConfiguration: { level: SEVERITY_LEVEL[r.severity] },
    properties: { tags: ['daytona', 'helm', r.area], severity: r.severity, precision: 'very-high' },
  };
}

function resultMessage(r: CheckResult): string {
  const parts = [sentence(r.message)];
  if (r.status === 'error' && r.reason && !r.message.includes(r.reason)) parts.push(sentence(`Reason: ${r.reason}`));
  if (r.resources.length) parts.push(sentence(`Resources: ${r.resources.join(', ')}`));
  return parts.join(' ');
}

export function renderSarif(report: Report, opts: SarifOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const rules = report.checks.map(rule);
  const ruleIndex = new Map(report.checks.map((r, i) => [r.id, i]));
  const results = report.checks
    .filter((r) => STATUS_LEVEL[r.status] !== undefined)
    .map((r) => {
      const artifact = artifactLocation(r.location?.file, cwd);
      return {
        ruleId: r.id,
        ruleIndex: ruleIndex.get(r.id)!,
        kind: 'fail',
        level: STATUS_LEVEL[r.status]!,
        message: { text: resultMessage(r) },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: { startLine: Math.max(1, r.location?.line ?? 1) } } }],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r, artifact.uri) },
        properties: {
          status: r.status,
          severity: r.severity,
          ...(r.location ? {} : { location: 'chart defaults' }),
          ...(r.reason ? { reason: r.reason } : {}),
          ...(r.error ? { error: r.error } : {}),
          ...(r.resources.length ? { resources: r.resources } : {}),
          ...(r.valuesPaths.length ? { valuesPaths: r.valuesPaths } : {}),
          ...(Object.keys(r.evidence).length ? { evidence: r.evidence } : {}),
        },
      };
    });
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            exitCode: report.summary.exitCode,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { summary: report.summary, target: report.target },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
