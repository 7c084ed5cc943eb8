// A user whose `LlmChat.metadata` is `String?` gets it retyped to `Json?` by sync: `migrate` converts
// the column in place (`USING "metadata"::jsonb`) instead of dropping it, so chat history survives on
// PostgreSQL (PGlite); a row holding invalid JSON makes the migration fail, leaving the row as it was.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import api from '../lib/index.mjs';
import { main as migrateMain } from '../cli/migrate.mjs';
import { migrationFiles, project, run, shape } from './helpers/cli-project.mjs';

const NOW = () => new Date('2026-11-30T10:00:00Z');
const OLD = shape('0.8.0').replace('metadata     Json? // JSON metadata', 'metadata     String? // JSON metadata');

/** The upgrade `migrate` writes for a project on the old schema, and its output. */
async function migrateProject(provider = 'postgresql') {
  const schema = OLD.replace('provider = "postgresql"', `provider = "${provider}"`);
  const dir = project({ 'prisma/schema.prisma': schema });
  const r = await run(migrateMain, [], dir, { now: NOW });
  assert.equal(r.code, 0, r.err);
  const files = migrationFiles(path.join(dir, 'prisma/migrations'));
  return { r, schema, upgrade: files['20261130100000_nodellm_orm_0_8_0'], patched: fs.readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8') };
}

async function databaseWithChat(metadata) {
  const db = new PGlite();
  await db.exec(api.generateMigration({ from: null, to: OLD }).sql);
  await db.query(`INSERT INTO "LlmChat" (id, metadata, "updatedAt") VALUES ('c1', $1, now())`, [metadata]);
  return db;
}

const row = async (db) =>
  (await db.query(`SELECT metadata, pg_typeof(metadata)::text AS type FROM "LlmChat" WHERE id = 'c1'`)).rows[0];

test('sync retypes metadata String? → Json?, and migrate converts it in place without consent', async () => {
  assert.notEqual(OLD, shape('0.8.0'));
  const { r, upgrade, patched } = await migrateProject();
  assert.match(patched, /metadata\s+Json\?/);
  assert.match(upgrade, /ALTER COLUMN "metadata" SET DATA TYPE JSONB USING \("metadata"::jsonb\)/);
  assert.doesNotMatch(upgrade, /DROP COLUMN "metadata"/);
  assert.doesNotMatch(upgrade, /dropped and recreated/);
  assert.match(r.out, /Converted LlmChat\.metadata in place: String → Json \("metadata"::jsonb\)/);
});

test('on PGlite, a chat with JSON-text metadata survives the migration with its value now JSONB', async () => {
  const { upgrade } = await migrateProject();
  const db = await databaseWithChat('{"topic": "Zoë ✓", "turns": [1, 2]}');
  await db.exec(`BEGIN;\n${upgrade}\nCOMMIT;`);
  assert.deepEqual(await row(db), { metadata: { topic: 'Zoë ✓', turns: [1, 2] }, type: 'jsonb' });
  await db.close();
});

test('on PGlite, invalid JSON makes the migration fail and leaves the row unchanged', async () => {
  const { upgrade } = await migrateProject();
  const db = await databaseWithChat('not json');
  await assert.rejects(db.exec(`BEGIN;\n${upgrade}\nCOMMIT;`), /invalid input syntax for type json/);
  await db.exec('ROLLBACK');
  assert.deepEqual(await row(db), { metadata: 'not json', type: 'text' });
  await db.close();
});

test('SQLite and MySQL keep the text as it is; a user --backfill wins over the default conversion', async () => {
  const sqlite = await migrateProject('sqlite');
  assert.match(sqlite.upgrade, /\("metadata"\) AS "metadata"/);
  const mysql = await migrateProject('mysql');
  assert.match(mysql.upgrade, /MODIFY `metadata` JSON NULL/);
  assert.match(mysql.r.out, /Converted LlmChat\.metadata in place: String → Json \(`metadata`\)/);

  const dir = project({ 'prisma/schema.prisma': OLD });
  const r = await run(migrateMain, ['--backfill', `LlmChat.metadata=jsonb_build_object('legacy', "metadata")`], dir, { now: NOW });
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /Converted/);
  const upgrade = migrationFiles(path.join(dir, 'prisma/migrations'))['20261130100000_nodellm_orm_0_8_0'];
  assert.match(upgrade, /USING \(jsonb_build_object\('legacy', "metadata"\)\)/);
});
