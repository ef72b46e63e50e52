import type { Command } from 'commander';
import { registerDemoCommand } from './demo';
import { registerSqlCommand } from './sql';
import { registerExploreCommand } from './explore';
import { registerUiCommand } from './ui';
import { registerSecretsCommand } from './secrets';
import { registerForecastCommand } from './forecast';
import { registerBuildCommand } from './build';
import { registerTestCommand } from './test';
import { registerLineageCommand } from './lineage';
import { registerPublishCommand } from './publish';
import { registerTableCommand } from './table';
import { registerModelsCommand } from './models';
import { registerServeCommand } from './serve';
import { registerNlpCommand } from './nlp';
import { registerRedditServerCommand } from './reddit-server';
import { registerBackfillRedditCommand } from './backfill-reddit';
import { registerAlpacaServerCommand } from './alpaca-server';
import { registerIngestCommand } from './ingest';
import { registerBackfillCommand } from './backfill';
import { registerJobsCommand } from './jobs';
import { registerRunCommand } from './run';
import { registerLoginCommand } from './login';

/**
 * Each command lives in its own module and registers itself here, one line each, in the order
 * a user meets them in `fde --help` (demo first, tools last).
 */
const registrations: Array<(program: Command) => void> = [
  registerDemoCommand,
  registerSqlCommand,
  registerExploreCommand,
  registerUiCommand,
  registerSecretsCommand,
  registerForecastCommand,
  registerBuildCommand,
  registerTestCommand,
  registerLineageCommand,
  registerPublishCommand,
  registerTableCommand,
  registerModelsCommand,
  registerServeCommand,
  registerNlpCommand,
  registerRedditServerCommand,
  registerBackfillRedditCommand,
  registerAlpacaServerCommand,
  registerIngestCommand,
  registerBackfillCommand,
  registerJobsCommand,
  registerRunCommand,
  registerLoginCommand,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
