// The sync-side CLI commands (sync, check, init) and Prisma-style schema discovery, run in-process
// on temporary projects.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { discoverSchema, schemaFromConfig } from '../cli/discover.mjs';
import { main as syncMain, parseTableNames } from '../cli/sync.mjs';
import { main as checkMain, SKIP_ENV } from '../cli/check.mjs';
import { main as initMain, initSchema } from '../cli/init.mjs';
import { validate } from './helpers/prisma-engines.mjs';

const shared = new URL('../../shared/', import.meta.url);
const shape = (v) => fs.readFileSync(new URL(`reference/nodellm/schemas/${v}.prisma`, shared), 'utf8');
const stripUrl = (text) => text.replace(/^[ \t]*url[ \t]*=.*\r?\n/gm, '');

function project(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodellm-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

function sink(isTTY = false) {
  const chunks = [];
  return { isTTY, write: (s) => chunks.push(String(s)), get text() { return chunks.join(''); } };
}

async function run(main, argv, cwd, env = {}) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { cwd, env, stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

test('discovery follows Prisma: --schema, prisma.config.ts, package.json, then the default places', () => {
  const schema = shape('0.8.0');
  let dir = project({ 'prisma/schema.prisma': schema, 'schema.prisma': schema });
  assert.equal(discoverSchema({ cwd: dir }).path, path.join(dir, 'prisma/schema.prisma'));
  assert.equal(discoverSchema({ cwd: dir, schema: 'schema.prisma' }).source, '--schema');

  dir = project({ 'db/main.prisma': schema, 'package.json': JSON.stringify({ prisma: { schema: 'db/main.prisma' } }) });
  assert.deepEqual(discoverSchema({ cwd: dir }), { path: path.join(dir, 'db/main.prisma'), source: 'package.json' });

  dir = project({
    'custom/schema/a.prisma': schema,
    'package.json': JSON.stringify({ prisma: { schema: 'ignored.prisma' } }),
    'prisma.config.ts': "import path from 'node:path'\n// schema: 'nope'\nexport default defineConfig({\n  schema: path.join('custom', 'schema'),\n})\n",
  });
  assert.deepEqual(discoverSchema({ cwd: dir }), { path: path.join(dir, 'custom/schema'), source: 'prisma.config.ts' });

  dir = project({ 'prisma/schema/models.prisma': schema });
  assert.equal(discoverSchema({ cwd: dir }).path, path.join(dir, 'prisma/schema'));
  assert.equal(discoverSchema({ cwd: project({ 'README.md': 'x' }) }), null);
  assert.throws(() => discoverSchema({ cwd: dir, schema: 'missing.prisma' }), (e) => e.code === 'SCHEMA_NOT_FOUND');
});

test('prisma.config.ts is read statically, never executed', () => {
  assert.deepEqual(schemaFromConfig('export default { schema: "prisma/schema.prisma" }'), { schema: 'prisma/schema.prisma' });
  assert.deepEqual(schemaFromConfig("defineConfig({ schema: path.join(__dirname, 'prisma') })"), { schema: 'prisma' });
  assert.deepEqual(schemaFromConfig('defineConfig({ migrations: { path: "x" } })'), {});
  assert.deepEqual(schemaFromConfig('defineConfig({ schema: process.env.SCHEMA })'), { unreadable: true });
  const marker = path.join(os.tmpdir(), `nodellm-executed-${process.pid}`);
  const dir = project({ 'prisma.config.ts': `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')\nexport default { schema: 'x.prisma' }\n`, 'x.prisma': shape('0.8.0') });
  assert.equal(discoverSchema({ cwd: dir }).path, path.join(dir, 'x.prisma'));
  assert.equal(fs.existsSync(marker), false);
});

test('sync: exit 0 with a report grouped by version, 1 with --check, 2 on errors; --write patches', async () => {
  const dir = project({ 'prisma/schema.prisma': stripUrl(shape('0.2.0')) });
  let r = await run(syncMain, [], dir);
  assert.equal(r.code, 0);
  assert.match(r.out, /has 0\.2\.0, target 0\.8\.0/);
  assert.match(r.out, /0\.5\.0 · AgentSession\n.*LlmAgentSession/);
  assert.match(r.out, /0\.8\.0 · correction rounds\n.*correctionRounds/);
  assert.match(r.out, /Next: .*npx node-llm-orm migrate.*npx prisma migrate deploy/);
  assert.doesNotMatch(r.out, /\x1b\[/, 'no colour off a TTY');

  r = await run(syncMain, ['--check'], dir);
  assert.equal(r.code, 1);
  r = await run(syncMain, ['--json', '--target', '0.5.0'], dir);
  const report = JSON.parse(r.out);
  assert.equal(report.target, '0.5.0');
  assert.equal(report.changes.length, 2);

  r = await run(syncMain, ['--write'], dir);
  assert.equal(r.code, 0);
  assert.match(r.out, /Patched 3 changes/);
  assert.match(r.out, /npx prisma migrate dev --name nodellm_orm_0_8_0/);
  assert.ok(validate(fs.readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8')).ok);
  r = await run(syncMain, ['--check'], dir);
  assert.equal(r.code, 0);
  assert.match(r.out, /Up to date with @node-llm\/orm 0\.8\.0/);

  r = await run(syncMain, ['--schema', 'nope.prisma'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /SCHEMA_NOT_FOUND/);
  fs.writeFileSync(path.join(dir, 'bad.prisma'), 'model A {\n  id String @id\n  oops (\n}\n');
  r = await run(syncMain, ['--schema', 'bad.prisma'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /SCHEMA_SYNTAX.*bad\.prisma:3:3/);
  assert.doesNotMatch(r.err, /at .*\.mjs/, 'no stack trace');
  r = await run(syncMain, ['--bogus'], dir);
  assert.equal(r.code, 2);
});

test('sync --table-names maps roles; colours only on a TTY and never with NO_COLOR', async () => {
  const dir = project({ 'schema.prisma': stripUrl(shape('0.5.0')).replaceAll('LlmChat', 'Thread').replaceAll('LlmMessage', 'Post') });
  const r = await run(syncMain, ['--table-names', 'chat=thread,message=post', '--json'], dir);
  const report = JSON.parse(r.out);
  assert.deepEqual(report.models.slice(0, 1).map((m) => [m.model, m.detectedBy]), [['Thread', 'tableNames']]);
  assert.deepEqual(parseTableNames('chat=a, toolCall=b'), { chat: 'a', toolCall: 'b' });
  assert.throws(() => parseTableNames('chat'), /role=model/);

  const tty = sink(true);
  await syncMain([], { cwd: dir, env: {}, stdout: tty, stderr: sink(true) });
  assert.match(tty.text, /\x1b\[/);
  const noColor = sink(true);
  await syncMain([], { cwd: dir, env: { NO_COLOR: '1' }, stdout: noColor, stderr: sink(true) });
  assert.doesNotMatch(noColor.text, /\x1b\[/);
});

test('check --postinstall: silent without a schema or when up to date, one line otherwise, always 0', async () => {
  const empty = project({ 'package.json': '{}' });
  assert.deepEqual(await run(checkMain, ['--postinstall'], empty), { code: 0, out: '', err: '' });

  const current = project({ 'prisma/schema.prisma': stripUrl(shape('0.8.0')) });
  assert.deepEqual(await run(checkMain, ['--postinstall'], current), { code: 0, out: '', err: '' });

  const old = project({ 'prisma/schema.prisma': stripUrl(shape('0.1.0')) });
  const r = await run(checkMain, ['--postinstall'], old);
  assert.equal(r.code, 0);
  assert.equal(r.out.trim().split('\n').length, 1);
  assert.match(r.out, /lacks \d+ changes for @node-llm\/orm 0\.8\.0 .*npx node-llm-orm sync/);
  assert.deepEqual(await run(checkMain, ['--postinstall'], old, { [SKIP_ENV]: '1' }), { code: 0, out: '', err: '' });

  const broken = project({ 'prisma/schema.prisma': 'model {{{' });
  assert.deepEqual(await run(checkMain, ['--postinstall'], broken), { code: 0, out: '', err: '' });
  // Without --postinstall, check is sync --check.
  assert.equal((await run(checkMain, [], old)).code, 1);
});

test('init writes the reference schema, without url for Prisma 7, and never overwrites', async () => {
  assert.match(initSchema({ prisma: 6 }), /url\s+= env\("DATABASE_URL"\)/);
  const seven = initSchema({ prisma: 7 });
  assert.doesNotMatch(seven, /url/);
  assert.ok(validate(seven).ok, 'Prisma 7 accepts what init writes');

  const dir = project({ 'package.json': JSON.stringify({ devDependencies: { prisma: '^7.2.0' } }) });
  let r = await run(initMain, [], dir);
  assert.equal(r.code, 0);
  const written = fs.readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8');
  assert.equal(written, seven);
  assert.match(r.out, /prisma.config.ts/);
  r = await run(initMain, [], dir);
  assert.equal(r.code, 0);
  assert.match(r.out, /already exists.*sync/);
  assert.equal(fs.readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8'), written);
});

test('the node-llm-orm bin: exit codes 0 / 1 / 2 through a real process, no stack traces', () => {
  const bin = new URL('../cli/node-llm-orm.mjs', import.meta.url).pathname;
  const exec = (args, cwd, env = {}) =>
    spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  const old = project({ 'prisma/schema.prisma': stripUrl(shape('0.5.0')) });
  let r = exec(['sync', '--check'], old);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /correctionRounds/);
  r = exec(['check', '--postinstall'], old);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  r = exec(['check', '--postinstall'], old, { [SKIP_ENV]: '1' });
  assert.deepEqual([r.status, r.stdout, r.stderr], [0, '', '']);
  r = exec(['sync', '--write'], old);
  assert.equal(r.status, 0);
  r = exec(['sync', '--check'], old);
  assert.equal(r.status, 0);
  r = exec(['sync', '--schema', 'missing.prisma'], old);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(exec(['frobnicate'], old).status, 2);
});

test('sync --write on a prisma/schema/ folder patches the files holding the models', async () => {
  const full = stripUrl(shape('0.2.0'));
  const cut = (a, b) => full.slice(full.indexOf(a), b ? full.indexOf(b) : undefined);
  const dir = project({
    'prisma/schema/schema.prisma': cut('generator client', '// NodeLLM ORM Models'),
    'prisma/schema/chat.prisma': cut('// NodeLLM ORM Models', 'model LlmMessage'),
    'prisma/schema/rest.prisma': cut('model LlmMessage'),
  });
  const before = fs.readFileSync(path.join(dir, 'prisma/schema/schema.prisma'), 'utf8');
  const r = await run(syncMain, ['--write', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).written.map((p) => path.basename(p)).sort(), ['chat.prisma', 'rest.prisma']);
  assert.equal(fs.readFileSync(path.join(dir, 'prisma/schema/schema.prisma'), 'utf8'), before);
  assert.match(fs.readFileSync(path.join(dir, 'prisma/schema/chat.prisma'), 'utf8'), /model LlmAgentSession \{/);
  const files = ['schema', 'chat', 'rest'].map((n) => ({ path: `${n}.prisma`, content: fs.readFileSync(path.join(dir, `prisma/schema/${n}.prisma`), 'utf8') }));
  assert.ok(validate(files).ok);
  assert.equal((await run(syncMain, ['--check'], dir)).code, 0);
});
