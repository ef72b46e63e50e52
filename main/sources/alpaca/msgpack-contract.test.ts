import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Packr } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../../duck/duck';
import { streamJsonSchema, streamValidators } from '../../../pipelines/contracts/alpaca/index';
import { formatRfc3339 } from '../../../pipelines/market/index';
import { MsgpackWriter } from '../../servers/alpaca/msgpack-writer';
import { BatchBuilder, emptyBuilderStats } from './batch-builder';
import { decodeMessage } from './codec';
import { Dedup } from './dedup';
import { MsgpackContractReader, type JsonSchemaNode } from './msgpack-contract';
import { MsgpackFrameError } from './msgpack-frame';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value with its exact wire form, so tests reach encodings general encoders never choose. */
type Wire = { bytes: Buffer };
const wire = (...b: number[]): Wire => ({ bytes: Buffer.from(b) });
const be = (n: number, width: 1 | 2 | 4): number[] => Array.from({ length: width }, (_, i) => (n >>> (8 * (width - 1 - i))) & 0xff);
const u64 = (n: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * (7 - i))) & 0xffn));

const str = (s: string): Wire => ({ bytes: new MsgpackWriter(64).str(s).toBuffer() });
const f64 = (x: number): Wire => {
  const b = Buffer.alloc(9);
  b[0] = 0xcb;
  b.writeDoubleBE(x, 1);
  return { bytes: b };
};
const f32 = (x: number): Wire => {
  const b = Buffer.alloc(5);
  b[0] = 0xca;
  b.writeFloatBE(x, 1);
  return { bytes: b };
};
const uint = (n: number): Wire => ({ bytes: new MsgpackWriter(16).uint(n).toBuffer() });
const ts64 = (sec: number, nsec: number): Wire => ({ bytes: new MsgpackWriter(16).timestamp(sec, nsec).toBuffer() });
const arr = (items: Wire[]): Wire => ({ bytes: Buffer.concat([new MsgpackWriter(8).arrayHeader(items.length).toBuffer(), ...items.map((i) => i.bytes)]) });
const map = (pairs: Array<[string | Wire, Wire]>, map16 = false): Wire => {
  const head = map16 ? Buffer.from([0xde, ...be(pairs.length, 2)]) : new MsgpackWriter(8).mapHeader(pairs.length).toBuffer();
  return { bytes: Buffer.concat([head, ...pairs.flatMap(([k, v]) => [typeof k === 'string' ? str(k).bytes : k.bytes, v.bytes])]) };
};

const SYMBOLS = ['AAPL', 'MSFT', 'BRK.B', 'BF/A', 'X', 'A2-Z'];
const CONDITIONS = [[], ['@'], ['@', 'F'], ['@', 'F', 'I'], [' '], ['T', 'Z']];

/** A valid trade in randomly chosen (but valid) encodings. */
function validTrade(r: () => number, i: number): Array<[string, Wire]> {
  const sec = 946_684_800 + Math.floor(r() * 1e9);
  const nsec = Math.floor(r() * 1e9);
  const id = r() < 0.3 ? Math.floor(r() * 2 ** 53) : Math.floor(r() * 2 ** 31);
  const price = Math.round(r() * 1e6) / 100 + 0.01;
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const fields: Array<[string, Wire]> = [
    ['T', str('t')],
    ['S', str(pick(SYMBOLS))],
    ['i', r() < 0.1 ? wire(0xcf, ...u64(BigInt(id))) : uint(id)],
    ['x', str(pick(['V', 'Q', 'N', 'P']))],
    ['p', r() < 0.1 ? f32(price) : r() < 0.1 ? uint(Math.ceil(price)) : f64(price)],
    ['s', r() < 0.1 ? wire(0xd3, ...u64(BigInt(i + 1))) : uint(1 + Math.floor(r() * 5000))],
    ['t', r() < 0.1 ? wire(0xd6, 0xff, ...be(sec, 4)) : r() < 0.1 ? wire(0xc7, 12, 0xff, ...be(nsec, 4), ...u64(BigInt(sec))) : ts64(sec, nsec)],
  ];
  if (r() < 0.8) fields.push(['c', arr(pick(CONDITIONS).map(str))]);
  if (r() < 0.8) fields.push(['z', str(pick(['A', 'B', 'C']))]);
  if (r() < 0.1) fields.push(['r', map([['nested', arr([uint(1), str('x')])]])]); // unknown keys are allowed
  return fields;
}

