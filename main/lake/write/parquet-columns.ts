/**
 * A minimal Parquet encoder for the ingest hot path: typed arrays in, one Parquet file out.
 *
 * General-purpose writers spend 1-2 us per row building values one by one; here the value
 * sections of the file are the caller's typed-array bytes (PLAIN doubles and int64s are just
 * little-endian bytes, dictionary indices are a bit-packed run of byte-aligned width), so a
 * column costs about one memcpy plus one pass for statistics. One row group, one uncompressed
 * v1 data page per column, footer in the Thrift compact protocol (parquet-format).
 */

export type ParquetColumn =
  /** IEEE doubles; nulls[i] === 1 marks a null (values[i] ignored). */
  | { name: string; kind: 'double'; values: Float64Array; nulls?: Uint8Array }
  /** 64-bit signed ints, raw little-endian (producers fill them through an Int32Array view of the same buffer: [lo, hi] pairs, no BigInt math).
   *  logical 'timestamp-micros' = Parquet TIMESTAMP(isAdjustedToUTC=true, unit=MICROS) (DuckDB reads TIMESTAMP WITH TIME ZONE). */
  | { name: string; kind: 'int64'; values: BigInt64Array; logical?: 'timestamp-micros'; nulls?: Uint8Array }
  /** UTF-8 strings by dictionary: indices[i] is an index into dictionary, or -1 for null. */
  | { name: string; kind: 'string'; indices: Int32Array; dictionary: readonly string[] };

export interface ParquetColumnsInput {
  rows: number; // columns hold at least `rows` entries; only the first `rows` are written
  columns: ParquetColumn[];
  /** Columns that must not contain nulls -> REQUIRED in the Parquet schema; others OPTIONAL. */
  required?: ReadonlySet<string>;
  createdBy?: string; // default 'fintech-data-engine'
}

// parquet.thrift enum values.
const PHYSICAL_INT64 = 2;
const PHYSICAL_DOUBLE = 5;
const PHYSICAL_BYTE_ARRAY = 6;
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;
const ENCODING_RLE_DICTIONARY = 8;
const PAGE_DATA = 0;
const PAGE_DICTIONARY = 2;
const REPETITION_REQUIRED = 0;
const REPETITION_OPTIONAL = 1;
const CONVERTED_UTF8 = 0;
const CONVERTED_TIMESTAMP_MICROS = 10;
const CODEC_UNCOMPRESSED = 0;

// Thrift compact protocol type ids.
const CT_TRUE = 1;
const CT_FALSE = 2;
const CT_I16 = 4;
const CT_I32 = 5;
const CT_I64 = 6;
const CT_BINARY = 8;
const CT_LIST = 9;
const CT_STRUCT = 12;

const MAX_PAGE_BYTES = 0x7fff_ffff;
const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"

// Value sections are the typed arrays' memory as is, and Parquet is little-endian.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const bytesOf = (view: ArrayBufferView): Uint8Array => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len++;
  }
  return len;
}

