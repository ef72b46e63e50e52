import { FdeError } from '../engine/errors';

/** Any lake failure the user can act on; the message names the table, version or feature. */
export class LakeError extends FdeError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, hint, options);
    this.name = 'LakeError';
  }
}

/** The table uses a protocol feature this reader/writer does not implement. */
export class UnsupportedFeatureError extends LakeError {
  constructor(
    readonly table: string,
    readonly feature: string,
    detail?: string,
  ) {
    super(
      `table ${table} uses unsupported Delta feature '${feature}'${detail ? ` (${detail})` : ''}`,
      'this lake implements Delta reader version 1 / writer version 2 (reader 3 only with the timestampNtz feature)',
    );
    this.name = 'UnsupportedFeatureError';
  }
}

/** The Delta log is damaged or not a Delta log at all. */
export class CorruptLogError extends LakeError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'CorruptLogError';
  }
}

/** Another writer committed something this commit cannot be reconciled with. */
export class ConcurrentModificationError extends LakeError {
  constructor(message: string) {
    super(message, 'another writer changed the table; re-read it and retry the operation');
    this.name = 'ConcurrentModificationError';
  }
}

/** Incompatible schema change or data that does not fit the table schema. */
export class SchemaError extends LakeError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'SchemaError';
  }
}
