/**
 * Frame decoding for the Alpaca stream. msgpack timestamps (extension -1) are decoded straight
 * into RFC 3339 strings with nanoseconds, so both encodings yield the same objects and the same
 * contracts apply. Note: msgpackr extensions are process-global; this module owns type -1.
 */
import { addExtension, Packr, Unpackr, type Options } from 'msgpackr';
import { formatRfc3339 } from '../../../pipelines/market/index';

addExtension({
  type: 0xff,
  unpack(data: Uint8Array): string {
    if (data.length === 4) return formatRfc3339(((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0, 0);
    if (data.length === 8) {
      const hi = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
      const lo = ((data[4]! << 24) | (data[5]! << 16) | (data[6]! << 8) | data[7]!) >>> 0;
      return formatRfc3339((hi & 3) * 4294967296 + lo, hi >>> 2);
    }
    if (data.length === 12) {
      const nsec = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
      const view = new DataView(data.buffer, data.byteOffset + 4, 8);
      return formatRfc3339(Number(view.getBigInt64(0)), nsec);
    }
    return 'invalid-timestamp';
  },
} as unknown as Parameters<typeof addExtension>[0]);

// 64-bit integers (Alpaca's trade ids) as numbers up to 2^53; larger ones stay bigint, which the
// contracts refuse with a clear reason instead of rounding. msgpackr implements 'auto' but its
// type file lists only the other modes (the codec test pins the behaviour).
const unpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, int64AsType: 'auto' } as unknown as Options);
const packr = new Packr({ useRecords: false });

/** Decodes one frame into its array of message objects; throws on undecodable input. */
export function decodeFrame(data: Buffer | string, binary: boolean): unknown[] {
  const value: unknown = binary ? unpackr.unpack(data as Buffer) : JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  if (!Array.isArray(value)) throw new Error('frame is not an array');
  return value;
}

/** Decodes one message (a slice of a frame). */
export function decodeMessage(data: Buffer): unknown {
  return unpackr.unpack(data);
}

export function encodeAction(action: Record<string, unknown>, binary: boolean): Buffer | string {
  return binary ? packr.pack(action) : JSON.stringify(action);
}
