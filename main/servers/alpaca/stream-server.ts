/**
 * The offline Market Data v2 stream: handshake, auth (message or headers), 400-410 errors with
 * their exact texts, per-key connection limit, subscription snapshots, both encodings, and a
 * pump that replays the pre-encoded day timelines to every subscriber at the tape clock's pace.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { unpack } from 'msgpackr';
import { WebSocket, WebSocketServer } from 'ws';
import { createRng, type Rng } from '../../../pipelines/market/index';
import { anyMessageFaults, type FaultConfig } from './faults';
import { assembleFrame, contiguousPieces, faultyPieces, upperBound } from './frames';
import type { MarketStore } from './market-store';
import { MsgpackWriter } from './msgpack-writer';
import { writeObject, type WireMessage } from './messages';
import type { TapeClock } from './tape-clock';
import { buildDayTimeline, KINDS, type DayTimeline, type Kind, type KindTimeline } from './timeline';

export const ERRORS = {
  400: 'invalid syntax',
  401: 'not authenticated',
  402: 'auth failed',
  403: 'already authenticated',
  404: 'auth timeout',
  405: 'symbol limit exceeded',
  406: 'connection limit exceeded',
  407: 'slow client',
  409: 'insufficient subscription',
  410: 'invalid subscribe action for this feed',
} as const;

const STOCK_CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds', 'imbalances', 'corrections', 'cancelErrors'];
const SNAPSHOT_CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds', 'corrections', 'cancelErrors'];
const STOCK_PATHS = new Set(['/v2/iex', '/v2/sip', '/v2/delayed_sip', '/v2/test']);
const SYMBOL = /^[A-Z0-9][A-Z0-9./-]{0,20}$/;
const HIGH_WATER = 8 << 20;

export interface StreamServerOptions {
  store: MarketStore;
  clock: TapeClock;
  startDate: string;
  faults: FaultConfig;
  keys?: Map<string, string>;
  connectionLimit: number;
  symbolLimit?: number;
  /** Messages per second per connection (0 = unlimited). */
  rate: number;
  frameMessages: number;
  /** SIP needs a plan: when set, /v2/sip answers 409 insufficient subscription. */
  denySip?: boolean;
  /** New subscribers start at the session open instead of "now" (demos, benchmarks). */
  fromOpen?: boolean;
  /** Auth window before 404 auth timeout (Alpaca: 10 s). */
  authTimeoutMs?: number;
  seed: number;
  /** Share of trades later corrected (`c`) or cancelled (`x`) on the trades channel; default 0. */
  correctionsRate?: number;
}

export interface StreamStats {
  connections: number;
  tradesSent: number;
  messagesSent: number;
  malformedSent: number;
  duplicatesSent: number;
  reordered: number;
  drops: number;
  stalls: number;
  /** Latest trade timestamp sent, epoch nanoseconds as a decimal string. */
  lastTradeNs: string;
}

interface Conn {
  ws: WebSocket;
  socket: Duplex;
  path: string;
  msgpack: boolean;
  key?: string;
  authed: boolean;
  authTimer?: NodeJS.Timeout;
  subs: Map<string, Set<string>>;
  cursors: Map<Kind, { day: number; idx: number }>;
  stalled: boolean;
  authedAt: number;
  tokens: number;
  lastRefill: number;
  slowSince: number;
  rng: Rng;
}

