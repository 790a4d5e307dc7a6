/**
 * What a run's recorded calls say about its shape: calls per operation, resources fetched twice,
 * and the critical path — the longest chain of calls each of which started only after the
 * previous one had ended (with a fixed latency per call, the run cannot be faster than that
 * chain).
 */
import type { CallRecord } from './install.js';

export interface Duplicate {
  operation: string;
  region: string;
  input: Record<string, unknown>;
  count: number;
}

export interface CallAnalysis {
  total: number;
  byOperation: Record<string, number>;
  /** The longest chain of sequential calls, first to last. */
  criticalPath: CallRecord[];
  /** Same operation, region and parameters sent more than once. */
  duplicates: Duplicate[];
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Longest chain c1 → c2 → … with c(k+1).start ≥ c(k).end: O(n²), fine for hundreds of calls. */
export function criticalPath(calls: readonly CallRecord[]): CallRecord[] {
  const sorted = [...calls].sort((a, b) => a.start - b.start || a.seq - b.seq);
  const length: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    length[i] = 1;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (sorted[j]!.end <= sorted[i]!.start && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let last = -1;
  for (let i = 0; i < sorted.length; i++) if (last < 0 || length[i]! > length[last]! || (length[i] === length[last] && sorted[i]!.end > sorted[last]!.end)) last = i;
  const chain: CallRecord[] = [];
  for (let i = last; i >= 0; i = prev[i]!) chain.unshift(sorted[i]!);
  return chain;
}

export function duplicates(calls: readonly CallRecord[]): Duplicate[] {
  const seen = new Map<string, Duplicate>();
  for (const c of calls) {
    const key = `${c.operation}@${c.region}:${canonical(c.input)}`;
    const d = seen.get(key);
    if (d) d.count++;
    else seen.set(key, { operation: c.operation, region: c.region, input: c.input, count: 1 });
  }
  return [...seen.values()].filter((d) => d.count > 1);
}

export function analyseCalls(calls: readonly CallRecord[]): CallAnalysis {
  const byOperation: Record<string, number> = {};
  for (const c of calls) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
  return { total: calls.length, byOperation, criticalPath: criticalPath(calls), duplicates: duplicates(calls) };
}

/** A request in one short line: `ec2:DescribeSubnets subnet-id=[6 ids]`, `iam:GetRole RoleName=x`. */
export function describeRequest(operation: string, input: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (k === 'Filters' && Array.isArray(v)) {
      for (const f of v as { Name?: string; Values?: string[] }[]) parts.push(`${f.Name}=${(f.Values ?? []).length > 2 ? `[${(f.Values ?? []).length} values]` : (f.Values ?? []).join(',')}`);
    } else if (Array.isArray(v)) {
      parts.push(`${k}=${v.length > 2 ? `[${v.length} items]` : v.map((x) => (typeof x === 'object' ? canonical(x) : String(x))).join(',')}`);
    } else if (typeof v === 'object' && v !== null) {
      parts.push(`${k}=${canonical(v).slice(0, 60)}`);
    } else {
      const s = String(v);
      // Pagination tokens are opaque and long: their presence is what matters.
      parts.push(/token|marker/i.test(k) ? `${k}=…` : `${k}=${s.length > 60 ? `${s.slice(0, 57)}…` : s}`);
    }
  }
  return parts.length ? `${operation} ${parts.join(' ')}` : operation;
}