/** One hostile change to a trade (most are invalid; some stay valid in an unusual form). */
const MUTATIONS: Array<(f: Array<[string | Wire, Wire]>, r: () => number) => void> = [
  (f) => f.splice(1 + Math.floor(f.length / 3), 1), // drop a field (maybe a required one)
  (f) => f.push(['p', f64(-1)]), // repeated key: the last value wins in the full decoder
  (f) => f.push(['p', f64(12.5)]), // repeated key, both values valid
  (f) => (f[4] = ['p', str('12.5')]),
  (f) => (f[4] = ['p', f64(Number.NaN)]),
  (f) => (f[4] = ['p', f64(Number.POSITIVE_INFINITY)]),
  (f) => (f[4] = ['p', f64(0)]),
  (f) => (f[4] = ['p', f64(1e9)]),
  (f) => (f[2] = ['i', f64(3.5)]),
  (f) => (f[2] = ['i', f64(7)]), // an integral float is an integer to the contract
  (f) => (f[2] = ['i', wire(0xcf, ...u64(2n ** 53n + 1n))]),
  (f) => (f[2] = ['i', wire(0xcf, ...u64(2n ** 53n - 1n))]),
  (f) => (f[2] = ['i', wire(0xd3, ...u64(2n ** 64n - 5n))]), // int64 -5
  (f) => (f[2] = ['i', wire(0xff)]), // negative fixint -1
  (f) => (f[5] = ['s', uint(0)]),
  (f) => (f[5] = ['s', f64(1e12 + 1)]),
  (f) => (f[1] = ['S', str('aapl')]),
  (f) => (f[1] = ['S', str('ÄPFEL')]),
  (f) => (f[1] = ['S', str('A'.repeat(22))]),
  (f) => (f[1] = ['S', uint(5)]),
  (f) => (f[3] = ['x', str('VV')]),
  (f) => (f[3] = ['x', wire(0xc0)]),
  (f) => (f[0] = ['T', str('q')]),
  (f) => (f[0] = ['T', wire(0xd9, 1, 0x74)]), // "t" as str8: same string, unusual form
  (f) => f.push(['c', arr([str('a,b')])]),
  (f) => f.push(['c', arr(Array.from({ length: 17 }, () => str('@')))]),
  (f) => f.push(['c', arr([uint(1)])]),
  (f) => f.push(['c', arr([str('é')])]),
  (f) => f.push(['c', arr([str('')])]),
  (f) => f.push(['c', wire(0xc0)]),
  (f) => f.push(['z', str('c')]),
  (f) => (f[6] = ['t', str('2000-10-02T13:30:00.5Z')]),
  (f) => (f[6] = ['t', str('2000-10-02 13:30:00Z')]),
  (f) => (f[6] = ['t', ts64(970_493_400, 999_999_999)]),
  (f) => (f[6] = ['t', wire(0xd7, 0xff, ...be(0xffffffff, 4), ...be(0, 4))]), // nsec >= 1e9
  (f) => (f[6] = ['t', wire(0xc7, 12, 0xff, 0, 0, 0, 0, ...u64(2n ** 40n))]), // beyond year 9999
  (f) => (f[6] = ['t', wire(0xc7, 12, 0xff, 0, 0, 0, 0, ...u64(2n ** 64n - 60n))]), // before 1970
  (f) => f.unshift([uint(1), str('non-string key')]),
  (f, r) => f.sort(() => r() - 0.5), // any key order
];

const dir = mkdtempSync(path.join(tmpdir(), 'fde-msgpack-contract-'));
let duck: Duck;
beforeAll(async () => {
  duck = await openDuck({ threads: 1 });
});
afterAll(() => {
  duck.close();
  rmSync(dir, { recursive: true, force: true });
});

const reader = MsgpackContractReader.compile(streamJsonSchema('t'))!;
const vTrade = streamValidators.get('t')!;

/** Checks one encoded trade both ways; returns whether the byte reader accepted it. */
function compare(message: Buffer): boolean {
  const view = new DataView(message.buffer, message.byteOffset, message.length);
  const end = reader.read(message, view, 0);
  const fast = end >= 0;
  if (fast) expect(end).toBe(message.length);
  const obj = decodeMessage(message) as Record<string, unknown>;
  const slow = vTrade.check(obj);
  if (fast) {
    expect(slow, JSON.stringify(obj, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).toBe(true);
    const name = (f: string): string | undefined => {
      const ref = reader.ref[reader.field(f)]!;
      return ref < 0 ? undefined : reader.dictionary(f).values[ref];
    };
    expect(name('S')).toBe(obj.S);
    expect(name('x')).toBe(obj.x);
    expect(name('z')).toBe(obj.z);
    expect(name('c')).toBe(obj.c === undefined ? undefined : (obj.c as string[]).join(','));
    expect(reader.num[reader.field('i')]).toBe(obj.i);
    expect(reader.num[reader.field('p')]).toBe(obj.p);
    expect(reader.num[reader.field('s')]).toBe(obj.s);
    expect(formatRfc3339(reader.sec, reader.nsec)).toBe(obj.t);
  }
  return fast;
}

describe('MsgpackContractReader (trade contract)', () => {
  it('compiles from the JSON Schema of the zod contract', () => {
    expect(reader).toBeDefined();
    expect(MsgpackContractReader.compile({ type: 'object', properties: { a: { type: 'string', pattern: '^a$', maxLength: 3 } as JsonSchemaNode } })).toBeUndefined();
    const strict = { ...streamJsonSchema('t'), additionalProperties: false };
    expect(MsgpackContractReader.compile(strict)).toBeUndefined(); // it would have to refuse unknown keys
  });

  it('accepts valid trades in every wire form and yields the values of the full decode', () => {
    const r = rng(1);
    for (let i = 0; i < 3000; i++) expect(compare(map(validTrade(r, i)).bytes)).toBe(true);
    // what a general encoder writes (msgpackr encodes a Date as extension -1)
    const packr = new Packr({ useRecords: false });
    expect(compare(packr.pack({ T: 't', S: 'IBM', i: 5, x: 'N', p: 101.25, s: 100, c: ['@'], t: new Date(970_493_400_123), z: 'A' }))).toBe(true);
  });

  it('never accepts what the compiled contract refuses, on thousands of hostile variants', () => {
    const r = rng(2);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const fields: Array<[string | Wire, Wire]> = validTrade(r, i);
      const changes = 1 + Math.floor(r() * 3);
      for (let k = 0; k < changes; k++) MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(fields, r);
      if (compare(map(fields, r() < 0.2).bytes)) accepted++;
      else refused++;
    }
    expect(accepted).toBeGreaterThan(500); // valid-but-unusual forms still take the fast path
    expect(refused).toBeGreaterThan(10_000);
  });
});

