// One benchmark server per process (`tsx scripts/bench/overhead/server.ts <variant> <data-dir>`),
// so variants never share a heap, a JIT or an event loop. Prints one JSON line with its URLs,
// then serves until its parent ends it.
import { createLogger } from '../../../app/kernel/logging/logger.js';
import { isVariant, startVariant, VARIANTS } from './variants.js';

const [variant = '', dataDir = ''] = process.argv.slice(2);
if (!isVariant(variant) || dataDir === '') {
  process.stderr.write(`usage: server.ts <${VARIANTS.join('|')}> <data-dir>\n`);
  process.exit(2);
}
// stdout carries only the ready line; log lines go to stderr.
const log = createLogger((line) => process.stderr.write(`${JSON.stringify(line)}\n`));
const { listening } = await startVariant(variant, dataDir, log);
process.stdout.write(`${JSON.stringify(listening)}\n`);
process.on('SIGTERM', () => process.exit(0));
