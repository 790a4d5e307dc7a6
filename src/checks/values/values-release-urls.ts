import type { Check } from '../../engine/types.js';
import { daytonaFullname } from './support/names.js';
import { switchOn, typed } from './support/typed.js';
import { Verdict } from './support/verdict.js';

/** The runner and runner-manager settings that name the API's in-cluster Service. */
const API_URLS: readonly { path: string; component: 'runner' | 'runnermanager' }[] = [
  { path: 'services.runner.env.DAYTONA_API_URL', component: 'runner' },
  { path: 'services.runner.env.SERVER_URL', component: 'runner' },
  { path: 'services.runnermanager.env.SERVER_URL', component: 'runnermanager' },
];

/**
 * The in-cluster Service a URL names (`daytona-api` in `http://daytona-api:3000/api`,
 * `daytona-api.<namespace>` or `daytona-api.ns.svc…`), else undefined.
 */
function inClusterService(url: string, namespace: string): { service: string; url: URL } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const labels = parsed.hostname.split('.');
  const inCluster = labels.length === 1 || (labels.length === 2 && labels[1] === namespace) || labels.slice(2).join('.').startsWith('svc');
  return inCluster ? { service: labels[0]!, url: parsed } : undefined;
}

export const valuesReleaseUrls: Check = {
  id: 'values-release-urls',
  area: 'values',
  title: "The runners' API URLs name this release's API Service",
  severity: 'high',
  appliesTo: (intent) => {
    return intent.runner.enabled || switchOn(intent.values, 'services.runnermanager.enabled') || 'neither the runner nor the runner manager is enabled';
  },
  needs: [],
  evaluate: (intent) => {
    const v = typed(intent.values.merged);
    const fullname = daytonaFullname(v, intent.release);
    const apiService = `${fullname}-api`;
    const verdict = new Verdict().detail('release', intent.release).detail('apiService', apiService);
    const enabled = { runner: intent.runner.enabled, runnermanager: switchOn(intent.values, 'services.runnermanager.enabled') };
    for (const { path, component } of API_URLS) {
      if (!enabled[component]) continue;
      const url = v.text(path);
      verdict.note(path, url);
      const target = url ? inClusterService(url, intent.daytonaNamespace) : undefined;
      // An empty value lets the chart derive the URL; an external URL is the user's choice.
      if (!target || !target.service.endsWith('-api') || target.service === apiService) continue;
      const right = new URL(target.url.href);
      right.hostname = [apiService, ...target.url.hostname.split('.').slice(1)].join('.');
      verdict.fail(
        `${path} points at '${target.service}', but with release '${intent.release}' the API Service is '${apiService}': set it to ${right.href}`,
        path,
      );
    }
    return verdict.outcome(`the runner URLs reach the API Service ${apiService}, or are derived by the chart`);
  },
  remediation: 'manual',
  docs: {
    what: "services.runner.env.DAYTONA_API_URL, services.runner.env.SERVER_URL and services.runnermanager.env.SERVER_URL, when they name an in-cluster API Service, name this release's: <fullname>-api, where fullname is the release name if it contains 'daytona', else <release>-daytona (or fullnameOverride).",
    why: "The defaults are http://daytona-api:3000/api, right only for a release named 'daytona'. With any other release name the API Service is called differently, so runners and the runner manager cannot reach the API and never register.",
    fix: 'Set the three URLs to http://<fullname>-api:3000/api (the check names the exact URL), install with --release daytona, or set fullnameOverride: daytona.',
  },
};