/** ULEB128 of a non-negative integer below 2^53 (division, not shifts, so it is not cut to 32 bits). */
function writeVarint(out: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    out[pos++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[pos++] = n;
  return pos;
}

/** Thrift compact protocol, just the parts the Parquet footer and page headers use. */
class CompactWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;
  private lastId = 0;
  private readonly outerIds: number[] = [];

  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  varint(n: number): void {
    this.reserve(10);
    this.length = writeVarint(this.bytes, this.length, n);
  }

  /** i16/i32/i64 are zigzag varints; footer numbers stay far below 2^52, so doubles are exact. */
  int(n: number): void {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  binary(b: Uint8Array): void {
    this.varint(b.length);
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  struct(body: () => void): void {
    this.outerIds.push(this.lastId);
    this.lastId = 0;
    body();
    this.byte(0);
    this.lastId = this.outerIds.pop() ?? 0;
  }

  listHeader(elementType: number, count: number): void {
    if (count < 15) this.byte((count << 4) | elementType);
    else {
      this.byte(0xf0 | elementType);
      this.varint(count);
    }
  }

  private field(id: number, type: number): void {
    const delta = id - this.lastId;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.int(id);
    }
    this.lastId = id;
  }

  i16Field(id: number, v: number): void {
    this.field(id, CT_I16);
    this.int(v);
  }

  i32Field(id: number, v: number): void {
    this.field(id, CT_I32);
    this.int(v);
  }

  i64Field(id: number, v: number): void {
    this.field(id, CT_I64);
    this.int(v);
  }

  boolField(id: number, v: boolean): void {
    this.field(id, v ? CT_TRUE : CT_FALSE);
  }

  binaryField(id: number, b: Uint8Array): void {
    this.field(id, CT_BINARY);
    this.binary(b);
  }

  stringField(id: number, s: string): void {
    this.binaryField(id, Buffer.from(s, 'utf8'));
  }

  structField(id: number, body: () => void): void {
    this.field(id, CT_STRUCT);
    this.struct(body);
  }

  listField(id: number, elementType: number, count: number): void {
    this.field(id, CT_LIST);
    this.listHeader(elementType, count);
  }
}

/** Everything about one column that the layout and the footer need, with its page bodies ready. */
interface ColumnPlan {
  name: string;
  physicalType: number;
  repetition: number;
  convertedType?: number;
  logical?: 'string' | 'timestamp-micros';
  valueEncoding: number;
  dictionary?: { count: number; bytes: Uint8Array };
  /** The data page body in order (definition levels, then values). */
  body: Uint8Array[];
  nullCount: number;
  min?: Uint8Array;
  max?: Uint8Array;
}

interface EncodedDictionary {
  /** PLAIN byte arrays: 4-byte LE length + UTF-8 bytes per entry. */
  bytes: Uint8Array;
  /** Where each entry's UTF-8 bytes start in `bytes`, and their lengths (for the statistics). */
  starts: Int32Array;
  lengths: Int32Array;
}

function encodeDictionary(dictionary: readonly string[]): EncodedDictionary {
  const n = dictionary.length;
  let bound = 0;
  for (let i = 0; i < n; i++) bound += 4 + dictionary[i]!.length * 3; // UTF-16 unit -> at most 3 UTF-8 bytes
  const out = Buffer.allocUnsafe(bound);
  const starts = new Int32Array(n);
  const lengths = new Int32Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const written = out.write(dictionary[i]!, pos + 4, 'utf8');
    out.writeUInt32LE(written, pos);
    starts[i] = pos + 4;
    lengths[i] = written;
    pos += 4 + written;
  }
  return { bytes: out.subarray(0, pos), starts, lengths };
}

function countNulls(nulls: Uint8Array, rows: number): number {
  let count = 0;
  for (let i = 0; i < rows; i++) if (nulls[i] !== 0) count++;
  return count;
}

/** Definition levels as one RLE run (no nulls, or all nulls), with the v1 4-byte length prefix. */
function levelsRun(rows: number, level: number): Uint8Array {
  const runLength = 1 + varintLength(rows * 2);
  const out = new Uint8Array(4 + runLength);
  new DataView(out.buffer).setUint32(0, runLength, true);
  out[writeVarint(out, 4, rows * 2)] = level;
  return out;
}

/** An empty bit-packed run of definition levels; the caller sets one bit per defined value. */
function levelsBitPacked(rows: number): { out: Uint8Array; bits: number } {
  const groups = Math.ceil(rows / 8);
  const header = varintLength(groups * 2 + 1);
  const out = new Uint8Array(4 + header + groups);
  new DataView(out.buffer).setUint32(0, header + groups, true);
  writeVarint(out, 4, groups * 2 + 1);
  return { out, bits: 4 + header };
}

function levelsFromNulls(nulls: Uint8Array | undefined, rows: number, nullCount: number): Uint8Array {
  if (nulls === undefined || nullCount === 0) return levelsRun(rows, 1);
  if (nullCount === rows) return levelsRun(rows, 0);
  const { out, bits } = levelsBitPacked(rows);
  for (let i = 0; i < rows; i++) if (nulls[i] === 0) out[bits + (i >>> 3)]! |= 1 << (i & 7);
  return out;
}

function levelsFromIndices(indices: Int32Array, rows: number, nullCount: number): Uint8Array {
  if (nullCount === 0) return levelsRun(rows, 1);
  if (nullCount === rows) return levelsRun(rows, 0);
  const { out, bits } = levelsBitPacked(rows);
  for (let i = 0; i < rows; i++) if (indices[i]! >= 0) out[bits + (i >>> 3)]! |= 1 << (i & 7);
  return out;
}

