import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (scripts/machine/install-chromium.sh): Playwright's own browser download cannot work on these machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// The flags that work on these machines (see the env notes): without the background-networking
// ones Chromium keeps dialling Google's hosts, which a closed network refuses many at a time.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Browser tests need Chromium. Outside CI they may skip, and say so loudly; under CI a missing
 * Chromium is a failure, never a skip.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `no Chromium at ${CHROMIUM_PATH}; run \`bash scripts/machine/install-chromium.sh\` as root to install Debian's chromium`;
  if (process.env.CI) throw new Error(`CI is set but ${reason}`);
  console.warn(`\n*** SKIPPING browser tests: ${reason}. ***\n`);
  return reason;
}

/**
 * Headless Chromium. Playwright gives every launch a fresh temporary user-data-dir and removes it
 * on close, and every `browser.newContext()` is a separate cookie jar: one per person.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
