/**
 * Maps short byte sequences (a msgpack-encoded symbol, exchange code or condition list) to a
 * small integer without making a string: the hot path meets the same few hundred values
 * millions of times, so each distinct value is decoded and checked once and then recognised by
 * its bytes. Open addressing on a 32-bit FNV-1a hash; every hit is confirmed byte by byte
 * against one flat arena of the known keys (no object per key to chase through memory).
 */

/** Decides what a byte sequence seen for the first time stands for (>= 0), or -1 to refuse it. */
export type InternDecider = (bytes: Buffer) => number;

const EMPTY = -1;

export class ByteInterner {
  private slots = new Int32Array(1024).fill(EMPTY);
  private hashes = new Int32Array(1024);
  private mask = 1023;
  private arena = new Uint8Array(4096);
  private arenaUsed = 0;
  private keyStart = new Int32Array(256);
  private keyLength = new Int32Array(256);
  private values = new Int32Array(256);
  private entries = 0;

  constructor(
    private readonly decide: InternDecider,
    /** Distinct values kept before the table starts over (bounds memory on hostile input). */
    private readonly maxEntries = 100_000,
  ) {}

  get size(): number {
    return this.entries;
  }

  /** The value of buf[start, end); a first sighting asks the decider (refusals are remembered too). */
  lookup(buf: Buffer, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const length = end - start;
    const arena = this.arena;
    let slot = h & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) break;
      if (this.hashes[slot] === h && this.keyLength[entry] === length) {
        const at = this.keyStart[entry]!;
        let i = 0;
        while (i < length && arena[at + i] === buf[start + i]) i++;
        if (i === length) return this.values[entry]!;
      }
      slot = (slot + 1) & this.mask;
    }
    return this.insert(buf, start, end, h);
  }

  clear(): void {
    this.slots.fill(EMPTY);
    this.entries = 0;
    this.arenaUsed = 0;
  }

  private insert(buf: Buffer, start: number, end: number, h: number): number {
    const key = Buffer.from(buf.subarray(start, end)); // the decider may keep it; the frame buffer is not ours
    const value = this.decide(key);
    if (this.entries >= this.maxEntries) this.clear();
    if ((this.entries + 1) * 2 > this.slots.length) this.growSlots();
    if (this.entries === this.values.length) this.growEntries();
    if (this.arenaUsed + key.length > this.arena.length) this.growArena(key.length);
    const entry = this.entries++;
    this.arena.set(key, this.arenaUsed);
    this.keyStart[entry] = this.arenaUsed;
    this.keyLength[entry] = key.length;
    this.values[entry] = value;
    this.arenaUsed += key.length;
    const slot = this.freeSlot(h);
    this.slots[slot] = entry;
    this.hashes[slot] = h;
    return value;
  }

  private freeSlot(h: number): number {
    let slot = h & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    return slot;
  }

  private growSlots(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2).fill(EMPTY);
    this.hashes = new Int32Array(oldSlots.length * 2);
    this.mask = this.slots.length - 1;
    for (let s = 0; s < oldSlots.length; s++) {
      if (oldSlots[s] === EMPTY) continue;
      const slot = this.freeSlot(oldHashes[s]!);
      this.slots[slot] = oldSlots[s]!;
      this.hashes[slot] = oldHashes[s]!;
    }
  }

  private growEntries(): void {
    const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const next = new Int32Array(a.length * 2);
      next.set(a);
      return next;
    };
    this.keyStart = grow(this.keyStart);
    this.keyLength = grow(this.keyLength);
    this.values = grow(this.values);
  }

  private growArena(need: number): void {
    const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + need));
    next.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = next;
  }
}
