// POST /api/accounts: every kind of bad input gets its status and a clear message, and leaves
// the database and the counters exactly as they were.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, test } from 'node:test';
import { PASSWORD } from '../../support/accounts.js';
import { request } from '../../support/http.js';
import { startTestSite, useTestSite } from '../../support/site.js';

const valid = { username: 'alice', email: 'alice@example.test', password: PASSWORD };

describe('POST /api/accounts', () => {
  const site = useTestSite();

  test('the create counter exists at 0 before anyone registers', async () => {
    assert.equal(await site.metric('grapevine_accounts_create_total'), 0);
  });

  test('registers an account: 201 {id, username}, counter 0 -> 1, password stored only as a scrypt hash', async () => {
    const before = await site.metric('grapevine_accounts_create_total');
    const response = await request(site.url, 'POST', '/api/accounts', { json: valid });
    assert.equal(response.status, 201);
    assert.deepEqual(response.body, { id: 1, username: 'alice' });
    assert.equal(await site.metric('grapevine_accounts_create_total'), (before ?? 0) + 1);
    const row = site.db.prepare('SELECT * FROM accounts WHERE id = 1').get() as { password_hash: string; email: string };
    assert.match(row.password_hash, /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    assert.ok(!row.password_hash.includes(PASSWORD));
    assert.equal(row.email, 'alice@example.test');
  });

  test('trims whitespace around the username and email', async () => {
    const response = await request(site.url, 'POST', '/api/accounts', {
      json: { username: '  bob_the-builder ', email: ' bob@example.test ', password: PASSWORD },
    });
    assert.equal(response.status, 201);
    assert.equal(response.body.username, 'bob_the-builder');
  });

  const long = 'x'.repeat(25);
  const cases: Array<{
    name: string;
    send: () => Promise<{ status: number; body: Record<string, unknown> }>;
    status: number;
    error: string | RegExp;
  }> = [
    { name: 'empty username', send: () => post({ ...valid, username: '' }), status: 400, error: 'Username is required.' },
    { name: 'blank username', send: () => post({ ...valid, username: '    ' }), status: 400, error: 'Username is required.' },
    { name: 'missing username', send: () => post({ email: valid.email, password: PASSWORD }), status: 400, error: 'Username is required.' },
    { name: 'username that is not text', send: () => post({ ...valid, username: 12345 }), status: 400, error: 'Username must be text.' },
    {
      name: 'two-character username',
      send: () => post({ ...valid, username: 'ab' }),
      status: 400,
      error: 'Username must be between 3 and 24 characters long.',
    },
    {
      name: 'overlong username (25)',
      send: () => post({ ...valid, username: long }),
      status: 400,
      error: 'Username must be between 3 and 24 characters long.',
    },
    {
      name: 'username with spaces and punctuation',
      send: () => post({ ...valid, username: 'bad name!' }),
      status: 400,
      error: 'Username may only contain letters (A-Z), digits, underscores (_) and hyphens (-).',
    },
    {
      name: 'username with a Cyrillic look-alike letter',
      send: () => post({ ...valid, username: 'аlice2' }),
      status: 400,
      error: /may only contain letters \(A-Z\)/,
    },
    { name: 'username with markup', send: () => post({ ...valid, username: '<script>' }), status: 400, error: /may only contain/ },
    {
      name: 'duplicate username differing only in case',
      send: () => post({ ...valid, username: 'ALICE' }),
      status: 409,
      error: 'That username is already taken.',
    },
    { name: 'missing email', send: () => post({ ...valid, email: undefined }), status: 400, error: 'Email is required.' },
    {
      name: 'email without @',
      send: () => post({ ...valid, username: 'carol', email: 'carol.example.test' }),
      status: 400,
      error: 'Email must look like name@example.com.',
    },
    {
      name: 'missing password',
      send: () => post({ ...valid, username: 'carol', password: undefined }),
      status: 400,
      error: 'Password is required.',
    },
    {
      name: 'short password',
      send: () => post({ ...valid, username: 'carol', password: 'Ab1-xyz' }),
      status: 400,
      error: 'Password must be at least 10 characters long.',
    },
    {
      name: 'password of one character class',
      send: () => post({ ...valid, username: 'carol', password: 'lowercaseonly' }),
      status: 400,
      error: /mix at least two kinds of characters/,
    },
    {
      name: 'common password with a suffix',
      send: () => post({ ...valid, username: 'carol', password: 'Password123!' }),
      status: 400,
      error: 'Password is too common and easy to guess; choose another.',
    },
    {
      name: 'keyboard-row password',
      send: () => post({ ...valid, username: 'carol', password: 'Qwertyuiop1' }),
      status: 400,
      error: 'Password is too common and easy to guess; choose another.',
    },
    {
      name: 'password of few distinct characters',
      send: () => post({ ...valid, username: 'carol', password: 'abababab12' }),
      status: 400,
      error: /at least 5 different/,
    },
    {
      name: 'password containing the username',
      send: () => post({ ...valid, username: 'carolyn', password: 'Carolyn-2024!' }),
      status: 400,
      error: 'Password must not contain your username.',
    },
    {
      name: 'overlong password',
      send: () => post({ ...valid, username: 'carol', password: `Aa1-${'x'.repeat(300)}` }),
      status: 400,
      error: 'Password must be at most 256 characters long.',
    },
    {
      name: 'malformed JSON',
      send: () => raw('{"username": "carol", ', 'application/json'),
      status: 400,
      error: 'The request body is not valid JSON.',
    },
    {
      name: 'a JSON array',
      send: () => raw('[1, 2, 3]', 'application/json'),
      status: 400,
      error: 'The request body must be a JSON object.',
    },
    { name: 'JSON null', send: () => raw('null', 'application/json'), status: 400, error: 'The request body must be a JSON object.' },
    {
      name: 'an empty body',
      send: () => raw('', 'application/json'),
      status: 400,
      error: 'The request body is empty; send a JSON object.',
    },
    {
      name: 'text/plain',
      send: () => raw(JSON.stringify(valid), 'text/plain'),
      status: 415,
      error: 'Content-Type must be application/json.',
    },
    {
      name: 'a form body',
      send: () => raw('username=carol', 'application/x-www-form-urlencoded'),
      status: 415,
      error: 'Content-Type must be application/json.',
    },
    {
      name: 'no content type',
      send: () => raw(JSON.stringify(valid), undefined),
      status: 415,
      error: 'Content-Type must be application/json.',
    },
    {
      name: 'a non-UTF-8 charset',
      send: () => raw(JSON.stringify(valid), 'application/json; charset=latin1'),
      status: 415,
      error: 'Only UTF-8 request bodies are accepted, not latin1.',
    },
    {
      name: 'a body over the limit',
      send: () => post({ ...valid, username: 'carol', padding: 'x'.repeat(20_000) }),
      status: 413,
      error: 'The request body is larger than 16384 bytes.',
    },
    {
      name: 'a chunked body over the limit (no Content-Length)',
      send: () => chunked(site.url, 20_000),
      status: 413,
      error: 'The request body is larger than 16384 bytes.',
    },
  ];

  for (const { name, send, status, error } of cases) {
    test(`refuses ${name} with ${status}, changing nothing`, async () => {
      const accounts = site.rows('accounts');
      const created = await site.metric('grapevine_accounts_create_total');
      const response = await send();
      assert.equal(response.status, status);
      if (typeof error === 'string') assert.equal(response.body.error, error);
      else assert.match(String(response.body.error), error);
      assert.equal(site.rows('accounts'), accounts, 'no account row was written');
      assert.equal(site.rows('sessions'), 0, 'no session was started');
      assert.equal(await site.metric('grapevine_accounts_create_total'), created, 'the counter did not move');
    });
  }

  test('reports every bad field at once, field by field', async () => {
    const response = await post({ username: 'a b', email: 'nope', password: 'short' });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body.fields, {
      username: 'Username may only contain letters (A-Z), digits, underscores (_) and hyphens (-).',
      email: 'Email must look like name@example.com.',
      password: 'Password must be at least 10 characters long.',
    });
    assert.equal(
      response.body.error,
      'Username may only contain letters (A-Z), digits, underscores (_) and hyphens (-). Email must look like name@example.com. Password must be at least 10 characters long.',
    );
  });

  test('concurrent registrations of one name (in any case) create exactly one account', async () => {
    const before = site.rows('accounts');
    const names = ['Racer', 'racer', 'RACER', 'rAcEr', 'racER'];
    const responses = await Promise.all(names.map((username) => post({ ...valid, username })));
    assert.deepEqual(responses.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
    assert.equal(site.rows('accounts'), before + 1);
  });

  function post(body: Record<string, unknown>) {
    return request(site.url, 'POST', '/api/accounts', { json: body });
  }
  function raw(body: string, contentType: string | undefined) {
    return request(site.url, 'POST', '/api/accounts', { body, headers: contentType === undefined ? {} : { 'content-type': contentType } });
  }
});

/** A body sent in chunks with no Content-Length, so the limit must be enforced while reading. */
function chunked(base: string, size: number): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL('/api/accounts', base),
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.write('{"username":"carol","padding":"');
    const chunk = 'x'.repeat(1_000);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end('"}');
    };
    pump();
  });
}

describe('a client that hangs up mid-body', () => {
  test('is answered as a client error, never logged as a server failure', async () => {
    const site = await startTestSite();
    try {
      await new Promise<void>((resolve) => {
        const req = httpRequest(new URL('/api/accounts', site.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '1000' },
        });
        req.on('error', () => resolve());
        req.write('{"username":');
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(site.rows('accounts'), 0);
      assert.deepEqual(
        site.logs.filter((line) => line.level === 'error'),
        [],
      );
      assert.equal(await site.metric('http_requests_total', { route: '/api/accounts', status_code: '500' }), undefined);
    } finally {
      await site.close();
    }
  });
});
