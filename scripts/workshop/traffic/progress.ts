import { formatDuration } from './duration.js';
import type { Progress } from './options.js';

export interface ProgressView {
  update(progress: Progress): void;
  /** Ends the bar's line so the summary starts on a fresh one. */
  done(): void;
}

/**
 * On a terminal, one bar redrawn in place; otherwise (CI logs, pipes) a plain line every `everyMs`,
 * since carriage returns make a log unreadable.
 */
export function createProgressView(stream: NodeJS.WriteStream, { everyMs = 5_000 } = {}): ProgressView {
  const tty = stream.isTTY === true;
  let lastLine = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      const text = describe(progress);
      if (tty) {
        const width = 24;
        const filled = Math.min(width, Math.round((progress.elapsedMs / progress.durationMs) * width));
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
        drawn = true;
      } else if (progress.elapsedMs - lastLine >= everyMs) {
        lastLine = progress.elapsedMs;
        stream.write(`traffic: ${text}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}

function describe(p: Progress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? (p.operations / seconds).toFixed(0) : '0';
  return (
    `${formatDuration(Math.min(p.elapsedMs, p.durationMs))}/${formatDuration(p.durationMs)} ` +
    `${p.operations} ops (${rate}/s), ${p.gamesOnline} games, ${p.webClientsOpen} web clients, ` +
    `${p.messagesSent} messages, ${p.unexpected} unexpected`
  );
}
