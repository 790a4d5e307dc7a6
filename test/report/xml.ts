/** Parse JUnit XML strictly enough to catch malformed output: well-formedness first, then a tree. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface JunitCase {
  name: string;
  classname: string;
  time: string;
  failure?: { message: string; type: string; text: string };
  error?: { message: string; type: string; text: string };
  skipped?: { message: string };
  systemOut?: string;
}

export interface JunitSuite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  cases: JunitCase[];
  properties: Record<string, string>;
}

type Node = Record<string, unknown>;
const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function detail(v: unknown) {
  if (v === undefined) return undefined;
  const n = (typeof v === 'object' && v !== null ? v : { '#text': v }) as Node;
  return { message: String(n['@_message'] ?? ''), type: String(n['@_type'] ?? ''), text: String(n['#text'] ?? '') };
}

export function parseJunit(xml: string): { root: Node; suites: JunitSuite[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`malformed XML: ${valid.err.msg} at line ${valid.err.line}`);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: true });
  const doc = parser.parse(xml) as Node;
  const root = doc.testsuites as Node;
  const suites = arr(root.testsuite as Node | Node[]).map((s) => ({
    name: String(s['@_name']),
    tests: Number(s['@_tests']),
    failures: Number(s['@_failures']),
    errors: Number(s['@_errors']),
    skipped: Number(s['@_skipped']),
    properties: Object.fromEntries(arr((s.properties as Node | undefined)?.property as Node | Node[]).map((p) => [String(p['@_name']), String(p['@_value'])])),
    cases: arr(s.testcase as Node | Node[]).map((c) => ({
      name: String(c['@_name']),
      classname: String(c['@_classname']),
      time: String(c['@_time']),
      ...(c.failure !== undefined ? { failure: detail(c.failure) } : {}),
      ...(c.error !== undefined ? { error: detail(c.error) } : {}),
      ...(c.skipped !== undefined ? { skipped: { message: String((c.skipped as Node)['@_message'] ?? '') } } : {}),
      ...(c['system-out'] !== undefined ? { systemOut: String(c['system-out']) } : {}),
    })) as JunitCase[],
  }));
  return { root, suites };
}
