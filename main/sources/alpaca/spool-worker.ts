/** worker_threads entry: writes spool segments (Parquet encoding, fsync) off the receive thread. */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import { nodeEndpoint } from '../../../workers/comlink-node';
import { writeSegment } from './spool-segment';

export const spoolWorkerApi = { writeSegment };
export type SpoolWorkerApi = typeof spoolWorkerApi;

if (!parentPort) throw new Error('spool-worker must run inside worker_threads');
expose(spoolWorkerApi, nodeEndpoint(parentPort));
