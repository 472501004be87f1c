// End to end on loopback, in a few seconds: the real Alertmanager binary (.tools/bin, the version
// compose pins) loads alertmanager/alertmanager.yml with only the webhook URL pointed at an inbox
// running in this process, receives alerts on its API, routes them, and the inbox stores what it
// sends. This checks the route tree, the inhibition, send_resolved and the inbox's validation
// against the payload Alertmanager really sends, not a hand-written copy of it.
// With the unit tests, not test/config: it runs the inbox in-process through the unit helpers, and
// checks the inbox's handling as much as alertmanager.yml.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { ApiNotification } from '../../../app/inbox/api.js';
import { INBOX_DEFAULTS } from '../../../app/inbox/config.js';
import { startTestInbox, type TestInbox } from '../support/inbox.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ALERTMANAGER = join(root, '.tools/bin/alertmanager');
const CONFIG = join(root, 'alertmanager/alertmanager.yml');
const COMPOSE_WEBHOOK_URL = 'http://inbox:4200/webhook';
const COMPOSE_TOKEN_FILE = '/run/inbox-secrets/inbox-webhook-token';
// Debian's Alertmanager build reads its notification templates from here (scripts/machine/fetch-prometheus-tools.sh puts them there).
const TEMPLATES = ['/usr/share/prometheus/alertmanager/default.tmpl', '/usr/share/prometheus/alertmanager/email.tmpl'];

function skipReason(): string | undefined {
  const missing = [ALERTMANAGER, ...TEMPLATES].filter((file) => !existsSync(file));
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(', ')} missing; run \`bash scripts/machine/fetch-prometheus-tools.sh\` (as root)`;
  // CI installs the tools first, so there a missing binary is a broken setup, never a skip.
  if (process.env.CI) throw new Error(`CI is set but ${reason}`);
  console.warn(`\n*** SKIPPING the Alertmanager end-to-end test: ${reason}. ***\n`);
  return reason;
}

const reason = skipReason();

