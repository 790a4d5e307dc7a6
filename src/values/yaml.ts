import { parseDocument, LineCounter, visit, isAlias, isCollection, isMap as isYamlMap, isScalar, isSeq, type Document, type Node } from 'yaml';

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
        : withoutSource(err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
    return { line: pos.line, column: pos.col, reason };
  }
  const problem = unresolvedAlias(doc, lineCounter) ?? unreadableNode(doc, lineCounter);
  if (problem) return problem;
  return { doc, lineCounter };
}

/**
 * Parser messages that quote the source text after a fixed phrase: the quoted part may be a
 * secret (`password: |-hunter2`, `!e!hunter2 x`), so only the phrase is kept.
 */
const QUOTES_SOURCE: readonly [RegExp, string][] = [
  [/^Block scalar header includes extra characters: /, 'Block scalar header (| or >) includes extra characters'],
  [/^Invalid escape sequence /, 'Invalid escape sequence in a double-quoted string'],
  [/^(Could not resolve tag|Unresolved tag|Not a valid tag): /, '$1'],
  [/^Verbatim tags aren't resolved, so /, "Verbatim tags (!<…>) aren't resolved"],
  [/^The .* tag has no suffix$/, 'A tag has no suffix'],
  [/^Ordered maps must not include duplicate keys: /, 'Ordered maps must not include duplicate keys'],
  [/^Anchor must not contain whitespace or control characters: /, 'Anchor must not contain whitespace or control characters'],
  [/^Unsupported YAML version /, 'Unsupported YAML version'],
  [/^Unknown directive /, 'Unknown directive'],
  [/^Not a YAML token: /, 'Not a YAML token'],
  [/^Unresolved plain scalar /, 'Unresolved plain scalar'],
];

function withoutSource(message: string): string {
  for (const [pattern, phrase] of QUOTES_SOURCE) {
    const m = pattern.exec(message);
    if (m) return phrase.replace('$1', m[1] ?? '');
  }
  // The composer appends the offending token as JSON (`…token in YAML stream: "x"`).
  return message.replace(/: ".*$/, '');
}

/**
 * What parses but cannot become the plain map Helm reads: a list or map as a key (Helm refuses
 * it; the library would stringify it into a key, and warn quoting it), and a merge key (`<<`)
 * whose source is not a map (the library throws while converting).
 */
function unreadableNode(doc: Document.Parsed, lineCounter: LineCounter): YamlProblem | undefined {
  let problem: YamlProblem | undefined;
  const at = (node: unknown, reason: string) => {
    const pos = lineCounter.linePos((node as Node | null)?.range?.[0] ?? 0);
    problem = { line: pos.line, column: pos.col, reason };
    return visit.BREAK;
  };
  const resolved = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  visit(doc, {
    Pair(_, pair) {
      const key = resolved(pair.key);
      if (isCollection(key)) return at(pair.key, 'a key must be a single value, not a list or map (Helm cannot read it)');
      if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
        const source = resolved(pair.value);
        const sources = isSeq(source) ? source.items.map(resolved) : [source];
        if (!sources.every((s) => isYamlMap(s))) return at(pair.value ?? pair.key, 'a merge key (<<) must be followed by a map, an alias of a map, or a list of those');
      }
      return undefined;
    },
  });
  return problem;
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
