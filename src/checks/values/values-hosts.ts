import type { Check } from '../../engine/types.js';
import { typed } from './support/typed.js';
import { Verdict } from './support/verdict.js';

/** `host` is `domain` or a name under it. */
const under = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The host of a URL, or the text itself when it is a bare hostname. */
function hostOf(value: string): string {
  try {
    return new URL(value.includes('://') ? value : `https://${value}`).hostname.toLowerCase();
  } catch {
    return value.toLowerCase();
  }
}

export const valuesHosts: Check = {
  id: 'values-hosts',
  area: 'values',
  title: "Harbor's URL, host and TLS secret follow baseDomain instead of the example domain",
  severity: 'high',
  appliesTo: (intent) => intent.harbor.enabled || 'harbor.enabled is false: no bundled Harbor',
  needs: [],
  evaluate: (intent) => {
    const v = typed(intent.values.merged);
    const d = typed(intent.values.defaults);
    const exampleDomain = d.text('baseDomain').toLowerCase();
    const baseDomain = v.text('baseDomain').toLowerCase();
    const verdict = new Verdict().note('baseDomain', baseDomain);

    if (baseDomain === exampleDomain) {
      verdict.warn(`baseDomain is still the chart's example domain '${exampleDomain}': the API, proxy, Dex and Harbor hosts are all under a domain you do not control`, 'baseDomain');
      return verdict.outcome('');
    }

    const stale: string[] = [];
    const externalURL = v.text('harbor.externalURL');
    verdict.note('harbor.externalURL', externalURL);
    if (under(hostOf(externalURL), exampleDomain)) stale.push('harbor.externalURL');

    const exposeType = v.text('harbor.expose.type');
    let coreHost = '';
    if (exposeType === 'ingress') {
      coreHost = v.text('harbor.expose.ingress.hosts.core');
      verdict.note('harbor.expose.ingress.hosts.core', coreHost);
      if (under(hostOf(coreHost), exampleDomain)) stale.push('harbor.expose.ingress.hosts.core');
    }

    if (v.enabled('harbor.expose.tls.enabled', true) && v.text('harbor.expose.tls.certSource') === 'secret') {
      const secretName = v.text('harbor.expose.tls.secret.secretName');
      verdict.note('harbor.expose.tls.secret.secretName', secretName);
      // The shipped name is `<example domain>-tls`: a name that mentions it but not baseDomain was never adapted.
      if (secretName.toLowerCase().includes(exampleDomain) && !secretName.toLowerCase().includes(baseDomain)) stale.push('harbor.expose.tls.secret.secretName');
    }

    if (stale.length)
      verdict.fail(`${stale.join(', ')} still on '${exampleDomain}' while baseDomain is '${baseDomain}': Harbor values are not derived from baseDomain`, ...stale);
    else if (coreHost && externalURL && hostOf(externalURL) !== hostOf(coreHost))
      verdict.warn(
        `harbor.externalURL (${hostOf(externalURL)}) and harbor.expose.ingress.hosts.core (${hostOf(coreHost)}) name different hosts: Docker's token realm and pushes go to externalURL`,
        'harbor.externalURL',
        'harbor.expose.ingress.hosts.core',
      );

    return verdict.outcome(`Harbor is reached at ${externalURL || coreHost}, consistent with baseDomain '${baseDomain}'`);
  },
  remediation: 'manual',
  docs: {
    what: "harbor.externalURL, harbor.expose.ingress.hosts.core and harbor.expose.tls.secret.secretName no longer point at the chart's example domain (daytona.example.com) once baseDomain is changed; warns when baseDomain itself is still the example, or when externalURL and the ingress host disagree.",
    why: "The Harbor values are hard-coded in the chart defaults, not derived from baseDomain: left alone, the API pushes and the runners pull snapshots from harbor.daytona.example.com, which does not resolve to your cluster, and the ingress references a TLS Secret that does not exist.",
    fix: 'Set harbor.externalURL: https://harbor.<baseDomain>, harbor.expose.ingress.hosts.core: harbor.<baseDomain> and harbor.expose.tls.secret.secretName: <your TLS Secret> (one covering harbor.<baseDomain>), and point DNS for harbor.<baseDomain> at the ingress controller.',
  },
};
