// Prometheus scrapes the app every second in this project's config, so the instrumented servers
// are scraped at that pace while they are under load: that cost is part of being instrumented.
// Stopping rejects if any scrape did not get a 2xx, so a wrong URL cannot pass for a scraped server.
export function scrapeEverySecond(metricsUrl: string | undefined): () => Promise<void> {
  if (metricsUrl === undefined) return async () => undefined;
  let pending: Promise<unknown> = Promise.resolve();
  let failure: Error | undefined;
  const timer = setInterval(() => {
    pending = fetch(metricsUrl, { headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;q=0.5' } })
      .then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok) failure ??= new Error(`scraping ${metricsUrl} got ${response.status}`);
      })
      .catch((error: unknown) => {
        failure ??= new Error(`scraping ${metricsUrl} failed: ${(error as Error).message}`);
      });
  }, 1_000);
  return async () => {
    clearInterval(timer);
    await pending;
    if (failure !== undefined) throw failure;
  };
}
