// The rules on their own, case by case (the API test checks how they reach the client).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkEmail, checkPassword, checkUsername } from '../../../../app/site/accounts/rules.js';

describe('account rules', () => {
  test('usernames: 3-24 ASCII letters, digits, _ and -', () => {
    for (const ok of ['abc', 'Player_One', 'a-b-c', 'x'.repeat(24), '007']) assert.equal(checkUsername(ok), undefined, ok);
    for (const bad of ['', 'ab', 'x'.repeat(25), 'has space', 'dot.ted', 'émile', 'ta\tb', null, 3, {}]) {
      assert.notEqual(checkUsername(bad), undefined, JSON.stringify(bad));
    }
  });

  test('emails: something@something.tld, at most 254 characters', () => {
    for (const ok of ['a@b.co', 'first.last+tag@example.test']) assert.equal(checkEmail(ok), undefined, ok);
    for (const bad of ['', 'a@b', '@b.co', 'a b@c.co', `${'x'.repeat(250)}@b.co`, 42])
      assert.notEqual(checkEmail(bad), undefined, String(bad));
  });

  test('passwords: long enough, mixed, not common, not the username', () => {
    for (const ok of ['Orchard-Ladder-42', 'correct horse battery staple', 'Grapevine-5f3a9c01d2e4-9', 'ZXCV-7788-plum']) {
      assert.equal(checkPassword(ok, 'someone'), undefined, ok);
    }
    const cases: Array<[string, RegExp]> = [
      ['Ab1!', /at least 10/],
      ['abcdefghijkl', /two kinds/],
      ['ABCDEFGHIJKL', /two kinds/],
      ['12345678901', /two kinds/],
      ['aaaaaaaaaaa1', /5 different/],
      ['Password2024!', /too common/],
      ['LetMeIn12345', /too common/],
      ['Grapevine2026', /too common/],
      ['1234567890ab', /too common/],
      ['my-someone-pass1', /username/],
    ];
    for (const [password, problem] of cases) assert.match(checkPassword(password, 'someone') ?? '', problem, password);
  });
});
