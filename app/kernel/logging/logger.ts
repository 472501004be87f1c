// One JSON object per line on stdout (stderr for errors): readable in `docker compose logs`, and
// parseable by any log shipper. Tests pass their own `write` to capture or silence lines.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LogLine extends LogFields {
  time: string;
  level: LogLevel;
  msg: string;
}

export function createLogger(write: (line: LogLine) => void = writeJsonLine): Logger {
  const log =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) =>
      write({ time: new Date().toISOString(), level, msg: message, ...serialiseErrors(fields) });
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

function writeJsonLine(line: LogLine): void {
  const stream = line.level === 'error' ? process.stderr : process.stdout;
  stream.write(`${JSON.stringify(line)}\n`);
}

// Error objects serialise to {} with JSON.stringify; keep what a person needs to find the bug.
function serialiseErrors(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}
