// The migration-safety flags of `migrate` and `diff` (--accept-data-loss, --rename, --backfill,
// --mode): what is withheld, what is written, and in which folders.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import api from '../lib/index.mjs';
import { main as migrateMain } from '../cli/migrate.mjs';
import { main as diffMain } from '../cli/diff.mjs';
import { migrationsFromConfig } from '../cli/discover.mjs';
import { diffScript } from './helpers/prisma-engines.mjs';
import { migrationFiles, project, run, shape } from './helpers/cli-project.mjs';

const NOW = () => new Date('2026-11-30T10:00:00Z');
const read = (dir, rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
const block = (warnings) => (warnings.length ? `/*\n  Warnings:\n\n${warnings.map((w) => `  - ${w}\n`).join('')}\n*/\n` : '');

/** 0.5.0 with `LlmMessage.inputTokens` as `String?`: sync's fix (`Int?`) has no cast PostgreSQL can
 * apply to every row, and no default conversion: Prisma drops and recreates the column. */
const stringTokens = shape('0.5.0').replace(/(model LlmMessage \{[\s\S]*?)inputTokens(\s+)Int\?/, '$1inputTokens$2String?');
/** 0.5.0 without `@@index([createdAt])` on LlmMessage: sync adds the index to an existing table. */
const missingIndex = shape('0.5.0').replace(/(model LlmMessage \{[\s\S]*?)\n {2}@@index\(\[createdAt\]\)/, '$1');

test('migrate withholds unsafe changes: exit 1, the changes and their alternatives, nothing written', async () => {
  assert.notEqual(stringTokens, shape('0.5.0'));
  const dir = project({ 'prisma/schema.prisma': stringTokens, 'prisma/migrations/20250101000000_init/migration.sql': 'SELECT 1;\n' });
  const r = await run(migrateMain, [], dir, { now: NOW });
  assert.equal(r.code, 1);
  assert.match(r.err, /1 unsafe change left out/);
  assert.match(r.err, /alterColumnType LlmMessage\.inputTokens: The `inputTokens` column on the `LlmMessage` table would be dropped and recreated/);
  assert.match(r.err, /\n {4}- convert the rows in place: .*--backfill LlmMessage\.inputTokens=<SQL>/);
  assert.match(r.err, /--accept-data-loss/);
  assert.match(r.err, /Nothing was written\.\n$/);
  assert.equal(read(dir, 'prisma/schema.prisma'), stringTokens);
  assert.deepEqual(Object.keys(migrationFiles(path.join(dir, 'prisma/migrations'))), ['20250101000000_init']);

  const ok = await run(migrateMain, ['--accept-data-loss'], dir, { now: NOW });
  assert.equal(ok.code, 0, ok.err);
  const report = api.sync({ schema: stringTokens });
  const m = api.generateMigration({ from: stringTokens, to: report.schema[0].content, allowDataLoss: true });
  assert.match(m.sql, /DROP COLUMN "inputTokens",\nADD COLUMN {5}"inputTokens" INTEGER/);
  const written = read(dir, 'prisma/migrations/20261130100000_nodellm_orm_0_8_0/migration.sql');
  assert.equal(written, `-- node-llm-orm migrate: @node-llm/orm 0.8.0\n-- Adds: base models (0.1.0), correction rounds (0.8.0)\n\n${block(m.warnings)}${m.sql}`);
  assert.ok(m.warnings.length > 0, 'Prisma\'s data-loss warning heads the file');
  assert.equal(read(dir, 'prisma/schema.prisma'), report.schema[0].content);
});

test('migrate --mode online writes each migration to its own folder, one second apart, in apply order', async () => {
  assert.notEqual(missingIndex, shape('0.5.0'));
  const dir = project({ 'prisma/schema.prisma': missingIndex });
  const r = await run(migrateMain, ['--mode', 'online', '--json'], dir, { now: NOW });
  assert.equal(r.code, 0, r.err);
  const report = api.sync({ schema: missingIndex });
  const m = api.generateMigration({ from: missingIndex, to: report.schema[0].content, mode: 'online' });
  assert.ok(m.migrations.length >= 2);
  const folders = JSON.parse(r.out).migrations.map((w) => w.folderName);
  assert.deepEqual(folders, ['0_init', ...m.migrations.map((part, i) => `2026113010000${i}_nodellm_orm_0_8_0${part.suffix}`)]);
  const files = migrationFiles(path.join(dir, 'prisma/migrations'));
  const header = '-- node-llm-orm migrate: @node-llm/orm 0.8.0\n-- Adds: base models (0.1.0), correction rounds (0.8.0)\n\n';
  m.migrations.forEach((part, i) => assert.equal(files[folders[i + 1]], header + part.sql));
  assert.match(files[folders[2]], /CREATE INDEX CONCURRENTLY "LlmMessage_createdAt_idx"/);

  // Applied in folder order, each on its own (as `migrate deploy` runs them), PostgreSQL has the index.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  try {
    for (const folder of Object.keys(files).sort()) await db.exec(files[folder]);
    const { rows } = await db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'LlmMessage' AND indexname = 'LlmMessage_createdAt_idx'");
    assert.equal(rows.length, 1);
  } finally {
    await db.close();
  }
});

test('diff passes --accept-data-loss, --rename, --backfill and --mode to generateMigration', async () => {
  const pg = (body) => `datasource db {\n  provider = "postgresql"\n}\n\n${body}`;
  const dir = project({
    'a.prisma': pg('model A {\n  id  Int    @id\n  old String\n}\n'),
    'b.prisma': pg('model A {\n  id  Int    @id\n  new String\n}\n'),
    'c.prisma': pg('model A {\n  id    Int    @id\n  old   String\n  score Int\n}\n'),
  });
  let r = await run(diffMain, ['--from-schema', 'a.prisma', '--to-schema', 'b.prisma', '--script'], dir);
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.out, /DROP COLUMN/);
  assert.match(r.err, /dropColumn A\.old/);
  assert.match(r.err, /--rename A\.old=new/);

  r = await run(diffMain, ['--from-schema', 'a.prisma', '--to-schema', 'b.prisma', '--script', '--accept-data-loss'], dir);
  assert.equal(r.err, '');
  assert.equal(r.out, await diffScript({ from: read(dir, 'a.prisma'), to: read(dir, 'b.prisma') }));

  r = await run(diffMain, ['--from-schema', 'a.prisma', '--to-schema', 'b.prisma', '--script', '--rename', 'A.old=new'], dir);
  assert.deepEqual([r.code, r.err], [0, '']);
  assert.match(r.out, /ALTER TABLE "A" RENAME COLUMN "old" TO "new";/);

  r = await run(diffMain, ['--from-schema', 'a.prisma', '--to-schema', 'c.prisma', '--script', '--backfill', 'A.score=length("old")'], dir);
  assert.deepEqual([r.code, r.err], [0, '']);
  assert.match(r.out, /UPDATE "A" SET "score" = \(length\("old"\)\) WHERE "score" IS NULL;/);

  r = await run(diffMain, ['--from-empty', '--to-schema', 'a.prisma', '--script', '--mode', 'idempotent'], dir);
  assert.equal(r.out, api.generateMigration({ from: null, to: read(dir, 'a.prisma'), mode: 'idempotent' }).sql);
  assert.notEqual(r.out, api.generateMigration({ from: null, to: read(dir, 'a.prisma') }).sql);

  for (const bad of [['--rename', 'A.old'], ['--backfill', '=x'], ['--mode', 'fast']]) {
    r = await run(diffMain, ['--from-empty', '--to-schema', 'a.prisma', ...bad], dir);
    assert.equal(r.code, 1, bad.join(' '));
    assert.match(r.err, /expects/);
  }
});

test('migrations.path of prisma.config.* is read statically', () => {
  assert.deepEqual(migrationsFromConfig("export default defineConfig({ schema: 'p', migrations: { seed: 'tsx s.ts', path: path.join('db', 'migrations') } })"), { path: 'db/migrations' });
  assert.deepEqual(migrationsFromConfig('export default { migrations: { seed: "x" } }\nconst path = "nope"'), {});
  assert.deepEqual(migrationsFromConfig('export default { migrations: { path: process.env.M } }'), { unreadable: true });
  assert.deepEqual(migrationsFromConfig('// migrations: { path: "commented" }\nexport default {}'), {});
});
