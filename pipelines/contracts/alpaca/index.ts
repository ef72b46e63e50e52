export * from './schemas';
export * from './compiled';
