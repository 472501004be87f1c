// Every value on the inbox page comes from an HTTP request (label values, annotations), so all of
// it passes through escapeHtml (the kernel's); links additionally pass safeHref so `javascript:`
// never lands in href.

/** The URL if it is http(s), else undefined: the page then shows it as text, not as a link. */
export function safeHref(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
