import { describe, expect, it } from 'vitest';
import { classifyLogFile, escapePartitionComponent, fromLogPath, partitionDir, partitionValueSql, toIsoUtcMicros, toLogPath } from './paths';
import { fromColumnSpecs, duckType } from './schema';
import { parseInterval } from './checkpoint-write';

describe('delta paths and values', () => {
  it('classifies log files', () => {
    expect(classifyLogFile('00000000000000000012.json', 1, 2)).toMatchObject({ kind: 'commit', version: 12 });
    expect(classifyLogFile('00000000000000000010.checkpoint.parquet', 1, 2)).toMatchObject({ kind: 'checkpoint', version: 10, parts: 1 });
    expect(classifyLogFile('00000000000000000010.checkpoint.0000000002.0000000003.parquet', 1, 2)).toMatchObject({ kind: 'checkpoint', part: 2, parts: 3 });
    expect(classifyLogFile('00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json', 1, 2)).toMatchObject({ kind: 'checkpoint-v2' });
    expect(classifyLogFile('_last_checkpoint', 1, 2).kind).toBe('other');
    expect(classifyLogFile('.00000000000000000001.json.abc.tmp', 1, 2).kind).toBe('other');
  });

  it('escapes partition directories like Spark and encodes log paths as URIs', () => {
    expect(escapePartitionComponent('a/b=c:d%')).toBe('a%2Fb%3Dc%3Ad%25');
    expect(partitionDir(['d', 's'], { d: '2024-01-01', s: null })).toBe('d=2024-01-01/s=__HIVE_DEFAULT_PARTITION__');
    const rel = `${partitionDir(['t'], { t: '2020-01-01 08:09:10.001' })}/f.parquet`;
    expect(toLogPath(rel)).toBe('t=2020-01-01%2008%253A09%253A10.001/f.parquet');
    expect(fromLogPath(toLogPath(rel), 'x')).toBe(rel);
    expect(() => fromLogPath('s3://bucket/f.parquet', 'x')).toThrow(/unsupported Delta feature 'absolute data file paths'/);
    expect(() => fromLogPath('a/%2E%2E/../../etc/passwd', 'x')).toThrow(/escapes the table folder/);
  });

  it('normalises timestamps to ISO UTC with microseconds', () => {
    expect(toIsoUtcMicros('2024-01-02 03:04:05.123456+01')).toBe('2024-01-02T02:04:05.123456Z');
    expect(toIsoUtcMicros('2024-01-02 03:04:05-05:30')).toBe('2024-01-02T08:34:05.000000Z');
    expect(toIsoUtcMicros('1969-12-31T23:59:59.5Z')).toBe('1969-12-31T23:59:59.500000Z');
    expect(() => toIsoUtcMicros('yesterday')).toThrow(/cannot parse timestamp/);
  });

  it('types partition values from their Delta string form', () => {
    expect(partitionValueSql('2020-01-01 08:09:10.001', 'timestamp', 'TIMESTAMPTZ')).toBe("CAST('2020-01-01 08:09:10.001+00' AS TIMESTAMPTZ)");
    expect(partitionValueSql('2020-01-01T08:09:10.000001Z', 'timestamp', 'TIMESTAMPTZ')).toBe("CAST('2020-01-01T08:09:10.000001Z' AS TIMESTAMPTZ)");
    expect(partitionValueSql("o'k", 'string', 'VARCHAR')).toBe("'o''k'");
    expect(partitionValueSql(null, 'integer', 'INTEGER')).toBe('CAST(NULL AS INTEGER)');
    expect(partitionValueSql('', 'integer', 'INTEGER')).toBe('CAST(NULL AS INTEGER)');
  });

  it('maps Spark types to DuckDB and validates specs', () => {
    expect(duckType({ type: 'struct', fields: [{ name: 'a', type: { type: 'array', elementType: 'long', containsNull: true }, nullable: true, metadata: {} }] })).toBe('STRUCT("a" BIGINT[])');
    expect(duckType('decimal(10, 2)')).toBe('DECIMAL(10,2)');
    expect(() => duckType('interval', 't')).toThrow(/unsupported Delta feature 'type interval'/);
    expect(() => fromColumnSpecs([{ name: 'a', type: 'long' }, { name: 'A', type: 'long' }], 't')).toThrow(/duplicate column 'A'/);
    expect(() => fromColumnSpecs([{ name: 'my col', type: 'long' }], 't')).toThrow(/invalid column name 'my col'/);
    expect(() => fromColumnSpecs([{ name: 'p', type: 'decimal(40,2)' }], 't')).toThrow(/precision 1..38/);
  });

  it('parses Spark interval strings', () => {
    expect(parseInterval('interval 7 days')).toBe(7 * 864e5);
    expect(parseInterval('interval 1 week')).toBe(6048e5);
    expect(parseInterval('bogus')).toBeUndefined();
  });
});
