// The native tools the checks run, from the project's git-ignored .tools/bin, fetched by
// scripts/machine/fetch-prometheus-tools.sh (Debian builds of the versions versions.env pins;
// kubectl through fetch-kubectl.sh, which it runs).
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_TOOLS_DIR = path.join(PROJECT_ROOT, '.tools/bin');
const FETCH_SCRIPT = path.join(PROJECT_ROOT, 'scripts/machine/fetch-prometheus-tools.sh');
const TOOLS = ['promtool', 'amtool', 'prometheus', 'kubectl'] as const;

export async function missingTools(toolsDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of TOOLS) {
    try {
      await access(path.join(toolsDir, tool), constants.X_OK);
    } catch {
      missing.push(tool);
    }
  }
  return missing;
}

/** Runs the (idempotent) fetch script when a tool is missing; throws if they are still missing. */
export async function ensureTools(toolsDir: string = DEFAULT_TOOLS_DIR): Promise<void> {
  if ((await missingTools(toolsDir)).length === 0) return;
  if (toolsDir === DEFAULT_TOOLS_DIR) {
    const code = await new Promise<number | null>((resolve, reject) => {
      spawn('bash', [FETCH_SCRIPT], { stdio: 'inherit' }).once('error', reject).once('exit', resolve);
    });
    if (code !== 0) throw new Error(`${path.relative(PROJECT_ROOT, FETCH_SCRIPT)} failed (exit ${code})`);
  }
  const missing = await missingTools(toolsDir);
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} not found in ${toolsDir}; run \`bash scripts/machine/fetch-prometheus-tools.sh\``);
  }
}
