import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertLocalBaseUrl, UnsafeBaseUrlError } from '../../../../../scripts/workshop/traffic/index.js';

describe('the traffic generator only targets this machine or a compose service', () => {
  for (const url of [
    'http://127.0.0.1:4100',
    'http://127.0.0.1:4100/',
    'http://127.1.2.3:8080',
    'http://localhost:4100',
    'http://LOCALHOST',
    'https://localhost:8443',
    'http://[::1]:4100',
    'http://app:4100',
    'http://grapevine-app-1:4100',
    // The URL parser turns numeric hosts into dotted quads, so these are 127.0.0.1.
    'http://2130706433:4100',
    'http://0x7f.1:4100',
  ]) {
    test(`accepts ${url}`, () => {
      assert.equal(assertLocalBaseUrl(url), new URL(url).origin);
    });
  }

  for (const url of [
    'http://example.com',
    'https://grapevine.haus',
    'http://10.0.0.5:4100',
    'http://192.168.1.20:4100',
    'http://0.0.0.0:4100',
    'http://[::ffff:7f00:1]:4100',
    'http://[2001:db8::1]:4100',
    'http://app.internal:4100',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io',
  ]) {
    test(`refuses ${url}, naming the host`, () => {
      assert.throws(
        () => assertLocalBaseUrl(url),
        (error: unknown) => {
          assert.ok(error instanceof UnsafeBaseUrlError);
          assert.match(error.message, /refusing to send traffic to/);
          assert.ok(error.message.includes(new URL(url).hostname));
          return true;
        },
      );
    });
  }

  test('refuses what is not an http(s) origin', () => {
    assert.throws(() => assertLocalBaseUrl('not a url'), /is not a URL/);
    assert.throws(() => assertLocalBaseUrl('ftp://127.0.0.1'), /must use http or https/);
    assert.throws(() => assertLocalBaseUrl('ws://127.0.0.1:4100'), /must use http or https/);
    assert.throws(() => assertLocalBaseUrl('http://127.0.0.1:4100/api'), /without path/);
    assert.throws(() => assertLocalBaseUrl('http://user:pw@127.0.0.1:4100'), /credentials/);
  });
});
