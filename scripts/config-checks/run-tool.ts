// Runs one of the native Prometheus tools and collects its output, never throwing on a
// non-zero exit: checks turn the exit code and output into their own failure messages.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface ToolRun {
  code: number;
  /** stdout and stderr together, trimmed: promtool and amtool split their messages between them. */
  output: string;
}

export function runTool(toolsDir: string, tool: string, args: string[], cwd: string): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(path.join(toolsDir, tool), args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`could not run ${tool}: ${error.message}`));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** A failure message for a run that exited non-zero, else nothing. */
export function failureOf(run: ToolRun, what: string): string[] {
  return run.code === 0 ? [] : [`${what} exited with ${run.code}:\n${indent(run.output)}`];
}

export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
