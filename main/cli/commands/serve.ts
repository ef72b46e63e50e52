import type { Command } from 'commander';
import { portOption, untilStopped } from '../options';
import { DEFAULT_LAKE } from './demo';
import { startForecastServer } from '../../forecast/server';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('inference API on 127.0.0.1: champion volatility forecasts (bearer token), /health, /openapi.json')
    .option('--lake <dir>', 'lake folder or URL with the model registry', DEFAULT_LAKE)
    .option('--port <port>', 'port (0 picks a free one)', portOption, 8765)
    .addHelpText(
      'after',
      `\nThe token comes from FDE_API_TOKEN, else a random one is printed at start.\nExamples:\n  $ fde serve --lake ./lake --port 8765\n  $ curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8765/forecast?symbol=MSFT&horizon=1"`,
    )
    .action(async (o: { lake: string; port: number }) => {
      const fromEnv = Boolean(process.env.FDE_API_TOKEN);
      const server = await startForecastServer({ lake: o.lake, port: o.port });
      process.stdout.write(`serving forecasts on ${server.url} (lake ${o.lake})\n`);
      // The token is shown only when generated here: an env-provided secret is never echoed.
      process.stdout.write(fromEnv ? 'token: from FDE_API_TOKEN\n' : `token: ${server.token}\n`);
      await untilStopped();
      await server.close();
    });
}
