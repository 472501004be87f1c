// The traffic generator as a library: `runTraffic` for tests, the parts the CLI (../traffic.ts) uses.
export { runTraffic } from './run.js';
export type { RunTrafficInput } from './run.js';
export type { Summary } from './recorder.js';
export { defaults, limits, resolveOptions, TrafficOptionsError } from './options.js';
export type { Progress, TrafficOptions } from './options.js';
export { parseTrafficArgs, usage } from './args.js';
export type { ParsedArgs } from './args.js';
export { assertLocalBaseUrl, UnsafeBaseUrlError } from './url-guard.js';
export { parseDuration, formatDuration } from './duration.js';
export { formatSummary, isCleanRun } from './summary.js';
export { createProgressView } from './progress.js';
export { FaultRoutesMissingError } from './actors/faults.js';