describe('Alertmanager 0.33 with alertmanager.yml delivers to the inbox', { skip: reason, timeout: 15_000 }, () => {
  let inbox: TestInbox;
  let alertmanager: ChildProcess;
  let amUrl: string;
  let workDir: string;
  let amLog = '';

  before(async () => {
    inbox = await startTestInbox();
    workDir = mkdtempSync(join(tmpdir(), 'grapevine-alertmanager-'));
    const original = readFileSync(CONFIG, 'utf8');
    // The token file as the inbox creates it, so Alertmanager authenticates exactly as in compose.
    const tokenFile = join(workDir, 'inbox-webhook-token');
    writeFileSync(tokenFile, `${inbox.token}\n`, { mode: 0o640 });
    const config = original.replaceAll(COMPOSE_WEBHOOK_URL, `${inbox.url}/webhook`).replaceAll(COMPOSE_TOKEN_FILE, tokenFile);
    assert.equal(original.split(COMPOSE_WEBHOOK_URL).length - 1, 4, 'every receiver points at the inbox');
    assert.equal(original.split(`credentials_file: ${COMPOSE_TOKEN_FILE}`).length - 1, 4, 'every receiver sends the token');
    assert.equal(
      original.split(`max_alerts: ${INBOX_DEFAULTS.maxAlertsPerNotification}`).length - 1,
      4,
      "every receiver's max_alerts is the inbox's INBOX_MAX_ALERTS_PER_NOTIFICATION default",
    );
    writeFileSync(join(workDir, 'alertmanager.yml'), config);

    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    alertmanager = spawn(
      ALERTMANAGER,
      [
        `--config.file=${join(workDir, 'alertmanager.yml')}`,
        `--storage.path=${join(workDir, 'data')}`,
        // As compose runs it: no clustering, which would hold notifications ~10 s after start.
        '--cluster.listen-address=',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    alertmanager.stdout!.on('data', (chunk: Buffer) => (amLog += chunk.toString()));
    alertmanager.stderr!.on('data', (chunk: Buffer) => (amLog += chunk.toString()));
    await waitFor('Alertmanager to be ready', async () => (await fetch(`${amUrl}/-/ready`).catch(() => undefined))?.ok === true);
  });

  after(async () => {
    if (alertmanager && alertmanager.exitCode === null) {
      const exited = new Promise((done) => alertmanager.once('exit', done));
      alertmanager.kill('SIGTERM');
      await exited;
    }
    await inbox?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const startsAt = new Date().toISOString();
  const alert = (alertname: string, severity: string, extra: Record<string, string> = {}) => ({
    labels: { alertname, severity, job: 'grapevine', ...extra },
    annotations: {
      summary: `${alertname} summary`,
      description: `${alertname} description`,
      runbook_url: `https://github.com/grapevine-observatory/grapevine-observatory#runbook-${alertname.toLowerCase()}`,
    },
    generatorURL: 'http://prometheus:9090/graph',
    startsAt,
  });

  async function postAlerts(alerts: object[]): Promise<void> {
    const response = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    assert.equal(response.status, 200, await response.text());
  }

  async function notifications(): Promise<ApiNotification[]> {
    return ((await (await fetch(`${inbox.url}/api/notifications`)).json()) as { notifications: ApiNotification[] }).notifications;
  }

  async function notificationFor(alertname: string, status: string): Promise<ApiNotification> {
    let found: ApiNotification | undefined;
    await waitFor(`a ${status} ${alertname} notification in the inbox`, async () => {
      found = (await notifications()).find((n) => n.status === status && n.commonLabels.alertname === alertname);
      return found !== undefined;
    });
    return found!;
  }

  test('an info alert reaches inbox-info at once, and its resolution follows', async () => {
    await postAlerts([alert('NewUserRegistered', 'info', { instance: 'app:4101' })]);
    const firing = await notificationFor('NewUserRegistered', 'firing');
    assert.equal(firing.receiver, 'inbox-info');
    assert.equal(firing.groupKey, '{}/{severity="info"}:{alertname="NewUserRegistered", severity="info"}');
    assert.equal(firing.alerts[0]?.annotations.summary, 'NewUserRegistered summary');

    await postAlerts([{ ...alert('NewUserRegistered', 'info', { instance: 'app:4101' }), endsAt: new Date().toISOString() }]);
    const resolved = await notificationFor('NewUserRegistered', 'resolved');
    assert.equal(resolved.receiver, 'inbox-info');
    assert.equal(resolved.alerts[0]?.status, 'resolved');
  });

  test('a critical alert reaches inbox-critical and holds back a warning of the same job', async () => {
    await postAlerts([alert('GrapevineDown', 'critical', { instance: 'app:4101' })]);
    assert.equal((await notificationFor('GrapevineDown', 'firing')).receiver, 'inbox-critical');

    await postAlerts([alert('SlowRequests', 'warning', { route: '/api/accounts' })]);
    await waitFor('Alertmanager to mark SlowRequests as inhibited', async () => {
      const response = await fetch(`${amUrl}/api/v2/alerts?filter=${encodeURIComponent('alertname="SlowRequests"')}`);
      const alerts = (await response.json()) as Array<{ status: { state: string; inhibitedBy: string[] } }>;
      return alerts[0]?.status.state === 'suppressed' && alerts[0].status.inhibitedBy.length === 1;
    });
    // Longer than group_interval: had the inhibition failed, the warning would have been sent by now.
    await new Promise((done) => setTimeout(done, 1500));
    assert.equal((await notifications()).filter((n) => n.commonLabels.alertname === 'SlowRequests').length, 0);
  });

  test('the inbox refused nothing Alertmanager sent', async () => {
    const metrics = await (await fetch(`${inbox.url}/metrics`)).text();
    assert.doesNotMatch(metrics, /^grapevine_inbox_webhook_rejected_total\{[^}]*\} [1-9]/m);
    assert.match(metrics, /^grapevine_inbox_webhook_rejected_total\{reason="unauthorized"\} 0$/m);
    assert.doesNotMatch(amLog, /level=(ERROR|WARN)/, amLog);
  });

  async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      if (alertmanager?.exitCode != null) throw new Error(`Alertmanager exited (${alertmanager.exitCode}):\n${amLog}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; Alertmanager's log:\n${amLog}`);
  }
});

/** A port the OS just handed out and released; Alertmanager binds it a moment later. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
