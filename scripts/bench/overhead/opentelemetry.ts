// The OpenTelemetry Node SDK set up the way its guide says for an ESM app, as the peer many Node
// users would reach for instead of prom-client: this file is preloaded with `--import` (after tsx,
// before the app) and the process runs with `--experimental-loader=@opentelemetry/instrumentation/hook.mjs`
// (doc/esm-support.md in opentelemetry-js), so the HTTP and Koa instrumentations patch the modules
// before the app imports them. The app itself is the uninstrumented one (variant otel-*).
//   GRAPEVINE_BENCH_OTEL=metrics  metrics only: a PrometheusExporter as the metric reader, traces
//                                 off with OTEL_TRACES_EXPORTER=none (set by the benchmark)
//   GRAPEVINE_BENCH_OTEL=tracing  the same plus tracing with the SDK's defaults (BatchSpanProcessor,
//                                 parent-based always-on sampler) into an exporter that drops every batch
// GRAPEVINE_BENCH_OTEL_PORT is the exporter's port: PrometheusExporter takes no port 0 (0 means its default, 9464).
import { ExportResultCode } from '@opentelemetry/core';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';

const mode = process.env.GRAPEVINE_BENCH_OTEL;
const port = Number(process.env.GRAPEVINE_BENCH_OTEL_PORT);
if ((mode !== 'metrics' && mode !== 'tracing') || !Number.isInteger(port) || port <= 0) {
  throw new Error('opentelemetry.ts needs GRAPEVINE_BENCH_OTEL=metrics|tracing and GRAPEVINE_BENCH_OTEL_PORT');
}

/** Takes every batch the BatchSpanProcessor hands it and sends nothing: the SDK's tracing cost without a collector's. */
const dropSpans: NodeSDKConfiguration['traceExporter'] = {
  export(_spans, resultCallback) {
    resultCallback({ code: ExportResultCode.SUCCESS });
  },
  shutdown: () => Promise.resolve(),
};

const sdk = new NodeSDK({
  serviceName: 'grapevine-bench',
  metricReaders: [new PrometheusExporter({ host: '127.0.0.1', port })],
  instrumentations: [new HttpInstrumentation(), new KoaInstrumentation()],
  ...(mode === 'tracing' ? { traceExporter: dropSpans } : {}),
});
sdk.start();
