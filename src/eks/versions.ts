/**
 * Kubernetes version parsing and EKS support status. Support comes from eks:DescribeClusterVersions
 * when it could be read, else from the built-in calendar in data/eks-versions.json (dated, sourced).
 */
import type { EksVersionSupport } from '../inventory/types.js';
import { readData } from '../data.js';

export interface KubeVersion {
  major: number;
  minor: number;
  patch?: number;
  /** As given: '1.29', 'v1.29.3-eks-abcdef'. */
  raw: string;
}

/** '1.29', '1.30.0', 'v1.29.3-eks-abcdef', '1.29+' alike; undefined when there is no major.minor. */
export function parseKubeVersion(raw: string): KubeVersion | undefined {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/i.exec(raw);
  if (!m) return undefined;
  const version: KubeVersion = { major: Number(m[1]), minor: Number(m[2]), raw };
  if (m[3] !== undefined) version.patch = Number(m[3]);
  return version;
}

/** The `major.minor` form EKS uses for cluster versions. */
export function minorString(v: Pick<KubeVersion, 'major' | 'minor'>): string {
  return `${v.major}.${v.minor}`;
}

/** Orders by major.minor only: patch levels do not change EKS support. */
export function compareMinor(a: Pick<KubeVersion, 'major' | 'minor'>, b: Pick<KubeVersion, 'major' | 'minor'>): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** a < b by minor version; a string is parsed first (unparseable → false). */
export function isOlderThan(a: KubeVersion, b: string): boolean {
  const pb = parseKubeVersion(b);
  return pb !== undefined && compareMinor(a, pb) < 0;
}

export interface VersionTableEntry {
  version: string;
  eksRelease?: string;
  endOfStandardSupport: string;
  endOfExtendedSupport?: string;
}

export interface VersionTable {
  asOf: string;
  source: string;
  versions: VersionTableEntry[];
}

let builtIn: VersionTable | undefined;

/** The shipped calendar (read once). */
export function builtInVersionTable(): VersionTable {
  builtIn ??= JSON.parse(readData('data/eks-versions.json')) as VersionTable;
  return builtIn;
}

/**
 * standard: in standard support; extended: past standard support, still in extended support;
 * ended: past all support (AWS no longer lists it, or its extended support ended);
 * unknown: the source cannot place this version.
 */
export type SupportState = 'standard' | 'extended' | 'ended' | 'unknown';

export interface SupportVerdict {
  state: SupportState;
  /** 'eks:DescribeClusterVersions' or 'built-in table as of YYYY-MM-DD'. */
  source: string;
  endOfStandardSupport?: string;
  endOfExtendedSupport?: string;
  /** One sentence on how the state was decided. */
  detail: string;
}

export function isPastStandardSupport(v: SupportVerdict): boolean {
  return v.state === 'extended' || v.state === 'ended';
}

const API_SOURCE = 'eks:DescribeClusterVersions';

/** `versionStatus` is STANDARD_SUPPORT…, the deprecated `status` is standard-support…: one spelling. */
function normaliseStatus(s: string | undefined): string | undefined {
  return s ? s.toUpperCase().replace(/-/g, '_') : undefined;
}

function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString().slice(0, 10);
}

function reached(date: string | undefined, now: Date): boolean {
  if (!date) return false;
  const t = Date.parse(date);
  return !Number.isNaN(t) && now.getTime() >= t;
}

/** Where `v` sits relative to a list of known minors: 'older' than all, 'newer' than all, or 'between'. */
function placeAmong(v: KubeVersion, known: string[]): 'older' | 'newer' | 'between' {
  const parsed = known.map(parseKubeVersion).filter((p): p is KubeVersion => p !== undefined);
  if (parsed.length && parsed.every((p) => compareMinor(v, p) < 0)) return 'older';
  if (parsed.length && parsed.every((p) => compareMinor(v, p) > 0)) return 'newer';
  return 'between';
}

/**
 * Support from DescribeClusterVersions. A listed version is judged by its status (dates when no
 * status); one AWS no longer lists and older than every listed version is past all support.
 * Returns undefined when the list is empty (nothing to judge against).
 */
