/**
 * ECR collector: the repositories the install pulls from, at their exact path in the registry's
 * account and region, which of the wanted tags they hold, and (for a registry of another account)
 * their repository policy.
 *
 * Calls go to a client of the registry's region (rt.send's region option), with registryId set,
 * so a registry elsewhere is read where it is.
 *
 * Strategy, for few calls and one round trip:
 * - DescribeRepositories with all names at once (one call per 100). It fails as a whole with
 *   RepositoryNotFoundException when any name is missing; only then is each name asked alone,
 *   concurrently. Listing the whole registry instead would need broad rights, many pages in a big
 *   account, and does not work across accounts.
 * - DescribeImages per repository with the wanted tags as imageIds, started at the same time.
 *   It is read-only, unlike BatchGetImage, which counts as a pull (it moves lastRecordedPullTime
 *   and makes a pull-through cache fetch upstream). It too fails as a whole (ImageNotFoundException)
 *   when one tag is missing: one tag then means absent, several are asked one by one.
 * - GetRepositoryPolicy per repository, also at the same time, only across accounts.
 */
import type * as Ecr from '@aws-sdk/client-ecr';
import type { Fact, FactError } from '../fact.js';
import type { EcrFacts, EcrRepository, PolicyDocument } from '../types.js';
import type { EcrRegistry } from '../../values/types.js';
// The one definition of "which ECR repository an image resolves to", shared with the checks.
import { ecrRepositoryName } from '../../values/ecr.js';
import { toFactError, type AwsRuntime, type CallOptions } from './runtime.js';

export const ACTIONS: readonly string[] = ['ecr:DescribeRepositories', 'ecr:DescribeImages', 'ecr:GetRepositoryPolicy'];

const loadEcr = (): Promise<typeof Ecr> => import('@aws-sdk/client-ecr');

/** DescribeRepositories takes at most 100 names. */
const NAMES_PER_CALL = 100;

const nameOf = (err: unknown): string | undefined => (err as { name?: string })?.name;

interface Ctx {
  rt: AwsRuntime;
  m: typeof Ecr;
  registryId: string;
  opts: CallOptions;
}

type RepoFact = Fact<Ecr.Repository | null>;

async function describeOne(ctx: Ctx, name: string): Promise<RepoFact> {
  try {
    const out = await ctx.rt.send<Ecr.DescribeRepositoriesCommandOutput>('ecr:DescribeRepositories', new ctx.m.DescribeRepositoriesCommand({ registryId: ctx.registryId, repositoryNames: [name] }), ctx.opts);
    return { value: out.repositories?.find((r) => r.repositoryName === name) ?? null };
  } catch (err) {
    if (nameOf(err) === 'RepositoryNotFoundException') return { value: null };
    return { error: toFactError(err, 'ecr:DescribeRepositories') };
  }
}

/** Repositories by ECR name: all names in one call; one call per name only when some are missing. */
async function describeRepositories(ctx: Ctx, names: string[]): Promise<Map<string, RepoFact>> {
  const found = new Map<string, RepoFact>();
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_CALL) chunks.push(names.slice(i, i + NAMES_PER_CALL));
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        const out = await ctx.rt.send<Ecr.DescribeRepositoriesCommandOutput>('ecr:DescribeRepositories', new ctx.m.DescribeRepositoriesCommand({ registryId: ctx.registryId, repositoryNames: chunk }), ctx.opts);
        const byName = new Map((out.repositories ?? []).map((r) => [r.repositoryName, r]));
        for (const name of chunk) found.set(name, { value: byName.get(name) ?? null });
      } catch (err) {
        if (nameOf(err) === 'RepositoryNotFoundException') {
          const each = await Promise.all(chunk.map((name) => describeOne(ctx, name)));
          chunk.forEach((name, i) => found.set(name, each[i]!));
        } else {
          const error = toFactError(err, 'ecr:DescribeRepositories');
          for (const name of chunk) found.set(name, { error });
        }
      }
    }),
  );
  return found;
}

/** An archived (or still restoring) image cannot be pulled: its tags do not count as present. */
const pullable = (d: Ecr.ImageDetail): boolean => d.imageStatus === undefined || d.imageStatus === 'ACTIVE';

