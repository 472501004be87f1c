// The stylesheet and the chat script, read once at start-up and served from memory with an ETag.
// They sit beside this file in static/ (the build copies them next to the compiled file), and a
// missing one stops the app at start-up rather than at the first page view.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Middleware } from 'koa';

export interface StaticAsset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  'style.css': 'text/css; charset=utf-8',
  'chat.js': 'text/javascript; charset=utf-8',
};

export const STATIC_DIR = new URL('./static/', import.meta.url);

export function loadStaticAssets(dir: URL = STATIC_DIR): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const [name, type] of Object.entries(TYPES)) {
    let body: Buffer;
    try {
      body = readFileSync(new URL(name, dir));
    } catch (error) {
      throw new Error(`static file ${name} is missing from ${dir.pathname} (did the build copy app/site/web/static?)`, { cause: error });
    }
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  return assets;
}

/** For a route with a `:file` parameter. */
export function serveStatic(assets: Map<string, StaticAsset>): Middleware {
  return (ctx) => {
    const asset = assets.get((ctx as unknown as { params: { file: string } }).params.file);
    if (asset === undefined) return;
    ctx.set('etag', asset.etag);
    // Unversioned URLs: browsers may reuse a copy for a few minutes, then revalidate cheaply by ETag.
    ctx.set('cache-control', 'public, max-age=300');
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.type = asset.type;
    ctx.body = asset.body;
  };
}
