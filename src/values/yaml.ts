import { parseDocument, LineCounter, visit, isMap as isYamlMap, type Document } from 'yaml';

/**
 * Helm reads values with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1): `yes`/`on` are booleans and
 * `<<` merge keys work. Parse the same way so a value means here what it means to Helm.
 */
export const HELM_YAML_OPTIONS = { version: '1.1', merge: true, prettyErrors: true } as const;

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface YamlProblem {
  line: number;
  column: number;
  reason: string;
}

export function parseYaml(text: string): ParsedYaml | YamlProblem {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...HELM_YAML_OPTIONS, lineCounter });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
    // The library appends " at line L, column C:" and a code excerpt; the caller prints its own position.
    const reason =
      err.code === 'MULTIPLE_DOCS'
        ? 'a second YAML document starts here (Helm would silently read only the first; pass each as its own --values file)'
        : err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { line: pos.line, column: pos.col, reason };
  }
  const dangling = unresolvedAlias(doc, lineCounter);
  if (dangling) return dangling;
  return { doc, lineCounter };
}

/**
 * An alias (`*name`) with no anchor (`&name`) before it parses without error but makes toJS throw
 * a ReferenceError quoting the name (which could be anything, a secret included): report it as a
 * YAML problem at its position instead, without the name.
 */
function unresolvedAlias(doc: Document.Parsed, lineCounter: LineCounter): YamlProblem | undefined {
  let problem: YamlProblem | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      const pos = lineCounter.linePos(node.range?.[0] ?? 0);
      problem = { line: pos.line, column: pos.col, reason: 'an alias (*name) refers to no anchor (&name) defined before it' };
      return visit.BREAK;
    },
  });
  return problem;
}

export function isProblem(p: ParsedYaml | YamlProblem): p is YamlProblem {
  return 'reason' in p;
}

/** A parsed YAML file whose top level must be a map (an empty file is an empty map). */
export function topLevelKind(doc: Document.Parsed): 'map' | 'empty' | 'list' | 'scalar' {
  const c = doc.contents;
  if (c === null) return 'empty';
  if (isYamlMap(c)) return 'map';
  if (Array.isArray((c as { items?: unknown }).items)) return 'list';
  // A document holding only `~` or nothing after comments is empty, as Helm sees it.
  return (c as { value?: unknown }).value === null ? 'empty' : 'scalar';
}
