// Headers every HTML page gets, whichever service serves it: its Content-Security-Policy, and no
// content-type sniffing. Each service says what its pages may load (the site: its own scripts and
// sockets back to the same host; the inbox: nothing but inline styles) and which headers it adds.
import type { Context } from 'koa';

export interface PageHeaderPolicy {
  /** The policy's directives, e.g. "default-src 'self'"; a function when one depends on the request. */
  contentSecurityPolicy: readonly string[] | ((ctx: Context) => readonly string[]);
  /** Further headers, set after the two every page gets. */
  headers?: Readonly<Record<string, string>>;
}

export function pageHeaders({ contentSecurityPolicy, headers = {} }: PageHeaderPolicy): (ctx: Context) => void {
  const extra = Object.entries(headers);
  return (ctx) => {
    const directives = typeof contentSecurityPolicy === 'function' ? contentSecurityPolicy(ctx) : contentSecurityPolicy;
    ctx.set('content-security-policy', directives.join('; '));
    ctx.set('x-content-type-options', 'nosniff');
    for (const [name, value] of extra) ctx.set(name, value);
  };
}
