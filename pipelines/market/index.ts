export * from './rng';
export * from './ny-time';
export * from './rfc3339';
export * from './daily-series';
export * from './tape';
export * from './bars';
