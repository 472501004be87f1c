import { escapeHtml } from '../kernel/web/html.js';
import { safeHref } from './html.js';
import type { StoredNotification, WebhookAlert } from './types.js';

// The page a workshop watches: newest first, red for firing, green for resolved, reloaded by a
// meta refresh so it needs no JavaScript (and the Content-Security-Policy can forbid scripts).

export const PAGE_REFRESH_SECONDS = 3;
export const PAGE_NOTIFICATION_LIMIT = 50;
// A notification may hold up to INBOX_MAX_ALERTS_PER_NOTIFICATION alerts; the page shows the first
// few of each and links the rest as JSON, so a page of 50 stays small enough to reload every 3 s.
export const PAGE_ALERTS_PER_NOTIFICATION = 10;
// Longer annotations and label values are cut on the page (the API has them whole): a page of
// 50 x 10 alerts then stays a few hundred KiB even when every value is as long as the body limit allows.
export const PAGE_TEXT_LIMIT = 500;

export interface InboxPage {
  notifications: readonly StoredNotification[];
  /** The page's `before`, when it is not the newest page. */
  before: number | undefined;
  /** The query string of the next, older page, when there is one. */
  olderQuery: string | undefined;
}

// Go's zero time: Alertmanager's endsAt while an alert has no known end.
const NO_END = /^0001-01-01T/;

export function renderInboxPage({ notifications, before, olderQuery }: InboxPage, now: Date): string {
  const empty =
    before === undefined
      ? `<p class="empty">No notifications yet. Register a user in the app to fire <strong>NewUserRegistered</strong>; it shows up here within a few seconds.</p>`
      : `<p class="empty">No notifications older than #${before}.</p>`;
  const list =
    notifications.length === 0
      ? empty
      : `<ol class="notifications">\n${notifications.map((n) => renderNotification(n, now)).join('\n')}\n</ol>`;
  const links = [
    before === undefined ? '' : '<a href="/">Newest notifications</a>',
    olderQuery === undefined ? '' : `<a href="/${escapeHtml(olderQuery)}" rel="next">Older notifications</a>`,
  ].filter((link) => link !== '');
  const body = links.length === 0 ? list : `${list}\n<nav class="pages">${links.join(' · ')}</nav>`;
  const which =
    before === undefined ? `the latest ${PAGE_NOTIFICATION_LIMIT}` : `${PAGE_NOTIFICATION_LIMIT} at a time, older than #${before}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${PAGE_REFRESH_SECONDS}">
<title>Alert inbox · Grapevine Observatory</title>
<style>
  /* The app's look (app/site/web/static/style.css) in miniature: this page is served by another service,
     and its CSP allows inline styles only, so the few rules it needs live here. */
  :root { --ink: #1d2330; --muted: #566071; --paper: #fbfaf7; --card: #fff; --line: #d9d6cf; --accent: #5b3b8c; color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--paper); overflow-wrap: break-word; }
  a { color: var(--accent); text-underline-offset: 0.15em; }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.9em; background: #f0ede6; padding: 0.05em 0.3em; border-radius: 4px; }
  time { white-space: nowrap; }
  .site-header { border-bottom: 1px solid var(--line); background: var(--card); }
  .bar, main { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
  .bar { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.25rem 1.5rem; padding-block: 0.75rem; }
  .brand { font-weight: 700; font-size: 1.25rem; color: var(--accent); }
  h1 { font-size: 1.75rem; line-height: 1.25; margin: 1.25rem 0 0.75rem; }
  .intro { max-width: 44rem; margin: 0 0 1.5rem; }
  .empty { padding: 1rem; border: 1px dashed var(--line); border-radius: 6px; background: var(--card); }
  .notifications, .alerts { list-style: none; margin: 0; padding: 0; }
  .notification { margin: 0 0 1rem; padding: 0.75rem 1rem; border: 1px solid var(--line); border-left: 0.4rem solid; border-radius: 6px; background: var(--card); }
  .notification.firing { border-left-color: #b3261e; }
  .notification.resolved { border-left-color: #1e7d32; }
  /* A duplicate is shown, but quieter: the news was in the notification it points to. */
  .notification.duplicate { opacity: 0.7; border-style: dashed; }
  .duplicate-of { font-size: 0.8rem; font-weight: 600; color: var(--muted); }
  .pages { margin: 0 0 2rem; }
  h2 { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.6rem; font-size: 1.2rem; line-height: 1.3; margin: 0 0 0.25rem; }
  .status { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.05em; text-transform: uppercase; color: #fff; }
  .firing > h2 .status { background: #b3261e; }
  .resolved > h2 .status { background: #1e7d32; }
  /* Each alert's own state, quieter than its notification's: outlined, not filled. */
  .alert .status { padding: 0 0.45rem; border: 1px solid; background: none; }
  .alert.firing .status { color: #b3261e; }
  .alert.resolved .status { color: #1e7d32; }
  .meta, .times, .labels { margin: 0; color: var(--muted); font-size: 0.875rem; }
  .alert { margin: 0.75rem 0 0; padding: 0.75rem 0 0; border-top: 1px solid #efece6; }
  .alert p { margin: 0 0 0.4rem; }
  .summary { font-size: 1.05rem; font-weight: 600; }
  .labels code { display: inline-block; margin: 0 0.25rem 0.25rem 0; }
  @media (max-width: 30rem) { .bar, main { padding: 0 0.75rem; } .bar { padding-block: 0.6rem; } h1 { font-size: 1.45rem; } .notification { padding: 0.6rem 0.75rem; } }
</style>
</head>
<body>
<header class="site-header">
  <div class="bar"><span class="brand">Grapevine Observatory</span></div>
</header>
<main>
<h1>Alert inbox</h1>
<p class="intro">Notifications Alertmanager sent to this inbox, newest first (${which}).
This page reloads every ${PAGE_REFRESH_SECONDS} seconds. The same data as JSON: <a href="/api/notifications">/api/notifications</a>.</p>
${body}
</main>
</body>
</html>
`;
}

