/** W3C trace context in a queue job's payload: injected where a run is queued, extracted where it runs. */
import crypto from 'node:crypto';
import { context, propagation, ROOT_CONTEXT, trace, TraceFlags, type Context } from '@opentelemetry/api';

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

/** True when the carrier holds a W3C traceparent. */
export function hasTraceParent(carrier: unknown): boolean {
  return !!carrier && typeof carrier === 'object' && typeof (carrier as Record<string, unknown>).traceparent === 'string';
}

/**
 * A run queued with no trace around it (a CLI, a recovery) still gets one trace across hosts:
 * its trace id is derived from the run id, so every host that works on the run joins it.
 */
export function runTraceContext(runId: string): Context {
  const h = crypto.createHash('sha256').update(`fde-run:${runId}`).digest('hex');
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: h.slice(0, 32), spanId: h.slice(32, 48), traceFlags: TraceFlags.SAMPLED, isRemote: true });
}
