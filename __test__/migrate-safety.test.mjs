// Safe migrations on a populated PostgreSQL (PGlite, in-process): rows survive the default migration,
// renames and backfills keep them and reach the catalog of a fresh build (sequence names included),
// idempotent output runs twice, online migrations apply in order — and Prisma's own engine deploys
// the online migration folders.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { generateMigration, writeMigration } from '../lib/index.mjs';
import { deployWithPrisma } from './helpers/prisma-deploy.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name) => fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'safety', name), 'utf8');

const CATALOG = `
  SELECT 'column', table_name, column_name, data_type, is_nullable, coalesce(column_default, '')
    FROM information_schema.columns WHERE table_schema = 'public'
  UNION ALL
  SELECT 'index', tablename, indexname, indexdef, '', '' FROM pg_indexes WHERE schemaname = 'public'
  UNION ALL
  SELECT 'constraint', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), '', ''
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'sequence', sequence_name, '', '', '', '' FROM information_schema.sequences WHERE sequence_schema = 'public'
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), '', '', ''
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 2
  ORDER BY 1, 2, 3`;

async function reset(db) {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}

async function catalog(db) {
  return (await db.query(CATALOG)).rows.map((r) => Object.values(r).join(' | '));
}

async function freshCatalog(db, schema) {
  await reset(db);
  await db.exec(generateMigration({ from: null, to: schema }).sql);
  return catalog(db);
}

const rows = async (db, sql) => (await db.query(sql)).rows;

const USERS = `INSERT INTO "User" ("name", "email", "age", "kind") VALUES
  ('Zoë “quoted” ✓ 日本語', NULL, 9007199254740993, 'A'),
  ('plain', 'two@example.com', 2, 'B');
INSERT INTO "Post" ("id", "title", "authorId") VALUES (10, 'first', 1), (11, repeat('long text ', 20000), 2);
INSERT INTO "Old" ("id") VALUES (100), (101);`;

test('PostgreSQL: rows survive the default migration; unsafe changes are listed, not written', async () => {
  const db = await PGlite.create();
  const [a, b] = [fixture('loss_a.prisma'), fixture('loss_b.prisma')];
  await db.exec(generateMigration({ from: null, to: a }).sql);
  await db.exec(USERS);
  const dump = async () => [
    await rows(db, 'SELECT id, name, email, age::text, kind::text FROM "User" ORDER BY id'),
    await rows(db, 'SELECT id, md5(title) AS title, "authorId" FROM "Post" ORDER BY id'),
    await rows(db, 'SELECT id FROM "Old" ORDER BY id'),
  ];
  const before = await dump();
  const m = generateMigration({ from: a, to: b });
  assert.deepEqual(m.unsafe.map((u) => u.kind), ['removeEnumValues', 'dropColumn', 'addRequiredColumn', 'addRequiredColumn', 'makeRequired', 'alterColumnType', 'dropColumn', 'addRequiredColumn', 'dropTable', 'addUnique']);
  assert.ok(m.unsafe.every((u) => u.message && u.alternatives.length >= 2));
  assert.deepEqual(m.likelyRenames.map((r) => `${r.model}.${r.from}→${r.to}`), ['User.name→fullName', 'Post.title→headline']);
  await db.exec(m.sql);
  assert.deepEqual(await dump(), before);
  // Prisma's migration (data loss accepted) cannot even run on these rows.
  await assert.rejects(db.exec(generateMigration({ from: a, to: b, allowDataLoss: true }).sql), /invalid input value for enum "Kind_new": "B"/);
  await db.close();
});

