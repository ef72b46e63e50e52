import { describe, expect, it } from 'vitest';
import { createResearchHandlers } from '../research/research-handlers';
import { createJobsHandlers } from '../runtime/jobs-handlers';
import { createOperationsHandlers } from '../operations/operations-handlers';
import { createConnectHandlers } from '../auth/connect-handlers';
import { ApiRequestError, dispatch, type WorkstationHandlers } from './api-dispatch';

const handlers: WorkstationHandlers = {
  getLakeStatus: async () => ({ uri: '/lake', tables: 1, totalRecords: 5 }),
  listTables: async () => [],
  listSymbols: async () => [],
  getSymbolSeries: async (req) => ({ symbol: req.symbol, points: [], totalDays: req.maxPoints, model: null, nextForecast: null }),
  ...createJobsHandlers(),
  ...createOperationsHandlers(),
  ...createConnectHandlers(),
  ...createResearchHandlers(),
};

describe('dispatch', () => {
  it('runs a valid request and applies schema defaults', async () => {
    const result = (await dispatch(handlers, 'getSymbolSeries', { symbol: 'MSFT' })) as { totalDays: number };
    expect(result.totalDays).toBe(2000);
  });

  it('refuses unknown methods, including prototype keys', async () => {
    await expect(dispatch(handlers, 'dropTables', {})).rejects.toThrow(ApiRequestError);
    await expect(dispatch(handlers, 'constructor', {})).rejects.toThrow(/unknown method/);
  });

  it('refuses payloads outside the schema with a readable reason', async () => {
    await expect(dispatch(handlers, 'getSymbolSeries', { symbol: 'msft; DROP' })).rejects.toThrow(/invalid getSymbolSeries request/);
    await expect(dispatch(handlers, 'listTables', { extra: 1 })).rejects.toThrow(ApiRequestError);
  });

  it('refuses a handler response outside the contract', async () => {
    const broken = { ...handlers, getLakeStatus: async () => ({ uri: 3 }) } as unknown as WorkstationHandlers;
    await expect(dispatch(broken, 'getLakeStatus', {})).rejects.toThrow();
  });
});
