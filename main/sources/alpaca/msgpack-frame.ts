/**
 * Structure of a msgpack stream frame without decoding it: the top-level array and the extent
 * of any value, with every length checked against the bytes actually there.
 */

const MAX_DEPTH = 64;

export class MsgpackFrameError extends Error {}

/** The frame's message count and where its first message starts. */
export function frameArray(buf: Buffer): { count: number; start: number } {
  const head = buf[0];
  if (head === undefined) throw new MsgpackFrameError('empty frame');
  if (head >= 0x90 && head <= 0x9f) return { count: head & 0x0f, start: 1 };
  if (head === 0xdc) return { count: need(buf, 1, 2).readUInt16BE(1), start: 3 };
  if (head === 0xdd) return { count: need(buf, 1, 4).readUInt32BE(1), start: 5 };
  throw new MsgpackFrameError('frame is not an array');
}

function need(buf: Buffer, pos: number, n: number): Buffer {
  if (pos + n > buf.length) throw new MsgpackFrameError('truncated frame');
  return buf;
}

/** Position just after the value starting at pos. */
export function skipValue(buf: Buffer, pos: number, depth: number): number {
  if (pos >= buf.length) throw new MsgpackFrameError('truncated frame');
  if (depth > MAX_DEPTH) throw new MsgpackFrameError('nesting deeper than 64');
  const b = buf[pos]!;
  if (b <= 0x7f || b >= 0xe0) return pos + 1;
  if (b >= 0xa0 && b <= 0xbf) return bytes(buf, pos + 1, b & 0x1f);
  if (b >= 0x80 && b <= 0x8f) return items(buf, pos + 1, (b & 0x0f) * 2, depth);
  if (b >= 0x90 && b <= 0x9f) return items(buf, pos + 1, b & 0x0f, depth);
  switch (b) {
    case 0xc0:
    case 0xc2:
    case 0xc3:
      return pos + 1;
    case 0xcc:
    case 0xd0:
      return bytes(buf, pos + 1, 1);
    case 0xcd:
    case 0xd1:
      return bytes(buf, pos + 1, 2);
    case 0xca:
    case 0xce:
    case 0xd2:
      return bytes(buf, pos + 1, 4);
    case 0xcb:
    case 0xcf:
    case 0xd3:
      return bytes(buf, pos + 1, 8);
    case 0xd4:
      return bytes(buf, pos + 1, 2);
    case 0xd5:
      return bytes(buf, pos + 1, 3);
    case 0xd6:
      return bytes(buf, pos + 1, 5);
    case 0xd7:
      return bytes(buf, pos + 1, 9);
    case 0xd8:
      return bytes(buf, pos + 1, 17);
    case 0xc4:
    case 0xd9:
      return bytes(buf, pos + 2, need(buf, pos + 1, 1)[pos + 1]!);
    case 0xc5:
    case 0xda:
      return bytes(buf, pos + 3, need(buf, pos + 1, 2).readUInt16BE(pos + 1));
    case 0xc6:
    case 0xdb:
      return bytes(buf, pos + 5, need(buf, pos + 1, 4).readUInt32BE(pos + 1));
    case 0xc7:
      return bytes(buf, pos + 3, need(buf, pos + 1, 1)[pos + 1]!);
    case 0xc8:
      return bytes(buf, pos + 4, need(buf, pos + 1, 2).readUInt16BE(pos + 1));
    case 0xc9:
      return bytes(buf, pos + 6, need(buf, pos + 1, 4).readUInt32BE(pos + 1));
    case 0xdc:
      return items(buf, pos + 3, need(buf, pos + 1, 2).readUInt16BE(pos + 1), depth);
    case 0xdd:
      return items(buf, pos + 5, need(buf, pos + 1, 4).readUInt32BE(pos + 1), depth);
    case 0xde:
      return items(buf, pos + 3, need(buf, pos + 1, 2).readUInt16BE(pos + 1) * 2, depth);
    case 0xdf:
      return items(buf, pos + 5, need(buf, pos + 1, 4).readUInt32BE(pos + 1) * 2, depth);
    default:
      throw new MsgpackFrameError(`invalid msgpack type byte 0x${b.toString(16)}`);
  }
}

function bytes(buf: Buffer, start: number, length: number): number {
  const next = start + length;
  if (next > buf.length) throw new MsgpackFrameError('truncated frame');
  return next;
}

function items(buf: Buffer, pos: number, n: number, depth: number): number {
  for (let i = 0; i < n; i++) pos = skipValue(buf, pos, depth + 1);
  return pos;
}
