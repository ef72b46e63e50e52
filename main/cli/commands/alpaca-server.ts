import type { Command } from 'commander';
import { UsageError } from '../../engine/errors';
import { startAlpacaServer } from '../../servers/alpaca/server';

const num = (name: string, min: number, max: number) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number in [${min}, ${max}], got "${v}"`);
  return n;
};

/** `fde alpaca-server`: the offline, wire-compatible Alpaca Market Data server. */
export function registerAlpacaServerCommand(program: Command): void {
  program
    .command('alpaca-server')
    .description('run an offline Alpaca-compatible market data server (stream + REST) replaying real daily data as an intraday tape')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', num('port', 0, 65535), 0)
    .option('--seed <n>', 'tape seed (same seed, same trades)', num('seed', 0, 2 ** 31), 42)
    .option('--speed <x>', 'tape speed: 1 = real time, 60 = one tape minute per second', num('speed', 0.001, 1e9), 1)
    .option('--symbols <n>', 'add N synthetic symbols (SYN0001..) for load tests', num('symbols', 0, 4000), 0)
    .option('--only <list>', 'serve only these real symbols (comma list)')
    .option('--start-date <date>', 'first replayed trading day', '2000-10-02')
    .option('--rate <n>', 'cap messages/s per connection (0 = none)', num('rate', 0, 1e9), 0)
    .option('--keys', 'require the key pair in APCA_API_KEY_ID / APCA_API_SECRET_KEY (default: accept any key)', false)
    .option('--connection-limit <n>', 'authenticated sessions per key and endpoint (406 beyond)', num('connection-limit', 1, 1000), 1)
    .option('--symbol-limit <n>', 'max distinct trade+quote symbols per connection (405 beyond)', num('symbol-limit', 1, 1e6))
    .option('--rest-rate-limit <n>', 'REST requests per minute per key (429 beyond)', num('rest-rate-limit', 1, 1e9), 10_000)
    .option('--drop-every <s>', 'fault: drop every connection after S seconds (unclean)', num('drop-every', 0, 1e6), 0)
    .option('--malformed-rate <r>', 'fault: probability of an extra malformed message per trade', num('malformed-rate', 0, 1), 0)
    .option('--duplicate-rate <r>', 'fault: probability a trade is sent twice', num('duplicate-rate', 0, 1), 0)
    .option('--reorder-rate <r>', 'fault: probability a trade is swapped with the next', num('reorder-rate', 0, 1), 0)
    .option('--firehose', 'load-test mode: every subscriber receives the whole first session as fast as it reads', false)
    .option('--from-open', 'new subscribers start at the session open instead of the current tape time', false)
    .option('--stall-every <s>', 'fault: connections go silent after S seconds (pings still answered)', num('stall-every', 0, 1e6), 0)
    .option('--rest-fail-rate <r>', 'fault: probability a REST data request fails with an injected status', num('rest-fail-rate', 0, 1), 0)
    .option('--rest-fail-every <n>', 'fault: every n-th REST data request fails (deterministic)', num('rest-fail-every', 0, 1e9), 0)
    .option('--rest-fail-first <n>', 'fault: the first n REST data requests fail', num('rest-fail-first', 0, 1e9), 0)
    .option('--rest-fail-statuses <list>', 'statuses of injected REST failures, used in turn', '429,503')
    .option('--corrections-rate <r>', 'share of trades corrected (c) or cancelled (x) two seconds later on the trades channel', num('corrections-rate', 0, 1), 0)
    .addHelpText(
      'after',
      `\nStream: ws://127.0.0.1:P/v2/iex (also /v2/sip, /v2/test), JSON or msgpack by the handshake Content-Type.\n` +
        `REST: http://127.0.0.1:P/v2/stocks/{bars,trades,quotes} for 1991-2001 dates.\n` +
        `Examples:\n  $ fde alpaca-server --port 8090 --speed 60\n  $ fde alpaca-server --symbols 200 --speed 1000000   # load test feed\n  $ fde alpaca-server --drop-every 5 --malformed-rate 0.01 --duplicate-rate 0.02\n  $ fde alpaca-server --corrections-rate 0.01   # corrections and cancels for silver\n  $ fde alpaca-server --rest-fail-every 3 --rest-fail-statuses 429,503   # retry tests`,
    )
    .action(async (o: { port: number; seed: number; speed: number; symbols: number; only?: string; startDate: string; rate: number; keys: boolean; connectionLimit: number; symbolLimit?: number; restRateLimit: number; dropEvery: number; malformedRate: number; duplicateRate: number; reorderRate: number; stallEvery: number; restFailRate: number; restFailEvery: number; restFailFirst: number; restFailStatuses: string; correctionsRate: number; firehose: boolean; fromOpen: boolean }) => {
      let keys: Record<string, string> | undefined;
      if (o.keys) {
        const k = process.env.APCA_API_KEY_ID;
        const s = process.env.APCA_API_SECRET_KEY;
        if (!k || !s) throw new UsageError('--keys needs APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment');
        keys = { [k]: s };
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(o.startDate)) throw new UsageError(`--start-date must be YYYY-MM-DD, got "${o.startDate}"`);
      const restFailStatuses = o.restFailStatuses.split(',').map((v) => Number(v.trim()));
      if (restFailStatuses.some((n) => !Number.isInteger(n) || n < 400 || n > 599)) {
        throw new UsageError(`--rest-fail-statuses must be HTTP error statuses (400-599), got "${o.restFailStatuses}"`);
      }
      const only = o.only?.split(',').map((s) => s.trim()).filter(Boolean);
      const server = await startAlpacaServer({
        port: o.port,
        seed: o.seed,
        speed: o.speed,
        syntheticSymbols: o.symbols,
        symbols: only && o.symbols === 0 ? only : undefined,
        startDate: o.startDate,
        rate: o.rate,
        keys,
        connectionLimit: o.connectionLimit,
        symbolLimit: o.symbolLimit,
        restRateLimit: o.restRateLimit,
        firehose: o.firehose,
        fromOpen: o.fromOpen || o.firehose,
        correctionsRate: o.correctionsRate,
        faults: { dropEverySec: o.dropEvery, malformedRate: o.malformedRate, duplicateRate: o.duplicateRate, reorderRate: o.reorderRate, stallEverySec: o.stallEvery, restFailRate: o.restFailRate, restFailEvery: Math.floor(o.restFailEvery), restFailFirst: Math.floor(o.restFailFirst), restFailStatuses },
      });
      process.stdout.write(`${JSON.stringify({ event: 'listening', url: server.url, streamUrl: server.streamUrl, restUrl: server.restUrl, symbols: server.store.symbols.length })}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    });
}
