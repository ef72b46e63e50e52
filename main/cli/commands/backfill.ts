import type { Command } from 'commander';
import { FdeError, UsageError } from '../../engine/errors';
import { createProgress } from '../progress';
import { openLake } from '../../lake/index';
import { backfillAlpaca, type BackfillWhat } from '../../sources/alpaca/backfill';
import { resolveAlpacaKeys } from '../../sources/alpaca/credentials';
import { isLoopbackUrl } from '../../engine/loopback';

/**
 * `fde backfill <source>`: the shared parent command. Each source adds its subcommand from its
 * own module with `backfillParent(program).command('<source>')...` and registers that function
 * in commands/index.ts (see docs/alpaca.md). Order does not matter: whoever comes first creates
 * the parent.
 */
export function backfillParent(program: Command): Command {
  return program.commands.find((c) => c.name() === 'backfill') ?? program.command('backfill').description('load history from a source into the lake');
}

export function registerBackfillCommand(program: Command): void {
  registerBackfillAlpaca(backfillParent(program));
}


function registerBackfillAlpaca(parent: Command): void {
  parent
    .command('alpaca')
    .description('backfill Alpaca bars, trades or quotes into bronze (resumable: per symbol and day)')
    .requiredOption('--what <kind>', 'bars, trades or quotes')
    .requiredOption('--symbols <list>', 'comma list of symbols')
    .requiredOption('--start <date>', 'first day (YYYY-MM-DD)')
    .requiredOption('--end <date>', 'last day, inclusive (YYYY-MM-DD)')
    .requiredOption('--lake <dir>', 'lake folder or URL')
    .option('--timeframe <tf>', 'bars only: 1Min..59Min, 1Hour..23Hour, 1Day, 1Week, 1Month', '1Min')
    .option('--rest-url <url>', 'REST base URL (an fde alpaca-server); real Alpaca when omitted', 'https://data.alpaca.markets')
    .option('--feed <feed>', 'sip, iex, otc (real Alpaca free plans need iex for recent data)')
    .option('--adjustment <a>', 'bars: raw, split, dividend, all')
    .option('--concurrency <n>', 'symbols fetched in parallel', '4')
    .addHelpText(
      'after',
      `\nA killed backfill continues where it stopped: every symbol-day commits with its own checkpoint.\n` +
        `Examples:\n  $ fde backfill alpaca --what bars --timeframe 1Day --symbols MSFT,IBM --start 2000-10-02 --end 2001-09-27 --lake ./lake --rest-url http://127.0.0.1:8090\n` +
        `  $ fde backfill alpaca --what trades --symbols MSFT --start 2000-10-02 --end 2000-10-06 --lake ./lake --rest-url http://127.0.0.1:8090`,
    )
    .action(async (o: { what: string; symbols: string; start: string; end: string; lake: string; timeframe: string; restUrl: string; feed?: string; adjustment?: string; concurrency: string }) => {
      if (!['bars', 'trades', 'quotes'].includes(o.what)) throw new UsageError(`--what must be bars, trades or quotes, got "${o.what}"`);
      const symbols = o.symbols.split(',').map((s) => s.trim()).filter(Boolean);
      if (symbols.length === 0 || !symbols.every((s) => /^[A-Z0-9][A-Z0-9./-]{0,20}$/.test(s))) throw new UsageError(`--symbols must be a comma list of symbols, got "${o.symbols}"`);
      const keys = await resolveAlpacaKeys({ offline: isLoopbackUrl(o.restUrl) });
      if (!keys) throw new FdeError('no Alpaca keys found', 'set APCA_API_KEY_ID and APCA_API_SECRET_KEY (or store them with fde secrets)');
      const lake = await openLake(o.lake);
      const progress = createProgress();
      let started = false;
      const result = await backfillAlpaca({
        restUrl: o.restUrl,
        ...keys,
        lake,
        symbols,
        start: o.start,
        end: o.end,
        what: o.what as BackfillWhat,
        timeframe: o.timeframe,
        feed: o.feed,
        adjustment: o.adjustment,
        concurrency: Number(o.concurrency) || 4,
        onProgress: (p) => {
          if (!started) progress.start(`backfill ${o.what}`, p.total);
          started = true;
          progress.update(p.done, `${p.symbol} ${p.day}${p.skipped ? ` (${p.skipped} already done)` : ''}`);
        },
      });
      progress.stop(`backfill ${o.what}: ${result.committedRows} rows committed, ${result.skippedUnits} symbol-days already done, ${result.quarantined} quarantined`);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
