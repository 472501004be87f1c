import { escapeHtml, safeHref } from './html.js';
import type { StoredNotification, WebhookAlert } from './types.js';

// The page a workshop watches: newest first, red for firing, green for resolved, reloaded by a
// meta refresh so it needs no JavaScript (and the Content-Security-Policy can forbid scripts).

export const PAGE_REFRESH_SECONDS = 3;
export const PAGE_NOTIFICATION_LIMIT = 50;

// Go's zero time: Alertmanager's endsAt while an alert has no known end.
const NO_END = /^0001-01-01T/;

export function renderInboxPage(notifications: readonly StoredNotification[], now: Date): string {
  const body =
    notifications.length === 0
      ? `<p class="empty">No notifications yet. Register a user in the app to fire <strong>NewUserRegistered</strong>; it shows up here within a few seconds.</p>`
      : `<ol class="notifications">\n${notifications.map((n) => renderNotification(n, now)).join('\n')}\n</ol>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${PAGE_REFRESH_SECONDS}">
<title>Alert inbox · Grapevine Observatory</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
  .notifications { list-style: none; padding: 0; }
  .notification { border-left: 0.5rem solid; border-radius: 0.25rem; margin: 0 0 1rem; padding: 0.5rem 1rem; }
  .notification.firing { border-color: #b3261e; background: #fdecea; }
  .notification.resolved { border-color: #1e7d32; background: #e9f5ea; }
  .status { font-weight: bold; letter-spacing: 0.05em; }
  .firing > h2 .status, .alert.firing .status { color: #b3261e; }
  .resolved > h2 .status, .alert.resolved .status { color: #1e7d32; }
  h2 { font-size: 1.1rem; margin: 0.25rem 0; }
  .meta, .times, .labels { color: #555; font-size: 0.9rem; }
  .alerts { padding-left: 1.2rem; }
  .alert { margin: 0.5rem 0; }
  code { background: rgba(0, 0, 0, 0.06); padding: 0 0.2em; border-radius: 0.2em; }
</style>
</head>
<body>
<h1>Alert inbox</h1>
<p>Notifications Alertmanager sent to this inbox, newest first (the latest ${PAGE_NOTIFICATION_LIMIT}).
This page reloads every ${PAGE_REFRESH_SECONDS} seconds. The same data as JSON: <a href="/api/notifications">/api/notifications</a>.</p>
${body}
</body>
</html>
`;
}

function renderNotification(notification: StoredNotification, now: Date): string {
  const title = notification.groupLabels.alertname ?? notification.commonLabels.alertname ?? notification.groupKey;
  const reason = notification.notificationReason ? ` · ${escapeHtml(notification.notificationReason)}` : '';
  const truncated =
    notification.truncatedAlerts > 0 ? ` · ${notification.truncatedAlerts} more alerts left out by Alertmanager` : '';
  return `<li class="notification ${notification.status}">
<h2><span class="status">${notification.status.toUpperCase()}</span> ${escapeHtml(title)}</h2>
<p class="meta">Receiver <code>${escapeHtml(notification.receiver)}</code> · received ${renderTime(notification.receivedAt)} (${ago(notification.receivedAt, now)}) · ${notification.alerts.length} ${notification.alerts.length === 1 ? 'alert' : 'alerts'}${reason}${truncated}</p>
<ul class="alerts">
${notification.alerts.map(renderAlert).join('\n')}
</ul>
</li>`;
}

function renderAlert(alert: WebhookAlert): string {
  const { alertname = '(no alertname)', severity = '(no severity)', ...otherLabels } = alert.labels;
  const { summary, description, runbook_url: runbookUrl } = alert.annotations;
  const href = safeHref(runbookUrl);
  const runbook = href
    ? `<p class="runbook"><a href="${escapeHtml(href)}">Runbook</a></p>`
    : runbookUrl
      ? `<p class="runbook">Runbook: ${escapeHtml(runbookUrl)}</p>`
      : '';
  const labels = Object.entries(otherLabels)
    .map(([name, value]) => `<code>${escapeHtml(name)}="${escapeHtml(value)}"</code>`)
    .join(' ');
  const ends = NO_END.test(alert.endsAt) ? '' : ` · ends ${renderTime(alert.endsAt)}`;
  return `<li class="alert ${alert.status}">
<p><span class="status">${alert.status}</span> <strong>${escapeHtml(alertname)}</strong> · severity <strong>${escapeHtml(severity)}</strong></p>
${summary ? `<p class="summary">${escapeHtml(summary)}</p>` : ''}
${description ? `<p class="description">${escapeHtml(description)}</p>` : ''}
${runbook}
<p class="times">Starts ${renderTime(alert.startsAt)}${ends}</p>
${labels ? `<p class="labels">${labels}</p>` : ''}
</li>`;
}

function renderTime(iso: string): string {
  const date = new Date(iso);
  const shown = Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}

function ago(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
