import { z } from 'zod';
import {
  isMethodName,
  workstationMethods,
  type MethodName,
  type MethodResponse,
  type ParsedRequest,
} from '../../api/workstation-api';

/** The engine's implementation of every WorkstationApi method, on already-validated requests. */
export type WorkstationHandlers = {
  [M in MethodName]: (request: ParsedRequest<M>) => Promise<MethodResponse<M>>;
};

/** A request the engine refuses: unknown method or a payload that fails its schema. */
export class ApiRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/**
 * Validates an untrusted (method, params) pair from any host, runs the handler, and validates
 * the response too, so a host never forwards something outside the contract.
 */
export async function dispatch(handlers: WorkstationHandlers, method: unknown, params: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw new ApiRequestError(`unknown method ${JSON.stringify(method)}`);
  const schemas = workstationMethods[method];
  const parsed = schemas.request.safeParse(params ?? {});
  if (!parsed.success) {
    throw new ApiRequestError(`invalid ${method} request: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  }
  const handler = handlers[method] as (request: unknown) => Promise<unknown>;
  return schemas.response.parse(await handler(parsed.data));
}
