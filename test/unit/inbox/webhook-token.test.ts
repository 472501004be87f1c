import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { ConfigError } from '../../../app/kernel/config/env.js';
import { loadOrCreateWebhookToken, MIN_WEBHOOK_TOKEN_LENGTH } from '../../../app/inbox/webhook-token.js';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'grapevine-inbox-token-'));
  t.after(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('the webhook token file', () => {
  test('is created when missing: a random token, mode 0640, in a directory created 0750', (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'secrets', 'inbox-webhook-token');
    const token = loadOrCreateWebhookToken(file);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    assert.equal(readFileSync(file, 'utf8'), `${token}\n`);
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.equal(statSync(join(dir, 'secrets')).mode & 0o777, 0o750);
    assert.deepEqual(readdirSync(join(dir, 'secrets')), ['inbox-webhook-token'], 'no temporary file left behind');
  });

  test('is reused on the next start, and differs between installations', (t) => {
    const first = join(tempDir(t), 'inbox-webhook-token');
    const second = join(tempDir(t), 'inbox-webhook-token');
    const token = loadOrCreateWebhookToken(first);
    assert.equal(loadOrCreateWebhookToken(first), token);
    assert.notEqual(loadOrCreateWebhookToken(second), token);
  });

  test('a token someone wrote by hand is used as it is, trailing newline trimmed', (t) => {
    const file = join(tempDir(t), 'inbox-webhook-token');
    const mine = 'my-own-token-that-is-long-enough-0123456789';
    writeFileSync(file, `${mine}\n`, { mode: 0o600 });
    assert.equal(loadOrCreateWebhookToken(file), mine);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'an existing file keeps its mode');
  });

  test('a token too short, or with spaces in it, is a ConfigError saying to delete the file', (t) => {
    const dir = tempDir(t);
    for (const content of ['short', `${'x'.repeat(MIN_WEBHOOK_TOKEN_LENGTH)} ${'y'.repeat(10)}`, '']) {
      const file = join(dir, 'inbox-webhook-token');
      writeFileSync(file, content);
      assert.throws(
        () => loadOrCreateWebhookToken(file),
        (error: unknown) => error instanceof ConfigError && /delete it to generate a new one/.test(error.message),
      );
      rmSync(file);
    }
  });

  test('a place it cannot create the file is a ConfigError naming INBOX_WEBHOOK_TOKEN_FILE', (t) => {
    // A file where the directory should be: refused even for root, which may write anywhere else.
    const notADirectory = join(tempDir(t), 'not-a-directory');
    writeFileSync(notADirectory, '');
    assert.throws(
      () => loadOrCreateWebhookToken(join(notADirectory, 'inbox-webhook-token')),
      (error: unknown) => error instanceof ConfigError && /INBOX_WEBHOOK_TOKEN_FILE .* cannot be created or read/.test(error.message),
    );
  });
});
