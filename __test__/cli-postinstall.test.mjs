// The package's postinstall script, run as npm runs it (a child process in the package folder, the
// user's project in INIT_CWD): one line at most, exit 0 and no stack trace whatever happens, even
// without the native addon (this repository's own `npm ci` runs postinstall before `prepare`).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { project, root, shape } from './helpers/cli-project.mjs';

const ROOT = fileURLToPath(root);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Runs `npm run postinstall`'s command from `packageDir` for a user project in `initCwd`. */
function postinstall(packageDir, initCwd, env = {}) {
  const [node, script] = pkg.scripts.postinstall.split(' ');
  assert.equal(node, 'node');
  const r = spawnSync(process.execPath, [script], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, INIT_CWD: initCwd, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('package.json runs cli/postinstall.mjs after install, and ships it', () => {
  assert.equal(pkg.scripts.postinstall, 'node cli/postinstall.mjs');
  assert.ok(pkg.files.includes('cli/'));
});

test('postinstall: one line when the schema is behind, silent otherwise, always exit 0', () => {
  const old = project({ 'prisma/schema.prisma': shape('0.2.0') });
  let r = postinstall(ROOT, old);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
  assert.match(r.stdout, /^@node-llm\/orm: your Prisma schema lacks \d+ changes for @node-llm\/orm 0\.8\.0 .*`npx node-llm-orm sync`/);

  for (const dir of [project({ 'prisma/schema.prisma': shape('0.8.0') }), project({ 'package.json': '{}' }), project({ 'prisma/schema.prisma': 'model {{{' })]) {
    assert.deepEqual(postinstall(ROOT, dir), { status: 0, stdout: '', stderr: '' });
  }
  assert.deepEqual(postinstall(ROOT, old, { NODE_LLM_ORM_SKIP_POSTINSTALL: '1' }), { status: 0, stdout: '', stderr: '' });
  // A config npm cannot read statically is no reason to fail an install either.
  const computed = project({ 'prisma.config.ts': 'export default { schema: process.env.X }\n' });
  assert.deepEqual(postinstall(ROOT, computed), { status: 0, stdout: '', stderr: '' });
});

test('postinstall without the native addon (not built yet): silent, exit 0', () => {
  // The package as npm unpacks it before `prepare` has built the .node file.
  const copy = project({});
  for (const entry of ['cli', 'lib', 'index.js', 'package.json']) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  assert.equal(fs.readdirSync(copy).some((f) => f.endsWith('.node')), false);
  const old = project({ 'prisma/schema.prisma': shape('0.2.0') });
  assert.deepEqual(postinstall(copy, old), { status: 0, stdout: '', stderr: '' });
  // The same copy does report once the addon is there: the silence above is the missing addon.
  const addon = fs.readdirSync(ROOT).find((f) => f.endsWith('.node'));
  fs.copyFileSync(path.join(ROOT, addon), path.join(copy, addon));
  assert.match(postinstall(copy, old).stdout, /lacks \d+ changes/);
});
