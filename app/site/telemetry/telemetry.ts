// Typed events on node:diagnostics_channel: the analogue of Erlang's :telemetry. Domain code
// emits events and knows nothing of metrics; instrumenters attach handlers to them.
//
// One difference on purpose: :telemetry detaches a handler that raises, so a single bad event
// silently stops a metric for good (the talk's warning). Here a handler that throws is logged,
// reported to `hooks.failed` (which counts it in a metric) and stays attached; the code that
// emitted the event never sees the error.
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Logger } from '../../kernel/logging/logger.js';

/** Event name -> payload type. */
export type EventMap = Record<string, object>;

export type Handler<P> = (payload: P) => void | Promise<void>;

/** What the owner of the telemetry wants to know about its handlers; metrics count failures here. */
export interface TelemetryHooks {
  attached?(handlerName: string, event: string): void;
  failed?(handlerName: string, event: string, error: unknown): void;
}

export interface Telemetry<E extends EventMap> {
  emit<K extends keyof E & string>(event: K, payload: E[K]): void;
  /** Returns a function that detaches the handler. `handlerName` labels its failures, keep it bounded. */
  attach<K extends keyof E & string>(handlerName: string, event: K, handler: Handler<E[K]>): () => void;
  /**
   * Adds hooks after creation, for an owner that builds its metrics once the telemetry exists (the
   * site's instrumenters). They hear of what happens from then on, not of handlers attached before.
   */
  addHooks(hooks: TelemetryHooks): void;
  /** Detaches every handler attached through this instance. */
  close(): void;
}

export interface TelemetryOptions {
  log: Logger;
  hooks?: TelemetryHooks;
}

export function createTelemetry<E extends EventMap>({ log, hooks = {} }: TelemetryOptions): Telemetry<E> {
  // Channel names are process-wide, and tests run several apps in one process: each instance
  // handles only the payloads it published itself.
  const published = new WeakSet<object>();
  const detachers = new Set<() => void>();
  const allHooks: TelemetryHooks[] = [hooks];

  function reportFailure(handlerName: string, event: string, error: unknown): void {
    log.error('telemetry handler failed; it stays attached', { handler: handlerName, event, error });
    for (const each of allHooks) {
      try {
        each.failed?.(handlerName, event, error);
      } catch (hookError) {
        log.error('telemetry failure hook failed', { handler: handlerName, event, error: hookError });
      }
    }
  }

  return {
    emit(event, payload) {
      const channel = diagnosticsChannel.channel(event);
      if (!channel.hasSubscribers) return;
      published.add(payload);
      channel.publish(payload);
    },

    attach(handlerName, event, handler) {
      const listener = (message: unknown): void => {
        if (typeof message !== 'object' || message === null || !published.has(message)) return;
        try {
          const result = handler(message as E[typeof event]);
          if (result instanceof Promise) result.catch((error: unknown) => reportFailure(handlerName, event, error));
        } catch (error) {
          // Caught here: diagnostics_channel would rethrow it as an uncaught exception.
          reportFailure(handlerName, event, error);
        }
      };
      diagnosticsChannel.subscribe(event, listener);
      for (const each of allHooks) each.attached?.(handlerName, event);
      const detach = (): void => {
        if (detachers.delete(detach)) diagnosticsChannel.unsubscribe(event, listener);
      };
      detachers.add(detach);
      return detach;
    },

    addHooks(more) {
      allHooks.push(more);
    },

    close() {
      for (const detach of [...detachers]) detach();
    },
  };
}
