/**
 * Frame building for the stream pump: zero-copy runs of a pre-encoded timeline, or (with
 * message faults on) per-message pieces with duplicates, swaps and malformed extras.
 */
import type { Rng } from '../../../pipelines/market/index';
import { corrupt, type FaultConfig } from './faults';
import { writeObject, type WireMessage } from './messages';
import { MsgpackWriter } from './msgpack-writer';
import type { Encoded, KindTimeline } from './timeline';

export interface FaultStats {
  malformedSent: number;
  duplicatesSent: number;
  reordered: number;
}

/** Contiguous runs of the encoded buffer for the picked message indices. */
export function contiguousPieces(enc: Encoded, idx: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let runStart = idx[0]!;
  let prev = runStart;
  for (let j = 1; j <= idx.length; j++) {
    const k = idx[j];
    if (k === prev + 1) {
      prev = k;
      continue;
    }
    pieces.push(enc.buf.subarray(enc.off[runStart]!, enc.off[prev + 1]!));
    if (k !== undefined) runStart = prev = k;
  }
  return pieces;
}

/** One piece per message, with injected reorders, duplicates and malformed extras. */
export function faultyPieces(
  enc: Encoded,
  idx: number[],
  tl: KindTimeline,
  f: FaultConfig,
  rng: Rng,
  msgpack: boolean,
  stats: FaultStats,
  sendGarbage: (frame: Buffer | string) => void,
): Buffer[] {
  const pieces: Buffer[] = [];
  for (let j = 0; j < idx.length; j++) {
    let k = idx[j]!;
    if (f.reorderRate > 0 && j + 1 < idx.length && rng.next() < f.reorderRate) {
      idx[j] = idx[j + 1]!; // swap with the next message
      idx[j + 1] = k;
      k = idx[j]!;
      stats.reordered++;
    }
    pieces.push(enc.buf.subarray(enc.off[k]!, enc.off[k + 1]!));
    if (f.duplicateRate > 0 && rng.next() < f.duplicateRate) {
      pieces.push(enc.buf.subarray(enc.off[k]!, enc.off[k + 1]!));
      stats.duplicatesSent++;
    }
    if (f.malformedRate > 0 && rng.next() < f.malformedRate) {
      const bad = corrupt(tl.message(k), rng);
      stats.malformedSent++;
      // undefined: a truncated, undecodable frame of its own
      if (bad === undefined) sendGarbage(msgpack ? Buffer.from([0x92, 0x81, 0xa1, 0x54]) : '[{"T":"t","S":');
      else pieces.push(encodeOne(bad, msgpack));
    }
  }
  return pieces;
}

function encodeOne(msg: WireMessage, msgpack: boolean): Buffer {
  if (msgpack) {
    const w = new MsgpackWriter(256);
    writeObject(w, msg);
    return w.toBuffer();
  }
  return Buffer.from(`${JSON.stringify(msg)},`, 'latin1');
}

/** The array frame around the pieces (msgpack array header, or JSON brackets). */
export function assembleFrame(pieces: Buffer[], enc: Encoded, msgpack: boolean): { frame: Buffer | string; count: number } {
  const count = countMessages(pieces, enc);
  if (msgpack) return { frame: Buffer.concat([new MsgpackWriter(8).arrayHeader(count).toBuffer(), ...pieces]), count };
  const frame = Buffer.concat([Buffer.from('['), ...pieces]);
  frame[frame.length - 1] = 0x5d; // trailing comma -> ]
  return { frame: frame.toString('latin1'), count };
}

/** Messages in the pieces: byte-range lookups for runs, one per extra piece. */
function countMessages(pieces: Buffer[], enc: Encoded): number {
  let n = 0;
  for (const p of pieces) {
    if (p.buffer === enc.buf.buffer) {
      const start = p.byteOffset - enc.buf.byteOffset;
      n += lowerBound(enc.off, start + p.length) - lowerBound(enc.off, start);
    } else n += 1;
  }
  return n;
}

function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x. */
export function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
