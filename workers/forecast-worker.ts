/** worker_threads entry: exposes forecastApi over comlink on the parent port. */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import { nodeEndpoint } from './comlink-node';
import { forecastApi } from './forecast-api';

if (!parentPort) throw new Error('forecast-worker must run inside worker_threads');
expose(forecastApi, nodeEndpoint(parentPort));
