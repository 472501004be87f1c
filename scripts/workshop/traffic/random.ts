import { randomInt } from 'node:crypto';

/** Picks one entry, each with probability weight / sum of weights; entries of weight 0 never. */
export function pickWeighted<T extends string>(weights: Partial<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = Math.random() * total;
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1][0];
}

export function between(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

export function pick<T>(items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[randomInt(items.length)];
}

const lines = [
  'hello everyone',
  'anyone up for a raid tonight?',
  'the new zone is great',
  'brb',
  'who runs the auction house?',
  'gg',
  'looking for a healer',
  'where is the blacksmith?',
];

export function chatLine(): string {
  return `${pick(lines)} #${randomInt(1000)}`;
}

/** A path no route matches, different each time, so the app's bounded `route="unmatched"` label is exercised. */
export function unmatchedPath(): string {
  const segment = () => Math.random().toString(36).slice(2, 8);
  return pick([`/${segment()}`, `/nope/${segment()}/${segment()}`, `/wp-login.php?x=${segment()}`, `/.env.${segment()}`])!;
}
