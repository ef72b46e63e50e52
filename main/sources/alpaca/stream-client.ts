/**
 * Alpaca Market Data v2 stream client: auth, subscribe, reconnect with exponential backoff and
 * jitter, patience on 406 (stale sessions linger ~90 s), silent-socket detection (no data while
 * pings still work), resubscription of the same set, and fatal errors (402/409/410/411) surfaced
 * once instead of retried. msgpack frames of more than one message are handed over undecoded
 * (control messages always come alone): the caller reads them on its own hot path.
 */
import WebSocket from 'ws';
import { decodeFrame, encodeAction } from './codec';

export type Channel = 'trades' | 'quotes' | 'bars' | 'updatedBars' | 'dailyBars' | 'statuses' | 'lulds' | 'imbalances';

export interface StreamClientOptions {
  url: string;
  key: string;
  secret: string;
  encoding?: 'msgpack' | 'json';
  subscriptions: Partial<Record<Channel, string[]>>;
  /** No data for this long while subscribed -> the socket is considered dead. Default 60 s. */
  silenceMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Data: decoded messages, or a whole msgpack frame still in bytes. */
  onData(data: StreamData, receivedMs: number): void;
  onUndecodable(raw: Buffer | string, receivedMs: number, error: string): void;
  onEvent?(event: StreamEvent): void;
}

export type StreamData = { messages: unknown[] } | { msgpackFrame: Buffer };

export type StreamEvent =
  | { type: 'connecting'; attempt: number }
  | { type: 'authenticated'; reconnect: boolean }
  | { type: 'subscribed'; subscription: Record<string, unknown> }
  | { type: 'disconnected'; code: number; reason: string }
  | { type: 'silent'; ms: number }
  | { type: 'error'; code: number; msg: string }
  | { type: 'fatal'; code: number; msg: string };

const FATAL = new Set([402, 409, 410, 411]);

export class AlpacaStreamError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class StreamClient {
  private ws: WebSocket | undefined;
  private stopped = false;
  private attempt = 0;
  private authedOnce = false;
  private lastDataMs = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastError = 0;
  private resolveDone!: () => void;
  private rejectDone!: (e: Error) => void;
  /** Settles when stopped (resolve) or on a fatal error (reject). */
  readonly done: Promise<void>;
  private readonly binary: boolean;

  constructor(private readonly o: StreamClientOptions) {
    this.binary = (o.encoding ?? 'msgpack') === 'msgpack';
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => undefined);
  }

  start(): void {
    this.connect();
    const silence = this.o.silenceMs ?? 60_000;
    this.watchdog = setInterval(() => {
      if (this.ws && this.lastDataMs > 0 && Date.now() - this.lastDataMs > silence) {
        this.emit({ type: 'silent', ms: Date.now() - this.lastDataMs });
        this.lastDataMs = 0;
        this.ws.terminate();
      }
    }, Math.min(1000, silence / 4));
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    this.ws?.terminate();
    this.resolveDone();
  }

  private emit(e: StreamEvent): void {
    this.o.onEvent?.(e);
  }

  private connect(): void {
    if (this.stopped) return;
    this.emit({ type: 'connecting', attempt: this.attempt });
    const ws = new WebSocket(this.o.url, {
      perMessageDeflate: false,
      headers: { 'Content-Type': this.binary ? 'application/msgpack' : 'application/json', 'User-Agent': 'fde-alpaca/0.1' },
    });
    this.ws = ws;
    let authed = false;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const receivedMs = Date.now();
      if (authed && isBinary && data[0] !== 0x91) {
        this.lastDataMs = receivedMs;
        this.o.onData({ msgpackFrame: data }, receivedMs);
        return;
      }
      let msgs: unknown[];
      try {
        msgs = decodeFrame(isBinary ? data : data.toString('utf8'), isBinary);
      } catch (e) {
        if (authed) this.o.onUndecodable(data, receivedMs, e instanceof Error ? e.message : String(e));
        return;
      }
      const first = msgs[0] as { T?: unknown; msg?: unknown; code?: unknown } | undefined;
      const t = first?.T;
      if (msgs.length === 1 && (t === 'success' || t === 'error' || t === 'subscription')) {
        if (t === 'success' && first?.msg === 'connected') ws.send(encodeAction({ action: 'auth', key: this.o.key, secret: this.o.secret }, this.binary));
        else if (t === 'success' && first?.msg === 'authenticated') {
          authed = true;
          this.emit({ type: 'authenticated', reconnect: this.authedOnce });
          this.authedOnce = true;
          ws.send(encodeAction({ action: 'subscribe', ...this.o.subscriptions }, this.binary));
        } else if (t === 'subscription') {
          this.attempt = 0;
          this.lastDataMs = Date.now();
          this.emit({ type: 'subscribed', subscription: first as Record<string, unknown> });
        } else if (t === 'error') this.onError(Number(first?.code), String(first?.msg));
        return;
      }
      this.lastDataMs = receivedMs;
      this.o.onData({ messages: msgs }, receivedMs);
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.lastDataMs = 0;
      this.emit({ type: 'disconnected', code, reason: reason.toString() });
      if (!this.stopped) this.scheduleReconnect();
    });
    ws.on('error', () => ws.terminate());
  }

  private onError(code: number, msg: string): void {
    this.lastError = code;
    if (FATAL.has(code)) {
      this.emit({ type: 'fatal', code, msg });
      this.stopped = true;
      clearInterval(this.watchdog);
      this.ws?.terminate();
      this.rejectDone(new AlpacaStreamError(code, `${code} ${msg}`));
      return;
    }
    this.emit({ type: 'error', code, msg });
  }

  private scheduleReconnect(): void {
    const initial = this.o.initialBackoffMs ?? 1000;
    const max = this.o.maxBackoffMs ?? 30_000;
    // 406: the old session may linger server-side for ~90 s; back off from a longer base.
    const base = this.lastError === 406 ? Math.max(initial * 4, 1) : initial;
    this.lastError = 0;
    const delay = Math.min(max, base * 2 ** this.attempt) * (0.5 + Math.random() * 0.5);
    this.attempt = Math.min(this.attempt + 1, 20);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
