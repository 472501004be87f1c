import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashPassword, verifyPassword } from '../../../../app/site/accounts/passwords.js';

describe('passwords', () => {
  test('a hash verifies its password and no other, and carries its own salt and cost', async () => {
    const hash = await hashPassword('Orchard-Ladder-42');
    assert.match(hash, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    assert.equal(await verifyPassword('Orchard-Ladder-42', hash), true);
    assert.equal(await verifyPassword('orchard-ladder-42', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  test('the same password hashes differently each time (per-user salt)', async () => {
    const [one, two] = await Promise.all([hashPassword('Same-Password-1'), hashPassword('Same-Password-1')]);
    assert.notEqual(one, two);
  });

  test('a stored value in another format never verifies', async () => {
    for (const stored of ['', 'plaintext', 'bcrypt$2b$10$abc', 'scrypt$16384$8$1$onlysalt']) {
      assert.equal(await verifyPassword('anything', stored), false, stored);
    }
  });
});
