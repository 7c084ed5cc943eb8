// `node-llm-orm migrate` and `baseline` on temporary projects: the files they write, byte for byte,
// where Prisma would look for them, and PostgreSQL (PGlite) accepting the result.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import api from '../lib/index.mjs';
import { main as migrateMain } from '../cli/migrate.mjs';
import { main as baselineMain } from '../cli/baseline.mjs';
import { validate } from './helpers/prisma-engines.mjs';
import { deployWithPrisma } from './helpers/prisma-deploy.mjs';
import { exampleProject, migrationFiles, project, run, shape } from './helpers/cli-project.mjs';

const NOW = () => new Date('2026-11-30T10:00:00Z');
const block = (warnings) => (warnings.length ? `/*\n  Warnings:\n\n${warnings.map((w) => `  - ${w}\n`).join('')}\n*/\n` : '');
const read = (dir, rel) => fs.readFileSync(path.join(dir, rel), 'utf8');

/** What migrate must write for `files` (relative paths), computed from the API directly. */
function expected(files, safety = {}) {
  const report = api.sync({ schema: files });
  const patched = report.schema.map((f) => ({ path: f.path, content: f.content }));
  const init = api.generateMigration({ from: null, to: files });
  const m = api.generateMigration({ from: files, to: patched, provider: report.provider, ...safety });
  return { report, patched, baseline: block(init.warnings) + init.sql, migration: m };
}

