import type { Check, Outcome } from '../../engine/types.js';
import type { Inventory } from '../../inventory/types.js';
import { errorOf, isOk } from '../../inventory/fact.js';
import {
  builtInVersionTable,
  isOlderThan,
  isPastStandardSupport,
  minorString,
  parseKubeVersion,
  supportFromApi,
  supportFromTable,
  type KubeVersion,
  type SupportVerdict,
} from '../../eks/versions.js';
import { clusterMissingSkip, describedCluster } from './common.js';

/** The chart README and the AWS guide: Kubernetes 1.19+. */
export const MIN_VERSION = '1.19';
/** The HPA templates render autoscaling/v2, served from 1.23. */
export const HPA_MIN_VERSION = '1.23';

/**
 * Support status: DescribeClusterVersions when it answered with a list; otherwise (denied, not
 * collected, or an empty answer) the built-in calendar, with the reason in the evidence.
 */
function supportOf(v: KubeVersion, inv: Inventory, now: Date): { verdict: SupportVerdict; factError?: { code: string; action?: string } } {
  const fact = inv.eks?.supportedVersions;
  if (isOk(fact)) {
    const fromApi = supportFromApi(v, fact.value, now);
    if (fromApi) return { verdict: fromApi };
  }
  const err = isOk(fact) ? undefined : errorOf(fact, 'EKS version list (eks:DescribeClusterVersions)');
  return {
    verdict: supportFromTable(v, builtInVersionTable(), now),
    ...(err ? { factError: { code: err.code, ...(err.action ? { action: err.action } : {}) } } : {}),
  };
}

export const eksVersion: Check = {
  id: 'eks-version',
  area: 'eks',
  title: 'Kubernetes version is supported by the chart and by AWS',
  severity: 'high',
  appliesTo: () => true,
  needs: ['eks.cluster', 'eks.versions'],
  dependsOn: ['eks-cluster'],
  evaluate: (intent, inv) => {
    const cluster = describedCluster(inv);
    if (!cluster) return clusterMissingSkip(inv);
    const v = parseKubeVersion(cluster.version);
    if (!v) {
      return {
        status: 'error',
        message: `could not parse the cluster's Kubernetes version '${cluster.version}'`,
        reason: 'unparseable version',
        error: { code: 'UnparseableVersion', message: `version '${cluster.version}' has no major.minor` },
        resources: [cluster.arn],
      };
    }
    const minor = minorString(v);
    const { verdict, factError } = supportOf(v, inv, new Date());
    const failures: string[] = [];
    const warnings: string[] = [];
    if (isOlderThan(v, MIN_VERSION)) failures.push(`Kubernetes ${minor} is older than ${MIN_VERSION}, the chart's minimum`);
    else if (intent.autoscaling && isOlderThan(v, HPA_MIN_VERSION)) {
      warnings.push(`HPA autoscaling is enabled but Kubernetes ${minor} does not serve autoscaling/v2 (needs ${HPA_MIN_VERSION})`);
    }
    if (isPastStandardSupport(verdict)) {
      warnings.push(verdict.state === 'ended' ? `Kubernetes ${minor} is past AWS support (${verdict.detail})` : `Kubernetes ${minor} is past AWS standard support (${verdict.detail}; extended support is billed extra)`);
    }
    const evidence: Record<string, unknown> = {
      cluster: cluster.name,
      version: cluster.version,
      minorVersion: minor,
      ...(cluster.platformVersion ? { platformVersion: cluster.platformVersion } : {}),
      minimumVersion: MIN_VERSION,
      autoscaling: intent.autoscaling,
      ...(intent.autoscaling ? { autoscalingMinimumVersion: HPA_MIN_VERSION } : {}),
      support: verdict.state,
      supportDetail: verdict.detail,
      supportSource: verdict.source,
      ...(verdict.endOfStandardSupport ? { endOfStandardSupport: verdict.endOfStandardSupport } : {}),
      ...(verdict.endOfExtendedSupport ? { endOfExtendedSupport: verdict.endOfExtendedSupport } : {}),
      ...(factError ? { supportFactError: factError } : {}),
    };
    if (failures.length || warnings.length) {
      evidence.upgradeCommand = `aws eks update-cluster-version --name ${cluster.name} --kubernetes-version ${v.major}.${v.minor + 1}`;
    }
    const outcome: Outcome = failures.length
      ? { status: 'fail', message: [...failures, ...warnings].join('; ') }
      : warnings.length
        ? { status: 'warn', message: warnings.join('; ') }
        : { status: 'pass', message: `Kubernetes ${minor} meets the chart's minimum (${MIN_VERSION}) and is in AWS standard support (${verdict.source})` };
    return { ...outcome, resources: [cluster.arn], evidence, ...(intent.autoscaling ? { valuesPaths: ['services.api.autoscaling.enabled', 'services.proxy.autoscaling.enabled'] } : {}) };
  },
  remediation: 'manual',
  docs: {
    what: `The cluster runs Kubernetes ${MIN_VERSION} or later (fail below); ${HPA_MIN_VERSION} or later when services.api/proxy autoscaling is on (warn below); and a version still in AWS standard support (warn otherwise). Support comes from eks:DescribeClusterVersions (a version no longer listed and older than every listed one is past support); when that call is denied, from the built-in calendar data/eks-versions.json, named in the evidence as supportSource.`,
    why: 'The chart and the AWS guide require 1.19+; the HPA templates use autoscaling/v2, which older API servers reject, failing the install. Past standard support, AWS bills extended support and finally upgrades the control plane on its own schedule.',
    fix: [
      'Upgrade one minor version at a time (the control plane cannot skip minors):',
      '  aws eks update-cluster-version --name <cluster> --kubernetes-version <next-minor>',
      '  aws eks wait cluster-active --name <cluster>',
      'Then upgrade each managed node group and the add-ons to match:',
      '  aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <nodegroup>',
      '  aws eks describe-addon-versions --kubernetes-version <next-minor>   # then aws eks update-addon … per add-on',
      'With eksctl: eksctl upgrade cluster --name <cluster> --approve, then eksctl upgrade nodegroup --cluster <cluster> --name <nodegroup>.',
      'Check removed APIs first (e.g. with `kubectl get --raw /metrics | grep apiserver_requested_deprecated_apis` or the EKS upgrade insights: aws eks list-insights --cluster-name <cluster>).',
    ].join('\n'),
  },
};
