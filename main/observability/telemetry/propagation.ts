/** W3C trace context in a queue job's payload: injected where a run is queued, extracted where it runs. */
import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

export type TraceCarrier = Record<string, string>;

export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export function contextFromCarrier(carrier: unknown): Context {
  if (!carrier || typeof carrier !== 'object') return ROOT_CONTEXT;
  const clean: TraceCarrier = {};
  for (const [k, v] of Object.entries(carrier)) if (typeof v === 'string' && v.length < 512) clean[k] = v;
  return propagation.extract(ROOT_CONTEXT, clean);
}
