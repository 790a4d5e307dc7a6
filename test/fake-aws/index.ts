/**
 * A fake AWS account for whole-account tests and the benchmark: a stateful model of one account
 * that answers, through aws-sdk-client-mock, every command the collectors (and --fix) send, with
 * the APIs' response shapes, pagination, errors and regional behaviour.
 *
 * ## Use
 * ```ts
 * const fake = installFakeAws(loadAccount('ready'));          // fixtures/accounts/ready.json
 * const run = await runCli(['check', '--values', accountValuesPath('ready'), '--cluster', 'daytona-prod',
 *                           '--region', 'us-east-2', '--no-kube', '--output', 'json']);
 * run.code; run.report;                                         // exit code, parsed JSON report
 * fake.restore();                                               // always (afterEach)
 * ```
 *
 * ## The model (model.ts)
 * `AccountModel`: accountId, region (home), partition, caller; `ec2` (vpcs, subnets, securityGroups
 * with their `rules`, routeTables, networkAcls, vpcEndpoints, peerings, prefixLists, instances,
 * volumes, launchTemplates), `eks` (clusters with nodegroups, addons, podIdentity; versions), `iam`
 * (roles, users with accessKeys, groups, policies by ARN, instanceProfiles, foreignAccessKeys), `s3`
 * (buckets by name), `rds` (instances, clusters, subnetGroups), `elasticache` (replicationGroups,
 * cacheClusters, subnetGroups, serverless), `ecr` (repositories with images and tags).
 * `loadAccount(name)` reads a description from fixtures/accounts and fills the gaps
 * (`normalizeAccount`); tests edit the returned model freely, before or between runs: every
 * request reads the model as it is then.
 *
 * ## installFakeAws(model, { latencyMs?, maxAttempts? }) → FakeAws
 * - `calls`: every request (operation, IAM action, region, input, start/end, outcome, attempts,
 *   serveMs: the fake's own CPU time for the answer);
 *   `count()` per operation, `count(op)`, `writes()`, `resetCalls()`, `unsupported` (commands
 *   the fake does not model: answered with an error, listed here).
 * - `deny(selector, { when? })`: AccessDenied in the service's own shape (UnauthorizedOperation
 *   for EC2, AccessDeniedException for EKS and ECR, AccessDenied elsewhere). A selector is `*`,
 *   `rds:*`, `ec2:Describe*`, an operation (`s3:HeadBucket`) or its IAM action (`s3:ListBucket`).
 *   sts:GetCallerIdentity is never denied (AWS does not require a permission for it).
 * - `throttle(selector, { attempts = 1, sdkRetries = true, when? })`: the next `attempts`
 *   attempts are throttled (RequestLimitExceeded, ThrottlingException, Throttling, SlowDown).
 *   With sdkRetries the caller sees what the SDK's retry gives it: success with
 *   `$metadata.attempts` > 1 (each attempt costs the latency), or the throttling error once
 *   maxAttempts (6) are spent. Without, the error comes at once.
 * - `latencyMs`: each attempt waits this long (a number, or per operation) before it is answered.
 * - `stub(service)`: the aws-sdk-client-mock stub, for one-off overrides (`.on(Command)` wins).
 * - `clearFaults()`, `restore()`.
 *
 * ## Reads answered (collectors)
 * sts GetCallerIdentity, GetAccessKeyInfo · eks DescribeCluster, ListClusters,
 * DescribeClusterVersions, ListNodegroups, DescribeNodegroup, ListAddons, DescribeAddon,
 * ListPodIdentityAssociations, DescribePodIdentityAssociation · ec2 DescribeVpcs, DescribeSubnets,
 * DescribeSecurityGroups, DescribeSecurityGroupRules, DescribeRouteTables, DescribeNetworkAcls,
 * DescribeVpcEndpoints, DescribeVpcPeeringConnections, DescribePrefixLists, GetManagedPrefixListEntries
 * (customer lists), DescribeInstances,
 * DescribeVolumes, DescribeLaunchTemplateVersions · iam GetRole, GetUser, List/GetRole/User/Group
 * policies, ListAttached*Policies, ListGroupsForUser, GetPolicy, GetPolicyVersion (AWS-managed
 * policies shipped in data/aws-managed-policies exist too), GetInstanceProfile,
 * GetAccessKeyLastUsed, ListAccessKeys · s3 HeadBucket, GetBucketLocation, GetPublicAccessBlock,
 * GetBucketEncryption, GetBucketTagging · rds DescribeDBInstances, DescribeDBClusters,
 * DescribeDBSubnetGroups · elasticache DescribeReplicationGroups, DescribeCacheClusters,
 * DescribeCacheSubnetGroups, DescribeServerlessCaches · ecr DescribeRepositories, DescribeImages,
 * GetRepositoryPolicy.
 * EC2 filters (values ORed, filters ANDed, `tag:<key>`, wildcards; unknown filter names and more
 * than 200 values are refused), id lists (unknown id → InvalidXxx.NotFound), pages at each API's
 * documented size (MaxResults / MaxRecords / MaxItems / maxResults within their ranges; NextToken,
 * Marker + IsTruncated, nextToken; a token from another request is refused).
 *
 * ## Writes applied to the model (--fix), with AWS's "already exists" answers
 * ec2 AuthorizeSecurityGroupIngress/Egress (InvalidPermission.Duplicate), CreateTags,
 * CreateVpcEndpoint (Gateway: routes to the service's prefix list on the route tables;
 * RouteAlreadyExists) · s3 CreateBucket (S3's defaults, tags from CreateBucketConfiguration.Tags; BucketAlreadyOwnedByYou, except the legacy
 * us-east-1 success), PutPublicAccessBlock, PutBucketEncryption, PutBucketTagging · iam CreateUser
 * (EntityAlreadyExistsException), PutUserPolicy, CreateAccessKey (secret starts with
 * FAKE_SECRET_PREFIX: it must never be printed), AttachRolePolicy · ecr
 * CreateRepository (RepositoryAlreadyExistsException).
 *
 * ## Regions
 * Handlers see the calling client's region: an S3 bucket answers only in its own region (301 with
 * x-amz-bucket-region), ECR repositories live in the region (and registry) the model gives them.
 *
 * ## Other helpers
 * `runCli(argv)` runs the CLI's main() in-process, capturing stdout/stderr, parsing the JSON
 * report. `analyseCalls(calls)`: per-operation counts, duplicates, critical path.
 */
export { installFakeAws, FakeAws, WRITE_OPERATIONS, iamActionOf, type CallRecord, type FakeAwsOptions, type FaultOptions, type Selector, type ThrottleOptions } from './install.js';
export * from './model.js';
export { loadAccount, accountValuesPath, ACCOUNTS_DIR } from './fixtures.js';
export { runCli, type CliRun } from './cli.js';
export { analyseCalls, criticalPath, duplicates, describeRequest, type CallAnalysis, type Duplicate } from './analysis.js';
export { FAKE_SECRET_PREFIX } from './handlers/iam.js';
export type { ServiceName } from './context.js';
