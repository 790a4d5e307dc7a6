import { UsageError } from '../cli/errors.js';
import { isSecretKey, REDACTED } from '../secrets/redact.js';
import { isMap, type Tree } from './paths.js';

/**
 * `--set` in Helm's syntax (a port of helm/pkg/strvals, typed values as `--set`, not
 * `--set-string`): `a.b=c`, `a[0].b=c`, `a[1][0]=c`, `a={x,y}`, several pairs joined by commas,
 * a backslash escaping the next character (`\,` in values, `\.` in keys). Values are typed:
 * true/false, null, integers without a leading zero; anything else is a string.
 */

/** One leaf the --set item wrote, for origins: its path and every container on the way. */
export interface SetWrite {
  path: string[];
}

/** Helm's limit on list indexes in --set (strvals MaxIndex). */
const MAX_INDEX = 65536;

const EXPECTED = 'expected key=value, key.sub=value, list[0]=value or key={a,b}, pairs separated by commas';

class SetSyntaxError extends Error {}

const EOF = Symbol('eof');
type Last = string | typeof EOF;

class Parser {
  private pos = 0;
  readonly writes: SetWrite[] = [];
  private readonly chars: string[];

  constructor(text: string) {
    this.chars = [...text];
  }

  parseInto(data: Tree): void {
    while (this.key(data, [])) {
      /* one key=value pair per round */
    }
  }

  private read(): Last {
    return this.pos < this.chars.length ? this.chars[this.pos++]! : EOF;
  }

  private unread(): void {
    this.pos--;
  }

  private runesUntil(stop: string): [string, Last] {
    let out = '';
    for (;;) {
      const r = this.read();
      if (r === EOF) return [out, EOF];
      if (r === '\\') {
        const next = this.read();
        if (next === EOF) return [out, EOF];
        out += next;
        continue;
      }
      if (stop.includes(r)) return [out, r];
      out += r;
    }
  }

  /** Parses one `key…=value`; false at the end of input. */
  private key(data: Tree, path: string[]): boolean {
    const [k, last] = this.runesUntil('=[,.');
    if (last === EOF) {
      if (k.length === 0 && path.length === 0) return false;
      throw new SetSyntaxError(`key "${[...path, k].join('.')}" has no value`);
    }
    if (k.length === 0) throw new SetSyntaxError(`empty key before "${last}"`);
    const here = [...path, k];
    switch (last) {
      case '[': {
        const i = this.keyIndex(here);
        const cur = data[k];
        const list = Array.isArray(cur) ? cur : [];
        data[k] = this.listItem(list, i, here);
        return true;
      }
      case '=': {
        data[k] = this.value();
        this.writes.push({ path: here });
        return true;
      }
      case ',':
        throw new SetSyntaxError(`key "${here.join('.')}" has no value (cannot end with ,)`);
      default: {
        // '.': descend into (or create) the map; a non-map value there is replaced, as the later --set wins.
        const cur = data[k];
        const inner: Tree = isMap(cur) ? cur : {};
        this.key(inner, here);
        if (Object.keys(inner).length === 0) throw new SetSyntaxError(`key map "${here.join('.')}" has no value`);
        data[k] = inner;
        return true;
      }
    }
  }

  private keyIndex(path: string[]): number {
    const [v, last] = this.runesUntil(']');
    if (last === EOF) throw new SetSyntaxError(`"${path.join('.')}[${v}" has no closing ]`);
    if (!/^-?\d+$/.test(v.trim())) throw new SetSyntaxError(`"${path.join('.')}[${v}]": the list index must be a number`);
    const i = Number(v.trim());
    if (i < 0) throw new SetSyntaxError(`"${path.join('.')}[${v}]": negative list index`);
    if (i > MAX_INDEX) throw new SetSyntaxError(`"${path.join('.')}[${v}]": list index over ${MAX_INDEX}`);
    return i;
  }

