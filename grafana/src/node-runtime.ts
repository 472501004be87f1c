// "Grapevine Node.js runtime": prom-client's default metrics (nodejs_*, process_*), the
// analogue of the talk's erlang_vm_* metrics, per replica. Works for the app and the inbox
// alike, since both run the same image and collect the same defaults.
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { grapevineDashboard, instanceVariable, jobVariable } from './dashboard-base.js';
import { promQuery } from './datasource.js';
import { numberPanels, stat, timeSeries } from './panels.js';

export const NODE_RUNTIME_UID = 'grapevine-node-runtime';

export function nodeRuntimeDashboard(): Dashboard {
  const selector = 'job="$job", instance=~"$instance"';
  return numberPanels(
    grapevineDashboard(
      NODE_RUNTIME_UID,
      'Grapevine Node.js runtime',
      "Event loop, memory, garbage collection and CPU of each Node.js process, from prom-client's default metrics.",
    )
      .withVariable(jobVariable('nodejs_version_info', 'grapevine (the app) or alert-inbox: both are Node.js processes.'))
      .withVariable(instanceVariable('nodejs_version_info', 'One replica, or all of them; with `--scale app=3` each has its own address.'))
      .withRow(new RowBuilder('Processes'))
      .withPanel(
        stat({
          title: 'Uptime',
          description: 'Time since each process started; a drop means a restart.',
          unit: 's',
          width: 12,
          queries: [promQuery('A', `time() - process_start_time_seconds{${selector}}`, '{{instance}}')],
        }),
      )
      .withPanel(
        stat({
          title: 'Node.js version',
          description: 'The Node.js version each process runs (nodejs_version_info).',
          unit: 'none',
          width: 12,
          nameOnly: true,
          queries: [promQuery('A', `count by (version) (nodejs_version_info{${selector}})`, '{{version}}')],
        }),
      )
      .withRow(new RowBuilder('Event loop and CPU'))
      .withPanel(
        timeSeries({
          title: 'Event loop lag',
          description:
            'How late timers fire: the 99th percentile and mean of the event loop delay prom-client samples. Anything long here delays every request and socket frame on that process.',
          unit: 's',
          queries: [
            promQuery('A', `nodejs_eventloop_lag_p99_seconds{${selector}}`, '{{instance}} p99'),
            promQuery('B', `nodejs_eventloop_lag_mean_seconds{${selector}}`, '{{instance}} mean'),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'CPU',
          description: 'CPU time used per second of wall time, user and system; 100% is one core.',
          unit: 'percentunit',
          queries: [
            promQuery('A', `rate(process_cpu_user_seconds_total{${selector}}[$__rate_interval])`, '{{instance}} user'),
            promQuery('B', `rate(process_cpu_system_seconds_total{${selector}}[$__rate_interval])`, '{{instance}} system'),
          ],
        }),
      )
      .withRow(new RowBuilder('Memory and garbage collection'))
      .withPanel(
        timeSeries({
          title: 'Heap',
          description: "V8 heap in use and allocated, and the whole process' resident memory.",
          unit: 'bytes',
          queries: [
            promQuery('A', `nodejs_heap_size_used_bytes{${selector}}`, '{{instance}} heap used'),
            promQuery('B', `nodejs_heap_size_total_bytes{${selector}}`, '{{instance}} heap total'),
            promQuery('C', `process_resident_memory_bytes{${selector}}`, '{{instance}} resident'),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Time in garbage collection',
          description: 'Share of wall time spent in GC pauses, by GC kind (minor, major, incremental, weakcb).',
          unit: 'percentunit',
          queries: [
            promQuery(
              'A',
              `sum by (instance, kind) (rate(nodejs_gc_duration_seconds_sum{${selector}}[$__rate_interval]))`,
              '{{instance}} {{kind}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'GC pauses per second',
          description: 'Garbage collections per second, by kind. Many major GCs mean the heap is under pressure.',
          unit: 'short',
          queries: [
            promQuery(
              'A',
              `sum by (instance, kind) (rate(nodejs_gc_duration_seconds_count{${selector}}[$__rate_interval]))`,
              '{{instance}} {{kind}}',
            ),
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Handles and file descriptors',
          description: 'Active libuv handles (sockets, timers, servers) and open file descriptors. Steady growth means a leak.',
          unit: 'short',
          queries: [
            // The app drops prom-client's misnamed nodejs_active_handles_total gauge; its per-type
            // twin summed is the same number.
            promQuery('A', `sum by (instance) (nodejs_active_handles{${selector}})`, '{{instance}} handles'),
            promQuery('B', `process_open_fds{${selector}}`, '{{instance}} open fds'),
          ],
        }),
      )
      .build(),
  );
}
