// What makes a username, an email and a password acceptable, with messages a person can act on.
// Pure functions: the API, the pages and the tests share them.
import { rejectFields, type Outcome } from '../outcome.js';

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 24;
export const PASSWORD_MIN = 10;
// scrypt takes any length, but a cap keeps one request from costing much; no real password is longer.
export const PASSWORD_MAX = 256;
export const EMAIL_MAX = 254;

export interface Registration {
  username: string;
  email: string;
  password: string;
}

// ASCII only, on purpose: look-alike letters from other scripts would let "аdmin" pose as "admin".
const USERNAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Checked after stripping trailing digits and symbols, so "Password123!" counts as "password".
const COMMON_PASSWORDS = new Set([
  'password',
  'passw',
  'passwd',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'qwertyuiopasdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'azerty',
  'abc',
  'abcdef',
  'abcdefgh',
  'abcdefghij',
  'letmein',
  'welcome',
  'iloveyou',
  'admin',
  'administrator',
  'login',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'superman',
  'starwars',
  'whatever',
  'trustno',
  'master',
  'secret',
  'changeme',
  'default',
  'computer',
  'internet',
  'shadow',
  'michael',
  'jennifer',
  'hello',
  'freedom',
  'qazwsx',
  'mustang',
  'access',
  'batman',
  'charlie',
  'mypassword',
  'yourpassword',
  'grapevine',
]);
const COMMON_SEQUENCES = ['0123456789', '1234567890', '9876543210', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop'];

export function checkUsername(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return 'Username is required.';
  if (typeof value !== 'string') return 'Username must be text.';
  const username = value.trim();
  if (username === '') return 'Username is required.';
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) {
    return `Username must be between ${USERNAME_MIN} and ${USERNAME_MAX} characters long.`;
  }
  if (!USERNAME_PATTERN.test(username)) {
    return 'Username may only contain letters (A-Z), digits, underscores (_) and hyphens (-).';
  }
  return undefined;
}

export function checkEmail(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return 'Email is required.';
  if (typeof value !== 'string') return 'Email must be text.';
  const email = value.trim();
  if (email === '') return 'Email is required.';
  if (email.length > EMAIL_MAX) return `Email must be at most ${EMAIL_MAX} characters long.`;
  if (!EMAIL_PATTERN.test(email)) return 'Email must look like name@example.com.';
  return undefined;
}

/** `username` (already checked or not) lets the password be refused for containing it. */
export function checkPassword(value: unknown, username?: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return 'Password is required.';
  if (typeof value !== 'string') return 'Password must be text.';
  const password = value;
  if (password.length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters long.`;
  if (password.length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters long.`;
  if (characterClasses(password) < 2) {
    return 'Password must mix at least two kinds of characters: lowercase letters, uppercase letters, digits, symbols.';
  }
  if (new Set(password.toLowerCase()).size < 5) return 'Password repeats too few characters; use at least 5 different ones.';
  if (isCommon(password)) return 'Password is too common and easy to guess; choose another.';
  if (
    typeof username === 'string' &&
    username.trim().length >= USERNAME_MIN &&
    password.toLowerCase().includes(username.trim().toLowerCase())
  ) {
    return 'Password must not contain your username.';
  }
  return undefined;
}

/** Every field's problem at once, so a form shows them all after one submit. */
export function validateRegistration(input: Record<string, unknown>): Outcome<Registration> {
  const problems: Record<string, string> = {};
  const username = checkUsername(input.username);
  const email = checkEmail(input.email);
  const password = checkPassword(input.password, input.username);
  if (username !== undefined) problems.username = username;
  if (email !== undefined) problems.email = email;
  if (password !== undefined) problems.password = password;
  if (Object.keys(problems).length > 0) return rejectFields(problems);
  return {
    ok: true,
    value: {
      username: (input.username as string).trim(),
      email: (input.email as string).trim(),
      password: input.password as string,
    },
  };
}

function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const stem = lower.replace(/[^a-z]+$/, '');
  if (COMMON_PASSWORDS.has(stem) || COMMON_PASSWORDS.has(lower)) return true;
  return COMMON_SEQUENCES.some((sequence) => sequence.includes(lower) || lower.startsWith(sequence));
}