  private listItem(list: unknown[], i: number, path: string[]): unknown[] {
    const here = [...path, String(i)];
    const [rest, last] = this.runesUntil('[.=');
    if (rest.length > 0) throw new SetSyntaxError(`unexpected "${rest}" after the list index in "${path.join('.')}[${i}]"`);
    if (last === EOF) throw new SetSyntaxError(`key "${path.join('.')}[${i}]" has no value`);
    const out = [...list];
    switch (last) {
      case '=':
        setIndex(out, i, this.value());
        this.writes.push({ path: here });
        return out;
      case '.': {
        const cur = out[i];
        const inner: Tree = isMap(cur) ? cur : {};
        this.key(inner, here);
        setIndex(out, i, inner);
        return out;
      }
      default: {
        // '[': a list inside a list.
        const j = this.keyIndex(here);
        const cur = out[i];
        setIndex(out, i, this.listItem(Array.isArray(cur) ? cur : [], j, here));
        return out;
      }
    }
  }

  /** After `=`: `{a,b}` as a list, else a typed scalar up to the next unescaped comma. */
  private value(): unknown {
    const r = this.read();
    if (r === EOF) return '';
    if (r === '{') return this.valList();
    this.unread();
    const [v] = this.runesUntil(',');
    return typedVal(v);
  }

  private valList(): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      const [v, last] = this.runesUntil(',}');
      if (last === EOF) throw new SetSyntaxError(`list must end with "}"`);
      list.push(typedVal(v));
      if (last === '}') {
        const next = this.read();
        if (next !== EOF && next !== ',') this.unread();
        return list;
      }
    }
  }
}

function setIndex(list: unknown[], i: number, v: unknown): void {
  while (list.length <= i) list.push(null);
  list[i] = v;
}

/** Helm's typedVal: true/false/null case-insensitively, integers without a leading zero, else the string. */
export function typedVal(s: string): unknown {
  const lower = s.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (s === '0') return 0;
  if (s.length > 0 && s[0] !== '0' && /^[+-]?\d+$/.test(s)) {
    const n = Number(s);
    // Helm keeps int64; past 2^53 a JS number would change the digits, so keep the text.
    if (Number.isSafeInteger(n)) return n;
  }
  return s;
}

const LOOKS_SECRET = /secret|pass|token|key|credential|salt/i;

/** Split at commas and the first `=` of each pair, honouring backslash escapes. */
function splitUnescaped(s: string, sep: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
    } else if (c === sep && parts.length < limit - 1) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/**
 * Split a --set item into its key=value pairs at unescaped commas, as the parser reads it: the
 * commas of a `key={a,b}` list value belong to that value, not to the next pair.
 */
function splitPairs(s: string): string[] {
  const pairs: string[] = [];
  let cur = '';
  let inValue = false;
  let inList = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === ',' && !inList) {
      pairs.push(cur);
      cur = '';
      inValue = false;
      continue;
    }
    if (c === '=' && !inValue) {
      inValue = true;
      inList = s[i + 1] === '{';
    } else if (c === '}' && inList) inList = false;
    cur += c;
  }
  pairs.push(cur);
  return pairs;
}

/**
 * A --set item fit for an error message: the value of any pair whose key looks secret
 * (`externalDatabase.password=…`) is replaced, since the run has no redactor yet when input fails.
 */
export function displaySetItem(item: string): string {
  return splitPairs(item)
    .map((pair) => {
      const [key, value] = splitUnescaped(pair, '=', 2);
      if (value === undefined) return pair;
      const last = key!.replace(/\[\d+\]$/, '').split(/(?<!\\)\./).pop() ?? '';
      const name = last.replace(/\\(.)/g, '$1');
      // Wider than the redactor's net on purpose: an input error costs nothing to over-mask.
      return isSecretKey(name) || LOOKS_SECRET.test(name) ? `${key}=${REDACTED}` : pair;
    })
    .join(',');
}

/**
 * Apply one `--set` argument to the user tree (in place), as Helm does after merging the -f files.
 * Throws UsageError naming the item and the expected form.
 */
export function applySet(item: string, into: Tree): SetWrite[] {
  const p = new Parser(item);
  try {
    p.parseInto(into);
  } catch (e) {
    if (e instanceof SetSyntaxError) throw new UsageError(`--set ${displaySetItem(item)}: ${e.message} (${EXPECTED})`);
    throw e;
  }
  return p.writes;
}
