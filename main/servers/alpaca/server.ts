/**
 * startAlpacaServer: the offline, wire-compatible Alpaca Market Data server (stream + REST on
 * one port, bound to 127.0.0.1). Used by `fde alpaca-server`, the tests, the benchmark and the
 * demo.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NO_FAULTS, type FaultConfig } from './faults';
import { MarketStore } from './market-store';
import { RestServer } from './rest-server';
import { StreamServer, type StreamStats } from './stream-server';
import { TapeClock } from './tape-clock';

export interface AlpacaServerOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** Tape speed: 1 = real time; 60 = a minute of tape per second. */
  speed?: number;
  /** Restrict the real symbols served (default: all 31). */
  symbols?: string[];
  /** Synthetic load-test symbols SYN0001.. added to the universe. */
  syntheticSymbols?: number;
  /** First replayed day (YYYY-MM-DD); default 2000-10-02. */
  startDate?: string;
  /** Messages/s cap per connection (0 = none). */
  rate?: number;
  faults?: Partial<FaultConfig>;
  /** key -> secret; when omitted any non-empty key is accepted. */
  keys?: Record<string, string>;
  connectionLimit?: number;
  symbolLimit?: number;
  restRateLimit?: number;
  maxTradesPerDay?: number;
  frameMessages?: number;
  /** Load-test mode: every subscriber gets the whole first session as fast as it reads (and --rate allows). */
  firehose?: boolean;
  /** New subscribers start at the session open instead of the current tape time. */
  fromOpen?: boolean;
  authTimeoutMs?: number;
  /** Share of trades later corrected (`c`) or cancelled (`x`) on the trades channel (default 0). */
  correctionsRate?: number;
}

export interface AlpacaServer {
  /** Stream base, e.g. ws://127.0.0.1:P (append /v2/iex). */
  url: string;
  /** Full IEX stream URL. */
  streamUrl: string;
  restUrl: string;
  port: number;
  store: MarketStore;
  stats(): StreamStats & { restRequests: number; restInjectedFailures: number };
  pause(): void;
  resume(): void;
  setFaults(faults: Partial<FaultConfig>): void;
  close(): Promise<void>;
}

export async function startAlpacaServer(options: AlpacaServerOptions = {}): Promise<AlpacaServer> {
  const seed = options.seed ?? 42;
  const store = new MarketStore({ seed, syntheticSymbols: options.syntheticSymbols, symbols: options.symbols, maxTradesPerDay: options.maxTradesPerDay });
  if (store.symbols.length === 0) throw new Error('no symbols to serve (check --symbols)');
  const clock = new TapeClock(options.speed ?? 1, options.firehose ?? false);
  const faults: FaultConfig = { ...NO_FAULTS, ...options.faults };
  const keys = options.keys ? new Map(Object.entries(options.keys)) : undefined;
  const stream = new StreamServer({
    store,
    clock,
    startDate: options.startDate ?? '2000-10-02',
    faults,
    keys,
    connectionLimit: options.connectionLimit ?? 1,
    symbolLimit: options.symbolLimit,
    rate: options.rate ?? 0,
    frameMessages: options.frameMessages ?? 1000,
    fromOpen: options.fromOpen ?? options.firehose ?? false,
    authTimeoutMs: options.authTimeoutMs,
    seed,
    correctionsRate: options.correctionsRate,
  });
  const rest = new RestServer({ store, keys, rateLimit: options.restRateLimit ?? 10_000, faults, seed });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_fde/')) return control(url.pathname, req.method ?? 'GET', res);
    if (rest.handle(req, res, url)) return;
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code: 40410000, message: 'endpoint not found' }));
  });
  const control = (path: string, method: string, res: ServerResponse): void => {
    const reply = (body: unknown): void => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/_fde/stats') return reply(api.stats());
    if (method === 'POST' && path === '/_fde/pause') {
      api.pause();
      return reply({ paused: true });
    }
    if (method === 'POST' && path === '/_fde/resume') {
      api.resume();
      return reply({ paused: false });
    }
    res.writeHead(404).end();
  };
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!stream.isStreamPath(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    stream.handleUpgrade(req, socket, head, path);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const api: AlpacaServer = {
    url: `ws://${host}:${port}`,
    streamUrl: `ws://${host}:${port}/v2/iex`,
    restUrl: `http://${host}:${port}`,
    port,
    store,
    stats: () => ({ ...stream.snapshot(), restRequests: rest.requests, restInjectedFailures: rest.injectedFailures }),
    pause: () => clock.pause(),
    resume: () => clock.resume(),
    setFaults: (f) => Object.assign(faults, f),
    close: async () => {
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
