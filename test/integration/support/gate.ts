import { dockerAnswers } from '../../../scripts/stack/docker.js';

/**
 * Integration tests need a Docker engine. Outside CI they may skip, and say so loudly;
 * under CI a missing engine is a failure, never a skip.
 */
export async function integrationSkipReason(): Promise<string | undefined> {
  if (await dockerAnswers()) return undefined;
  const reason = 'no Docker engine answers (`docker info` failed); run `npm run setup` as root to install and start one';
  if (process.env.CI) throw new Error(`CI is set but ${reason}`);
  console.warn(`\n*** SKIPPING integration tests: ${reason}. ***\n`);
  return reason;
}
