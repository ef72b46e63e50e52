import type { Command } from 'commander';
import path from 'node:path';
import { FdeError, UsageError } from '../../engine/errors';
import { openLake } from '../../lake/index';
import { resolveAlpacaKeys } from '../../sources/alpaca/credentials';
import { isLoopbackUrl } from '../../engine/loopback';
import { startStreamIngest } from '../../sources/alpaca/stream-ingest';
import type { Channel } from '../../sources/alpaca/stream-client';

const CHANNELS: Channel[] = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds'];

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`invalid duration "${text}"`, 'use e.g. 500ms, 60s, 5m, 1h');
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}


/** `fde ingest stream`: Alpaca stream -> contracts -> spool -> bronze, exactly once. */
export function registerIngestCommand(program: Command): void {
  const ingest = program.command('ingest').description('run a streaming ingestor into the lake');
  ingest
    .command('stream')
    .description('ingest the Alpaca market data stream (trades, quotes, bars...) into bronze, with gap repair from REST')
    .option('--url <ws-url>', 'stream URL', 'wss://stream.data.alpaca.markets/v2/iex')
    .option('--rest-url <url>', 'REST base URL for gap repair (default: the stream host for a local server, else https://data.alpaca.markets)')
    .requiredOption('--symbols <list>', 'comma list of symbols, or * for all')
    .requiredOption('--lake <dir>', 'lake folder or URL')
    .option('--channels <list>', `comma list of ${CHANNELS.join(', ')}`, 'trades,quotes,bars')
    .option('--duration <d>', 'stop after this long (e.g. 60s); runs until Ctrl-C when omitted')
    .option('--spool <dir>', 'durable spool folder (default: <lake>.fde-spool next to a local lake)')
    .option('--lease-ms <ms>', 'team ingest lease duration (a crashed leader is taken over after this long)', '15000')
    .option('--encoding <e>', 'msgpack or json', 'msgpack')
    .option('--batch-ms <ms>', 'micro-batch age before commit', '250')
    .option('--silence <d>', 'reconnect when no data arrives for this long', '60s')
    .addHelpText(
      'after',
      `\nKeys: APCA_API_KEY_ID / APCA_API_SECRET_KEY or the keychain (any key works against a local fde alpaca-server).\n` +
        `Examples:\n  $ fde ingest stream --url ws://127.0.0.1:8090/v2/iex --rest-url http://127.0.0.1:8090 --symbols AAPL,MSFT --lake ./lake --duration 60s\n  $ fde ingest stream --symbols '*' --channels trades --lake ./lake`,
    )
    .action(async (o: { url: string; restUrl?: string; symbols: string; lake: string; channels: string; duration?: string; spool?: string; leaseMs: string; encoding: string; batchMs: string; silence: string }) => {
      const symbols = o.symbols.split(',').map((s) => s.trim()).filter(Boolean);
      if (symbols.length === 0 || !symbols.every((s) => s === '*' || /^[A-Z0-9][A-Z0-9./-]{0,20}$/.test(s))) throw new UsageError(`--symbols must be a comma list of symbols or *, got "${o.symbols}"`);
      const channels = o.channels.split(',').map((s) => s.trim()) as Channel[];
      const bad = channels.filter((c) => !CHANNELS.includes(c));
      if (bad.length) throw new UsageError(`unknown channel(s) ${bad.join(', ')}`, `use ${CHANNELS.join(', ')}`);
      if (o.encoding !== 'msgpack' && o.encoding !== 'json') throw new UsageError('--encoding must be msgpack or json');
      const restUrl = o.restUrl ?? (isLoopbackUrl(o.url) ? new URL(o.url).origin.replace(/^ws/, 'http') : 'https://data.alpaca.markets');
      const keys = await resolveAlpacaKeys({ offline: isLoopbackUrl(o.url) && isLoopbackUrl(restUrl) });
      if (!keys) throw new FdeError('no Alpaca keys found', 'set APCA_API_KEY_ID and APCA_API_SECRET_KEY (or store them with fde secrets)');
      const lake = await openLake(o.lake);
      if (!o.spool && /^[a-z][a-z0-9+.-]+:\/\//i.test(o.lake)) throw new UsageError('--spool is required with a remote lake', 'the spool must be a local folder');
      const spoolDir = o.spool ?? `${path.resolve(o.lake)}.fde-spool`;
      const log = (obj: Record<string, unknown>): void => void process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...obj })}\n`);
      const run = await startStreamIngest({
        url: o.url,
        restUrl,
        ...keys,
        symbols,
        channels,
        lake,
        spoolDir,
        encoding: o.encoding,
        batchMaxMs: Number(o.batchMs),
        silenceMs: parseDuration(o.silence),
        leaseMs: Number(o.leaseMs),
        onEvent: (e) => {
          if (e.type !== 'commit') log({ event: e.type, ...e });
          if (e.type === 'fatal') process.stderr.write(`error: Alpaca refused the stream: ${e.code} ${e.msg}\n`);
          if (e.type === 'error' && e.code === 405) process.stderr.write(`warning: 405 ${e.msg}: the subscription stayed as it was (reduce --symbols or upgrade the plan)\n`);
        },
      });
      const status = setInterval(() => process.stdout.write(`${JSON.stringify({ event: 'status', ...run.stats() })}\n`), 500);
      const stopSignal = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        if (o.duration) setTimeout(resolve, parseDuration(o.duration)).unref();
      });
      try {
        await Promise.race([stopSignal, run.done]);
      } catch (e) {
        await run.stop();
        clearInterval(status);
        throw new FdeError(`stream ingest stopped: ${(e as Error).message}`, '402/409/410 are configuration problems (keys, feed or plan); they are not retried');
      }
      const final = await run.stop();
      clearInterval(status);
      process.stdout.write(`${JSON.stringify({ event: 'stopped', ...final })}\n`);
    });
}
