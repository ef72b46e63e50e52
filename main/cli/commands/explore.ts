import { resolve } from 'node:path';
import type { Command } from 'commander';
import { IsoDate, Symbol } from '../../../api/common';
import { openDuck } from '../../duck/duck';
import { FdeError, UsageError } from '../../engine/errors';
import { openLake } from '../../lake/index';
import { MART, martRows } from '../../research/explorer';
import { exploreStats, type ExploreStatsObject } from '../../../pipelines/research/explore-stats';
import { formatTextTable } from '../format/text-table';
import { DEFAULT_LAKE } from './demo';

/**
 * `fde explore`: the sentiment-vs-volatility statistics of one symbol (CCF, OLS with Newey-West
 * SEs, Granger both ways), the same numbers the explorer view shows. See docs/research.md.
 */
export function registerExploreCommand(program: Command): void {
  program
    .command('explore')
    .description('sentiment vs volatility statistics of one symbol: cross-correlation, HAC regression, Granger tests')
    .requiredOption('--symbol <S>', 'ticker, e.g. MSFT')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--from <date>', 'first date (YYYY-MM-DD)')
    .option('--to <date>', 'last date (YYYY-MM-DD)')
    .option('--json', 'print the statistics as one JSON object')
    .addHelpText('after', '\nExample:\n  $ fde explore --lake ./lake --symbol MSFT --from 2000-09-27 --to 2001-09-27 --json')
    .action(async (options: { symbol: string; lake: string; from?: string; to?: string; json?: boolean }) => {
      const symbol = Symbol.safeParse(options.symbol);
      if (!symbol.success) throw new UsageError(`invalid --symbol '${options.symbol}'`, 'symbols are upper-case tickers such as MSFT');
      for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
        if (value !== undefined && !isCalendarDate(value)) throw new UsageError(`invalid ${flag} '${value}'`, 'dates are YYYY-MM-DD');
      }
      if (options.from && options.to && options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
      const lake = await openLake(options.lake.includes('://') ? options.lake : resolve(options.lake));
      const duck = await openDuck();
      try {
        const ids = await lake.attach(duck);
        if (!ids.includes(MART)) throw new FdeError(`the lake has no ${MART}`, 'build it with: fde demo --lake <dir> (or fde build)');
        const rows = await martRows(duck, symbol.data, options.from, options.to);
        if (rows.length === 0) throw new FdeError(`no rows for ${symbol.data} in ${MART}${options.from || options.to ? ' in that range' : ''}`, `list symbols with: fde sql "SELECT DISTINCT symbol FROM ${MART}"`);
        let stats: ExploreStatsObject;
        try {
          stats = exploreStats(symbol.data, rows);
        } catch (error) {
          throw new FdeError(error instanceof Error ? error.message : String(error), 'widen the range with --from/--to');
        }
        process.stdout.write(options.json ? `${JSON.stringify(stats)}\n` : `${formatStats(stats, rows[0]!.date, rows[rows.length - 1]!.date)}\n`);
      } finally {
        duck.close();
        await lake.close();
      }
    });
}

/** YYYY-MM-DD and a real day (2001-13-01 and 2001-02-30 are not). */
function isCalendarDate(value: string): boolean {
  if (!IsoDate.safeParse(value).success) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const fmt = (x: number | null, digits = 4): string => (x === null ? 'n/a' : Math.abs(x) < 1e-4 && x !== 0 ? x.toExponential(2) : x.toFixed(digits));

function formatStats(s: ExploreStatsObject, from: string, to: string): string {
  const keys = ['const', 'sentiment', 'log_mentions', 'log_variance'] as const;
  const ols = keys.map((k) => ({ term: k, coef: fmt(s.ols.coef[k]), se: fmt(s.ols.se[k]), t: fmt(s.ols.t[k], 2), p: fmt(s.ols.p[k]) }));
  const significant = s.ccf.filter((c) => c.r !== null && Math.abs(c.r) > s.band).map((c) => `${c.lag}`);
  const g = (name: string, x: ExploreStatsObject['granger']['sentiment_to_volatility']) =>
    `  ${name}: lag ${x.lag}, F(${x.df_num}, ${x.df_den}) = ${fmt(x.F, 3)}, p = ${fmt(x.p)}`;
  return [
    `${s.symbol}: ${s.n} days, ${from} .. ${to}`,
    '',
    `Cross-correlation r_k of sentiment s_t with log variance v_{t+k} (band +-${s.band.toFixed(4)}):`,
    `  ${s.ccf.map((c) => `${c.lag}:${fmt(c.r, 3)}`).join('  ')}`,
    `  outside the band at lags: ${significant.length > 0 ? significant.join(', ') : 'none'}`,
    '',
    `ln(next variance) = a + b s + c ln(1+m) + d ln(variance); Newey-West SEs, ${s.ols.hac_lags} lags; R^2 ${fmt(s.ols.r2)}, n ${s.ols.n}`,
    formatTextTable(['term', 'coef', 'se', 't', 'p'], ols).split('\n').slice(0, -1).join('\n'),
    '',
    'Granger causality (SSR F test, lag by VAR AIC):',
    g('sentiment -> volatility', s.granger.sentiment_to_volatility),
    g('volatility -> sentiment', s.granger.volatility_to_sentiment),
  ].join('\n');
}