export function supportFromApi(v: KubeVersion, listed: readonly EksVersionSupport[], now: Date): SupportVerdict | undefined {
  if (listed.length === 0) return undefined;
  const entry = listed.find((e) => {
    const p = parseKubeVersion(e.version);
    return p !== undefined && compareMinor(p, v) === 0;
  });
  const minor = minorString(v);
  if (entry) {
    const dates = { endOfStandardSupport: isoDate(entry.endOfStandardSupportDate), endOfExtendedSupport: isoDate(entry.endOfExtendedSupportDate) };
    const withDates = Object.fromEntries(Object.entries(dates).filter(([, d]) => d !== undefined)) as Partial<typeof dates>;
    const status = normaliseStatus(entry.status);
    if (status === 'EXTENDED_SUPPORT') return { state: 'extended', source: API_SOURCE, ...withDates, detail: `${minor} is in extended support` };
    if (status === 'UNSUPPORTED') return { state: 'ended', source: API_SOURCE, ...withDates, detail: `${minor} is listed as UNSUPPORTED` };
    if (status === 'STANDARD_SUPPORT') return { state: 'standard', source: API_SOURCE, ...withDates, detail: `${minor} is in standard support` };
    // No status: decide by the dates AWS gave.
    if (reached(entry.endOfExtendedSupportDate, now)) return { state: 'ended', source: API_SOURCE, ...withDates, detail: `extended support for ${minor} ended ${dates.endOfExtendedSupport}` };
    if (reached(entry.endOfStandardSupportDate, now)) return { state: 'extended', source: API_SOURCE, ...withDates, detail: `standard support for ${minor} ended ${dates.endOfStandardSupport}` };
    return { state: 'standard', source: API_SOURCE, ...withDates, detail: `${minor} is listed as supported` };
  }
  const place = placeAmong(
    v,
    listed.map((e) => e.version),
  );
  if (place === 'older') return { state: 'ended', source: API_SOURCE, detail: `${minor} is no longer listed and is older than every listed version (${listedRange(listed)})` };
  return { state: 'unknown', source: API_SOURCE, detail: `${minor} is not listed (listed: ${listedRange(listed)})` };
}

function listedRange(listed: readonly EksVersionSupport[]): string {
  const sorted = listed
    .map((e) => parseKubeVersion(e.version))
    .filter((p): p is KubeVersion => p !== undefined)
    .sort(compareMinor)
    .map(minorString);
  return sorted.length > 1 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : (sorted[0] ?? 'none');
}

export function tableSource(table: VersionTable): string {
  return `built-in table as of ${table.asOf}`;
}

/** Support from the built-in calendar: dates against `now`; versions outside the table by position. */
export function supportFromTable(v: KubeVersion, table: VersionTable, now: Date): SupportVerdict {
  const source = tableSource(table);
  const minor = minorString(v);
  const entry = table.versions.find((e) => {
    const p = parseKubeVersion(e.version);
    return p !== undefined && compareMinor(p, v) === 0;
  });
  if (entry) {
    const dates = { endOfStandardSupport: entry.endOfStandardSupport, ...(entry.endOfExtendedSupport ? { endOfExtendedSupport: entry.endOfExtendedSupport } : {}) };
    if (reached(entry.endOfExtendedSupport, now)) return { state: 'ended', source, ...dates, detail: `extended support for ${minor} ended ${entry.endOfExtendedSupport}` };
    if (reached(entry.endOfStandardSupport, now)) return { state: 'extended', source, ...dates, detail: `standard support for ${minor} ended ${entry.endOfStandardSupport}` };
    return { state: 'standard', source, ...dates, detail: `standard support for ${minor} runs until ${entry.endOfStandardSupport}` };
  }
  const place = placeAmong(
    v,
    table.versions.map((e) => e.version),
  );
  if (place === 'older') return { state: 'ended', source, detail: `${minor} is older than every version in the table: past all support` };
  if (place === 'newer') return { state: 'standard', source, detail: `${minor} is newer than the table: taken as in standard support` };
  return { state: 'unknown', source, detail: `${minor} is not in the table` };
}
