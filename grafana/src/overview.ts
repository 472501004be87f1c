// "Grapevine overview": the talk's dashboard ("Gossip"), with our metric names. Its gauges
// (connected games, connected sockets, open web clients) come first; below them the events
// behind the talk's alerts: registrations and sign-ins, chat messages, game socket traffic.
//
// The app's gauges are per process: each replica counts the sockets it holds. Sums over
// `instance` therefore give the service's total however far it is scaled out.
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { alertThreshold } from './alert-thresholds.js';
import { grapevineDashboard, instanceVariable, jobVariable } from './dashboard-base.js';
import { promQuery } from './datasource.js';
import { gauge, numberPanels, stat, timeSeries } from './panels.js';

export const OVERVIEW_UID = 'grapevine-overview';

export function overviewDashboard(): Dashboard {
  const job = 'job="$job", instance=~"$instance"';
  // ChatFlood's threshold, read out of prometheus/rules/grapevine-alerts.yml (see alert-thresholds.ts).
  const chatFlood = alertThreshold('ChatFlood', 'grapevine_channel_messages_total');
  const accountsThrottled = alertThreshold('AccountsThrottled', 'grapevine_accounts_throttled_total');
  return numberPanels(
    grapevineDashboard(
      OVERVIEW_UID,
      'Grapevine overview',
      "The talk's dashboard: who is connected right now, accounts, and chat. Every number is summed over the replicas picked above (all of them by default) of the job picked above (the app is grapevine).",
    )
      .withVariable(
        jobVariable(
          'grapevine_web_clients_open',
          'The Prometheus job whose Grapevine metrics are shown: any job that exports grapevine_web_clients_open; the app is grapevine.',
        ),
      )
      .withVariable(
        instanceVariable('grapevine_web_clients_open', 'The replicas summed in every panel: all of them (the service), or one.'),
      )
      .withRow(new RowBuilder('Right now'))
      .withPanel(
        gauge({
          title: 'Games online',
          description: 'Games with an authenticated socket connected to any app replica (grapevine_games_online).',
          unit: 'short',
          queries: [promQuery('A', `sum(grapevine_games_online{${job}})`, 'games')],
        }),
      )
      .withPanel(
        gauge({
          title: 'Sockets connected',
          description: 'Authenticated game sockets open on any app replica (grapevine_sockets_connected).',
          unit: 'short',
          queries: [promQuery('A', `sum(grapevine_sockets_connected{${job}})`, 'sockets')],
        }),
      )
      .withPanel(
        gauge({
          title: 'Web clients open',
          description: 'Browser chat sockets open right now (grapevine_web_clients_open). Above 0, the WebClientOpen alert fires.',
          unit: 'short',
          queries: [promQuery('A', `sum(grapevine_web_clients_open{${job}})`, 'web clients')],
        }),
      )
      .withPanel(
        stat({
          title: 'App replicas up',
          description:
            'App replicas Prometheus found through DNS and scraped successfully (up). `docker compose up --scale app=3` makes this 3.',
          unit: 'short',
          height: 6,
          queries: [promQuery('A', `sum(up{${job}})`, 'replicas up')],
        }),
      )
      .withRow(new RowBuilder('Accounts and chat'))
      .withPanel(
        timeSeries({
          title: 'Account events',
          description: "Registrations, sign-ins and sign-outs per minute. A registration fires NewUserRegistered, the talk's demo alert.",
          unit: 'opm',
          queries: [
            promQuery('A', `60 * sum(rate(grapevine_accounts_create_total{${job}}[$__rate_interval]))`, 'registrations'),
            promQuery('B', `60 * sum(rate(grapevine_accounts_session_login_total{${job}}[$__rate_interval]))`, 'sign-ins'),
            promQuery('C', `60 * sum(rate(grapevine_accounts_session_logout_total{${job}}[$__rate_interval]))`, 'sign-outs'),
            promQuery('D', `60 * sum(rate(grapevine_games_create_total{${job}}[$__rate_interval]))`, 'games created'),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Channel messages',
          description: `Chat messages relayed per second, from games and web clients alike, with open web clients on the right axis. The dashed line is ChatFlood's threshold (${chatFlood.value}/s for ${chatFlood.forText}).`,
          unit: 'short',
          threshold: chatFlood.value,
          rightAxisRefIds: ['B'],
          queries: [
            promQuery('A', `sum(rate(grapevine_channel_messages_total{${job}}[$__rate_interval]))`, 'messages/s'),
            promQuery('B', `sum(grapevine_web_clients_open{${job}})`, 'web clients open'),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Throttled sign-ins and registrations',
          description: `Sign-ins and registrations refused with a 429, as a count per 5 minutes at the current rate, by action and scope: account (too many failures for one username), address (from one client address), queue (the password queue was full). The dashed line is AccountsThrottled's threshold (${accountsThrottled.value} per action in 5 minutes, for ${accountsThrottled.forText}), which the alert compares with the last 5 minutes' count.`,
          unit: 'short',
          width: 24,
          threshold: accountsThrottled.value,
          queries: [
            // rate() over $__rate_interval, scaled to 5 minutes, rather than increase(...[5m]), which
            // would smooth every burst over 5 minutes and hide short ones at the dashboard's resolution.
            promQuery(
              'A',
              `300 * sum by (action, scope) (rate(grapevine_accounts_throttled_total{${job}}[$__rate_interval]))`,
              '{{action}} {{scope}}',
            ),
          ],
        }),
      )
      .withRow(new RowBuilder('Game sockets'))
      .withPanel(
        timeSeries({
          title: 'Socket connections',
          description:
            'Game socket authentications per minute, by result, and sockets closed (4001) after too many unanswered heartbeats. Failures are wrong credentials or missing or unknown support flags.',
          unit: 'opm',
          queries: [
            promQuery('A', `60 * sum by (result) (rate(grapevine_socket_connects_total{${job}}[$__rate_interval]))`, 'connect {{result}}'),
            promQuery(
              'B',
              `60 * sum(rate(grapevine_socket_heartbeat_disconnects_total{${job}}[$__rate_interval]))`,
              'heartbeat disconnects',
            ),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Socket events',
          description:
            "Heartbeats games send in answer to the app's, and frames with an event the server does not know (answered with a failure), per minute.",
          unit: 'opm',
          queries: [
            promQuery('A', `60 * sum(rate(grapevine_socket_heartbeats_total{${job}}[$__rate_interval]))`, 'heartbeats'),
            promQuery('B', `60 * sum(rate(grapevine_socket_unknown_events_total{${job}}[$__rate_interval]))`, 'unknown events'),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Channel and player events',
          description:
            'Game socket channels/subscribe, channels/unsubscribe, channels/send, players/sign-in and players/sign-out frames per minute (grapevine_socket_events_total).',
          unit: 'opm',
          queries: [
            promQuery(
              'A',
              `60 * sum by (event) (rate(grapevine_socket_events_total{${job}, event=~"channels/.*|players/sign-.*"}[$__rate_interval]))`,
              '{{event}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Tells and status requests',
          description: 'Game socket tells/send, players/status and games/status frames per minute (grapevine_socket_events_total).',
          unit: 'opm',
          queries: [
            promQuery(
              'A',
              `60 * sum by (event) (rate(grapevine_socket_events_total{${job}, event=~"tells/send|players/status|games/status"}[$__rate_interval]))`,
              '{{event}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Socket refusals',
          description:
            'Socket frames, upgrades and sockets refused by a socket limit, as a count per 5 minutes at the current rate, by reason: sockets, players or channels over their caps, frames over the rate (and sockets closed for it), game sockets that did not authenticate in time or found every waiting place taken, too many web chat sockets for one session, frames over 64 KiB. See the README’s Limits and abuse. Normal traffic, `npm run traffic` included, makes none.',
          unit: 'short',
          width: 24,
          // As for the throttled panel: rate() over $__rate_interval scaled to 5 minutes, not increase(...[5m]).
          queries: [
            promQuery('A', `300 * sum by (reason) (rate(grapevine_socket_refusals_total{${job}}[$__rate_interval]))`, '{{reason}}'),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Telemetry handler failures',
          description:
            "Telemetry handlers that threw, per handler. In the talk's Elixir, :telemetry silently detached such a handler; here it stays attached, and TelemetryHandlerFailing fires.",
          unit: 'short',
          width: 24,
          queries: [
            promQuery(
              'A',
              `sum by (handler) (increase(grapevine_telemetry_handler_failures_total{${job}}[$__rate_interval]))`,
              '{{handler}}',
            ),
          ],
        }),
      )
      .build(),
  );
}
