import { describe, expect, it } from 'vitest';
import { restValidators, streamValidators } from './compiled';
import { STREAM_CONTRACTS } from './schemas';

const trade = { T: 't', S: 'MSFT', i: 96921, x: 'D', p: 126.55, s: 1, c: ['@', 'I'], t: '2021-02-22T15:51:44.208Z', z: 'C' };
const quote = { T: 'q', S: 'AMD', bx: 'U', bp: 87.66, bs: 1, ax: 'Q', ap: 87.68, as: 4, t: '2021-02-22T15:51:45.335689322Z', c: ['R'], z: 'C' };
const bar = { T: 'b', S: 'FAKEPACA', o: 132.65, h: 136, l: 132.12, c: 134.65, v: 205, t: '2024-07-24T07:56:00Z', n: 16, vw: 133.7 };
const status = { T: 's', S: 'AAPL', sc: 'H', sm: 'Trading Halt', rc: 'T12', rm: 'Trading Halted; For information requested by NASDAQ', t: '2021-02-22T15:51:44.208Z', z: 'C' };
const correction = { T: 'c', S: 'EEM', x: 'M', oi: 52983525033527, op: 39.1582, os: 440000, oc: [' ', '7', 'V'], ci: 52983525034326, cp: 39.1809, cs: 440000, cc: [' ', '7', 'V'], z: 'B', t: '2023-04-06T11:20:00Z' };

describe('Alpaca contracts (zod definition, compiled hot path)', () => {
  it('accepts documented examples, with unknown keys ignored', () => {
    const cases: Array<[string, Record<string, unknown>]> = [['t', trade], ['q', quote], ['b', bar], ['s', status], ['c', correction], ['t', { ...trade, r: 1614009105335 }]];
    for (const [type, msg] of cases) {
      const v = streamValidators.get(type)!;
      expect(v.check(msg), `${type}: ${v.reason(msg)}`).toBe(true);
      expect(STREAM_CONTRACTS[type as keyof typeof STREAM_CONTRACTS].schema.safeParse(msg).success).toBe(true);
    }
    expect(restValidators.bars.check({ t: '2022-02-02T05:00:00Z', o: 1, h: 2, l: 0.5, c: 1.5, v: 10, n: 3, vw: 1.2 })).toBe(true);
  });

  it('rejects what the hot path must not store, with a readable reason, consistently with zod', () => {
    const v = streamValidators.get('t')!;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...trade, p: 'not-a-price' }, /^p: .*number/],
      [{ ...trade, S: undefined }, /^S: /],
      [{ ...trade, s: -100 }, /^s: /],
      [{ ...trade, s: 1.5 }, /^s: .*int/i],
      [{ ...trade, t: 'yesterday at noon' }, /^t: timestamp must be RFC 3339/],
      [{ ...trade, c: ['a,b'] }, /^c\.0: condition/],
      [{ ...trade, S: 'msft' }, /^S: symbol/],
    ];
    for (const [msg, reason] of bad) {
      expect(v.check(msg)).toBe(false);
      expect(STREAM_CONTRACTS.t.schema.safeParse(msg).success).toBe(false);
      expect(v.reason(msg)).toMatch(reason);
    }
    expect(streamValidators.get('b')!.check({ ...bar, n: undefined })).toBe(false); // n and vw must be present (may be null)
    expect(streamValidators.get('b')!.check({ ...bar, n: null, vw: null })).toBe(true);
  });

  it('names versioned contracts', () => {
    expect(streamValidators.get('t')!.id).toBe('alpaca.trade.v1');
    expect(restValidators.trades.id).toBe('alpaca.rest_trade.v1');
  });
});