function renderNotification(notification: StoredNotification, now: Date): string {
  const title = notification.groupLabels.alertname ?? notification.commonLabels.alertname ?? notification.groupKey;
  const reason = notification.notificationReason ? ` · ${text(notification.notificationReason)}` : '';
  const truncated = notification.truncatedAlerts > 0 ? ` · ${notification.truncatedAlerts} more alerts left out by Alertmanager` : '';
  const duplicate =
    notification.duplicateOf === null
      ? ''
      : ` <span class="duplicate-of">duplicate of <a href="#n${notification.duplicateOf}">#${notification.duplicateOf}</a></span>`;
  const shown = notification.alerts.slice(0, PAGE_ALERTS_PER_NOTIFICATION);
  const hidden = notification.alertCount - shown.length;
  const more =
    hidden > 0
      ? `\n<p class="more">${hidden} more ${hidden === 1 ? 'alert' : 'alerts'} in this notification: <a href="/api/notifications?before=${notification.id + 1}&amp;limit=1">all of them as JSON</a></p>`
      : '';
  const classes = `notification ${notification.status}${notification.duplicateOf === null ? '' : ' duplicate'}`;
  return `<li class="${classes}" id="n${notification.id}">
<h2><span class="status">${notification.status.toUpperCase()}</span> ${text(title)}${duplicate}</h2>
<p class="meta">Receiver <code>${text(notification.receiver)}</code> · received ${renderTime(notification.receivedAt)} (${ago(notification.receivedAt, now)}) · ${notification.alertCount} ${notification.alertCount === 1 ? 'alert' : 'alerts'}${reason}${truncated} · #${notification.id}</p>
<ul class="alerts">
${shown.map(renderAlert).join('\n')}
</ul>${more}
</li>`;
}

function renderAlert(alert: WebhookAlert): string {
  const { alertname = '(no alertname)', severity = '(no severity)', ...otherLabels } = alert.labels;
  const { summary, description, runbook_url: runbookUrl } = alert.annotations;
  const href = safeHref(runbookUrl);
  const runbook = href
    ? `<p class="runbook"><a href="${escapeHtml(href)}">Runbook</a></p>`
    : runbookUrl
      ? `<p class="runbook">Runbook: ${text(runbookUrl)}</p>`
      : '';
  const labels = Object.entries(otherLabels)
    .map(([name, value]) => `<code>${text(name)}="${text(value)}"</code>`)
    .join(' ');
  const ends = NO_END.test(alert.endsAt) ? '' : ` · ends ${renderTime(alert.endsAt)}`;
  return `<li class="alert ${alert.status}">
<p><span class="status">${alert.status}</span> <strong>${text(alertname)}</strong> · severity <strong>${text(severity)}</strong></p>
${summary ? `<p class="summary">${text(summary)}</p>` : ''}
${description ? `<p class="description">${text(description)}</p>` : ''}
${runbook}
<p class="times">Starts ${renderTime(alert.startsAt)}${ends}</p>
${labels ? `<p class="labels">${labels}</p>` : ''}
</li>`;
}

/** Escaped, and cut to PAGE_TEXT_LIMIT characters with an ellipsis saying so. */
function text(value: string): string {
  return escapeHtml(value.length > PAGE_TEXT_LIMIT ? `${value.slice(0, PAGE_TEXT_LIMIT)}…` : value);
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