test('migrate on a 0.2.0-era app: baseline 0_init of the old schema, then the patch, then the patched schema', async () => {
  const dir = exampleProject('thinking-era-app');
  const rel = path.join('prisma', 'schema.prisma');
  const before = read(dir, rel);
  const want = expected([{ path: rel, content: before }]);
  const header = '-- node-llm-orm migrate: @node-llm/orm 0.8.0\n-- Adds: AgentSession (0.5.0), correction rounds (0.8.0)\n\n';

  const r = await run(migrateMain, [], dir, { now: NOW });
  assert.equal(r.code, 0, r.err);
  const migrations = path.join(dir, 'prisma', 'migrations');
  assert.deepEqual(migrationFiles(migrations), {
    '0_init': want.baseline,
    '20261130100000_nodellm_orm_0_8_0': header + block(want.migration.warnings) + want.migration.sql,
  });
  assert.match(want.migration.sql, /CREATE TABLE "LlmAgentSession"/);
  assert.equal(read(dir, 'prisma/migrations/migration_lock.toml').includes('provider = "postgresql"'), true);
  assert.equal(read(dir, rel), want.patched[0].content);
  assert.notEqual(read(dir, rel), before);
  assert.ok(validate(read(dir, rel)).ok);
  assert.match(r.out, /Patched prisma\/schema\.prisma/);
  assert.match(r.out, /Wrote prisma\/migrations\/0_init\/migration\.sql \(baseline/);
  assert.match(r.out, /Wrote prisma\/migrations\/20261130100000_nodellm_orm_0_8_0\/migration\.sql/);
  assert.match(r.out, /Next:\n {2}npx prisma migrate resolve --applied 0_init .*\n {2}npx prisma migrate deploy\n$/);

  // Up to date now: nothing more is written.
  const again = await run(migrateMain, [], dir, { now: () => new Date('2026-11-30T11:00:00Z') });
  assert.equal(again.code, 0);
  assert.match(again.out, /up to date with @node-llm\/orm 0\.8\.0: no migration needed/);
  assert.equal(Object.keys(migrationFiles(migrations)).length, 2);
});

test('the written migrations build the NodeLLM tables in PostgreSQL, and Prisma deploys them', async () => {
  const dir = exampleProject('thinking-era-app');
  assert.equal((await run(migrateMain, [], dir, { now: NOW })).code, 0);
  const migrations = path.join(dir, 'prisma', 'migrations');
  const files = migrationFiles(migrations);

  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  try {
    for (const sql of Object.values(files)) await db.exec(sql);
    const { rows } = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    assert.deepEqual(rows.map((r) => r.table_name), ['LlmAgentSession', 'LlmChat', 'LlmMessage', 'LlmRequest', 'LlmToolCall', 'User']);
    const cols = await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'LlmRequest' AND column_name = 'correctionRounds'");
    assert.equal(cols.rows.length, 1);
  } finally {
    await db.close();
  }

  // `prisma migrate deploy` (the engine's applyMigrations) accepts the folder as written.
  const [applied] = await deployWithPrisma(migrations);
  assert.deepEqual(applied, Object.keys(files));
});

test('migrate keeps the user\'s own model and table names (Assistant*), and adds to an existing history', async () => {
  const dir = exampleProject('assistant-app');
  const rel = path.join('prisma', 'schema.prisma');
  const before = read(dir, rel);
  fs.mkdirSync(path.join(dir, 'prisma/migrations/20250101000000_init'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'prisma/migrations/20250101000000_init/migration.sql'), 'SELECT 1;\n');
  const want = expected([{ path: rel, content: before }]);

  const r = await run(migrateMain, ['--name', 'orm_upgrade'], dir, { now: NOW });
  assert.equal(r.code, 0, r.err);
  const files = migrationFiles(path.join(dir, 'prisma/migrations'));
  assert.deepEqual(Object.keys(files), ['20250101000000_init', '20261130100000_orm_upgrade']);
  const sql = files['20261130100000_orm_upgrade'];
  assert.ok(sql.endsWith(want.migration.sql));
  assert.match(sql, /"Assistant\w+"/);
  assert.doesNotMatch(sql, /"Llm/);
  assert.doesNotMatch(r.out, /resolve --applied/);
  assert.match(r.out, /Next:\n {2}npx prisma migrate deploy\n$/);
});

test('migrate never overwrites a migration folder: exit 2, a clear message, schema untouched', async () => {
  const dir = project({ 'prisma/schema.prisma': shape('0.5.0'), 'prisma/migrations/20261130100000_nodellm_orm_0_8_0/migration.sql': 'SELECT 1;\n' });
  const before = read(dir, 'prisma/schema.prisma');
  const r = await run(migrateMain, [], dir, { now: NOW });
  assert.equal(r.code, 2);
  assert.match(r.err, /MIGRATION_EXISTS: The migration directory already exists at .*never overwritten/);
  assert.equal(read(dir, 'prisma/schema.prisma'), before);
  assert.equal(read(dir, 'prisma/migrations/20261130100000_nodellm_orm_0_8_0/migration.sql'), 'SELECT 1;\n');
});

test('migrate follows prisma.config.ts migrations.path and patches a multi-file schema where each model lives', async () => {
  const full = shape('0.2.0');
  const cut = (a, b) => full.slice(full.indexOf(a), b ? full.indexOf(b) : undefined);
  const dir = project({
    'db/schema/main.prisma': cut('generator client', '// NodeLLM ORM Models'),
    'db/schema/chat.prisma': cut('// NodeLLM ORM Models', 'model LlmMessage'),
    'db/schema/rest.prisma': cut('model LlmMessage'),
    'prisma.config.ts': "import path from 'node:path'\nexport default defineConfig({\n  schema: path.join('db', 'schema'),\n  migrations: { path: 'db/history' },\n})\n",
  });
  const files = ['chat', 'main', 'rest'].map((n) => ({ path: path.join('db/schema', `${n}.prisma`), content: read(dir, `db/schema/${n}.prisma`) }));
  const want = expected(files);
  const r = await run(migrateMain, ['--json'], dir, { now: NOW });
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.deepEqual(out.migrations.map((m) => m.folderName), ['0_init', '20261130100000_nodellm_orm_0_8_0']);
  assert.ok(out.migrations.every((m) => path.dirname(m.path) === path.join(dir, 'db/history')));
  assert.deepEqual(out.schema.map((p) => path.relative(dir, p)).sort(), ['db/schema/chat.prisma', 'db/schema/rest.prisma']);
  assert.deepEqual(out.next, ['npx prisma migrate resolve --applied 0_init', 'npx prisma migrate deploy']);
  for (const f of want.patched) assert.equal(read(dir, f.path), f.content);
  assert.equal(migrationFiles(path.join(dir, 'db/history'))['20261130100000_nodellm_orm_0_8_0'].endsWith(want.migration.sql), true);
});

test('without a config, migrations go beside the file holding the datasource block', async () => {
  const full = shape('0.5.0');
  const dir = project({
    'prisma/schema/base.prisma': full.slice(0, full.indexOf('// NodeLLM ORM Models')),
    'prisma/schema/models/nodellm.prisma': full.slice(full.indexOf('// NodeLLM ORM Models')),
  });
  const r = await run(migrateMain, ['--json'], dir, { now: NOW });
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).migrations.map((m) => path.relative(dir, m.path)), ['prisma/schema/migrations/0_init', 'prisma/schema/migrations/20261130100000_nodellm_orm_0_8_0']);
});