export class StreamServer {
  readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1 << 20 });
  private readonly conns = new Set<Conn>();
  private readonly days = new Map<number, DayTimeline>();
  private readonly startIdx: number;
  private readonly symIndex: Map<string, number>;
  private timer: NodeJS.Timeout | undefined;
  private lastTradeNs = 0n;
  readonly stats: Omit<StreamStats, 'lastTradeNs' | 'connections'> = {
    tradesSent: 0,
    messagesSent: 0,
    malformedSent: 0,
    duplicatesSent: 0,
    reordered: 0,
    drops: 0,
    stalls: 0,
  };

  constructor(private readonly opts: StreamServerOptions) {
    this.startIdx = opts.store.dateIndexFrom(opts.startDate);
    if (this.startIdx >= opts.store.tradingDates.length) throw new Error(`no market data on or after ${opts.startDate}`);
    this.symIndex = new Map(opts.store.symbols.map((s, i) => [s, i]));
    this.day(0).kind('trades').msgpack(); // build the first replay day before accepting clients
    this.timer = setInterval(() => this.pump(), 10);
  }

  snapshot(): StreamStats {
    return { ...this.stats, connections: this.conns.size, lastTradeNs: this.lastTradeNs.toString() };
  }

  isStreamPath(path: string): boolean {
    return STOCK_PATHS.has(path) || path === '/v1beta3/crypto/us';
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, socket, path));
  }

  close(): void {
    clearInterval(this.timer);
    for (const c of this.conns) c.ws.terminate();
    this.wss.close();
  }

  private day(k: number): DayTimeline {
    let d = this.days.get(k);
    if (!d) {
      const dates = this.opts.store.tradingDates;
      d = buildDayTimeline(this.opts.store, dates[(this.startIdx + k) % dates.length]!, this.opts.correctionsRate ?? 0);
      this.days.set(k, d);
      for (const old of this.days.keys()) if (old < k - 1) this.days.delete(old);
    }
    return d;
  }

  private accept(ws: WebSocket, req: IncomingMessage, socket: Duplex, path: string): void {
    const msgpack = String(req.headers['content-type'] ?? '').includes('msgpack');
    const conn: Conn = {
      ws,
      socket,
      path,
      msgpack,
      authed: false,
      subs: new Map(),
      cursors: new Map(),
      stalled: false,
      authedAt: 0,
      tokens: 0,
      lastRefill: Date.now(),
      slowSince: 0,
      rng: createRng(this.opts.seed ^ (this.conns.size * 7919 + Date.now())),
    };
    this.conns.add(conn);
    ws.on('close', () => {
      clearTimeout(conn.authTimer);
      this.conns.delete(conn);
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: Buffer, isBinary) => this.onMessage(conn, data, isBinary));
    this.control(conn, { T: 'success', msg: 'connected' });
    conn.authTimer = setTimeout(() => this.fail(conn, 404, true), this.opts.authTimeoutMs ?? 10_000);
    // Header authentication (APCA-API-KEY-ID / -SECRET-KEY) is accepted like the auth message.
    const hk = req.headers['apca-api-key-id'];
    const hs = req.headers['apca-api-secret-key'];
    if (typeof hk === 'string' && typeof hs === 'string') this.auth(conn, hk, hs);
  }

  private send(conn: Conn, data: Buffer | string): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(data, { binary: conn.msgpack });
  }

  private control(conn: Conn, msg: WireMessage): void {
    if (conn.msgpack) {
      const w = new MsgpackWriter(256).arrayHeader(1);
      writeObject(w, msg);
      this.send(conn, w.toBuffer());
    } else this.send(conn, JSON.stringify([msg]));
  }

  private fail(conn: Conn, code: keyof typeof ERRORS, close = false): void {
    this.control(conn, { T: 'error', code, msg: ERRORS[code] });
    if (close) setTimeout(() => conn.ws.close(1008, ERRORS[code]), 10);
  }

  private onMessage(conn: Conn, data: Buffer, isBinary: boolean): void {
    if (conn.stalled) return;
    let msg: unknown;
    try {
      msg = isBinary ? unpack(data) : JSON.parse(data.toString('utf8'));
    } catch {
      return this.fail(conn, 400);
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return this.fail(conn, 400);
    const m = msg as Record<string, unknown>;
    if (m.action === 'auth') return this.auth(conn, m.key, m.secret);
    if (m.action === 'subscribe' || m.action === 'unsubscribe') {
      if (!conn.authed) return this.fail(conn, 401);
      return this.subscribe(conn, m, m.action === 'subscribe');
    }
    this.fail(conn, 400);
  }

  private auth(conn: Conn, key: unknown, secret: unknown): void {
    if (conn.authed) return this.fail(conn, 403);
    if (typeof key !== 'string' || typeof secret !== 'string' || key === '' || secret === '') return this.fail(conn, 402, true);
    if (this.opts.keys && this.opts.keys.get(key) !== secret) return this.fail(conn, 402, true);
    if (this.opts.denySip && conn.path === '/v2/sip') return this.fail(conn, 409, true);
    const open = [...this.conns].filter((c) => c.authed && c.key === key && c.path === conn.path).length;
    if (open >= this.opts.connectionLimit) return this.fail(conn, 406, true);
    clearTimeout(conn.authTimer);
    conn.authed = true;
    conn.key = key;
    conn.authedAt = Date.now();
    this.control(conn, { T: 'success', msg: 'authenticated' });
  }

  private subscribe(conn: Conn, m: Record<string, unknown>, add: boolean): void {
    const allowed = STOCK_PATHS.has(conn.path) ? STOCK_CHANNELS : ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'orderbooks'];
    const next = new Map([...conn.subs].map(([k, v]) => [k, new Set(v)]));
    for (const [channel, value] of Object.entries(m)) {
      if (channel === 'action') continue;
      if (!allowed.includes(channel)) return this.fail(conn, 410);
      if (!Array.isArray(value) || !value.every((s) => typeof s === 'string' && (s === '*' || SYMBOL.test(s)))) return this.fail(conn, 400);
      const targets = channel === 'trades' ? ['trades', 'corrections', 'cancelErrors'] : [channel];
      for (const ch of targets) {
        const set = next.get(ch) ?? new Set<string>();
        for (const s of value as string[]) if (add) set.add(s);
        else set.delete(s);
        next.set(ch, set);
      }
    }
    if (this.opts.symbolLimit !== undefined) {
      const distinct = new Set([...(next.get('trades') ?? []), ...(next.get('quotes') ?? [])]);
      if (distinct.size > this.opts.symbolLimit) return this.fail(conn, 405);
    }
    conn.subs = next;
    const pos = this.opts.clock.position();
    for (const kind of KINDS) {
      if ((next.get(kind)?.size ?? 0) > 0 && !conn.cursors.has(kind)) {
        const tl = this.day(pos.day).kind(kind);
        conn.cursors.set(kind, { day: pos.day, idx: this.opts.fromOpen ? 0 : upperBound(tl.rel, pos.rel) });
      }
    }
    const snapshot: WireMessage = { T: 'subscription' };
    for (const ch of SNAPSHOT_CHANNELS) snapshot[ch] = [...(next.get(ch) ?? [])];
    this.control(conn, snapshot);
  }

  private pump(): void {
    const pos = this.opts.clock.position();
    const now = Date.now();
    const f = this.opts.faults;
    for (const conn of this.conns) {
      if (!conn.authed || conn.stalled || conn.ws.readyState !== WebSocket.OPEN) continue;
      const age = (now - conn.authedAt) / 1000;
      if (f.dropEverySec > 0 && age >= f.dropEverySec) {
        this.stats.drops++;
        conn.stalled = true;
        conn.socket.end(); // unclean: no close frame, like a network drop
        continue;
      }
      if (f.stallEverySec > 0 && age >= f.stallEverySec) {
        this.stats.stalls++;
        conn.stalled = true;
        continue;
      }
      if (conn.ws.bufferedAmount > HIGH_WATER) {
        if (!conn.slowSince) conn.slowSince = now;
        else if (now - conn.slowSince > 30_000) {
          this.fail(conn, 407, true);
          conn.stalled = true;
        }
        continue;
      }
      conn.slowSince = 0;
      let budget = 250_000;
      if (this.opts.rate > 0) {
        conn.tokens = Math.min(this.opts.rate * 0.2, conn.tokens + ((now - conn.lastRefill) / 1000) * this.opts.rate);
        conn.lastRefill = now;
        budget = Math.floor(conn.tokens);
      }
      for (const kind of KINDS) {
        const syms = conn.subs.get(kind);
        const cur = conn.cursors.get(kind);
        if (!syms || syms.size === 0 || !cur || budget <= 0) continue;
        budget -= this.pumpKind(conn, kind, syms, cur, pos, budget);
      }
      if (this.opts.rate > 0) conn.tokens = Math.max(0, budget);
    }
  }

  /** Sends kind messages up to the clock position; returns how many were sent. */
  private pumpKind(conn: Conn, kind: Kind, syms: Set<string>, cur: { day: number; idx: number }, pos: { day: number; rel: number }, budget: number): number {
    let sent = 0;
    const all = syms.has('*');
    const wanted = all ? undefined : new Set([...syms].map((s) => this.symIndex.get(s)).filter((x): x is number => x !== undefined));
    while (sent < budget && cur.day <= pos.day) {
      const day = this.day(cur.day);
      const tl = day.kind(kind);
      const end = cur.day < pos.day ? tl.count : upperBound(tl.rel, pos.rel);
      if (cur.idx >= end) {
        if (cur.day < pos.day) {
          cur.day++;
          cur.idx = 0;
          continue;
        }
        break;
      }
      const stop = Math.min(end, cur.idx + (budget - sent) * (all ? 1 : 64));
      const picked: number[] = [];
      let k = cur.idx;
      for (; k < stop && picked.length < budget - sent; k++) if (!wanted || wanted.has(tl.sym[k]!)) picked.push(k);
      cur.idx = k;
      for (let a = 0; a < picked.length; a += this.opts.frameMessages) {
        const slice = picked.slice(a, a + this.opts.frameMessages);
        this.sendFrame(conn, tl, slice, day);
      }
      sent += picked.length;
    }
    return sent;
  }

  private sendFrame(conn: Conn, tl: KindTimeline, idx: number[], day: DayTimeline): void {
    const enc = conn.msgpack ? tl.msgpack() : tl.json();
    const faulty = anyMessageFaults(this.opts.faults) && tl.kind === 'trades';
    const pieces = faulty
      ? faultyPieces(enc, idx, tl, this.opts.faults, conn.rng, conn.msgpack, this.stats, (garbage) => this.send(conn, garbage))
      : contiguousPieces(enc, idx);
    const { frame, count } = assembleFrame(pieces, enc, conn.msgpack);
    this.send(conn, frame);
    this.stats.messagesSent += count;
    if (tl.kind === 'trades') {
      this.stats.tradesSent += idx.length;
      let maxRel = 0;
      for (const k of idx) if (tl.rel[k]! > maxRel) maxRel = tl.rel[k]!;
      const ns = BigInt(day.openSec) * 1_000_000_000n + BigInt(maxRel);
      if (ns > this.lastTradeNs) this.lastTradeNs = ns;
    }
  }
}

