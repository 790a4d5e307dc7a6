import yargs, { type Argv } from 'yargs';
import { UsageError } from './errors.js';
import { EXIT } from '../engine/exit-code.js';
import { TOOL_VERSION } from './version.js';

const OUTPUTS = ['table', 'json', 'junit', 'sarif', 'markdown'] as const;
const LIST_OUTPUTS = ['table', 'json', 'markdown'] as const;

const checkOptions = <T>(y: Argv<T>) =>
  y
    .option('values', { alias: 'f', type: 'string', array: true, requiresArg: true, description: 'Daytona values file (repeatable; later wins)' })
    .option('set', { type: 'string', array: true, requiresArg: true, description: 'Helm-style override key=value (repeatable)' })
    .option('cluster', { type: 'string', requiresArg: true, description: 'EKS cluster name (default: from the current kube context)' })
    .option('region', { type: 'string', requiresArg: true, description: 'AWS region (default: the SDK chain)' })
    .option('profile', { type: 'string', requiresArg: true, description: 'AWS shared-config profile' })
    .option('namespace', { type: 'string', default: 'daytona', requiresArg: true, description: 'Namespace the chart will be installed in' })
    .option('release', { type: 'string', default: 'daytona', requiresArg: true, description: 'Helm release name' })
    .option('kubeconfig', { type: 'string', requiresArg: true, description: 'Path to a kubeconfig' })
    .option('context', { type: 'string', requiresArg: true, description: 'kube context to use' })
    .option('kube', { type: 'boolean', default: true, description: 'Run the in-cluster checks (--no-kube skips them)' })
    .option('only', { type: 'string', array: true, requiresArg: true, description: 'Only these check ids or areas (comma-separated)' })
    .option('skip', { type: 'string', array: true, requiresArg: true, description: 'Skip these check ids or areas (comma-separated)' })
    .option('output', { alias: 'o', choices: OUTPUTS, default: 'table' as const, requiresArg: true, description: 'Format on stdout' })
    .option('output-file', { type: 'string', requiresArg: true, description: 'Also write the JSON report to this file' })
    .option('fail-on', { choices: ['fail', 'warn'] as const, default: 'fail' as const, requiresArg: true, description: 'Statuses that make the exit code 1' })
    .option('snapshot', { type: 'string', requiresArg: true, description: 'Evaluate a saved inventory instead of live AWS/Kubernetes' })
    .option('save-snapshot', { type: 'string', requiresArg: true, description: 'Write the collected inventory (secrets redacted)' })
    .option('fix', { type: 'boolean', default: false, description: 'Plan remediations for failed checks, confirm, apply, check again' })
    .option('yes', { alias: 'y', type: 'boolean', default: false, description: 'With --fix: apply without asking' })
    .option('dry-run', { type: 'boolean', default: false, description: 'With --fix: print the plan and exact API calls, change nothing' })
    .option('fix-type', { choices: ['safe', 'risky'] as const, default: 'safe' as const, requiresArg: true, description: 'With --fix: which safety classes may be applied' })
    .option('plan-out', { type: 'string', requiresArg: true, description: 'With --fix: save the plan, bound to the observed state' })
    .option('apply-plan', { type: 'string', requiresArg: true, description: 'With --fix: apply a saved plan, refusing it if the state changed' })
    .option('timeout', { type: 'number', default: 120, requiresArg: true, description: 'Overall deadline in seconds' });

const listOptions = <T>(y: Argv<T>) => y.option('output', { alias: 'o', choices: LIST_OUTPUTS, default: 'table' as const, requiresArg: true });
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
      // yargs reports some parse errors as a YError ("Not enough arguments following: f"), and
      // spreads some messages over lines ("Invalid values:\n  Argument: …"): one line each.
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(unknownArgumentsHint((msg || err?.message || 'invalid arguments').replace(/:?\s*\n\s*/g, ': ')));
    });
}

/** Helm flags the tool does not take, with what to use instead. */
const HELM_ONLY_FLAGS: Record<string, string> = {
  'set-string': '--values with a YAML file, where a quoted value stays a string',
  'set-file': '--values with a file that holds the value',
  'set-json': '--values with a YAML file',
  'set-literal': '--set with the value quoted',
};

/**
 * yargs names an unknown flag twice ("set-string, setString"): name it once, as typed, and point
 * Helm's other --set flags to what this tool takes.
 */
function unknownArgumentsHint(message: string): string {
  const m = /^Unknown arguments?: (.*)$/.exec(message);
  if (!m) return message;
  const names = m[1]!.split(', ').filter((n, _i, all) => !(/[A-Z]/.test(n) && all.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))));
  const hints = names.flatMap((n) => (HELM_ONLY_FLAGS[n] ? [`--${n} is not supported: use ${HELM_ONLY_FLAGS[n]}`] : []));
  return `Unknown argument${names.length > 1 ? 's' : ''}: ${names.join(', ')}${hints.length ? ` (${hints.join('; ')})` : ''}`;
}

/**
 * An option that takes one value but was given twice arrives as a list ("--output json --output
 * table"), which would reach the command as a malformed value: refuse it, naming the option.
 */
function refuseRepeats(y: Argv<unknown>, args: Record<string, unknown>): void {
  // getOptions() is public yargs API that its type declarations omit.
  const { array, key } = (y as unknown as { getOptions(): { array: string[]; key: Record<string, unknown> } }).getOptions();
  for (const name of Object.keys(key)) {
    if (!array.includes(name) && Array.isArray(args[name])) throw new UsageError(`${name.length === 1 ? '-' : '--'}${name} was given more than once: give it once`);
  }
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
  // A reader that stops early (`… --output json | head`) closes the pipe: the rest of the output
  // has nowhere to go, which is no error of the run (and no stack trace on stderr).
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const command = COMMANDS.find((c) => c.name === argv[0]);
  try {
    if (!command) {
      await topLevelParser(argv).parseAsync();
      // --help and --version print and exit; anything else failed above.
      throw new UsageError('name a command: check, list-checks, explain or permissions');
    }
    const parser = commandParser(command, argv.slice(1));
    const args = await parser.parseAsync();
    refuseRepeats(parser, args);
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
