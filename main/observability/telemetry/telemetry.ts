/**
 * OpenTelemetry for the headless host: metrics (Prometheus text on 127.0.0.1:<--metrics-port>,
 * and Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set) and traces (Azure Monitor,
 * and JSON lines to FDE_TRACE_FILE for local inspection and tests). W3C trace context propagates
 * through the queue's job payload, so one run's trace spans the hosts that executed its tasks.
 * The Azure Monitor distro's own usage reporting (statsbeat, SDK stats, live metrics, browser
 * loader) is switched off before it loads.
 */
import fs from 'node:fs';
import net from 'node:net';
import { context, metrics, propagation, trace, type Tracer } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resetRuntimeMetrics } from './metrics';

export interface TelemetryOptions {
  service: string;
  hostId: string;
  /** Serve Prometheus text on 127.0.0.1:<port>/metrics (0 picks a free port). */
  metricsPort?: number;
  azureConnectionString?: string;
  /** Append finished spans as JSON lines here. */
  traceFile?: string;
}

export interface Telemetry {
  tracer: Tracer;
  /** http://127.0.0.1:<port>/metrics when serving. */
  metricsUrl: string | undefined;
  shutdown(): Promise<void>;
}

/** Writes finished spans as JSON lines (trace id, span id, parent, name, attributes). */
class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const lines = spans.map((s) => {
      const ctx = s.spanContext();
      const parent = (s as { parentSpanContext?: { spanId: string } }).parentSpanContext?.spanId ?? null;
      return JSON.stringify({
        traceId: ctx.traceId, spanId: ctx.spanId, parentSpanId: parent, name: s.name, attributes: s.attributes,
        host: s.resource.attributes['service.instance.id'] ?? null,
        startMs: s.startTime[0] * 1e3 + s.startTime[1] / 1e6, durationMs: s.duration[0] * 1e3 + s.duration[1] / 1e6,
      });
    });
    fs.appendFile(this.file, lines.join('\n') + '\n', (e) => done({ code: e ? ExportResultCode.FAILED : ExportResultCode.SUCCESS }));
  }
  async shutdown(): Promise<void> {}
}

/** A free port on 127.0.0.1 (the exporter reads port 0 as "its default 9464"). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function prometheus(port: number): Promise<{ exporter: PrometheusExporter; port: number }> {
  const chosen = port === 0 ? await freePort() : port;
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port: chosen, endpoint: '/metrics', preventServerStart: true });
  await exporter.startServer();
  return { exporter, port: chosen };
}

export async function startTelemetry(o: TelemetryOptions): Promise<Telemetry> {
  const resource = resourceFromAttributes({ 'service.name': o.service, 'service.instance.id': o.hostId });
  const spanProcessors: SpanProcessor[] = o.traceFile ? [new SimpleSpanProcessor(new JsonLinesSpanExporter(o.traceFile))] : [];
  const prom = o.metricsPort !== undefined ? await prometheus(o.metricsPort) : undefined;
  const exporter = prom?.exporter;
  resetRuntimeMetrics();
  let shutdown: () => Promise<void>;
  if (o.azureConnectionString) {
    // No usage reporting of the exporter itself (statsbeat) nor SDK stats: set before the distro loads.
    process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';
    process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
    process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED = 'true';
    const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: o.azureConnectionString },
      resource,
      enableLiveMetrics: false,
      browserSdkLoaderOptions: { enabled: false },
      spanProcessors,
      ...(exporter ? { metricReaders: [exporter] } : {}),
    });
    shutdown = () => shutdownAzureMonitor();
  } else {
    const meterProvider = new MeterProvider({ resource, readers: exporter ? [exporter] : [] });
    metrics.setGlobalMeterProvider(meterProvider);
    const tracerProvider = new NodeTracerProvider({ resource, spanProcessors });
    tracerProvider.register();
    shutdown = async () => {
      await tracerProvider.shutdown().catch(() => undefined);
      await meterProvider.shutdown().catch(() => undefined);
      metrics.disable();
      trace.disable();
      context.disable();
      propagation.disable();
    };
  }
  return {
    tracer: trace.getTracer('fde.runtime'),
    metricsUrl: prom ? `http://127.0.0.1:${prom.port}/metrics` : undefined,
    shutdown,
  };
}
