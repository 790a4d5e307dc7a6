import yargs from 'yargs';
import { UsageError } from './errors.js';
import { EXIT } from '../engine/exit-code.js';
import { TOOL_VERSION } from './version.js';

const OUTPUTS = ['table', 'json', 'junit', 'sarif', 'markdown'] as const;
const LIST_OUTPUTS = ['table', 'json', 'markdown'] as const;

/** Parse argv and run one command. Returns the exit code; never throws for user errors. */
export async function main(argv: string[]): Promise<number> {
  // The SDK's multi-line notice about a future Node requirement would break the contract of one
  // clear line on stderr; the package's own `engines` says which Node it supports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let exitCode: number = EXIT.ready;
  const parser = yargs(argv)
    .scriptName('daytona-preflight')
    .usage('$0 <command> [options]\n\nIs this AWS account and EKS cluster ready for the Daytona Helm chart?')
    .command(
      'check',
      'Run the checks (and, with --fix, remediate)',
      (y) =>
        y
          .option('values', { alias: 'f', type: 'string', array: true, description: 'Daytona values file (repeatable; later wins)' })
          .option('set', { type: 'string', array: true, description: 'Helm-style override key=value (repeatable)' })
          .option('cluster', { type: 'string', description: 'EKS cluster name (default: from the current kube context)' })
          .option('region', { type: 'string', description: 'AWS region (default: the SDK chain)' })
          .option('profile', { type: 'string', description: 'AWS shared-config profile' })
          .option('namespace', { type: 'string', default: 'daytona', description: 'Namespace the chart will be installed in' })
          .option('release', { type: 'string', default: 'daytona', description: 'Helm release name' })
          .option('kubeconfig', { type: 'string', description: 'Path to a kubeconfig' })
          .option('context', { type: 'string', description: 'kube context to use' })
          .option('kube', { type: 'boolean', default: true, description: 'Run the in-cluster checks (--no-kube skips them)' })
          .option('only', { type: 'string', array: true, description: 'Only these check ids or areas (comma-separated)' })
          .option('skip', { type: 'string', array: true, description: 'Skip these check ids or areas (comma-separated)' })
          .option('output', { alias: 'o', choices: OUTPUTS, default: 'table' as const, description: 'Format on stdout' })
          .option('output-file', { type: 'string', description: 'Also write the JSON report to this file' })
          .option('fail-on', { choices: ['fail', 'warn'] as const, default: 'fail' as const, description: 'Statuses that make the exit code 1' })
          .option('snapshot', { type: 'string', description: 'Evaluate a saved inventory instead of live AWS/Kubernetes' })
          .option('save-snapshot', { type: 'string', description: 'Write the collected inventory (secrets redacted)' })
          .option('fix', { type: 'boolean', default: false, description: 'Plan remediations for failed checks, confirm, apply, check again' })
          .option('yes', { alias: 'y', type: 'boolean', default: false, description: 'With --fix: apply without asking' })
          .option('dry-run', { type: 'boolean', default: false, description: 'With --fix: print the plan and exact API calls, change nothing' })
          .option('fix-type', { choices: ['safe', 'risky'] as const, default: 'safe' as const, description: 'With --fix: which safety classes may be applied' })
          .option('plan-out', { type: 'string', description: 'With --fix: save the plan, bound to the observed state' })
          .option('apply-plan', { type: 'string', description: 'With --fix: apply a saved plan, refusing it if the state changed' })
          .option('timeout', { type: 'number', default: 120, description: 'Overall deadline in seconds' }),
      async (args) => {
        const { runCheckCommand } = await import('./check-command.js');
        exitCode = await runCheckCommand({
          values: args.values ?? [],
          set: args.set ?? [],
          cluster: args.cluster,
          region: args.region,
          profile: args.profile,
          namespace: args.namespace,
          release: args.release,
          kubeconfig: args.kubeconfig,
          context: args.context,
          kube: args.kube,
          only: args.only ?? [],
          skip: args.skip ?? [],
          output: args.output,
          outputFile: args['output-file'],
          failOn: args['fail-on'],
          snapshot: args.snapshot,
          saveSnapshot: args['save-snapshot'],
          fix: args.fix,
          yes: args.yes,
          dryRun: args['dry-run'],
          fixType: args['fix-type'],
          planOut: args['plan-out'],
          applyPlan: args['apply-plan'],
          timeoutSeconds: args.timeout,
        });
      },
    )
    .command(
      'list-checks',
      'List every check with its metadata',
      (y) => y.option('output', { alias: 'o', choices: LIST_OUTPUTS, default: 'table' as const }),
      async (args) => {
        const { listChecksCommand } = await import('./info-commands.js');
        exitCode = listChecksCommand(args.output);
      },
    )
    .command(
      'explain <check-id>',
      'What a check verifies, why it matters, and how to fix it by hand',
      (y) => y.positional('check-id', { type: 'string', demandOption: true }),
      async (args) => {
        const { explainCommand } = await import('./info-commands.js');
        exitCode = explainCommand(String(args['check-id']));
      },
    )
    .command(
      'permissions',
      'Print the IAM policy (and Kubernetes RBAC) the tool needs',
      (y) => y.option('fix', { type: 'boolean', default: false, description: 'Include the write actions --fix needs' }),
      async (args) => {
        const { permissionsCommand } = await import('./permissions-command.js');
        exitCode = await permissionsCommand({ fix: args.fix });
      },
    )
    .demandCommand(1, 'name a command: check, list-checks, explain or permissions')
    .strict()
    .version(TOOL_VERSION)
    .help()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });

  try {
    await parser.parseAsync();
    return exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`daytona-preflight: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
