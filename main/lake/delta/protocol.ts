/** Which protocol versions and features this implementation reads and writes. */
import type { MetaDataAction, ProtocolAction } from './actions';
import { CorruptLogError, UnsupportedFeatureError } from '../errors';
import { someType, type DeltaStructType } from './schema';

/** Reader features (protocol 3) this reader implements: timestamp_ntz maps to DuckDB TIMESTAMP. */
export const READER_FEATURES = new Set(['timestampNtz']);

export const WRITE_PROTOCOL: ProtocolAction = { minReaderVersion: 1, minWriterVersion: 2 };

/** Throws when a reader of this library would return wrong rows for the table. */
export function checkReadable(table: string, protocol: ProtocolAction, meta: MetaDataAction | undefined, schema?: DeltaStructType): void {
  const reader = protocol.minReaderVersion;
  if (reader === 2) {
    throw new UnsupportedFeatureError(table, 'columnMapping', 'minReaderVersion 2 (column mapping) is not supported');
  }
  if (reader === 3) {
    const unsupported = (protocol.readerFeatures ?? []).filter((f) => !READER_FEATURES.has(f));
    if (unsupported.length > 0) {
      throw new UnsupportedFeatureError(table, unsupported[0] ?? '?', `reader features [${unsupported.join(', ')}] are not supported`);
    }
  } else if (reader !== 1) {
    throw new UnsupportedFeatureError(table, `minReaderVersion ${reader}`, 'unsupported reader version');
  }
  const mode = meta?.configuration?.['delta.columnMapping.mode'];
  if (mode && mode !== 'none') throw new UnsupportedFeatureError(table, 'columnMapping', `delta.columnMapping.mode=${mode}`);
  // timestamp_ntz is legal only with the timestampNtz reader feature (reader 3).
  if (schema && reader !== 3 && schema.fields.some((f) => someType(f.type, (t) => t === 'timestamp_ntz'))) {
    throw new CorruptLogError(`table ${table}: timestamp_ntz column without the timestampNtz reader feature`);
  }
}

/** Throws when this library must not write to the table. */
export function checkWritable(table: string, protocol: ProtocolAction, meta: MetaDataAction): void {
  if (protocol.minWriterVersion > 2) {
    const features = protocol.writerFeatures ?? [];
    throw new UnsupportedFeatureError(
      table,
      features.length ? features.join(', ') : `minWriterVersion ${protocol.minWriterVersion}`,
      `writing needs writer version ${protocol.minWriterVersion}; this library writes version 2 only`,
    );
  }
  const schemaText = meta.schemaString;
  if (schemaText.includes('delta.invariants')) {
    throw new UnsupportedFeatureError(table, 'invariants', 'column invariants are not enforced by this writer');
  }
  if (meta.configuration?.['delta.constraints'] !== undefined || Object.keys(meta.configuration ?? {}).some((k) => k.startsWith('delta.constraints.'))) {
    throw new UnsupportedFeatureError(table, 'checkConstraints');
  }
}

export function isAppendOnly(meta: MetaDataAction): boolean {
  return meta.configuration?.['delta.appendOnly'] === 'true';
}
