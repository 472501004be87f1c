// The traffic generator lives in scripts/workshop/traffic/. This re-export is only for
// scripts/bench/memory.ts, which is being rewritten on another branch (issue 10) and still imports
// '../traffic/index.js': when that import points at '../workshop/traffic/index.js', delete this folder.
export { formatSummary, isCleanRun, runTraffic } from '../workshop/traffic/index.js';
