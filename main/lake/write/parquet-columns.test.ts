import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDuck, sqlIdent, sqlString, type Duck } from '../../duck/duck';
import { tempDir } from '../test-support/temp';
import { encodeParquetColumns, type ParquetColumn, type ParquetColumnsInput } from './parquet-columns';

let duck: Duck;
let root: { dir: string; cleanup: () => Promise<void> };
let fileNo = 0;

beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
  // Timestamp text and casts below are in UTC whatever the machine's zone.
  await duck.run("SET TimeZone = 'UTC'");
  root = await tempDir('fde-parquet-columns-');
});
afterAll(async () => {
  duck.close();
  await root.cleanup();
});

async function writeParquet(input: ParquetColumnsInput): Promise<string> {
  const file = path.join(root.dir, `f${fileNo++}.parquet`);
  await writeFile(file, encodeParquetColumns(input));
  return file;
}

/** Rows in file order (file_row_number), with the given select list. */
async function readRows(file: string, select = '*'): Promise<Record<string, unknown>[]> {
  return duck.all(`SELECT ${select} FROM read_parquet(${sqlString(file)}, file_row_number = true) ORDER BY file_row_number`);
}

async function column(file: string, expr: string): Promise<unknown[]> {
  return (await readRows(file, `${expr} AS v`)).map((r) => r.v);
}

async function describeTypes(file: string): Promise<Record<string, string>> {
  const rows = await duck.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
  return Object.fromEntries(rows.map((r) => [r.column_name, r.column_type]));
}

async function repetitions(file: string): Promise<Record<string, string>> {
  const rows = await duck.all<{ name: string; repetition_type: string | null }>(
    `SELECT name, repetition_type FROM parquet_schema(${sqlString(file)}) WHERE type IS NOT NULL`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.repetition_type ?? '']));
}

interface ColumnStats {
  min: unknown;
  max: unknown;
  nulls: bigint | null;
  minText: string | null;
  maxText: string | null;
}

/** The footer statistics of one column, cast to `sqlType` (through `wrap`, e.g. epoch_us). */
async function statsOf(file: string, name: string, sqlType: string, wrap = (e: string) => e): Promise<ColumnStats> {
  const rows = await duck.all<{ mn: unknown; mx: unknown; nulls: bigint | null; minText: string | null; maxText: string | null }>(
    `SELECT ${wrap(`CAST(stats_min_value AS ${sqlType})`)} AS mn, ${wrap(`CAST(stats_max_value AS ${sqlType})`)} AS mx,
       stats_null_count AS nulls, stats_min_value AS "minText", stats_max_value AS "maxText"
     FROM parquet_metadata(${sqlString(file)}) WHERE path_in_schema = ${sqlString(name)}`,
  );
  expect(rows).toHaveLength(1);
  const r = rows[0]!;
  return { min: r.mn, max: r.mx, nulls: r.nulls, minText: r.minText, maxText: r.maxText };
}

/** 64-bit values filled as producers do: [lo, hi] int32 pairs. */
function int64s(pairs: Array<[lo: number, hi: number]>): BigInt64Array {
  const out = new BigInt64Array(pairs.length);
  const words = new Int32Array(out.buffer);
  pairs.forEach(([lo, hi], i) => {
    words[2 * i] = lo;
    words[2 * i + 1] = hi;
  });
  return out;
}

