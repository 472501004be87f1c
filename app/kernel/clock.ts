// The time, as a dependency: tests move it forward to expire sessions without waiting.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
