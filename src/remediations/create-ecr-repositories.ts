/**
 * create-ecr-repositories: each repository ecr-repositories found missing, created at its exact
 * path with scan on push, AES256 encryption and the managed-by tag. Creating a repository does
 * not fill it: each action carries the commands to copy the images in (crane keeps multi-arch
 * indexes; docker pull/tag/push works too). Missing tags in existing repositories need only those.
 * A registry in another account is a manual step (its repositories are created with its credentials).
 */
import type { CheckResult } from '../engine/types.js';
import type { EcrRegistry, Intent } from '../values/types.js';
import type { PlanContext, PlannedAction, Remediation } from './types.js';
import { ecrRepositoryName } from '../values/ecr.js';
import { evidenceArray, manualAction, managedTags, str, strings } from './support.js';

export const ID = 'create-ecr-repositories';

/** Where the chart would pull an image from without global.imageRegistry: its own registry, else Docker Hub. */
function sourceRegistry(intent: Intent, imagePath: string): string {
  const own = intent.values.get(`${imagePath}.registry`);
  return typeof own === 'string' && own.trim() !== '' && own !== intent.imageRegistry ? own.trim() : 'docker.io';
}

/** The copy commands for one repository's tags (only tags are printed: digests are not copied by name). */
export function copyCommands(intent: Intent, ecr: EcrRegistry, repository: string, tags?: readonly string[]): string[] {
  const images = intent.images.filter((i) => i.followsGlobalRegistry && ecrRepositoryName(i, ecr) === repository && (!tags || tags.includes(i.tag)));
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const i of images) {
    const dest = `${ecr.host}/${repository}:${i.tag}`;
    if (seen.has(dest) || i.tag.startsWith('@')) continue;
    seen.add(dest);
    lines.push(`  crane copy ${sourceRegistry(intent, i.path)}/${i.repository}:${i.tag} ${dest}`);
  }
  return lines;
}

function loginLine(ecr: EcrRegistry): string {
  return `  aws ecr get-login-password --region ${ecr.region} | crane auth login ${ecr.host} -u AWS --password-stdin`;
}

const DOCKER_HINT = '(or: docker pull <source>, docker tag <source> <destination>, docker push <destination>; crane keeps multi-arch indexes, docker copies one platform)';

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  const ecr = ctx.intent.ecr;
  if (!ecr) return [];
  const out: PlannedAction[] = [];
  const missing = strings(result.evidence.missingRepositories);
  const foreign = ctx.accountId !== undefined && ecr.accountId !== ctx.accountId;
  for (const repository of missing) {
    const copy = copyCommands(ctx.intent, ecr, repository);
    const notes = ['Then copy the images in:', loginLine(ecr), ...copy, DOCKER_HINT];
    if (foreign) {
      out.push(
        manualAction(result.id, `repository:${repository}`, `Create ECR repository ${repository} in registry ${ecr.host}, which belongs to account ${ecr.accountId}`, [
          `With credentials of account ${ecr.accountId}:`,
          `  aws ecr create-repository --region ${ecr.region} --repository-name ${repository} --image-scanning-configuration scanOnPush=true --encryption-configuration encryptionType=AES256 --tags Key=managed-by,Value=daytona-preflight`,
          '  and a repository policy that lets the node roles of this account pull.',
          ...notes,
        ]),
      );
      continue;
    }
    out.push({
      id: `${ID}:${repository}`,
      checkId: result.id,
      description: `Create ECR repository ${repository} in ${ecr.host} with scan on push, AES256 encryption and the managed-by tag`,
      calls: [
        {
          api: 'ecr:CreateRepository',
          iamAction: 'ecr:CreateRepository',
          target: `arn:${ctx.partition}:ecr:${ecr.region}:${ecr.accountId}:repository/${repository}`,
          params: {
            repositoryName: repository,
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfiguration: { encryptionType: 'AES256' },
            tags: managedTags(),
          },
          region: ecr.region,
        },
      ],
      safety: 'safe',
      remediation: ID,
      dependsOn: [],
      notes,
    });
  }
  // Tags missing from repositories that exist: nothing to create, only images to copy.
  const byRepo = new Map<string, string[]>();
  for (const m of evidenceArray(result, 'missingTags')) {
    const repo = str(m.repository);
    const tag = str(m.tag);
    if (repo && tag) byRepo.set(repo, [...(byRepo.get(repo) ?? []), tag]);
  }
  for (const [repository, tags] of byRepo) {
    out.push(
      manualAction(result.id, `tags:${repository}`, `Copy ${tags.map((t) => `${repository}:${t}`).join(', ')} into ${ecr.host}`, [loginLine(ecr), ...copyCommands(ctx.intent, ecr, repository, tags), DOCKER_HINT]),
    );
  }
  return out;
}

export const createEcrRepositories: Remediation = {
  id: ID,
  fixes: ['ecr-repositories'],
  // Tags given to CreateRepository are authorized as ecr:TagResource too.
  iamActions: ['ecr:CreateRepository', 'ecr:TagResource'],
  plan,
};
