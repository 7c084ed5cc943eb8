// A script run in a child Node process with the addon's test hooks (`NODE_LLM_ORM_TEST_HOOKS=1`, see
// src/js/test_hooks.rs), from the package root: a crash or abort there fails the test instead of the
// runner dying. The script writes one JSON value to stdout, which this returns.
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Script text that defines `settle()` for a child run with `--expose-gc`: collections queue the
 * native finalizers and the event loop runs them, so four rounds of both leave nothing unreleased
 * that JS no longer holds.
 */
export const SETTLE = `
    const settle = async () => {
      for (let i = 0; i < 4; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
    };`;

/** Runs `script` (CommonJS, `node -e`) with `nodeArgs` before it; asserts the process exited cleanly. */
export function runWithTestHooks(script, nodeArgs = []) {
  const child = spawnSync(process.execPath, [...nodeArgs, '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_LLM_ORM_TEST_HOOKS: '1' },
  });
  assert.equal(child.signal, null, `the process died: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}
