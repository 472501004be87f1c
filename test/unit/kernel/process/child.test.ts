// Starting a child and waiting for its ready line: node itself by default, or a wrapper (valgrind,
// for the instructions bench) that runs node, whose args come first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJsonLine, startNode } from '../../../../app/kernel/process/child.js';

// Prints a line that is not JSON, then the ready line, then serves until it is ended.
const SCRIPT =
  "console.log('starting'); console.log(JSON.stringify({ argv0: process.argv0, pid: process.pid })); setInterval(() => {}, 1000);";

describe('startNode', () => {
  test('runs node (process.execPath) by default and resolves with the first JSON line; stop() ends it', async () => {
    const child = await startNode(['-e', SCRIPT], { cwd: process.cwd(), name: 'node', readyWhen: parseJsonLine<{ pid: number }> });
    assert.equal(child.ready.pid, child.process.pid);
    assert.match(child.output(), /^starting\n/);
    await child.stop();
    assert.equal(child.process.signalCode, 'SIGTERM');
  });

  test('runs `command <args>` instead: a wrapper whose own args come before node and its args', async () => {
    // env(1) as the wrapper: its args, then node's path, then node's.
    const child = await startNode(['FROM_WRAPPER=yes', process.execPath, '-e', `console.log(process.env.FROM_WRAPPER); ${SCRIPT}`], {
      cwd: process.cwd(),
      name: 'env node',
      command: 'env',
      readyWhen: parseJsonLine<{ pid: number }>,
    });
    // env execs node, so the pid the ready line gives is the child's own.
    assert.equal(child.ready.pid, child.process.pid);
    assert.match(child.output(), /^yes\nstarting\n/);
    await child.stop();
  });

  test("an exit before the ready line rejects with the child's output", async () => {
    await assert.rejects(
      startNode(['-e', "console.error('no luck'); process.exit(3)"], { cwd: process.cwd(), name: 'quitter', readyWhen: parseJsonLine }),
      /quitter exited \(3\) before it was ready:\nno luck/,
    );
  });
});
