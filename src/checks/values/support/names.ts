/**
 * Resource names as the charts' helpers make them, so checks can tell what an in-cluster
 * hostname would be for this release.
 */
import type { TypedValues } from './typed.js';

/** Helm's `trunc 63 | trimSuffix "-"`. */
function dnsTrim(name: string): string {
  return name.slice(0, 63).replace(/-+$/, '');
}

/**
 * The usual `<chart>.fullname` helper (Daytona's and the Bitnami subcharts' alike):
 * fullnameOverride, else the release name when it contains the chart name, else `<release>-<name>`.
 */
export function fullnameOf(release: string, chartName: string, overrides: { fullnameOverride?: string; nameOverride?: string } = {}): string {
  if (overrides.fullnameOverride) return dnsTrim(overrides.fullnameOverride);
  const name = overrides.nameOverride || chartName;
  return dnsTrim(release.includes(name) ? release : `${release}-${name}`);
}

/**
 * Daytona's own fullname, honouring the top-level fullnameOverride / nameOverride. Its helper first
 * rewrites the release name: `regexReplaceAll "(-?[^a-z\\d\\-])+-?" (lower .Release.Name) "-"`.
 */
export function daytonaFullname(v: TypedValues, release: string): string {
  const releaseName = release.toLowerCase().replace(/(-?[^a-z\d-])+-?/g, '-');
  return fullnameOf(releaseName, 'daytona', { fullnameOverride: v.text('fullnameOverride'), nameOverride: v.text('nameOverride') });
}

/** A subchart's fullname: its values block carries its own fullnameOverride / nameOverride. */
export function subchartFullname(v: TypedValues, release: string, subchart: string): string {
  return fullnameOf(release, subchart, {
    fullnameOverride: v.text(`${subchart}.fullnameOverride`),
    nameOverride: v.text(`${subchart}.nameOverride`),
  });
}
