/**
 * A tiny MessagePack writer for the few shapes the offline server emits. Hand-written because
 * Alpaca sends timestamps as extension type -1 with nanoseconds (general encoders only know
 * millisecond Dates) and because the server pre-encodes millions of messages per replay day.
 */
export class MsgpackWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initial = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  mapHeader(n: number): this {
    this.ensure(3);
    if (n < 16) this.buf[this.pos++] = 0x80 | n;
    else {
      this.buf[this.pos++] = 0xde;
      this.buf.writeUInt16BE(n, this.pos);
      this.pos += 2;
    }
    return this;
  }

  arrayHeader(n: number): this {
    this.ensure(5);
    if (n < 16) this.buf[this.pos++] = 0x90 | n;
    else if (n < 65536) {
      this.buf[this.pos++] = 0xdc;
      this.buf.writeUInt16BE(n, this.pos);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdd;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    }
    return this;
  }

  str(s: string): this {
    // Short ASCII strings (keys, symbols, codes) dominate: write them byte by byte.
    if (s.length < 32) {
      this.ensure(s.length + 1);
      let ascii = true;
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) ascii = false;
      if (ascii) {
        const b = this.buf;
        let p = this.pos;
        b[p++] = 0xa0 | s.length;
        for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
        this.pos = p;
        return this;
      }
    }
    const len = Buffer.byteLength(s);
    this.ensure(len + 5);
    if (len < 32) this.buf[this.pos++] = 0xa0 | len;
    else if (len < 256) {
      this.buf[this.pos++] = 0xd9;
      this.buf[this.pos++] = len;
    } else {
      this.buf[this.pos++] = 0xda;
      this.buf.writeUInt16BE(len, this.pos);
      this.pos += 2;
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
    return this;
  }

  /** Non-negative integer (up to 2^53). */
  uint(n: number): this {
    this.ensure(9);
    if (n < 128) this.buf[this.pos++] = n;
    else if (n < 65536) {
      this.buf[this.pos++] = 0xcd;
      this.buf.writeUInt16BE(n, this.pos);
      this.pos += 2;
    } else if (n < 4294967296) {
      this.buf[this.pos++] = 0xce;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      this.buf[this.pos++] = 0xcf;
      this.buf.writeUInt32BE(Math.floor(n / 4294967296), this.pos);
      this.buf.writeUInt32BE(n >>> 0, this.pos + 4);
      this.pos += 8;
    }
    return this;
  }

  float(x: number): this {
    this.ensure(9);
    this.buf[this.pos++] = 0xcb;
    this.buf.writeDoubleBE(x, this.pos);
    this.pos += 8;
    return this;
  }

  nil(): this {
    this.ensure(1);
    this.buf[this.pos++] = 0xc0;
    return this;
  }

  /** Timestamp extension -1, 64-bit form (30-bit nanoseconds, 34-bit seconds). */
  timestamp(sec: number, nsec: number): this {
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0xd7;
    b[p++] = 0xff;
    const hi = (nsec * 4 + Math.floor(sec / 4294967296)) >>> 0;
    const lo = sec >>> 0;
    b[p++] = hi >>> 24;
    b[p++] = (hi >>> 16) & 0xff;
    b[p++] = (hi >>> 8) & 0xff;
    b[p++] = hi & 0xff;
    b[p++] = lo >>> 24;
    b[p++] = (lo >>> 16) & 0xff;
    b[p++] = (lo >>> 8) & 0xff;
    b[p++] = lo & 0xff;
    this.pos = p;
    return this;
  }

  /** A single byte. */
  byte(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v;
    return this;
  }

  /** Raw, already-encoded bytes. */
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** A copy of the bytes written so far. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /** The bytes written so far without copying (valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
