import { formatDuration } from './duration.js';
import type { Summary } from './recorder.js';

/** A run passes when the app gave no 5xx and nothing else the generator did not expect (--faults' 500s are expected). */
export function isCleanRun(summary: Summary): boolean {
  return summary.unexpected === 0 && summary.serverErrors === 0;
}

/** The closing report, for people: what was sent, what came back, and what went wrong. */
export function formatSummary(summary: Summary): string {
  const lines: string[] = [];
  const rate = (count: number) => (summary.durationMs > 0 ? (count / (summary.durationMs / 1000)).toFixed(1) : '0');
  lines.push(
    `Traffic against ${summary.baseUrl} for ${formatDuration(summary.durationMs)}${summary.aborted ? ' (stopped early)' : ''}: ` +
      `${summary.requests.total + summary.frames.total} operations, ${summary.operationsPerSecond}/s`,
  );
  lines.push('', `HTTP requests: ${summary.requests.total} (${rate(summary.requests.total)}/s)`);
  lines.push(...table(summary.requests.byKind));
  lines.push('', `Socket frames: ${summary.frames.total} (${rate(summary.frames.total)}/s)`);
  lines.push(...table(summary.frames.byKind));
  const { sockets, messages, accounts, games } = summary;
  lines.push(
    '',
    `Accounts: ${accounts.registered} registered, ${accounts.signIns} sign-ins, ${accounts.signOuts} sign-outs; games: ${games.created} created`,
    `Sockets: ${sockets.gamesConnected} games connected, ${sockets.webClientsOpened} web clients opened, ` +
      `${sockets.rejectedAsExpected} refused as expected, ${sockets.heartbeatTimeouts} stalled games disconnected, ` +
      `at most ${sockets.peakOpen} open at once`,
    `Chat: ${messages.sent} messages sent (${rate(messages.sent)}/s), ${messages.received} broadcasts received; ` +
      `tells: ${summary.tells.sent} sent, ${summary.tells.received} received`,
  );
  const { slowAnswers, deliberateErrors } = summary.faults;
  if (slowAnswers + deliberateErrors > 0) {
    lines.push(
      `Faults (--faults, expected): ${slowAnswers} slow answers from /demo/slow, ` +
        `${deliberateErrors} deliberate 500s from /demo/error (${percent(deliberateErrors, summary.requests.total)} of the HTTP requests)`,
    );
  }
  if (isCleanRun(summary)) {
    const fiveHundreds = deliberateErrors > 0 ? 'no 5xx but the deliberate ones' : 'no 5xx';
    lines.push('', `Result: OK, ${fiveHundreds} and no unexpected answer.`);
  } else {
    lines.push('', `Result: FAILED, ${summary.unexpected} unexpected outcome(s), ${summary.serverErrors} of them 5xx:`);
    lines.push(...summary.errors.map((error) => `  - ${error.split('\n')[0]}`));
    if (summary.unexpected > summary.errors.length) lines.push(`  ... and ${summary.unexpected - summary.errors.length} more`);
  }
  return lines.join('\n');
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '0%';
}

function table(byKind: Record<string, Record<string, number>>): string[] {
  const kinds = Object.keys(byKind).sort();
  const width = Math.max(0, ...kinds.map((kind) => kind.length));
  return kinds.map((kind) => {
    const cells = Object.entries(byKind[kind])
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status} x${count}`);
    return `  ${kind.padEnd(width)}  ${cells.join(', ')}`;
  });
}
