// The bin writes to a pipe or a file through its file descriptor (cli/output.cjs) instead of Node's
// stream: what arrives must be byte for byte what the command wrote, on stdout and stderr, and in
// colour only where colours were asked for.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main as syncMain } from '../cli/sync.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin['node-llm-orm']);
const SCHEMA = path.join(ROOT, 'examples/thinking-era-app/prisma/schema.prisma');
const ENV = { ...process.env, NO_COLOR: '1' };
delete ENV.FORCE_COLOR;
const COLOUR = { ...ENV, FORCE_COLOR: '1' };
delete COLOUR.NO_COLOR;

/** What `main` writes into collecting streams, in process. */
async function inProcess(argv, env = ENV) {
  const out = [];
  const err = [];
  const code = await syncMain(argv, { cwd: ROOT, env, stdout: { write: (s) => out.push(s) }, stderr: { write: (s) => err.push(s) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

test('through a pipe, the bin prints what the command wrote (stdout and stderr)', async () => {
  for (const argv of [['sync', '--schema', SCHEMA], ['sync', '--schema', SCHEMA, '--json'], ['sync', '--schema', 'missing.prisma']]) {
    const expected = await inProcess(argv.slice(1));
    const child = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, env: ENV, encoding: 'utf8' });
    assert.deepEqual({ code: child.status, stdout: child.stdout, stderr: child.stderr }, expected, argv.join(' '));
  }
});

test('into a file, the bin writes the same bytes, and FORCE_COLOR still colours them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-llm-orm-output-'));
  try {
    for (const env of [ENV, COLOUR]) {
      const file = path.join(dir, 'out.txt');
      const fd = fs.openSync(file, 'w');
      const child = spawnSync(process.execPath, [BIN, 'sync', '--schema', SCHEMA], { cwd: ROOT, env, stdio: ['ignore', fd, 'pipe'] });
      fs.closeSync(fd);
      const expected = await inProcess(['--schema', SCHEMA], env);
      assert.equal(child.status, expected.code);
      assert.equal(fs.readFileSync(file, 'utf8'), expected.stdout);
      assert.equal(expected.stdout.includes('\u001b['), env === COLOUR);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