describe('MsgpackContractReader on cut-off bytes', () => {
  it('never reads past the end and never accepts a message that breaks off', () => {
    const r = rng(5);
    for (let i = 0; i < 300; i++) {
      const full = map(validTrade(r, i)).bytes;
      for (let cut = 1; cut < full.length; cut++) {
        const part = Buffer.from(full.subarray(0, cut)); // own buffer: nothing readable beyond the cut
        expect(reader.read(part, new DataView(part.buffer, part.byteOffset, part.length), 0)).toBe(-1);
      }
    }
  });
});

describe('BatchBuilder.addMsgpackFrame', () => {
  it('gives the same batch as decoding every message and adding the objects', async () => {
    const r = rng(3);
    const messages: Buffer[] = [];
    for (let i = 0; i < 5000; i++) {
      const fields: Array<[string | Wire, Wire]> = validTrade(r, i);
      if (r() < 0.2) MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(fields, r);
      messages.push(map(fields).bytes);
      if (r() < 0.05) messages.push(messages[Math.floor(r() * messages.length)]!); // redelivery
      if (r() < 0.02) messages.push(map([['T', str('s')], ['S', str('IBM')]]).bytes); // other types take the object path
    }
    const frame = Buffer.concat([new MsgpackWriter(8).arrayHeader(messages.length).toBuffer(), ...messages]);
    const fast = new BatchBuilder(new Dedup(), emptyBuilderStats());
    fast.addMsgpackFrame(frame, 1000, 'stream');
    const slow = new BatchBuilder(new Dedup(), emptyBuilderStats());
    slow.frame(1000, messages.length);
    for (const m of messages) slow.add(decodeMessage(m), 1000, 'stream');
    expect(fast.stats).toEqual(slow.stats);
    expect(fast.stats.trades).toBeGreaterThan(3000);
    expect(fast.stats.duplicates).toBeGreaterThan(100);
    expect(fast.stats.quarantined).toBeGreaterThan(100);
    const a = fast.take();
    const b = slow.take();
    // Dictionaries may differ in order (the byte reader also meets refused values): compare rows.
    const rows = async (content: typeof a, name: string): Promise<unknown[]> => {
      const file = path.join(dir, `${name}.parquet`);
      writeFileSync(file, content.trades.toParquet('batch-1'));
      return (await duck.json(`SELECT * FROM read_parquet('${file}') ORDER BY ALL`)).rows;
    };
    const fastRows = await rows(a, 'fast');
    expect(fastRows.length).toBe(fast.stats.trades);
    expect(fastRows).toEqual(await rows(b, 'slow'));
    for (const t of ['quarantine', 'events'] as const) expect(a.lines[t].bytes().toString()).toBe(b.lines[t].bytes().toString());
  });

  it('keeps the whole messages of a damaged frame and quarantines the rest as raw bytes', () => {
    const good = map(validTrade(rng(4), 0)).bytes;
    const cases: Array<[Buffer, number]> = [
      [Buffer.from([0x92, ...good]), 1], // claims two messages, has one
      [Buffer.from([0x92, ...good, ...good.subarray(0, good.length - 1)]), 1], // second cut short
      [Buffer.from([0x92, ...good, 0xc1, ...good]), 1], // a byte that is no msgpack type
      [Buffer.from([0x91, ...good, 0x00]), 1], // trailing byte
      [Buffer.from([0x92, 0x81, 0xa1, 0x54]), 0], // the server's garbage frame
    ];
    for (const [frame, trades] of cases) {
      const b = new BatchBuilder(new Dedup(), emptyBuilderStats());
      b.addMsgpackFrame(frame, 1, 'stream');
      expect(b.stats.trades).toBe(trades);
      expect(b.stats.quarantined).toBe(1);
      const line = b.take().lines.quarantine.bytes().toString();
      expect(line).toContain('alpaca.frame.v1');
      expect(line).toContain('base64');
    }
    for (const f of [Buffer.from([0x81]), Buffer.alloc(0)]) expect(() => new BatchBuilder(new Dedup(), emptyBuilderStats()).addMsgpackFrame(f, 1, 'stream')).toThrow(MsgpackFrameError);
  });
});
