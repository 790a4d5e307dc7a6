import yargs, { type Argv } from 'yargs';
import { UsageError } from './errors.js';
import { EXIT } from '../engine/exit-code.js';
import { TOOL_VERSION } from './version.js';

const OUTPUTS = ['table', 'json', 'junit', 'sarif', 'markdown'] as const;
const LIST_OUTPUTS = ['table', 'json', 'markdown'] as const;

const checkOptions = <T>(y: Argv<T>) =>
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
    .option('timeout', { type: 'number', default: 120, description: 'Overall deadline in seconds' });

const listOptions = <T>(y: Argv<T>) => y.option('output', { alias: 'o', choices: LIST_OUTPUTS, default: 'table' as const });
const permissionsOptions = <T>(y: Argv<T>) => y.option('fix', { type: 'boolean', default: false, description: 'Include the write actions --fix needs' });
type ArgsOf<B extends (y: Argv) => Argv<unknown>> = ReturnType<B> extends Argv<infer A> ? A : never;

interface CommandSpec {
  name: string;
  /** The positional arguments, as yargs writes them. */
  positionals?: string;
  description: string;
  options: <T>(y: Argv<T>) => Argv<unknown>;
  /** How many positional arguments it takes. */
  arity: number;
}

const COMMANDS: readonly CommandSpec[] = [
  { name: 'check', description: 'Run the checks (and, with --fix, remediate)', options: checkOptions, arity: 0 },
  { name: 'list-checks', description: 'List every check with its metadata', options: listOptions, arity: 0 },
  { name: 'explain', positionals: '<check-id>', description: 'What a check verifies, why it matters, and how to fix it by hand', options: (y) => y, arity: 1 },
  { name: 'permissions', description: 'Print the IAM policy (and Kubernetes RBAC) the tool needs', options: permissionsOptions, arity: 0 },
];

const WIDTH = Math.min(110, process.stdout.columns || 110);

function finish<T>(y: Argv<T>): Argv<T> {
  return y
    .strict()
    .version(TOOL_VERSION)
    .help()
    .wrap(WIDTH)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
}

/** Every command listed, for `--help` and for a missing or unknown command. */
function topLevelParser(argv: string[]): Argv<unknown> {
  let y: Argv<unknown> = yargs(argv)
    .scriptName('daytona-preflight')
    .usage('$0 <command> [options]\n\nIs this AWS account and EKS cluster ready for the Daytona Helm chart?');
  for (const c of COMMANDS) y = y.command(c.positionals ? `${c.name} ${c.positionals}` : c.name, c.description, c.options);
  return finish(y.demandCommand(1, 'name a command: check, list-checks, explain or permissions'));
}

/**
 * One command's parser, without yargs' command machinery: yargs renders (and caches) the whole
 * help text before running any command handler, ~12 ms of CPU before the first AWS call.
 */
function commandParser(c: CommandSpec, rest: string[]): Argv<unknown> {
  const tooMany = c.arity ? `${c.name} takes one argument: ${c.positionals}` : `${c.name} takes no positional arguments`;
  const y = yargs(rest)
    .scriptName(`daytona-preflight ${c.name}`)
    .usage(`$0${c.positionals ? ` ${c.positionals}` : ''} [options]\n\n${c.description}`)
    .demandCommand(c.arity, c.arity, `${c.name} needs ${c.positionals}`, tooMany);
  return finish(c.options(y));
}

/** Parse argv and run one command. Returns the exit code; never throws for user errors. */
export async function main(argv: string[]): Promise<number> {
  // The SDK's multi-line notice about a future Node requirement would break the contract of one
  // clear line on stderr; the package's own `engines` says which Node it supports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const command = COMMANDS.find((c) => c.name === argv[0]);
  try {
    if (!command) {
      await topLevelParser(argv).parseAsync();
      // --help and --version print and exit; anything else failed above.
      throw new UsageError('name a command: check, list-checks, explain or permissions');
    }
    const args = await commandParser(command, argv.slice(1)).parseAsync();
    return await dispatch(command.name, args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`daytona-preflight: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

async function dispatch(command: string, argv: unknown): Promise<number> {
  switch (command) {
    case 'check': {
      const args = argv as ArgsOf<typeof checkOptions>;
      const { runCheckCommand } = await import('./check-command.js');
      return runCheckCommand({
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
    }
    case 'list-checks': {
      const { listChecksCommand } = await import('./info-commands.js');
      return listChecksCommand((argv as ArgsOf<typeof listOptions>).output);
    }
    case 'explain': {
      const { explainCommand } = await import('./info-commands.js');
      return explainCommand(String((argv as { _: unknown[] })._[0]));
    }
    case 'permissions': {
      const { permissionsCommand } = await import('./permissions-command.js');
      return permissionsCommand({ fix: (argv as ArgsOf<typeof permissionsOptions>).fix });
    }
    default:
      throw new UsageError(`unknown command ${command}: use check, list-checks, explain or permissions`);
  }
}
