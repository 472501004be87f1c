// Saturates the app from its own process (run by the load test with `node --import tsx`):
// autocannon with many connections against a loopback URL, for a bounded time, mixing the
// directory API, random unmatched paths and malformed registrations (400s). Prints one JSON line.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

interface AutocannonResult {
  requests: { total: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const [baseUrl, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const target = new URL(baseUrl ?? '');
if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`load goes to loopback only, not ${baseUrl}`);
if (!(seconds > 0 && seconds <= 120)) throw new Error(`duration must be 1-120 s, not ${secondsArg}`);

const result = await autocannon({
  url: target.origin,
  connections: 64,
  duration: seconds,
  requests: [
    { method: 'GET', path: '/api/games' },
    // A new unmatched path each time: the series count must not grow with them.
    {
      method: 'GET',
      setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/no/such/${randomBytes(6).toString('hex')}` }),
    },
    { method: 'POST', path: '/api/accounts', headers: { 'content-type': 'application/json' }, body: '{"username": ' },
  ],
});
const byStatus = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
console.log(JSON.stringify({ total: result.requests.total, errors: result.errors, timeouts: result.timeouts, byStatus }));
