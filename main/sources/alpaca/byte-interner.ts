/**
 * Maps short byte sequences (a msgpack-encoded symbol, exchange code or condition list) to a
 * small integer without making a string: the hot path meets the same few hundred values
 * millions of times, so each distinct value is decoded and checked once and then recognised by
 * its bytes. Open addressing on a 32-bit FNV-1a hash; every hit is confirmed byte by byte.
 */

/** Decides what a byte sequence seen for the first time stands for (>= 0), or -1 to refuse it. */
export type InternDecider = (bytes: Buffer) => number;

const EMPTY = -1;

export class ByteInterner {
  private slots: Int32Array;
  private hashes: Int32Array;
  private keys: Buffer[] = [];
  private values: number[] = [];
  private mask: number;

  constructor(
    private readonly decide: InternDecider,
    /** Distinct values kept before the table starts over (bounds memory on hostile input). */
    private readonly maxEntries = 100_000,
  ) {
    this.slots = new Int32Array(1024).fill(EMPTY);
    this.hashes = new Int32Array(1024);
    this.mask = 1023;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The value of buf[start, end); a first sighting asks the decider (refusals are remembered too). */
  lookup(buf: Buffer, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    let slot = h & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) break;
      if (this.hashes[slot] === h && sameBytes(this.keys[entry]!, buf, start, end)) return this.values[entry]!;
      slot = (slot + 1) & this.mask;
    }
    return this.insert(buf.subarray(start, end), h);
  }

  clear(): void {
    this.slots.fill(EMPTY);
    this.keys = [];
    this.values = [];
  }

  private insert(view: Buffer, h: number): number {
    const key = Buffer.from(view); // own copy: the frame buffer is reused by the socket
    const value = this.decide(key);
    if (this.keys.length >= this.maxEntries) this.clear();
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    const slot = this.freeSlot(h);
    this.slots[slot] = this.keys.length;
    this.hashes[slot] = h;
    this.keys.push(key);
    this.values.push(value);
    return value;
  }

  private freeSlot(h: number): number {
    let slot = h & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    return slot;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const oldHashes = this.hashes;
    const oldSlots = this.slots;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < oldSlots.length; s++) {
      const entry = oldSlots[s]!;
      if (entry === EMPTY) continue;
      const slot = this.freeSlot(oldHashes[s]!);
      this.slots[slot] = entry;
      this.hashes[slot] = oldHashes[s]!;
    }
  }
}

function sameBytes(key: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[start + i]) return false;
  return true;
}
