// Domain events worth a log line, as Grapevine logs them. Frequent events (heartbeats, chat
// messages) are left to the metrics.
import type { Logger } from '../../kernel/logging/logger.js';
import type { GrapevineTelemetry } from './events.js';

export function logDomainEvents(telemetry: GrapevineTelemetry, log: Logger): void {
  telemetry.attach('log.accounts.create', 'grapevine.accounts.create', ({ accountId, username }) =>
    log.info('account registered', { accountId, username }),
  );
  telemetry.attach('log.games.create', 'grapevine.games.create', ({ gameId, name }) => log.info('game created', { gameId, name }));
  telemetry.attach('log.sockets.connect', 'grapevine.sockets.connect', ({ result, gameId, reason }) =>
    result === 'success' ? log.info('game connected', { gameId }) : log.warn('game socket refused', { reason }),
  );
  telemetry.attach('log.sockets.heartbeat_disconnect', 'grapevine.sockets.heartbeat_disconnect', ({ gameId }) =>
    log.warn('game disconnected: no heartbeat', { gameId }),
  );
}