test('PostgreSQL: renames and backfills keep the rows and reach the fresh catalog', async () => {
  const db = await PGlite.create();
  const [a, b] = [fixture('rename_a.prisma'), fixture('rename_b.prisma')];
  const fresh = await freshCatalog(db, b);
  await reset(db);
  await db.exec(generateMigration({ from: null, to: a }).sql);
  await db.exec(`INSERT INTO "User" ("name", "email") VALUES ('Zoë ✓', NULL), ('b', 'b@x'); INSERT INTO "Post" ("id", "title", "authorId") VALUES (1, 't1', 1), (2, 't2', 2);`);
  const m = generateMigration({ from: a, to: b, renames: { User: 'Account', 'User.name': 'fullName', 'Post.authorId': 'writerId' } });
  assert.deepEqual(m.unsafe, []);
  await db.exec(m.sql);
  assert.deepEqual(await catalog(db), fresh);
  assert.deepEqual(await rows(db, 'SELECT p.title, a."fullName" FROM "Post" p JOIN "Account" a ON a.id = p."writerId" ORDER BY p.id'), [{ title: 't1', fullName: 'Zoë ✓' }, { title: 't2', fullName: 'b' }]);
  // The renamed sequence still numbers new rows.
  assert.deepEqual(await rows(db, `INSERT INTO "Account" ("fullName") VALUES ('c') RETURNING id`), [{ id: 3 }]);

  const [c, d] = [fixture('backfill_a.prisma'), fixture('backfill_b.prisma')];
  const freshBackfill = await freshCatalog(db, d);
  await reset(db);
  await db.exec(generateMigration({ from: null, to: c }).sql);
  await db.exec(`INSERT INTO "User" ("name", "email") VALUES ('a', NULL), ('bb', 'b@x'), ('{"json": true}', NULL)`);
  const refused = generateMigration({ from: c, to: d });
  assert.deepEqual(refused.unsafe.map((u) => u.kind), ['addRequiredColumn', 'makeRequired']);
  const backfilled = generateMigration({ from: c, to: d, backfill: { 'User.score': 'length(name)', 'User.email': `'user' || id || '@example.invalid'` } });
  await db.exec(backfilled.sql);
  assert.deepEqual(await catalog(db), freshBackfill);
  assert.deepEqual(await rows(db, 'SELECT id, email, score FROM "User" ORDER BY id'), [
    { id: 1, email: 'user1@example.invalid', score: 1 },
    { id: 2, email: 'b@x', score: 2 },
    { id: 3, email: 'user3@example.invalid', score: 14 },
  ]);
  await db.close();
});

test('PostgreSQL: idempotent output runs twice and ends at the fresh catalog', async () => {
  const db = await PGlite.create();
  for (const [from, to, extra] of [
    [null, 'online_b.prisma', {}],
    ['online_a.prisma', 'online_b.prisma', {}],
    ['rename_a.prisma', 'rename_b.prisma', { allowDataLoss: true }],
    ['rename_a.prisma', 'rename_b.prisma', { renames: { User: 'Account', 'User.name': 'fullName', 'Post.authorId': 'writerId' } }],
    ['backfill_a.prisma', 'backfill_b.prisma', { backfill: { 'User.score': '0', 'User.email': `'x'` } }],
    ['loss_a.prisma', 'loss_b.prisma', { allowDataLoss: true, backfill: { 'User.score': '0', 'User.email': `'x'`, 'User.fullName': 'name', 'Post.headline': 'title' } }],
  ]) {
    const b = fixture(to);
    const fresh = await freshCatalog(db, b);
    await reset(db);
    if (from) await db.exec(generateMigration({ from: null, to: fixture(from) }).sql);
    const m = generateMigration({ from: from && fixture(from), to: b, mode: 'idempotent', ...extra });
    await db.exec(m.sql);
    const once = await catalog(db);
    await db.exec(m.sql);
    assert.deepEqual(await catalog(db), once, `${from} → ${to}: second run changed the catalog`);
    assert.deepEqual(once, fresh, `${from} → ${to}`);
  }
  await db.close();
});

test('PostgreSQL: online migrations apply in order; CONCURRENTLY needs its own migration', async () => {
  const db = await PGlite.create();
  const [a, b] = [fixture('online_a.prisma'), fixture('online_b.prisma')];
  const fresh = await freshCatalog(db, b);
  await reset(db);
  await db.exec(generateMigration({ from: null, to: a }).sql);
  await db.exec(`INSERT INTO "User" ("email") VALUES ('a'), ('b'); INSERT INTO "Post" ("id", "authorId") VALUES (1, 1), (2, 2);`);
  const m = generateMigration({ from: a, to: b, mode: 'online' });
  assert.deepEqual(m.migrations.map((p) => p.suffix), ['', '_index_1', '_index_2', '_validate']);
  assert.equal(m.sql, m.migrations.map((p) => p.sql).join('\n'));
  // PostgreSQL runs a multi-statement script in one transaction, where CONCURRENTLY is refused.
  await assert.rejects(db.exec(`${m.migrations[0].sql}\n${m.migrations[1].sql}`), /cannot run inside a transaction block/);
  for (const part of m.migrations) await db.exec(part.sql);
  assert.deepEqual(await catalog(db), fresh);
  assert.throws(() => generateMigration({ from: null, to: b, provider: 'sqlite', mode: 'online' }), (e) => e.code === 'UNSUPPORTED_MODE');
  assert.throws(() => generateMigration({ from: null, to: b, mode: 'fast' }), (e) => e.code === 'INVALID_ARGUMENT');
  await db.close();
});

