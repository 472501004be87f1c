import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs a docker CLI command and returns its trimmed stdout; throws with stderr on failure. */
export async function docker(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  try {
    const { stdout } = await exec('docker', args, {
      cwd: options.cwd,
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`docker ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: error });
  }
}

export async function dockerAnswers(): Promise<boolean> {
  try {
    await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export async function imageExists(image: string): Promise<boolean> {
  try {
    await docker(['image', 'inspect', image], { timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Whether `image` is here, or can be pulled now (false where no registry answers). */
export async function imageAvailable(image: string): Promise<boolean> {
  if (await imageExists(image)) return true;
  try {
    await docker(['pull', '-q', image], { timeoutMs: 120_000 });
    return true;
  } catch {
    return false;
  }
}
