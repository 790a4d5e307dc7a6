/**
 * IAM wildcard patterns (`*` any run of characters, `?` any one character) as small token lists,
 * with three questions the evaluator asks of them:
 * - matches: does a pattern match a concrete string?
 * - covers:  is every string an inner pattern can stand for also matched by the outer one?
 *            (an Allow must cover the whole request: "s3:GetObject on arn:aws:s3:::b/*")
 * - overlaps: is there one string both patterns match? (a Deny that touches any part of a request counts)
 * A `*` in an ARN may run past `:` and `/` (IAM: "a * at the end of a segment can expand beyond
 * colon boundaries"), so the whole string is one pattern.
 * Policy variables (`${aws:username}`) are resolved at request time: those whose value the caller
 * knows (`known`, by lower-cased key) become that literal text; the others match like `*` and the
 * match is flagged `variable`, so the caller can treat it as conditional. `${*}`, `${?}` and `${$}`
 * are IAM's escapes for the literal characters.
 */

export type Token = { kind: 'lit'; ch: string } | { kind: 'star'; variable?: boolean } | { kind: 'one' };

export interface Pattern {
  tokens: Token[];
  /** Contains a policy variable (request-time value). */
  variable: boolean;
  /** Contains a wildcard (`*`, `?` or a variable). */
  wild: boolean;
  /** The literal text (lower-cased when case-insensitive); the whole story when not `wild`. */
  text: string;
}

const ESCAPES: Record<string, string> = { '${*}': '*', '${?}': '?', '${$}': '$' };

/** Tokenise a pattern. `caseInsensitive` lower-cases literals (actions are case-insensitive). */
export function compile(pattern: string, opts: { caseInsensitive?: boolean; variables?: boolean; known?: Readonly<Record<string, string>> } = {}): Pattern {
  const tokens: Token[] = [];
  let variable = false;
  let wild = false;
  for (let i = 0; i < pattern.length; ) {
    if (opts.variables && pattern.startsWith('${', i)) {
      const end = pattern.indexOf('}', i);
      if (end > 0) {
        const whole = pattern.slice(i, end + 1);
        const escaped = ESCAPES[whole];
        // Keys are case-insensitive; `${key, 'default'}` names its key before the comma.
        const value = opts.known?.[whole.slice(2, -1).split(',')[0]!.trim().toLowerCase()];
        if (escaped !== undefined) tokens.push({ kind: 'lit', ch: escaped });
        else if (value !== undefined) for (const ch of value) tokens.push({ kind: 'lit', ch });
        else {
          tokens.push({ kind: 'star', variable: true });
          variable = true;
          wild = true;
        }
        i = end + 1;
        continue;
      }
    }
    const ch = pattern[i]!;
    if (ch === '*') {
      // Consecutive stars mean the same as one; collapsing keeps the search small.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
      wild = true;
    } else if (ch === '?') {
      tokens.push({ kind: 'one' });
      wild = true;
    } else tokens.push({ kind: 'lit', ch: opts.caseInsensitive ? ch.toLowerCase() : ch });
    i += 1;
  }
  return { tokens, variable, wild, text: tokens.map((t) => (t.kind === 'lit' ? t.ch : t.kind === 'one' ? '?' : '*')).join('') };
}

/** A lone `*`: matches everything. */
const isAny = (p: Pattern): boolean => p.tokens.length === 1 && p.tokens[0]!.kind === 'star' && !p.variable;

/** Memoised two-pointer search over token positions (`width`: length of the second token list + 1). */
function search(width: number, step: (i: number, j: number, rec: (i: number, j: number) => boolean) => boolean): boolean {
  const memo = new Map<number, boolean>();
  const rec = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    // Every step advances at least one pointer, so the recursion always ends.
    const result = step(i, j, rec);
    memo.set(key, result);
    return result;
  };
  return rec(0, 0);
}

/** Is there a string that both patterns match? (Exact for `*`/`?` globs.) */
export function overlaps(p: Pattern, q: Pattern): boolean {
  // Fast paths for the common cases (literal actions and ARNs, `*`); the search below is exact for all.
  if (!p.wild && !q.wild) return p.text === q.text;
  if (isAny(p) || isAny(q)) return true;
  const a = p.tokens;
  const b = q.tokens;
  return search(b.length + 1, (i, j, rec) => {
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x?.kind === 'star' && (rec(i + 1, j) || (y !== undefined && rec(i, j + 1)))) return true;
    if (y?.kind === 'star' && (rec(i, j + 1) || (x !== undefined && rec(i + 1, j)))) return true;
    if (x === undefined || y === undefined || x.kind === 'star' || y.kind === 'star') return false;
    if (x.kind === 'one' || y.kind === 'one' || x.ch === y.ch) return rec(i + 1, j + 1);
    return false;
  });
}

/**
 * Does `outer` match every string `inner` stands for? Decided by matching `outer` against
 * `inner` read as a word whose `*` is a symbol only an outer `*` can absorb and whose `?` is a
 * symbol an outer `?` or `*` can absorb. Sound (never claims coverage that is not there); it can
 * miss exotic coverage such as `*?` ⊇ `?*`, which only makes the evaluator stricter.
 */
export function covers(outer: Pattern, inner: Pattern): boolean {
  if (!outer.wild) return !inner.wild && outer.text === inner.text;
  if (isAny(outer)) return true;
  const a = outer.tokens;
  const b = inner.tokens;
  return search(b.length + 1, (i, j, rec) => {
    if (i === a.length) return j === b.length;
    const x = a[i]!;
    if (x.kind === 'star') return rec(i + 1, j) || (j < b.length && rec(i, j + 1));
    const y = b[j];
    if (y === undefined || y.kind === 'star') return false;
    if (x.kind === 'one') return rec(i + 1, j + 1);
    return y.kind === 'lit' && y.ch === x.ch && rec(i + 1, j + 1);
  });
}

/** Does the pattern match this concrete string? */
export function matches(p: Pattern, value: string, caseInsensitive = false): boolean {
  return covers(p, literal(value, caseInsensitive));
}

/** A concrete string as a pattern: every character literal, even `*` and `?`. */
export function literal(value: string, caseInsensitive = false): Pattern {
  const text = caseInsensitive ? value.toLowerCase() : value;
  return { tokens: [...text].map((ch) => ({ kind: 'lit', ch })), variable: false, wild: false, text };
}
