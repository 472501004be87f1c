// The real process, as `npm start` runs it (through tsx here): it starts with nothing but an
// environment, serves the site and /metrics, and on SIGTERM closes sockets, HTTP and the
// database, then exits 0. A bad environment stops it before it opens anything.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { spawnSite, startSiteChild } from '../../../app/site/start-up.js';
import { createGame, registerAndSignIn } from '../support/accounts.js';
import { parseExposition } from '../support/exposition.js';
import { openSocket, wsUrl } from '../support/sockets.js';

/** The site through tsx, with nothing but PATH and `env` in its environment. */
async function start(env: Record<string, string>) {
  const started = await startSiteChild({ env: { PATH: process.env.PATH ?? '', ...env }, timeoutMs: 15_000 });
  return { ...started, child: started.process, siteUrl: started.ready.siteUrl, metricsUrl: started.ready.metricsUrl };
}

describe('app/site/main.ts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-main-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('serves the site and /metrics, and shuts down cleanly on SIGTERM with sockets open', { timeout: 60_000 }, async () => {
    const app = await start({ DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1' });
    const metric = async (name: string) =>
      parseExposition(await (await fetch(app.metricsUrl)).text()).find((sample) => sample.name === name)?.value;

    assert.equal(await metric('grapevine_accounts_create_total'), 0);
    const { cookie } = await registerAndSignIn(app.siteUrl, 'main_user');
    assert.equal(await metric('grapevine_accounts_create_total'), 1);
    assert.equal(await metric('grapevine_accounts_session_login_total'), 1);

    const game = await createGame(app.siteUrl, cookie, 'Shutdown Realm');
    const gameSocket = await openSocket(wsUrl(app.siteUrl, '/socket'));
    gameSocket.send({
      event: 'authenticate',
      payload: { client_id: game.clientId, client_secret: game.clientSecret, supports: ['channels'] },
    });
    assert.equal((await gameSocket.reply()).status, 'success');
    const webSocket = await openSocket(wsUrl(app.siteUrl, '/socket/web'), { cookie });
    assert.equal(await metric('grapevine_sockets_connected'), 1);
    assert.equal(await metric('grapevine_web_clients_open'), 1);

    const exited = once(app.child, 'exit');
    app.child.kill('SIGTERM');
    // The game hears restart, with the downtime to wait, before its socket goes.
    const restart = await gameSocket.reply();
    assert.deepEqual([restart.event, restart.payload], ['restart', { downtime: 15 }]);
    assert.deepEqual(await gameSocket.closed, { code: 1001, reason: 'server shutting down' });
    assert.equal((await webSocket.closed).code, 1001);
    const [code, signal] = await exited;
    assert.equal(signal, null);
    assert.equal(code, 0, app.output());
    assert.match(app.output(), /"msg":"stopped cleanly"/);
    await assert.rejects(fetch(new URL('/health/live', app.siteUrl)));

    // The database was closed cleanly: the WAL is checkpointed away and the data is all there.
    const db = new Database(join(dataDir, 'grapevine.sqlite'), { readonly: true });
    assert.equal(db.prepare('SELECT username FROM accounts').pluck().get(), 'main_user');
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  });

  test('a restart keeps the accounts and the session secret, and counters start again at 0', { timeout: 60_000 }, async () => {
    const app = await start({ DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0' });
    try {
      const response = await fetch(new URL('/api/sessions', app.siteUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'main_user', password: 'Orchard-Ladder-42' }),
      });
      assert.equal(response.status, 200);
      const text = await (await fetch(app.metricsUrl)).text();
      assert.match(text, /^grapevine_accounts_create_total 0$/m);
    } finally {
      app.child.kill('SIGTERM');
      await once(app.child, 'exit');
    }
  });

  test('a bad environment exits 2 naming every bad key, before opening anything', { timeout: 30_000 }, async () => {
    const site = spawnSite({
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: 'x', METRICS_PORT: '-1', HEARTBEAT_INTERVAL_SECONDS: '0' },
    });
    const [code] = await once(site.process, 'exit');
    assert.equal(code, 2);
    const stderr = site.stderr();
    assert.match(stderr, /PORT must be a TCP port number from 0 to 65535, got "x"/);
    assert.match(stderr, /METRICS_PORT must be a TCP port number from 0 to 65535, got "-1"/);
    assert.match(stderr, /HEARTBEAT_INTERVAL_SECONDS must be a number from 0.05 to 3600, got "0"/);
  });

  test('a port already in use is a clear error and exit 1', { timeout: 30_000 }, async () => {
    const first = await start({ DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0' });
    try {
      const taken = new URL(first.siteUrl).port;
      const second = spawnSite({ env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: taken, METRICS_PORT: '0' } });
      const [code] = await once(second.process, 'exit');
      assert.equal(code, 1);
      assert.match(second.output(), new RegExp(`cannot listen on 127.0.0.1:${taken}: listen EADDRINUSE`));
    } finally {
      first.child.kill('SIGTERM');
      await once(first.child, 'exit');
    }
  });
});
