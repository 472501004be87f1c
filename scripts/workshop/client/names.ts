// Unique, valid names for throwaway accounts and games: usernames are 3-24 characters of letters,
// digits, `_` and `-`, unique case-insensitively, so a time-and-counter suffix keeps parallel runs apart.
import { randomBytes } from 'node:crypto';

let counter = 0;

function suffix(): string {
  counter = (counter + 1) % 36 ** 3;
  // 4 random base-36 chars + a 3-char counter: unique within a process, collision-unlikely across them.
  const random = (randomBytes(4).readUInt32BE() % 36 ** 4).toString(36).padStart(4, '0');
  return random + counter.toString(36).padStart(3, '0');
}

/** e.g. `u_k3x90a1`; `prefix` is cleaned to the allowed characters and cut so the name stays <= 24. */
export function username(prefix = 'u'): string {
  const clean = prefix.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 15) || 'u';
  return `${clean}_${suffix()}`;
}

export function emailFor(name: string): string {
  return `${name.toLowerCase()}@example.test`;
}

/**
 * Long enough and mixed enough for the app's rules, and never "common": those rules strip trailing
 * digits and symbols before comparing with a list (which has "grapevine"), so it ends in letters.
 */
export function password(): string {
  return `Vineyard-${randomBytes(6).toString('hex')}-Ok`;
}

export function gameName(prefix = 'Game'): string {
  return `${prefix} ${suffix()}`;
}