/** Tags found, or 'no-image' when DescribeImages says one of them is missing. */
async function describeImages(ctx: Ctx, name: string, tags: string[]): Promise<string[] | 'no-image' | { error: FactError }> {
  try {
    const out = await ctx.rt.send<Ecr.DescribeImagesCommandOutput>(
      'ecr:DescribeImages',
      new ctx.m.DescribeImagesCommand({ registryId: ctx.registryId, repositoryName: name, imageIds: tags.map((imageTag) => ({ imageTag })) }),
      ctx.opts,
    );
    const have = new Set((out.imageDetails ?? []).filter(pullable).flatMap((d) => d.imageTags ?? []));
    return tags.filter((t) => have.has(t));
  } catch (err) {
    if (nameOf(err) === 'ImageNotFoundException') return 'no-image';
    return { error: toFactError(err, 'ecr:DescribeImages') };
  }
}

/** Which of the wanted tags the repository holds. */
async function presentTags(ctx: Ctx, name: string, tags: string[]): Promise<Fact<string[]>> {
  const all = await describeImages(ctx, name, tags);
  if (Array.isArray(all)) return { value: all };
  if (all !== 'no-image') return all;
  if (tags.length === 1) return { value: [] };
  const each = await Promise.all(tags.map((t) => describeImages(ctx, name, [t])));
  const present: string[] = [];
  for (const r of each) {
    if (Array.isArray(r)) present.push(...r);
    else if (r !== 'no-image') return r;
  }
  return { value: tags.filter((t) => present.includes(t)) };
}

/** The repository policy (JSON, not URL-encoded); null when none is set. */
async function repositoryPolicy(ctx: Ctx, name: string): Promise<Fact<PolicyDocument | null>> {
  const action = 'ecr:GetRepositoryPolicy';
  let text: string | undefined;
  try {
    const out = await ctx.rt.send<Ecr.GetRepositoryPolicyCommandOutput>(action, new ctx.m.GetRepositoryPolicyCommand({ registryId: ctx.registryId, repositoryName: name }), ctx.opts);
    text = out.policyText;
  } catch (err) {
    if (nameOf(err) === 'RepositoryPolicyNotFoundException') return { value: null };
    return { error: toFactError(err, action) };
  }
  if (!text) return { value: null };
  try {
    const doc = JSON.parse(text) as PolicyDocument;
    if (!doc?.Statement || typeof doc.Statement !== 'object') throw new Error('no Statement');
    return { value: doc };
  } catch {
    return { error: { code: 'InvalidPolicyDocument', message: `the repository policy of ${name} is not a valid policy document`, action } };
  }
}

/**
 * The repositories the images live in. `images` carry the image's own path (ImageRef.repository,
 * e.g. `daytonaio/daytona-api`); the repository looked up, and the key of the result, is its ECR
 * name: the registry's path prefix (global.imageRegistry `host/mirror`) first, as the chart renders
 * it (ecrRepositoryName). `null` when the repository does not exist. `opts.callerAccountId` (from
 * STS): repository policies are read only when the registry belongs to another account, or when
 * the caller's account is not known.
 */
export async function collectEcr(rt: AwsRuntime, registry: EcrRegistry, images: { repository: string; tag: string }[], opts: { callerAccountId?: string } = {}): Promise<EcrFacts> {
  const wanted = new Map<string, string[]>();
  for (const image of images) {
    const name = ecrRepositoryName(image, registry);
    const tags = wanted.get(name) ?? [];
    if (!tags.includes(image.tag)) tags.push(image.tag);
    wanted.set(name, tags);
  }
  const facts: EcrFacts = { registryId: registry.accountId, region: registry.region, repositories: {} };
  if (!wanted.size) return facts;

  const ctx: Ctx = { rt, m: await loadEcr(), registryId: registry.accountId, opts: { region: registry.region } };
  const crossAccount = opts.callerAccountId === undefined || opts.callerAccountId !== registry.accountId;
  const entries = [...wanted].map(([name, tags]) => ({ name, tags }));

  // Everything at once: the tag and policy reads of a missing repository are simply discarded.
  const [repos, tagFacts, policies] = await Promise.all([
    describeRepositories(ctx, entries.map((e) => e.name)),
    Promise.all(entries.map((e) => presentTags(ctx, e.name, e.tags))),
    crossAccount ? Promise.all(entries.map((e) => repositoryPolicy(ctx, e.name))) : Promise.resolve(undefined),
  ]);

  entries.forEach((e, i) => {
    const repo = repos.get(e.name)!;
    if ('error' in repo || repo.value === null) {
      facts.repositories[e.name] = 'error' in repo ? repo : { value: null };
      return;
    }
    const r = repo.value;
    const value: EcrRepository = { name: r.repositoryName ?? e.name, arn: r.repositoryArn ?? '', uri: r.repositoryUri ?? '', presentTags: tagFacts[i]! };
    if (policies) value.policy = policies[i]!;
    facts.repositories[e.name] = { value };
  });
  return facts;
}
