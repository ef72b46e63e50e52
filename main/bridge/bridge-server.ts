import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BridgeRequest, workstationEvents, type BridgeMessage, type EventName } from '../../api/workstation-api';
import { dispatch } from '../engine/api-dispatch';
import type { WorkstationService } from '../engine/workstation-service';
import { cookieValue, isAllowedOrigin, rendererCsp, securityHeaders, tokenMatches } from './http-security';

const COOKIE = 'fde_token';
/** Bytes queued to one client beyond which droppable events are skipped for it. */
const MAX_BUFFERED = 1 << 20;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface BridgeOptions {
  service: WorkstationService;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  token?: string;
  /** How often to check the lake for changes and push lakeChanged. */
  pollMs?: number;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Serves the renderer to a normal browser and carries the WorkstationApi over a WebSocket, on
 * 127.0.0.1 only. The first request must carry ?token=; it becomes an HttpOnly SameSite cookie
 * that every later request and the WebSocket upgrade must present.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.staticDir);
  let port = 0;
  const csp = () => rendererCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);

  const server = createServer((req, res) => {
    void serveStatic(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
    });
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const queryToken = url.searchParams.get('token');
    const authorized = tokenMatches(token, queryToken) || tokenMatches(token, cookieValue(req.headers.cookie, COOKIE));
    if (!authorized) return send(res, 401, 'open the URL printed by `fde ui` (it carries the access token)');
    const headers: Record<string, string> = securityHeaders(csp());
    if (queryToken) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    const file = resolveStatic(root, url.pathname);
    if (!file) return send(res, 404, 'not found');
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ok =
      url.pathname === '/api' &&
      isAllowedOrigin(req.headers.origin, port) &&
      tokenMatches(token, cookieValue(req.headers.cookie, COOKIE));
    if (!ok) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      void handleMessage(ws, data.toString());
    });
  }

  async function handleMessage(ws: WebSocket, text: string): Promise<void> {
    let parsed;
    try {
      parsed = BridgeRequest.safeParse(JSON.parse(text));
    } catch {
      return ws.close(1007, 'invalid JSON');
    }
    if (!parsed.success) return ws.close(1007, 'invalid request envelope');
    const { id, method, params } = parsed.data;
    let reply: BridgeMessage;
    try {
      reply = { id, ok: true, result: await dispatch(options.service.handlers, method, params) };
    } catch (error) {
      reply = { id, ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : 'request failed' };
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  }

  // Runtime events go to every client; a client that falls behind (a slow tab) loses progress
  // and log events rather than growing the server's memory, never run/partition state changes.
  const unsubscribe = options.service.subscribe?.((event: EventName, payload: unknown) => {
    const checked = workstationEvents[event].safeParse(payload);
    if (!checked.success) return;
    const message = JSON.stringify({ event, payload: checked.data } satisfies BridgeMessage);
    const droppable = event === 'logAppended' || event === 'backfillProgress' || (event === 'taskUpdated' && (checked.data as { state?: string }).state === 'running');
    for (const client of wss.clients) {
      if (client.readyState !== client.OPEN) continue;
      if (droppable && client.bufferedAmount > MAX_BUFFERED) continue;
      client.send(message);
    }
  });

  const timer = setInterval(() => {
    void options.service
      .poll()
      .then((payload) => {
        if (!payload) return;
        const message = JSON.stringify({ event: 'lakeChanged', payload } satisfies BridgeMessage);
        for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message);
      })
      .catch(() => undefined);
  }, options.pollMs ?? 2_000);
  timer.unref();

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      clearInterval(timer);
      unsubscribe?.();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Maps a URL path into the static root, refusing anything that escapes it. */
export function resolveStatic(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : normalize(decoded).replace(/^[/\\]+/, '');
  const file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(rendererCsp()) });
  res.end(`${text}\n`);
}
