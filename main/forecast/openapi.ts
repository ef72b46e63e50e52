/** OpenAPI 3.1 description of the inference API (served at /openapi.json). */
import { z } from 'zod';

const championForecast = z.object({
  symbol: z.string(),
  horizon: z.number().int(),
  model: z.string(),
  run_id: z.string(),
  made_at: z.string().describe('last day of data the forecast used (yyyy-mm-dd)'),
  target_date: z.string().describe('last trading day of the forecast window'),
  variance: z.number().describe('mean daily variance of log returns over the next horizon days'),
  volatility: z.number().describe('sqrt(variance), daily'),
  annualized_volatility: z.number().describe('sqrt(252 * variance)'),
  interval: z.object({
    level: z.number(),
    lower_variance: z.number(),
    upper_variance: z.number(),
    lower_volatility: z.number(),
    upper_volatility: z.number(),
  }),
  code_version: z.string(),
});

const error = z.object({ error: z.string(), issues: z.array(z.object({ parameter: z.string(), message: z.string() })).optional() });

export function openApiDocument(): Record<string, unknown> {
  const json = (schema: z.ZodType): Record<string, unknown> => ({ 'application/json': { schema: z.toJSONSchema(schema) } });
  return {
    openapi: '3.1.0',
    info: { title: 'Fintech Data Engine inference API', version: '1.0.0', description: 'Champion volatility forecasts from the lake model registry.' },
    servers: [{ url: 'http://127.0.0.1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/health': { get: { summary: 'liveness and whether a registry exists', responses: { '200': { description: 'ok' } } } },
      '/forecast': {
        get: {
          summary: "the champion model's forecast for a symbol and horizon",
          security: [{ bearer: [] }],
          parameters: [
            { name: 'symbol', in: 'query', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,20}$' } },
            { name: 'horizon', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 66 } },
          ],
          responses: {
            '200': { description: 'champion forecast', content: json(championForecast) },
            '400': { description: 'invalid query', content: json(error) },
            '401': { description: 'missing or invalid bearer token', content: json(error) },
            '404': { description: 'no champion for this symbol and horizon', content: json(error) },
          },
        },
      },
    },
  };
}
