// Prometheus scrapes the app every second in this project's config, so the instrumented servers
// are scraped at that pace while they are under load: that cost is part of being instrumented.
export function scrapeEverySecond(metricsUrl: string | undefined): () => Promise<void> {
  if (metricsUrl === undefined) return async () => undefined;
  let pending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    pending = fetch(metricsUrl, { headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;q=0.5' } })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }, 1_000);
  return async () => {
    clearInterval(timer);
    await pending;
  };
}
