export * from './nyse';
