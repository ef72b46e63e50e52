import { Command, CommanderError } from 'commander';
import { FdeError, UsageError } from '../engine/errors';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors';
import { registerCommands } from './commands/index';

/** Builds the `fde` program. Exported for tests that inspect the help text. */
export function buildProgram(): Command {
  const program = new Command('fde')
    .description(
      'Fintech Data Engine: market data and social sentiment lakehouse with volatility forecasting.',
    )
    .option('--verbose', 'print stack traces and debug logs')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  $ fde demo                         run the offline end-to-end demo into ./lake
  $ fde sql "SELECT * FROM gold.fact_realized_vol_daily LIMIT 5"
  $ fde ui --lake ./lake             open the workstation in a browser
  $ fde <command> --help             help and examples for one command`,
  );
  registerCommands(program);
  // Every subcommand inherits the usage-error behaviour of the root.
  for (const sub of program.commands) applyExitOverride(sub);
  return program;
}

function applyExitOverride(cmd: Command): void {
  cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const sub of cmd.commands) applyExitOverride(sub);
}

/** Runs the CLI and returns the process exit code (never throws). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, verbose);
  }
}

function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // help and version are "errors" to commander; they already printed their text.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
    if (error.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${firstLine(message)}\n`);
  if (error instanceof FdeError && error.hint) process.stderr.write(`hint: ${error.hint}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else if (!(error instanceof FdeError)) process.stderr.write('hint: re-run with --verbose for details\n');
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 0 ? line : 'unknown error';
}