const nullMask = (rows: number, isNull: (i: number) => boolean): Uint8Array => Uint8Array.from({ length: rows }, (_, i) => (isNull(i) ? 1 : 0));

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unsigned byte order of UTF-8, the order Parquet and DuckDB use for strings. */
const utf8Compare = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('encodeParquetColumns', () => {
  it('writes every kind with the right DuckDB types and values', async () => {
    const file = await writeParquet({
      rows: 3,
      columns: [
        { name: 'price', kind: 'double', values: Float64Array.of(101.25, -3.5, 0.1) },
        { name: 'size', kind: 'int64', values: BigInt64Array.of(100n, -7n, 123_456_789_012n) },
        { name: 'ts', kind: 'int64', logical: 'timestamp-micros', values: BigInt64Array.of(1_700_000_000_123_456n, 0n, -1n) },
        { name: 'symbol', kind: 'string', indices: Int32Array.of(1, 0, 1), dictionary: ['AAPL', 'MSFT'] },
      ],
    });
    expect(await describeTypes(file)).toEqual({
      price: 'DOUBLE',
      size: 'BIGINT',
      ts: 'TIMESTAMP WITH TIME ZONE',
      symbol: 'VARCHAR',
    });
    const rows = await readRows(file, 'price, size, epoch_us(ts) AS us, CAST(ts AS VARCHAR) AS ts_text, symbol');
    expect(rows).toEqual([
      { price: 101.25, size: 100n, us: 1_700_000_000_123_456n, ts_text: '2023-11-14 22:13:20.123456+00', symbol: 'MSFT' },
      { price: -3.5, size: -7n, us: 0n, ts_text: '1970-01-01 00:00:00+00', symbol: 'AAPL' },
      { price: 0.1, size: 123_456_789_012n, us: -1n, ts_text: '1969-12-31 23:59:59.999999+00', symbol: 'MSFT' },
    ]);
    const meta = await duck.all<{ path_in_schema: string; num_values: bigint; compression: string; row_group_num_rows: bigint }>(
      `SELECT path_in_schema, num_values, compression, row_group_num_rows FROM parquet_metadata(${sqlString(file)}) ORDER BY column_id`,
    );
    expect(meta.map((m) => m.path_in_schema)).toEqual(['price', 'size', 'ts', 'symbol']);
    expect(meta.every((m) => m.num_values === 3n && m.row_group_num_rows === 3n && m.compression === 'UNCOMPRESSED')).toBe(true);
  });

  it('keeps int64 extremes and values above 2^53 exact, in values and statistics', async () => {
    const values = int64s([
      [0, -0x80000000], // -2^63
      [-1, 0x7fffffff], // 2^63 - 1
      [1, 0x200000], // 2^53 + 1
      [-1, -0x200001], // -(2^53 + 1)
      [0, 0],
      [-1, -1], // -1
      [0x12345678, 0x7edcba98],
    ]);
    const file = await writeParquet({
      rows: values.length,
      columns: [
        { name: 'n', kind: 'int64', values },
        { name: 'ts', kind: 'int64', logical: 'timestamp-micros', values: int64s([[1, 0x200000], [-1, -0x200001], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]]) },
      ],
    });
    expect(await column(file, 'n')).toEqual([
      -(2n ** 63n),
      2n ** 63n - 1n,
      2n ** 53n + 1n,
      -(2n ** 53n + 1n),
      0n,
      -1n,
      (0x7edcba98n << 32n) | 0x12345678n,
    ]);
    const n = await statsOf(file, 'n', 'BIGINT');
    expect(n).toMatchObject({ min: -(2n ** 63n), max: 2n ** 63n - 1n, nulls: 0n });
    expect(n.minText).toBe('-9223372036854775808');
    expect(n.maxText).toBe('9223372036854775807');
    expect(await column(file, 'epoch_us(ts)')).toEqual([2n ** 53n + 1n, -(2n ** 53n + 1n), 0n, 0n, 0n, 0n, 0n]);
    expect(await statsOf(file, 'ts', 'TIMESTAMPTZ', (e) => `epoch_us(${e})`)).toMatchObject({ min: -(2n ** 53n + 1n), max: 2n ** 53n + 1n });
  });

  it('keeps doubles bit for bit: -0, subnormal, huge, infinities and NaN', async () => {
    const specials = [-0, 5e-324, 1.7976931348623157e308, -1.7976931348623157e308, Number.NaN, 2.2250738585072014e-308, Math.PI, Infinity, -Infinity, 0];
    const file = await writeParquet({
      rows: specials.length,
      columns: [
        { name: 'd', kind: 'double', values: Float64Array.from(specials) },
        // Without infinities, so min/max are the finite extremes; the null row holds a value that must not count.
        {
          name: 'finite',
          kind: 'double',
          values: Float64Array.of(5e-324, Number.NaN, 1e300, -2.5e-300, Number.NaN, -1e308, 7, 8, 9, 10),
          nulls: nullMask(10, (i) => i === 5),
        },
      ],
      required: new Set(['d']),
    });
    const got = (await column(file, 'd')) as number[];
    expect(got).toHaveLength(specials.length);
    got.forEach((v, i) => expect(Object.is(v, specials[i]), `row ${i}: ${v} vs ${specials[i]}`).toBe(true));
    expect(await column(file, 'CAST(d AS VARCHAR)')).toContain('-0.0');
    // Infinite bounds are valid Parquet and are written, but DuckDB reports (and uses) only finite ones.
    expect(await statsOf(file, 'd', 'DOUBLE')).toMatchObject({ minText: null, maxText: null, nulls: 0n });
    const footer = encodeParquetColumns({ rows: 2, columns: [{ name: 'd', kind: 'double', values: Float64Array.of(-Infinity, Infinity) }] });
    const maxField = Buffer.from([0x28, 0x08, ...new Uint8Array(Float64Array.of(Infinity).buffer)]); // max_value: 8 bytes of +inf
    const minField = Buffer.from([0x18, 0x08, ...new Uint8Array(Float64Array.of(-Infinity).buffer)]); // min_value: 8 bytes of -inf
    expect(footer.indexOf(maxField)).toBeGreaterThan(0);
    expect(footer.indexOf(minField)).toBeGreaterThan(footer.indexOf(maxField));
    expect(await duck.all(`SELECT count(*) AS n FROM read_parquet(${sqlString(file)}) WHERE d > 1e308`)).toEqual([{ n: 3n }]); // DuckDB orders NaN above +inf
    expect(await duck.all(`SELECT count(*) AS n FROM read_parquet(${sqlString(file)}) WHERE d < -1e308`)).toEqual([{ n: 2n }]);
    const finite = await statsOf(file, 'finite', 'DOUBLE');
    expect(finite).toMatchObject({ min: -2.5e-300, max: 1e300, nulls: 1n });
  });

  it('writes the zero bounds parquet-format asks for (-0 as min, +0 as max) and omits bounds for all-NaN columns', async () => {
    const file = await writeParquet({
      rows: 3,
      columns: [
        { name: 'zeros', kind: 'double', values: Float64Array.of(0, -0, 0) },
        { name: 'nans', kind: 'double', values: Float64Array.of(Number.NaN, Number.NaN, Number.NaN) },
      ],
    });
    const zeros = await statsOf(file, 'zeros', 'DOUBLE');
    expect(Object.is(zeros.min, -0)).toBe(true);
    expect(Object.is(zeros.max, 0)).toBe(true);
    expect(await statsOf(file, 'nans', 'DOUBLE')).toMatchObject({ minText: null, maxText: null, nulls: 0n });
    expect((await column(file, 'nans')).every((v) => Number.isNaN(v))).toBe(true);
  });

  it('writes nulls in every kind, for all-null, some-null and no-null columns of odd lengths', async () => {
    for (const rows of [1, 7, 8, 9, 13, 64, 1001]) {
      const some = (i: number) => i % 3 === 1 || i === rows - 1;
      const dict = ['x', 'y', 'z'];
      const columns: ParquetColumn[] = [
        { name: 'd_some', kind: 'double', values: Float64Array.from({ length: rows }, (_, i) => i + 0.5), nulls: nullMask(rows, some) },
        { name: 'd_all', kind: 'double', values: new Float64Array(rows).fill(1), nulls: nullMask(rows, () => true) },
        { name: 'd_none', kind: 'double', values: Float64Array.from({ length: rows }, (_, i) => -i), nulls: nullMask(rows, () => false) },
        { name: 'i_some', kind: 'int64', values: BigInt64Array.from({ length: rows }, (_, i) => BigInt(i) * 1_000_000_007n), nulls: nullMask(rows, some) },
        { name: 'i_all', kind: 'int64', values: new BigInt64Array(rows), nulls: nullMask(rows, () => true) },
        { name: 'i_none', kind: 'int64', values: BigInt64Array.from({ length: rows }, (_, i) => BigInt(-i)) },
        { name: 't_some', kind: 'int64', logical: 'timestamp-micros', values: BigInt64Array.from({ length: rows }, (_, i) => BigInt(i) * 1_000_001n), nulls: nullMask(rows, (i) => i % 2 === 0) },
        { name: 's_some', kind: 'string', indices: Int32Array.from({ length: rows }, (_, i) => (some(i) ? -1 : i % 3)), dictionary: dict },
        { name: 's_all', kind: 'string', indices: new Int32Array(rows).fill(-1), dictionary: dict },
        { name: 's_all_empty_dict', kind: 'string', indices: new Int32Array(rows).fill(-1), dictionary: [] },
        { name: 's_none', kind: 'string', indices: Int32Array.from({ length: rows }, (_, i) => i % 3), dictionary: dict },
      ];
      const file = await writeParquet({ rows, columns });
      const ctx = `rows=${rows}`;
      expect(await column(file, 'd_some'), ctx).toEqual(Array.from({ length: rows }, (_, i) => (some(i) ? null : i + 0.5)));
      expect(await column(file, 'd_all'), ctx).toEqual(new Array(rows).fill(null));
      expect(await column(file, 'd_none'), ctx).toEqual(Array.from({ length: rows }, (_, i) => -i));
      expect(await column(file, 'i_some'), ctx).toEqual(Array.from({ length: rows }, (_, i) => (some(i) ? null : BigInt(i) * 1_000_000_007n)));
      expect(await column(file, 'i_all'), ctx).toEqual(new Array(rows).fill(null));
      expect(await column(file, 'i_none'), ctx).toEqual(Array.from({ length: rows }, (_, i) => BigInt(-i)));
      expect(await column(file, 'epoch_us(t_some)'), ctx).toEqual(Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? null : BigInt(i) * 1_000_001n)));
      expect(await column(file, 's_some'), ctx).toEqual(Array.from({ length: rows }, (_, i) => (some(i) ? null : dict[i % 3])));
      expect(await column(file, 's_all'), ctx).toEqual(new Array(rows).fill(null));
      expect(await column(file, 's_all_empty_dict'), ctx).toEqual(new Array(rows).fill(null));
      expect(await column(file, 's_none'), ctx).toEqual(Array.from({ length: rows }, (_, i) => dict[i % 3]));

      const someNulls = BigInt(Array.from({ length: rows }, (_, i) => i).filter(some).length);
      const expectNulls: Record<string, bigint> = {
        d_some: someNulls,
        d_all: BigInt(rows),
        d_none: 0n,
        i_some: someNulls,
        i_all: BigInt(rows),
        i_none: 0n,
        t_some: BigInt(Math.ceil(rows / 2)),
        s_some: someNulls,
        s_all: BigInt(rows),
        s_all_empty_dict: BigInt(rows),
        s_none: 0n,
      };
      const meta = await duck.all<{ path_in_schema: string; stats_null_count: bigint; stats_min_value: string | null }>(
        `SELECT path_in_schema, stats_null_count, stats_min_value FROM parquet_metadata(${sqlString(file)})`,
      );
      expect(Object.fromEntries(meta.map((m) => [m.path_in_schema, m.stats_null_count])), ctx).toEqual(expectNulls);
      for (const m of meta) if (m.path_in_schema.endsWith('_all') || m.path_in_schema === 's_all_empty_dict') expect(m.stats_min_value, `${ctx} ${m.path_in_schema}`).toBeNull();
      if (rows > 1) {
        expect(await statsOf(file, 'd_some', 'DOUBLE'), ctx).toMatchObject({ min: 0.5, max: rows - 1 - (some(rows - 2) ? 1 : 0) - 0.5 });
        expect(await statsOf(file, 's_some', 'VARCHAR'), ctx).toMatchObject({ min: 'x', max: rows > 2 ? 'z' : 'x' });
      }
    }
  });

  it('marks required columns REQUIRED and the others OPTIONAL, and refuses nulls in required ones', async () => {
    const columns: ParquetColumn[] = [
      { name: 'a', kind: 'double', values: Float64Array.of(1, 2) },
      { name: 'b', kind: 'int64', values: BigInt64Array.of(1n, 2n) },
      { name: 'c', kind: 'string', indices: Int32Array.of(0, 0), dictionary: ['v'] },
      { name: 'd', kind: 'int64', logical: 'timestamp-micros', values: BigInt64Array.of(1n, 2n) },
    ];
    const file = await writeParquet({ rows: 2, columns, required: new Set(['a', 'c', 'd']) });
    expect(await repetitions(file)).toEqual({ a: 'REQUIRED', b: 'OPTIONAL', c: 'REQUIRED', d: 'REQUIRED' });
    expect(await readRows(file, 'a, b, c, epoch_us(d) AS d')).toEqual([
      { a: 1, b: 1n, c: 'v', d: 1n },
      { a: 2, b: 2n, c: 'v', d: 2n },
    ]);

    expect(() =>
      encodeParquetColumns({ rows: 2, columns: [{ name: 'a', kind: 'double', values: Float64Array.of(1, 2), nulls: Uint8Array.of(0, 1) }], required: new Set(['a']) }),
    ).toThrow(/a is required but has 1 null/);
    expect(() => encodeParquetColumns({ rows: 2, columns: [{ name: 'c', kind: 'string', indices: Int32Array.of(0, -1), dictionary: ['v'] }], required: new Set(['c']) })).toThrow(
      /required/,
    );
  });

  it('rejects inputs it cannot write faithfully', () => {
    expect(() => encodeParquetColumns({ rows: 1, columns: [{ name: 's', kind: 'string', indices: Int32Array.of(1), dictionary: ['only'] }] })).toThrow(/outside the dictionary/);
    expect(() => encodeParquetColumns({ rows: 3, columns: [{ name: 'd', kind: 'double', values: Float64Array.of(1, 2) }] })).toThrow(/fewer than rows/);
    expect(() => encodeParquetColumns({ rows: 2, columns: [{ name: 'd', kind: 'double', values: Float64Array.of(1, 2), nulls: Uint8Array.of(0) }] })).toThrow(/nulls holds 1/);
    const twice: ParquetColumn[] = [
      { name: 'x', kind: 'double', values: Float64Array.of(1) },
      { name: 'x', kind: 'double', values: Float64Array.of(1) },
    ];
    expect(() => encodeParquetColumns({ rows: 1, columns: twice })).toThrow(/twice/);
    expect(() => encodeParquetColumns({ rows: -1, columns: [] })).toThrow(/rows/);
  });

  it('writes unicode strings and keeps the empty string distinct from null', async () => {
    const dictionary = ['', 'café', 'Ωmega', '🚀 to the moon', 'naïve résumé', 'z', 'Z', '中文', 'a\u0000b', "it's \"quoted\"", '\ud83d'];
    const indices = Int32Array.of(0, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, -1, 10);
    const file = await writeParquet({ rows: indices.length, columns: [{ name: 's', kind: 'string', indices, dictionary }] });
    const expected = Array.from(indices, (i) => (i < 0 ? null : i === 10 ? '\ufffd' : dictionary[i]));
    expect(await column(file, 's')).toEqual(expected);
    expect(await column(file, 's IS NULL')).toEqual(Array.from(indices, (i) => i < 0));
    expect(await column(file, 'strlen(s)')).toEqual(expected.map((s) => (s === null || s === undefined ? null : BigInt(Buffer.byteLength(s)))));
    const stats = await statsOf(file, 's', 'VARCHAR');
    // Byte order: '' first; '🚀' (F0 ..) sorts after '中' (E4 ..), and the lone surrogate becomes U+FFFD (EF BF BD).
    expect(stats).toMatchObject({ min: '', max: '🚀 to the moon', nulls: 2n });
  });

  it('shares one dictionary between columns and writes only the first `rows` entries', async () => {
    const dictionary = ['b', 'a', 'c'];
    const file = await writeParquet({
      rows: 3,
      columns: [
        { name: 'bid', kind: 'string', indices: Int32Array.of(0, 1, 0, 2, 2), dictionary },
        { name: 'ask', kind: 'string', indices: Int32Array.of(2, 2, 2, 7, -5), dictionary },
        { name: 'px', kind: 'double', values: Float64Array.of(1, 2, 3, 4), nulls: Uint8Array.of(0, 0, 0, 1, 1) },
      ],
    });
    expect(await readRows(file, 'bid, ask, px')).toEqual([
      { bid: 'b', ask: 'c', px: 1 },
      { bid: 'a', ask: 'c', px: 2 },
      { bid: 'b', ask: 'c', px: 3 },
    ]);
    // Stats come from the entries used in the written rows only ('c' is in the dictionary but unused by bid).
    expect(await statsOf(file, 'bid', 'VARCHAR')).toMatchObject({ min: 'a', max: 'b', nulls: 0n });
    expect(await statsOf(file, 'ask', 'VARCHAR')).toMatchObject({ min: 'c', max: 'c', nulls: 0n });
  });

  it('packs dictionary indices at 8, 16 and 32 bits for dictionaries of 1, 300 and 70 000 entries', async () => {
    const cases = [
      { size: 1, width: 8 },
      { size: 256, width: 8 },
      { size: 300, width: 16 },
      { size: 65536, width: 16 },
      { size: 70_000, width: 32 },
    ];
    for (const { size, width } of cases) {
      const rows = Math.max(size, 1000) + 3; // not a multiple of 8, every entry used
      const dictionary = Array.from({ length: size }, (_, i) => `e${String(i).padStart(6, '0')}`);
      const indices = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % size);
      const nullable = Int32Array.from(indices, (v, i) => (i % 11 === 0 ? -1 : v));
      const file = await writeParquet({
        rows,
        columns: [
          { name: 's', kind: 'string', indices, dictionary },
          { name: 'n', kind: 'string', indices: nullable, dictionary },
        ],
        required: new Set(['s']),
      });
      const ctx = `dictionary of ${size}`;
      expect(await column(file, 's'), ctx).toEqual(Array.from(indices, (i) => dictionary[i]));
      expect(await column(file, 'n'), ctx).toEqual(Array.from(nullable, (i) => (i < 0 ? null : dictionary[i])));
      const [meta] = await duck.all<{ encodings: string; dictionary_page_offset: bigint; data_page_offset: bigint; total_compressed_size: bigint; stats_min_value: string; stats_max_value: string }>(
        `SELECT encodings, dictionary_page_offset, data_page_offset, total_compressed_size, stats_min_value, stats_max_value
         FROM parquet_metadata(${sqlString(file)}) WHERE path_in_schema = 's'`,
      );
      expect(meta!.encodings, ctx).toBe('PLAIN, RLE_DICTIONARY');
      expect(meta!.dictionary_page_offset, ctx).toBe(4n);
      expect(meta!.stats_min_value, ctx).toBe(dictionary[0]);
      expect(meta!.stats_max_value, ctx).toBe(dictionary[size - 1]);
      // The data page (header + bit width + run header + padded indices) shows the width used.
      const dataPage = Number(meta!.dictionary_page_offset + meta!.total_compressed_size - meta!.data_page_offset);
      const packed = (Math.ceil(rows / 8) * 8 * width) / 8;
      expect(dataPage - packed, ctx).toBeGreaterThan(0);
      expect(dataPage - packed, ctx).toBeLessThan(40);
    }
  });

  it('writes a valid empty file for rows = 0', async () => {
    const file = await writeParquet({
      rows: 0,
      columns: [
        { name: 'd', kind: 'double', values: new Float64Array(0) },
        { name: 'i', kind: 'int64', values: new BigInt64Array(4) },
        { name: 't', kind: 'int64', logical: 'timestamp-micros', values: new BigInt64Array(0) },
        { name: 's', kind: 'string', indices: new Int32Array(0), dictionary: ['unused'] },
      ],
      required: new Set(['i']),
    });
    expect(await describeTypes(file)).toEqual({ d: 'DOUBLE', i: 'BIGINT', t: 'TIMESTAMP WITH TIME ZONE', s: 'VARCHAR' });
    expect(await repetitions(file)).toEqual({ d: 'OPTIONAL', i: 'REQUIRED', t: 'OPTIONAL', s: 'OPTIONAL' });
    expect(await duck.all(`SELECT count(*) AS n FROM read_parquet(${sqlString(file)})`)).toEqual([{ n: 0n }]);
    const [meta] = await duck.all<{ num_rows: bigint; num_row_groups: bigint; created_by: string }>(
      `SELECT num_rows, num_row_groups, created_by FROM parquet_file_metadata(${sqlString(file)})`,
    );
    expect(meta).toMatchObject({ num_rows: 0n, num_row_groups: 0n, created_by: 'fintech-data-engine' });
  });

  it('records created_by', async () => {
    const file = await writeParquet({ rows: 1, columns: [{ name: 'd', kind: 'double', values: Float64Array.of(1) }], createdBy: 'ingest test 1.0' });
    expect(await duck.all(`SELECT created_by, num_rows FROM parquet_file_metadata(${sqlString(file)})`)).toEqual([{ created_by: 'ingest test 1.0', num_rows: 1n }]);
  });

  it('round-trips 10 000 random rows exactly, with true statistics', async () => {
    const rand = random(20240611);
    const rows = 10_003;
    const chance = (p: number) => rand() < p;
    const doubleValue = (): number => {
      const r = rand();
      if (r < 0.01) return Number.NaN;
      if (r < 0.02) return -0;
      if (r < 0.03) return (rand() - 0.5) * 1e-310;
      return (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
    };
    const words = () => (rand() * 2 ** 32) | 0;
    const dictSmall = Array.from({ length: 40 }, (_, i) => `${['', 'é', '🙂', 'x'][i % 4]}${Math.floor(rand() * 1e6).toString(36)}`);
    const dictMid = Array.from({ length: 1500 }, (_, i) => `sym-${i}-${String.fromCodePoint(0x41 + Math.floor(rand() * 0x3000))}`);

    const nulls = {
      d: nullMask(rows, () => chance(0.1)),
      i: nullMask(rows, () => chance(0.3)),
      t: nullMask(rows, () => chance(0.05)),
    };
    const d = Float64Array.from({ length: rows }, doubleValue);
    const dReq = Float64Array.from({ length: rows }, () => rand() * 1000);
    const i64 = new BigInt64Array(rows);
    const i64Words = new Int32Array(i64.buffer);
    for (let k = 0; k < rows * 2; k++) i64Words[k] = words();
    const ts = BigInt64Array.from({ length: rows }, () => 1_704_067_200_000_000n + BigInt(Math.floor(rand() * 3.1e13)));
    const sSmall = Int32Array.from({ length: rows }, () => (chance(0.2) ? -1 : Math.floor(rand() * dictSmall.length)));
    const sMid = Int32Array.from({ length: rows }, () => Math.floor(rand() * dictMid.length));

    const file = await writeParquet({
      rows,
      columns: [
        { name: 'd', kind: 'double', values: d, nulls: nulls.d },
        { name: 'd_req', kind: 'double', values: dReq },
        { name: 'i', kind: 'int64', values: i64, nulls: nulls.i },
        { name: 't', kind: 'int64', logical: 'timestamp-micros', values: ts, nulls: nulls.t },
        { name: 's_small', kind: 'string', indices: sSmall, dictionary: dictSmall },
        { name: 's_mid', kind: 'string', indices: sMid, dictionary: dictMid },
      ],
      required: new Set(['d_req', 's_mid']),
    });

    const got = await readRows(file, 'd, d_req, i, epoch_us(t) AS t, s_small, s_mid');
    expect(got).toHaveLength(rows);
    const mismatches: string[] = [];
    for (let r = 0; r < rows && mismatches.length < 10; r++) {
      const row = got[r]!;
      const want = {
        d: nulls.d[r] ? null : d[r],
        d_req: dReq[r],
        i: nulls.i[r] ? null : i64[r],
        t: nulls.t[r] ? null : ts[r],
        s_small: sSmall[r]! < 0 ? null : dictSmall[sSmall[r]!],
        s_mid: dictMid[sMid[r]!],
      };
      for (const [k, v] of Object.entries(want)) if (!Object.is(row[k], v)) mismatches.push(`row ${r} ${k}: got ${String(row[k])}, want ${String(v)}`);
    }
    expect(mismatches).toEqual([]);

    // True statistics, computed here independently of the encoder.
    const kept = <T>(values: ArrayLike<T>, mask?: Uint8Array): T[] => Array.from({ length: rows }, (_, r) => values[r]!).filter((_, r) => !mask?.[r]);
    const numeric = (xs: number[]) => {
      const finite = xs.filter((x) => !Number.isNaN(x));
      return { min: Math.min(...finite), max: Math.max(...finite) };
    };
    const bigs = (xs: bigint[]) => ({ min: xs.reduce((a, b) => (b < a ? b : a)), max: xs.reduce((a, b) => (b > a ? b : a)) });
    const strings = (xs: string[]) => {
      const sorted = [...xs].sort(utf8Compare);
      return { min: sorted[0], max: sorted[sorted.length - 1] };
    };
    const count = (mask: Uint8Array) => BigInt(mask.reduce((a, b) => a + b, 0));

    expect(await statsOf(file, 'd', 'DOUBLE')).toMatchObject({ ...numeric(kept(d, nulls.d)), nulls: count(nulls.d) });
    expect(await statsOf(file, 'd_req', 'DOUBLE')).toMatchObject({ ...numeric(kept(dReq)), nulls: 0n });
    expect(await statsOf(file, 'i', 'BIGINT')).toMatchObject({ ...bigs(kept(i64, nulls.i)), nulls: count(nulls.i) });
    expect(await statsOf(file, 't', 'TIMESTAMPTZ', (e) => `epoch_us(${e})`)).toMatchObject({ ...bigs(kept(ts, nulls.t)), nulls: count(nulls.t) });
    const small = kept(sSmall).filter((k) => k >= 0);
    expect(await statsOf(file, 's_small', 'VARCHAR')).toMatchObject({ ...strings(small.map((k) => dictSmall[k]!)), nulls: BigInt(rows - small.length) });
    expect(await statsOf(file, 's_mid', 'VARCHAR')).toMatchObject({ ...strings(kept(sMid).map((k) => dictMid[k]!)), nulls: 0n });

    // The same bounds DuckDB finds by scanning the data (NaN excluded: DuckDB orders it above all numbers).
    for (const name of ['d', 'd_req', 'i', 't', 's_small', 's_mid']) {
      const where = name.startsWith('d') ? `WHERE NOT isnan(${sqlIdent(name)})` : '';
      const [scan] = await duck.all<{ mn: string | null; mx: string | null }>(
        `SELECT CAST(min(${sqlIdent(name)}) AS VARCHAR) AS mn, CAST(max(${sqlIdent(name)}) AS VARCHAR) AS mx
         FROM read_parquet(${sqlString(file)}) ${where}`,
      );
      const [meta] = await duck.all<{ mn: string | null; mx: string | null }>(
        `SELECT stats_min_value AS mn, stats_max_value AS mx FROM parquet_metadata(${sqlString(file)}) WHERE path_in_schema = ${sqlString(name)}`,
      );
      expect(meta, name).toEqual(scan);
    }
  });
});