test("Prisma's engine deploys the online migrations as separate folders", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orm-online-'));
  const [a, b] = [fixture('online_a.prisma'), fixture('online_b.prisma')];
  const names = [];
  const write = (name, sql, timestamp) => names.push(writeMigration({ migrationsDir: dir, name, sql, provider: 'postgresql', timestamp }).folderName);
  write('init', generateMigration({ from: null, to: a }).sql, '20260101000000');
  for (const part of generateMigration({ from: a, to: b, mode: 'online' }).migrations) write(`online${part.suffix}`, part.sql, '20260101000001');
  try {
    const [applied] = await deployWithPrisma(dir);
    assert.deepEqual(applied, names);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function pairs() {
  const read = (p) => fs.readFileSync(p, 'utf8');
  const cases = [];
  const dir = path.resolve(ROOT, '..', 'shared', 'reference', 'nodellm', 'schemas');
  const shapes = fs.readdirSync(dir).filter((f) => f.endsWith('.prisma')).sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
  shapes.forEach((to, j) => shapes.slice(0, j).forEach((from) => cases.push({ name: `nodellm ${from} → ${to}`, a: read(path.join(dir, from)), b: read(path.join(dir, to)) })));
  const fixtures = path.join(ROOT, 'tests', 'fixtures', 'migrate');
  for (const name of fs.readdirSync(fixtures).sort()) {
    const a = path.join(fixtures, name, 'a.prisma');
    // Extension types (geometry, …) are not installed in PGlite; multiSchema pairs need their schemas declared.
    if (!fs.existsSync(a)) continue;
    const both = read(a) + read(path.join(fixtures, name, 'b.prisma'));
    if (/Unsupported\("geo|schemas\s*=|extensions\s*=/.test(both)) continue;
    cases.push({ name, a: read(a), b: read(path.join(fixtures, name, 'b.prisma')) });
  }
  return cases.map((c) => ({ ...c, a: c.a.replace(/^\s*url\s*=.*$/m, ''), b: c.b.replace(/^\s*url\s*=.*$/m, '') }));
}

test('PostgreSQL, every shape and change-kind pair: the safe migration applies; idempotent output (data loss accepted) runs twice to the fresh catalog', async () => {
  const db = await PGlite.create();
  const failures = [];
  let count = 0;
  for (const c of pairs()) {
    const provider = 'postgresql';
    try {
      // Prisma's own sequence naming (`table_column_seq` lowercased for a column that becomes
      // autoincrement, and its `DROP SEQUENCE ""`) is compared elsewhere (migrate-apply).
      const normalize = (lines) => lines.filter((l) => !l.startsWith('sequence |')).map((l) => l.replace(/nextval\('[^']*'::regclass\)/, 'nextval(<sequence>)'));
      const catalogOf = async () => normalize(await catalog(db));
      const fresh = normalize(await freshCatalog(db, c.b));
      await reset(db);
      await db.exec(generateMigration({ from: null, to: c.a, provider }).sql);
      await db.exec(generateMigration({ from: c.a, to: c.b, provider }).sql);
      await reset(db);
      await db.exec(generateMigration({ from: null, to: c.a, provider }).sql);
      const idempotent = generateMigration({ from: c.a, to: c.b, provider, allowDataLoss: true, mode: 'idempotent' }).sql;
      await db.exec(idempotent);
      const once = await catalogOf();
      await db.exec(idempotent);
      if (JSON.stringify(await catalogOf()) !== JSON.stringify(once)) failures.push(`${c.name}: the second run changed the catalog`);
      // `default_kept_*`: Prisma keeps the old default by design (DateTime literals, equal numbers).
      else if (JSON.stringify(once) !== JSON.stringify(fresh) && !c.name.startsWith('default_kept_')) failures.push(`${c.name}: idempotent catalog differs from the fresh build\n  ${once.filter((l) => !fresh.includes(l)).join('\n  ')}\n  ---\n  ${fresh.filter((l) => !once.includes(l)).join('\n  ')}`);
      count++;
    } catch (e) {
      failures.push(`${c.name}: ${e.message}`);
    }
  }
  await db.close();
  assert.ok(count > 40, `${count} pairs`);
  assert.deepEqual(failures, []);
});
