import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { formatTextTable } from '../format/text-table';
import { parseBacktestFlags } from '../../forecast/options';
import { runForecastBacktest } from '../../forecast/run-backtest';
import { trainFromLake } from '../../forecast/train-lake';
import { DEFAULT_LAKE } from './demo';
import { UsageError } from '../../engine/errors';
import { MODEL_NAMES } from '../../../workers/models/types';
import { createProgress } from '../progress';

export function registerForecastCommand(program: Command): void {
  const forecast = program.command('forecast').description('volatility forecasting: walk-forward backtests of EWMA, GARCH, HAR, log-HAR and a Prophet-style model');
  forecast
    .command('backtest')
    .description('walk-forward backtest (expanding window) with QLIKE/MSE/MAE, Diebold-Mariano vs HAR and a champion per horizon')
    .option('--csv <file>', 'price CSV (daily bars or intraday prices)')
    .option('--time-col <col>', 'date/timestamp column of the CSV')
    .option('--price-col <col>', 'close/price column of the CSV')
    .option('--open-col <col>', 'open column (range-based targets)')
    .option('--high-col <col>', 'high column (range-based targets)')
    .option('--low-col <col>', 'low column (range-based targets)')
    .option('--lake <dir>', 'read gold tables from this lake instead of a CSV')
    .option('--symbol <sym>', 'symbol (required with --lake; labels CSV runs)')
    .option('--freq <freq>', '1d | 30min | 5min (default: inferred)')
    .option('--target <t>', 'rv | parkinson | gk | rs | yz | c2c (default: rv intraday, parkinson with high/low, else c2c)')
    .option('--horizons <list>', 'forecast horizons in trading days', '1,5')
    .option('--refit-every <k>', 'refit every K days', '22')
    .option('--oos-start <date>', 'first out-of-sample day (default: the middle of the sample)')
    .option('--since <date>', 'ignore days before this date (e.g. keep the period with sentiment)')
    .option('--models <list>', `any of ${MODEL_NAMES.join(',')}`, 'ewma,garch,har,loghar,prophet')
    .option('--register', 'store the runs, forecasts and champion alias in the lake registry (needs --lake)')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      `\nExamples:\n  $ fde forecast backtest --csv resources/market/msft_daily_2000_2001.csv --time-col date --price-col close --open-col open --high-col high --low-col low --json\n  $ fde forecast backtest --lake ./lake --symbol MSFT --register`,
    )
    .action(async (raw: Record<string, unknown>) => {
      const flags = parseBacktestFlags(raw);
      const symbol = flags.symbol ?? (flags.csv ? basename(flags.csv, extname(flags.csv)) : 'SERIES');
      const out = await runForecastBacktest({ ...flags, symbol, ...(flags.json ? {} : { progress: createProgress() }) });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(out.json)}\n`);
        return;
      }
      const rows = out.backtest.evaluation.scores.map((s) => ({
        model: s.name,
        h: s.horizon,
        n: s.n,
        qlike: s.qlike.toFixed(4),
        mse: s.mse.toExponential(3),
        mae_vol: s.mae_vol.toExponential(3),
        dm_vs_har: s.name === 'har' ? '' : `${s.dm_vs_har.stat.toFixed(2)} (p=${s.dm_vs_har.p.toFixed(3)})`,
      }));
      process.stdout.write(`${symbol}: target ${out.target}, ${out.nObs} days, out-of-sample from ${out.oosStartDate}\n`);
      process.stdout.write(`${formatTextTable(['model', 'h', 'n', 'qlike', 'mse', 'mae_vol', 'dm_vs_har'], rows)}\n`);
      process.stdout.write(`champion: ${Object.entries(out.backtest.evaluation.champion).map(([h, m]) => `h=${h} ${m}`).join(', ')}\n`);
      if (out.registered) process.stdout.write(`registered ${out.registered.runs} runs (batch ${out.registered.batchId})\n`);
    });
  forecast
    .command('train')
    .description('backtest and register every symbol of the lake (gold tables) and set the champion aliases')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--symbols <list>', 'only these symbols (comma-separated)')
    .option('--models <list>', `models to run (any of ${MODEL_NAMES.join(',')})`, 'ewma,garch,har,loghar,prophet')
    .option('--horizons <list>', 'forecast horizons in trading days', '1,5')
    .option('--refit-every <k>', 'refit every K days', '22')
    .option('--json', 'print NDJSON, one line per symbol')
    .addHelpText('after', '\nExamples:\n  $ fde forecast train --lake ./lake\n  $ fde models ls --lake ./lake')
    .action(async (o: { lake: string; symbols?: string; models: string; horizons: string; refitEvery: string; json?: boolean }) => {
      const horizons = o.horizons.split(',').map(Number);
      const refitEvery = Number(o.refitEvery);
      if (!horizons.every((h) => Number.isInteger(h) && h >= 1 && h <= 66)) throw new UsageError(`--horizons ${o.horizons}: integers 1..66`);
      if (!Number.isInteger(refitEvery) || refitEvery < 1) throw new UsageError(`--refit-every ${o.refitEvery}: an integer >= 1`);
      const trained = await trainFromLake(o.lake, {
        ...(o.symbols ? { symbols: o.symbols.split(',').map((s) => s.trim()) } : {}),
        models: o.models.split(','),
        horizons,
        refitEvery,
      });
      for (const t of trained) {
        process.stdout.write(o.json ? `${JSON.stringify(t)}\n` : `${t.symbol}: ${t.status}${t.reason ? ` (${t.reason})` : ''}${t.champion ? ` champion ${Object.entries(t.champion).map(([h, m]) => `h=${h} ${m}`).join(', ')}` : ''}\n`);
      }
    });
}
