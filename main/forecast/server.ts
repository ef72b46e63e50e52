/**
 * The inference API (what FastAPI does for the seed system): node:http on 127.0.0.1, bearer
 * token auth, zod-validated queries, champion forecasts read from the lake registry.
 *   GET /health                         -> { status, registry }            (no token needed)
 *   GET /openapi.json                   -> OpenAPI 3.1 document             (no token needed)
 *   GET /forecast?symbol=MSFT&horizon=1 -> ChampionForecast                 (Bearer token)
 * The lake is re-attached on each forecast request, so newly registered runs are served
 * without a restart. DuckDB work is serialized on one connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { openDuck, type Duck } from '../duck/duck';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import { lakeUri } from './lake-input';
import { attachRegistry, championForecast } from './registry-read';
import { openApiDocument } from './openapi';

export const forecastQuerySchema = z.object({
  symbol: z
    .string({ error: 'symbol is required' })
    .regex(/^[A-Za-z0-9._-]{1,20}$/, 'symbol must be 1-20 letters, digits, dot, underscore or dash'),
  horizon: z.coerce
    .number({ error: 'horizon must be a number' })
    .int('horizon must be an integer')
    .min(1, 'horizon must be >= 1')
    .max(66, 'horizon must be <= 66'),
});

export interface ForecastServerOptions {
  lake: string;
  port?: number;
  /** Defaults to FDE_API_TOKEN or a random token (read it from the returned object). */
  token?: string;
}

export interface ForecastServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function startForecastServer(options: ForecastServerOptions): Promise<ForecastServer> {
  const token = options.token ?? (process.env.FDE_API_TOKEN || undefined) ?? generateToken();
  if (token.length < 16) throw new Error('the API token must be at least 16 characters');
  const lake: Lake = await openLake(lakeUri(options.lake));
  const duck: Duck = await openDuck({ threads: 1 });
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' }, { allow: 'GET' });
    if (url.pathname === '/health') {
      const registry = await serialized(() => attachRegistry(lake, duck));
      return send(res, 200, { status: 'ok', registry });
    }
    if (url.pathname === '/openapi.json') return send(res, 200, openApiDocument());
    if (url.pathname !== '/forecast') return send(res, 404, { error: `no route ${url.pathname}` });
    if (!authorized(req, token)) {
      return send(res, 401, { error: 'missing or invalid bearer token' }, { 'www-authenticate': 'Bearer' });
    }
    const parsed = forecastQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      return send(res, 400, {
        error: 'invalid query',
        issues: parsed.error.issues.map((i) => ({ parameter: String(i.path[0] ?? ''), message: i.message })),
      });
    }
    const { symbol, horizon } = parsed.data;
    const result = await serialized(async () => {
      if (!(await attachRegistry(lake, duck))) return undefined;
      return championForecast(duck, symbol, horizon);
    });
    if (!result) return send(res, 404, { error: `no champion forecast for ${symbol} at horizon ${horizon}` });
    return send(res, 200, result);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Internal details stay in the server log, not in the response.
      process.stderr.write(`serve: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await queue;
      duck.close();
      await lake.close();
    },
  };
}
