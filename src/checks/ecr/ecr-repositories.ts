import type { Check } from '../../engine/types.js';
import type { EcrRegistry, ImageRef, Intent } from '../../values/types.js';
import { ecrRepositoryName } from '../../values/ecr.js';
import { errorOf, FactUnavailable, isOk, need, ok, type FactError } from '../../inventory/fact.js';

export interface WantedRepository {
  repository: string;
  tags: string[];
  /** Values paths of the images that resolve here, for SARIF locations. */
  paths: string[];
}

/** The repositories (with their tags) the install pulls through global.imageRegistry, in first-seen order. */
export function wantedEcrRepositories(intent: Intent): WantedRepository[] {
  if (!intent.ecr) return [];
  const byName = new Map<string, WantedRepository>();
  for (const image of intent.images.filter((i) => i.followsGlobalRegistry)) {
    const name = ecrRepositoryName(image, intent.ecr);
    const entry = byName.get(name) ?? { repository: name, tags: [], paths: [] };
    if (!entry.tags.includes(image.tag)) entry.tags.push(image.tag);
    if (!entry.paths.includes(image.path)) entry.paths.push(image.path);
    byName.set(name, entry);
  }
  return [...byName.values()];
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export const ecrRepositories: Check = {
  id: 'ecr-repositories',
  area: 'ecr',
  title: 'Every image that follows global.imageRegistry exists in ECR at its exact path and tag',
  severity: 'critical',
  appliesTo: (intent) => (intent.ecr ? true : 'global.imageRegistry is not an ECR registry'),
  needs: ['ecr'],
  evaluate: (intent, inv) => {
    // The ECR facts are a record of per-repository facts: absent means never collected.
    const ecr = need(inv.ecr ? ok(inv.ecr) : undefined, 'ECR repositories (ecr:DescribeRepositories)');
    const wanted = wantedEcrRepositories(intent);
    const registry = intent.ecr?.host ?? ecr.registryId;
    const missingRepositories: string[] = [];
    const missingTags: { repository: string; tag: string }[] = [];
    const resources: string[] = [];
    // A repository whose facts could not be read is unverified: it cannot pass, but it does not
    // hide the definite misses of the others either.
    const unverified: { repository: string; error: FactError }[] = [];
    for (const w of wanted) {
      const repoFact = ecr.repositories[w.repository];
      if (!isOk(repoFact)) {
        unverified.push({ repository: w.repository, error: errorOf(repoFact, `ECR repository ${w.repository}`)! });
        continue;
      }
      const repo = repoFact.value;
      if (!repo) {
        missingRepositories.push(w.repository);
        continue;
      }
      resources.push(repo.arn);
      if (!isOk(repo.presentTags)) {
        unverified.push({ repository: w.repository, error: errorOf(repo.presentTags, `image tags of ${w.repository}`)! });
        continue;
      }
      const present = repo.presentTags.value;
      for (const tag of w.tags) if (!present.includes(tag)) missingTags.push({ repository: w.repository, tag });
    }
    const definiteMisses = missingRepositories.length + missingTags.length;
    if (unverified.length && definiteMisses === 0) throw new FactUnavailable(unverified[0]!.error);
    // FACTS breaker 10: repositories created without the image's path (`daytona-api` for `daytonaio/daytona-api`).
    const existing = Object.entries(ecr.repositories)
      .filter(([, f]) => 'value' in f && f.value !== null)
      .map(([name]) => name);
    const pathless = missingRepositories
      .map((needed) => ({ needed, found: existing.filter((name) => name !== needed && lastSegment(name) === lastSegment(needed)) }))
      .filter((p) => p.found.length > 0);

    const evidence: Record<string, unknown> = {
      registry,
      checkedRepositories: wanted.map((w) => ({ repository: w.repository, tags: w.tags })),
      missingRepositories,
      missingTags,
      ...(pathless.length ? { repositoriesWithoutPath: pathless } : {}),
      ...(unverified.length ? { unverifiedRepositories: unverified.map((u) => ({ repository: u.repository, code: u.error.code, action: u.error.action })) } : {}),
    };
    const valuesPaths = ['global.imageRegistry', ...new Set(wanted.filter((w) => missingRepositories.includes(w.repository) || missingTags.some((m) => m.repository === w.repository)).flatMap((w) => w.paths))];
    if (wanted.length === 0) {
      return { status: 'pass', message: `no image follows global.imageRegistry (${registry}): nothing to pull from ECR`, evidence, valuesPaths: ['global.imageRegistry'] };
    }
    if (missingRepositories.length === 0 && missingTags.length === 0) {
      return {
        status: 'pass',
        message: `all ${wanted.length} repositories exist in ${registry} with their tags`,
        resources,
        evidence,
        valuesPaths: ['global.imageRegistry'],
      };
    }
    const parts: string[] = [];
    if (missingRepositories.length) parts.push(`missing repositories in ${registry}: ${missingRepositories.join(', ')}`);
    if (pathless.length) parts.push(`found without their path: ${pathless.map((p) => `${p.found.join(' / ')} (needed as ${p.needed})`).join(', ')}; the chart keeps the image path under global.imageRegistry`);
    if (missingTags.length) parts.push(`missing tags: ${missingTags.map((m) => `${m.repository}:${m.tag}`).join(', ')}`);
    if (unverified.length) parts.push(`not verified: ${unverified.map((u) => `${u.repository} (${u.error.code}${u.error.action ? ` on ${u.error.action}` : ''})`).join(', ')}`);
    return { status: 'fail', message: parts.join('; '), resources, evidence, valuesPaths };
  },
  remediation: 'create-ecr-repositories',
  docs: {
    what: 'With global.imageRegistry on ECR: every image the enabled components pull through it (Daytona services, dex, busybox, Bitnami PostgreSQL/Redis) exists as a repository at its exact path (registry prefix + image repository, e.g. daytonaio/daytona-api) and holds the tag the values ask for.',
    why: 'The chart renders `<global.imageRegistry>/<image.repository>:<tag>`, keeping the path. A repository named `daytona-api` instead of `daytonaio/daytona-api`, or a tag never pushed, makes the pods fail with ImagePullBackOff.',
    fix: [
      'Create each missing repository with its full path:',
      '  aws ecr create-repository --repository-name daytonaio/daytona-api --image-scanning-configuration scanOnPush=true --encryption-configuration encryptionType=AES256',
      'Copy each image in with its tag:',
      '  aws ecr get-login-password --region <region> | docker login --username AWS --password-stdin <account>.dkr.ecr.<region>.amazonaws.com',
      '  docker pull docker.io/daytonaio/daytona-api:<tag> && docker tag docker.io/daytonaio/daytona-api:<tag> <account>.dkr.ecr.<region>.amazonaws.com/daytonaio/daytona-api:<tag> && docker push <account>.dkr.ecr.<region>.amazonaws.com/daytonaio/daytona-api:<tag>',
      '(or `crane copy` / `skopeo copy`, which keep multi-arch manifests). Alternatively an ECR pull-through cache rule for docker.io.',
    ].join('\n'),
  },
};
