// What makes a game name acceptable.
import { rejectFields, type Outcome } from '../outcome.js';

export const GAME_NAME_MIN = 3;
export const GAME_NAME_MAX = 40;

/**
 * Names no game may take. "Grapevine" is what the web chat's broadcasts carry as their game, as on
 * Grapevine itself (which keeps a block list of names too): a game by that name could pass its
 * players off as the site's users. Compared without case, spaces or marks, so "grape-vine" is it too.
 */
export const RESERVED_GAME_NAMES = ['Grapevine'] as const;

const comparable = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
const RESERVED = new Set<string>(RESERVED_GAME_NAMES.map(comparable));

// Letters and digits of any script, spaces and a few marks MUD names use ("Lost Souls", "Aardwolf: Classic").
const GAME_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} '&:.!-]*$/u;

export function validateGameName(input: Record<string, unknown>): Outcome<string> {
  const { name } = input;
  if (name === undefined || name === null || name === '') return rejectFields({ name: 'Game name is required.' });
  if (typeof name !== 'string') return rejectFields({ name: 'Game name must be text.' });
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return rejectFields({ name: 'Game name is required.' });
  if (trimmed.length < GAME_NAME_MIN || trimmed.length > GAME_NAME_MAX) {
    return rejectFields({ name: `Game name must be between ${GAME_NAME_MIN} and ${GAME_NAME_MAX} characters long.` });
  }
  if (!GAME_NAME_PATTERN.test(trimmed)) {
    return rejectFields({
      name: "Game name must start with a letter or digit and may contain letters, digits, spaces and ' & : . ! -",
    });
  }
  if (RESERVED.has(comparable(trimmed))) {
    return rejectFields({
      name: `The name ${JSON.stringify(trimmed)} is reserved: the site's own web chat goes by it. Choose another name.`,
    });
  }
  return { ok: true, value: trimmed };
}