test('SQLite and MySQL projects get their own SQL and lock file', async () => {
  for (const provider of ['sqlite', 'mysql']) {
    const schema = shape('0.5.0').replace('provider = "postgresql"', `provider = "${provider}"`);
    assert.notEqual(schema, shape('0.5.0'));
    const dir = project({ 'prisma/schema.prisma': schema });
    // MySQL: sync's `@db.Text` for model output widens VarChar(191) to Text, a safe cast for
    // Prisma (no warning), so no consent is needed.
    const want = expected([{ path: path.join('prisma', 'schema.prisma'), content: schema }]);
    const r = await run(migrateMain, [], dir, { now: NOW });
    assert.equal(r.code, 0, `${provider}: ${r.err}`);
    assert.equal(want.migration.provider, provider);
    const files = migrationFiles(path.join(dir, 'prisma/migrations'));
    assert.equal(files['0_init'], want.baseline);
    assert.ok(files['20261130100000_nodellm_orm_0_8_0'].endsWith(want.migration.sql));
    if (provider === 'mysql') {
      assert.match(want.migration.sql, /MODIFY `content` TEXT/);
      assert.doesNotMatch(files['20261130100000_nodellm_orm_0_8_0'], /could be lost|cast from/);
    }
    assert.match(read(dir, 'prisma/migrations/migration_lock.toml'), new RegExp(`provider = "${provider}"`));
  }
});

test('baseline writes 0_init from an empty database once, and refuses when migrations exist', async () => {
  const dir = project({ 'prisma/schema.prisma': shape('0.8.0') });
  const r = await run(baselineMain, [], dir);
  assert.equal(r.code, 0, r.err);
  const m = api.generateMigration({ from: null, to: shape('0.8.0') });
  assert.equal(read(dir, 'prisma/migrations/0_init/migration.sql'), block(m.warnings) + m.sql);
  assert.match(r.out, /npx prisma migrate resolve --applied 0_init/);
  const again = await run(baselineMain, [], dir);
  assert.equal(again.code, 2);
  assert.match(again.err, /MIGRATIONS_EXIST: prisma\/migrations already has 1 migration/);

  const custom = project({ 'db/app.prisma': shape('0.1.0') });
  const c = await run(baselineMain, ['--schema', 'db/app.prisma'], custom);
  assert.equal(c.code, 0, c.err);
  assert.ok(fs.existsSync(path.join(custom, 'db/migrations/0_init/migration.sql')));
  assert.match(c.out, /resolve --applied 0_init --schema db\/app\.prisma/);
});

test('migrate and baseline through the bin: usage, schema errors with their location, no stack trace', () => {
  const bin = fileURLToPath(new URL('../cli/node-llm-orm.mjs', import.meta.url));
  const exec = (args, cwd) => spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  const bad = project({ 'prisma/schema.prisma': 'model A {\n  id String @id\n  oops (\n}\n' });
  let r = exec(['migrate'], bad);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /SCHEMA_SYNTAX.*prisma\/schema\.prisma:3:3/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(exec(['migrate', '--bogus'], bad).status, 2);
  assert.equal(exec(['migrate', '--mode', 'sideways'], bad).status, 2);
  assert.equal(exec(['baseline'], project({ 'README.md': '' })).status, 2);
  r = exec(['migrate'], project({ 'prisma/schema.prisma': shape('0.8.0') }));
  assert.equal(r.status, 0);
  assert.match(r.stdout, /no migration needed/);
  r = exec(['--help'], bad);
  assert.match(r.stdout, /migrate .*\n.*diff .*\n.*baseline /);
});
