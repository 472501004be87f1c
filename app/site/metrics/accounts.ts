// The talk's account counters, named as Grapevine's own lib/metrics/account_instrumenter.ex has them.
import { Counter, type Registry } from 'prom-client';
import type { GrapevineTelemetry } from '../telemetry/events.js';

export const ACCOUNTS_CREATE_TOTAL = 'grapevine_accounts_create_total';
export const ACCOUNTS_SESSION_LOGIN_TOTAL = 'grapevine_accounts_session_login_total';
export const ACCOUNTS_SESSION_LOGOUT_TOTAL = 'grapevine_accounts_session_logout_total';
export const ACCOUNTS_THROTTLED_TOTAL = 'grapevine_accounts_throttled_total';

const THROTTLED_ACTIONS = ['sign_in', 'register'] as const;
const THROTTLED_SCOPES = ['account', 'address', 'queue'] as const;

export function instrumentAccounts(registry: Registry, telemetry: GrapevineTelemetry): void {
  const created = new Counter({ name: ACCOUNTS_CREATE_TOTAL, help: 'Accounts registered.', registers: [registry] });
  const logins = new Counter({
    name: ACCOUNTS_SESSION_LOGIN_TOTAL,
    help: 'Sessions started by signing in (or registering through the site).',
    registers: [registry],
  });
  const logouts = new Counter({ name: ACCOUNTS_SESSION_LOGOUT_TOTAL, help: 'Sessions ended by signing out.', registers: [registry] });
  const throttled = new Counter({
    name: ACCOUNTS_THROTTLED_TOTAL,
    help: 'Sign-ins and registrations refused with a 429: over the per-account or per-address throttle, or the password queue full (scope="queue").',
    labelNames: ['action', 'scope'] as const,
    registers: [registry],
  });
  // Every series at 0 from start-up, so increase() and the alert see the first refusal.
  for (const action of THROTTLED_ACTIONS) for (const scope of THROTTLED_SCOPES) throttled.inc({ action, scope }, 0);
  telemetry.attach('metrics.accounts.throttled', 'grapevine.accounts.throttled', ({ action, scope }) => throttled.inc({ action, scope }));
  telemetry.attach('metrics.accounts.create', 'grapevine.accounts.create', () => created.inc());
  telemetry.attach('metrics.accounts.session.login', 'grapevine.accounts.session.login', () => logins.inc());
  telemetry.attach('metrics.accounts.session.logout', 'grapevine.accounts.session.logout', () => logouts.inc());
}