function compactDoubles(values: Float64Array, nulls: Uint8Array, rows: number, nonNull: number): Float64Array {
  const dense = new Float64Array(nonNull);
  let k = 0;
  for (let i = 0; i < rows; i++) if (nulls[i] === 0) dense[k++] = values[i]!;
  return dense;
}

/** Copied as two int32 halves: moving int64 bits through a double could canonicalise NaN patterns. */
function compactInt64s(values: BigInt64Array, nulls: Uint8Array, rows: number, nonNull: number): BigInt64Array {
  const dense = new BigInt64Array(nonNull);
  const src = new Int32Array(values.buffer, values.byteOffset, rows * 2);
  const dst = new Int32Array(dense.buffer);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    if (nulls[i] !== 0) continue;
    dst[k++] = src[2 * i]!;
    dst[k++] = src[2 * i + 1]!;
  }
  return dense;
}

function doubleBytes(v: number): Uint8Array {
  return bytesOf(new Float64Array([v]));
}

/** Min/max ignoring NaN; a zero min is written as -0 and a zero max as +0, as parquet-format asks. */
function doubleStats(dense: Float64Array): { min?: Uint8Array; max?: Uint8Array } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < dense.length; i++) {
    const v = dense[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Only NaNs (or nothing): no bound is known.
  if (min > max) return {};
  return { min: doubleBytes(min === 0 ? -0 : min), max: doubleBytes(max === 0 ? 0 : max) };
}

/** Compared as (signed high word, unsigned low word) so no BigInt is made per value. */
function int64Stats(dense: BigInt64Array): { min?: Uint8Array; max?: Uint8Array } {
  const n = dense.length;
  if (n === 0) return {};
  const signed = new Int32Array(dense.buffer, dense.byteOffset, n * 2);
  const unsigned = new Uint32Array(dense.buffer, dense.byteOffset, n * 2);
  let minHi = signed[1]!;
  let minLo = unsigned[0]!;
  let maxHi = minHi;
  let maxLo = minLo;
  let minAt = 0;
  let maxAt = 0;
  for (let i = 1; i < n; i++) {
    const hi = signed[2 * i + 1]!;
    const lo = unsigned[2 * i]!;
    if (hi < minHi || (hi === minHi && lo < minLo)) {
      minHi = hi;
      minLo = lo;
      minAt = i;
    } else if (hi > maxHi || (hi === maxHi && lo > maxLo)) {
      maxHi = hi;
      maxLo = lo;
      maxAt = i;
    }
  }
  const bytes = bytesOf(dense);
  return { min: bytes.slice(minAt * 8, minAt * 8 + 8), max: bytes.slice(maxAt * 8, maxAt * 8 + 8) };
}

/** Unsigned byte order of two dictionary entries, as parquet-format orders UTF8 strings. */
function compareEntries(dict: EncodedDictionary, a: number, b: number): number {
  const bytes = dict.bytes;
  const aStart = dict.starts[a]!;
  const bStart = dict.starts[b]!;
  const aLen = dict.lengths[a]!;
  const bLen = dict.lengths[b]!;
  const common = Math.min(aLen, bLen);
  for (let i = 0; i < common; i++) {
    const d = bytes[aStart + i]! - bytes[bStart + i]!;
    if (d !== 0) return d;
  }
  return aLen - bLen;
}

function stringStats(dict: EncodedDictionary, used: Uint8Array): { min?: Uint8Array; max?: Uint8Array } {
  let minAt = -1;
  let maxAt = -1;
  for (let i = 0; i < used.length; i++) {
    if (used[i] === 0) continue;
    if (minAt < 0 || compareEntries(dict, i, minAt) < 0) minAt = i;
    if (maxAt < 0 || compareEntries(dict, i, maxAt) > 0) maxAt = i;
  }
  if (minAt < 0) return {};
  const entry = (i: number): Uint8Array => dict.bytes.slice(dict.starts[i]!, dict.starts[i]! + dict.lengths[i]!);
  return { min: entry(minAt), max: entry(maxAt) };
}

/** Byte-aligned widths make the bit-packed run plain little-endian integers, filled by TypedArray.set. */
function indexArray(dictionarySize: number, length: number): Uint8Array | Uint16Array | Int32Array {
  if (dictionarySize <= 256) return new Uint8Array(length);
  if (dictionarySize <= 65536) return new Uint16Array(length);
  return new Int32Array(length);
}

/**
 * RLE_DICTIONARY values: the bit width byte, then one bit-packed run of all non-null indices
 * padded to a multiple of 8 (the page's value count tells readers where to stop).
 */
function dictionaryIndices(indices: Int32Array, rows: number, nonNull: number, dictionarySize: number): Uint8Array[] {
  const groups = Math.ceil(nonNull / 8);
  const packed = indexArray(dictionarySize, groups * 8);
  const header = new Uint8Array(1 + varintLength(groups * 2 + 1));
  header[0] = packed.BYTES_PER_ELEMENT * 8;
  if (nonNull === 0) return [header.subarray(0, 1)];
  writeVarint(header, 1, groups * 2 + 1);
  if (nonNull === rows) packed.set(indices.subarray(0, rows));
  else {
    let k = 0;
    for (let i = 0; i < rows; i++) {
      const v = indices[i]!;
      if (v >= 0) packed[k++] = v;
    }
  }
  return [header, bytesOf(packed)];
}

function checkLength(name: string, what: string, length: number, rows: number): void {
  if (length < rows) throw new Error(`parquet column ${name}: ${what} holds ${length} entries, fewer than rows (${rows})`);
}

function checkRequired(name: string, optional: boolean, nullCount: number): void {
  if (!optional && nullCount > 0) throw new Error(`parquet column ${name} is required but has ${nullCount} null(s)`);
}

function planNumeric(column: Extract<ParquetColumn, { kind: 'double' | 'int64' }>, rows: number, optional: boolean): ColumnPlan {
  const { name, nulls } = column;
  checkLength(name, 'values', column.values.length, rows);
  if (nulls) checkLength(name, 'nulls', nulls.length, rows);
  const nullCount = nulls ? countNulls(nulls, rows) : 0;
  checkRequired(name, optional, nullCount);
  const nonNull = rows - nullCount;
  const levels = optional ? [levelsFromNulls(nulls, rows, nullCount)] : [];
  const base = { name, repetition: optional ? REPETITION_OPTIONAL : REPETITION_REQUIRED, valueEncoding: ENCODING_PLAIN, nullCount };
  if (column.kind === 'double') {
    const dense = nulls && nullCount > 0 ? compactDoubles(column.values, nulls, rows, nonNull) : column.values.subarray(0, rows);
    return { ...base, physicalType: PHYSICAL_DOUBLE, body: [...levels, bytesOf(dense)], ...doubleStats(dense) };
  }
  const dense = nulls && nullCount > 0 ? compactInt64s(column.values, nulls, rows, nonNull) : column.values.subarray(0, rows);
  const timestamp = column.logical === 'timestamp-micros';
  return {
    ...base,
    physicalType: PHYSICAL_INT64,
    ...(timestamp ? { convertedType: CONVERTED_TIMESTAMP_MICROS, logical: 'timestamp-micros' as const } : {}),
    body: [...levels, bytesOf(dense)],
    ...int64Stats(dense),
  };
}

function planString(
  column: Extract<ParquetColumn, { kind: 'string' }>,
  rows: number,
  optional: boolean,
  dictionaries: Map<readonly string[], EncodedDictionary>,
): ColumnPlan {
  const { name, indices, dictionary } = column;
  checkLength(name, 'indices', indices.length, rows);
  const size = dictionary.length;
  const used = new Uint8Array(size);
  let nullCount = 0;
  for (let i = 0; i < rows; i++) {
    const v = indices[i]!;
    if (v < 0) nullCount++;
    else if (v < size) used[v] = 1;
    else throw new Error(`parquet column ${name}: index ${v} at row ${i} is outside the dictionary of ${size}`);
  }
  checkRequired(name, optional, nullCount);
  let encoded = dictionaries.get(dictionary);
  if (!encoded) {
    encoded = encodeDictionary(dictionary);
    dictionaries.set(dictionary, encoded);
  }
  const levels = optional ? [levelsFromIndices(indices, rows, nullCount)] : [];
  return {
    name,
    physicalType: PHYSICAL_BYTE_ARRAY,
    repetition: optional ? REPETITION_OPTIONAL : REPETITION_REQUIRED,
    convertedType: CONVERTED_UTF8,
    logical: 'string',
    valueEncoding: ENCODING_RLE_DICTIONARY,
    dictionary: { count: size, bytes: encoded.bytes },
    body: [...levels, ...dictionaryIndices(indices, rows, rows - nullCount, size)],
    nullCount,
    ...stringStats(encoded, used),
  };
}

const partsSize = (parts: readonly Uint8Array[]): number => parts.reduce((sum, p) => sum + p.length, 0);

function checkPageSize(name: string, size: number): void {
  if (size > MAX_PAGE_BYTES) throw new Error(`parquet column ${name}: a page of ${size} bytes exceeds the format's 2 GiB limit; write fewer rows per file`);
}

function dataPageHeader(rows: number, size: number, encoding: number): Uint8Array {
  const w = new CompactWriter();
  w.struct(() => {
    w.i32Field(1, PAGE_DATA);
    w.i32Field(2, size);
    w.i32Field(3, size);
    w.structField(5, () => {
      w.i32Field(1, rows);
      w.i32Field(2, encoding);
      w.i32Field(3, ENCODING_RLE);
      w.i32Field(4, ENCODING_RLE);
    });
  });
  return w.result();
}

function dictionaryPageHeader(count: number, size: number): Uint8Array {
  const w = new CompactWriter();
  w.struct(() => {
    w.i32Field(1, PAGE_DICTIONARY);
    w.i32Field(2, size);
    w.i32Field(3, size);
    w.structField(7, () => {
      w.i32Field(1, count);
      w.i32Field(2, ENCODING_PLAIN);
    });
  });
  return w.result();
}

/** A column's pages in file order, and where they land. */
interface ChunkLayout {
  parts: Uint8Array[];
  start: number;
  dataPageOffset: number;
  size: number;
}

function layoutChunk(plan: ColumnPlan, rows: number, start: number): ChunkLayout {
  const parts: Uint8Array[] = [];
  if (plan.dictionary) {
    checkPageSize(plan.name, plan.dictionary.bytes.length);
    parts.push(dictionaryPageHeader(plan.dictionary.count, plan.dictionary.bytes.length), plan.dictionary.bytes);
  }
  const dataPageOffset = start + partsSize(parts);
  const bodySize = partsSize(plan.body);
  checkPageSize(plan.name, bodySize);
  parts.push(dataPageHeader(rows, bodySize, plan.valueEncoding), ...plan.body);
  return { parts, start, dataPageOffset, size: partsSize(parts) };
}

function writeSchemaElement(w: CompactWriter, plan: ColumnPlan): void {
  w.i32Field(1, plan.physicalType);
  w.i32Field(3, plan.repetition);
  w.stringField(4, plan.name);
  if (plan.convertedType !== undefined) w.i32Field(6, plan.convertedType);
  if (plan.logical === 'string') w.structField(10, () => w.structField(1, () => {}));
  if (plan.logical === 'timestamp-micros') {
    w.structField(10, () =>
      w.structField(8, () => {
        w.boolField(1, true);
        w.structField(2, () => w.structField(2, () => {}));
      }),
    );
  }
}

function writeStatistics(w: CompactWriter, plan: ColumnPlan): void {
  w.i64Field(3, plan.nullCount);
  if (plan.min && plan.max) {
    w.binaryField(5, plan.max);
    w.binaryField(6, plan.min);
    w.boolField(7, true);
    w.boolField(8, true);
  }
}

function writeColumnMetaData(w: CompactWriter, plan: ColumnPlan, chunk: ChunkLayout, rows: number): void {
  const encodings = plan.dictionary ? [ENCODING_PLAIN, ENCODING_RLE_DICTIONARY] : [ENCODING_PLAIN];
  if (plan.repetition === REPETITION_OPTIONAL) encodings.push(ENCODING_RLE);
  w.i32Field(1, plan.physicalType);
  w.listField(2, CT_I32, encodings.length);
  for (const e of encodings) w.int(e);
  w.listField(3, CT_BINARY, 1);
  w.binary(Buffer.from(plan.name, 'utf8'));
  w.i32Field(4, CODEC_UNCOMPRESSED);
  w.i64Field(5, rows);
  w.i64Field(6, chunk.size);
  w.i64Field(7, chunk.size);
  w.i64Field(9, chunk.dataPageOffset);
  if (plan.dictionary) w.i64Field(11, chunk.start);
  w.structField(12, () => writeStatistics(w, plan));
}

function writeRowGroup(w: CompactWriter, plans: ColumnPlan[], chunks: ChunkLayout[], rows: number): void {
  const total = chunks.reduce((sum, c) => sum + c.size, 0);
  w.listField(1, CT_STRUCT, plans.length);
  plans.forEach((plan, i) => {
    const chunk = chunks[i]!;
    w.struct(() => {
      // Deprecated field; parquet-format asks for 0 when no ColumnMetaData lives outside the footer.
      w.i64Field(2, 0);
      w.structField(3, () => writeColumnMetaData(w, plan, chunk, rows));
    });
  });
  w.i64Field(2, total);
  w.i64Field(3, rows);
  w.i64Field(5, chunks[0]?.start ?? MAGIC.length);
  w.i64Field(6, total);
  w.i16Field(7, 0);
}

/**
 * The footer. A file without rows gets no row group at all: readers take the schema alone,
 * and no reader has to cope with empty pages.
 */
function fileMetaData(plans: ColumnPlan[], chunks: ChunkLayout[], rows: number, createdBy: string): Uint8Array {
  const w = new CompactWriter();
  w.struct(() => {
    w.i32Field(1, 2);
    w.listField(2, CT_STRUCT, plans.length + 1);
    w.struct(() => {
      w.stringField(4, 'schema');
      w.i32Field(5, plans.length);
    });
    for (const plan of plans) w.struct(() => writeSchemaElement(w, plan));
    w.i64Field(3, rows);
    w.listField(4, CT_STRUCT, rows > 0 ? 1 : 0);
    if (rows > 0) w.struct(() => writeRowGroup(w, plans, chunks, rows));
    w.stringField(6, createdBy);
    // TYPE_DEFINED_ORDER for every column: readers may then trust min_value/max_value.
    w.listField(7, CT_STRUCT, plans.length);
    for (let i = 0; i < plans.length; i++) w.struct(() => w.structField(1, () => {}));
  });
  return w.result();
}

function planColumns(input: ParquetColumnsInput): ColumnPlan[] {
  const { rows, columns, required } = input;
  const names = new Set<string>();
  const dictionaries = new Map<readonly string[], EncodedDictionary>();
  return columns.map((column) => {
    if (names.has(column.name)) throw new Error(`parquet column ${column.name} appears twice`);
    names.add(column.name);
    const optional = !required?.has(column.name);
    return column.kind === 'string' ? planString(column, rows, optional, dictionaries) : planNumeric(column, rows, optional);
  });
}

/** Encodes one Parquet file (one row group, one uncompressed data page per column) into a Buffer. */
export function encodeParquetColumns(input: ParquetColumnsInput): Buffer {
  if (!LITTLE_ENDIAN) throw new Error('encodeParquetColumns needs a little-endian machine');
  const { rows } = input;
  if (!Number.isInteger(rows) || rows < 0 || rows > MAX_PAGE_BYTES) throw new Error(`parquet rows must be an integer in [0, 2^31): ${rows}`);
  const plans = planColumns(input);
  const chunks: ChunkLayout[] = [];
  let pos = MAGIC.length;
  if (rows > 0) {
    for (const plan of plans) {
      const chunk = layoutChunk(plan, rows, pos);
      chunks.push(chunk);
      pos += chunk.size;
    }
  }
  const footer = fileMetaData(plans, chunks, rows, input.createdBy ?? 'fintech-data-engine');
  const out = Buffer.allocUnsafe(pos + footer.length + 4 + MAGIC.length);
  out.set(MAGIC, 0);
  let at = MAGIC.length;
  for (const chunk of chunks) {
    for (const part of chunk.parts) {
      out.set(part, at);
      at += part.length;
    }
  }
  out.set(footer, at);
  at += footer.length;
  out.writeUInt32LE(footer.length, at);
  out.set(MAGIC, at + 4);
  return out;
}
