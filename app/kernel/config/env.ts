// Reading settings from an environment map, collecting every problem instead of stopping at the
// first: a misconfigured container then says everything that is wrong in its first log line.

export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export interface EnvReader {
  /** A TCP port; 0 asks the OS for a free one (tests and side-by-side runs use it). */
  port(key: string, fallback: number): number;
  /** A non-blank string, trimmed. */
  string(key: string, fallback: string): string;
  /** A non-blank string, or undefined when the key is unset. */
  optionalString(key: string, check?: (value: string) => string | undefined): string | undefined;
  /** A finite number within [min, max]. */
  number(key: string, fallback: number, range: { min: number; max: number }): number;
  /** A whole number within [min, max]. */
  integer(key: string, fallback: number, range: { min: number; max: number }): number;
  /** true/false (also 1/0, yes/no, on/off, any case): the spellings compose files and shells use. */
  boolean(key: string, fallback: boolean): boolean;
  /** Records a problem found by the caller (e.g. two keys that conflict). */
  problem(message: string): void;
  /** Throws a ConfigError naming every problem recorded so far. */
  done(): void;
}

export function createEnvReader(env: Environment): EnvReader {
  const problems: string[] = [];
  const show = (raw: string): string => JSON.stringify(raw);

  return {
    port(key, fallback) {
      const raw = env[key];
      if (raw === undefined || raw === '') return fallback;
      const trimmed = raw.trim();
      if (/^\d{1,5}$/.test(trimmed) && Number(trimmed) <= 65535) return Number(trimmed);
      problems.push(`${key} must be a TCP port number from 0 to 65535, got ${show(raw)}`);
      return fallback;
    },
    string(key, fallback) {
      const raw = env[key];
      if (raw === undefined) return fallback;
      if (raw.trim() !== '') return raw.trim();
      problems.push(`${key} must not be blank (leave it unset for the default ${show(fallback)})`);
      return fallback;
    },
    optionalString(key, check) {
      const raw = env[key];
      if (raw === undefined || raw === '') return undefined;
      const trimmed = raw.trim();
      const problem = trimmed === '' ? 'must not be blank' : check?.(trimmed);
      if (problem === undefined) return trimmed;
      problems.push(`${key} ${problem}`);
      return undefined;
    },
    number(key, fallback, { min, max }) {
      const raw = env[key];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw.trim());
      if (raw.trim() !== '' && Number.isFinite(value) && value >= min && value <= max) return value;
      problems.push(`${key} must be a number from ${min} to ${max}, got ${show(raw)}`);
      return fallback;
    },
    integer(key, fallback, { min, max }) {
      const raw = env[key];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw.trim());
      if (/^\d+$/.test(raw.trim()) && value >= min && value <= max) return value;
      problems.push(`${key} must be a whole number from ${min} to ${max}, got ${show(raw)}`);
      return fallback;
    },
    boolean(key, fallback) {
      const raw = env[key];
      if (raw === undefined || raw === '') return fallback;
      const value = booleanWords[raw.trim().toLowerCase()];
      if (value !== undefined) return value;
      problems.push(`${key} must be true or false (1/0, yes/no and on/off work too), got ${show(raw)}`);
      return fallback;
    },
    problem(message) {
      problems.push(message);
    },
    done() {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
}

const booleanWords: Readonly<Record<string, boolean>> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false,
};
