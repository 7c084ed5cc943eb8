// Upgrades keep the data: on real databases (a PostgreSQL and a MariaDB server started here, SQLite,
// PGlite), each case builds the old schema from empty, fills it with rows a chat history holds,
// applies the generated upgrade, and checks that every kept row reads back the same (row counts and
// one checksum per row), that text still equals what was written, and that the catalog equals a
// from-empty build of the new schema in a fresh database. The run ends with a database × case table.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateMigration } from '../lib/index.mjs';
import { ENGINES, REQUIRED, Unavailable } from './helpers/databases.mjs';
import { catalog, catalogDiff } from './helpers/catalog.mjs';
import { ROWS_PER_TABLE, checksums, expectedChecksums, generateRows, tablesOf } from './helpers/rows.mjs';
import { changeCases, forProvider } from './helpers/change-cases.mjs';

const DATABASES = ['postgresql', 'pglite', 'mariadb', 'sqlite'];
const starting = {};
const start = (name) => (starting[name] ??= ENGINES[name]().then((engine) => ({ engine }), (error) => ({ error })));
// The servers start at once, while the first cases run; PGlite later (see the test).
for (const name of DATABASES) if (name !== 'pglite') start(name);
const cases = changeCases();
const results = new Map(cases.map((c) => [c.name, {}]));
const versions = {};

/** Old table → new table with the column pairs whose values the upgrade must keep (not `changes`). */
function keptColumns(oldTables, newTables, renames = {}, changes = []) {
  const out = [];
  for (const t of oldTables) {
    const next = newTables.find((n) => n.model === (renames[t.model] ?? t.model));
    if (!next) continue;
    const pairs = [];
    for (const c of t.columns) {
      const field = renames[`${t.model}.${c.field}`] ?? c.field;
      const n = next.columns.find((x) => x.field === field);
      if (n && !changes.includes(`${next.model}.${n.field}`)) pairs.push({ from: c, to: n });
    }
    out.push({ from: t, to: next, pairs });
  }
  return out;
}

async function readKept(db, provider, kept, side) {
  const out = {};
  for (const k of kept) {
    const t = k[side];
    out[t.table] = await checksums(db, provider, t.table, t.primaryKey, k.pairs.map((p) => p[side].name));
  }
  return out;
}

async function preserves(engine, c) {
  const { provider } = engine;
  const from = forProvider(c.from, provider);
  const to = forProvider(c.to, provider);
  const oldTables = tablesOf(from, provider);
  const keepEnum = (name) => tablesOf(to, provider).flatMap((t) => t.columns).find((col) => col.type === name)?.enumValues;
  // Where the upgrade is to stop short of the new schema, the rows follow the schema it is to reach.
  const reached = c.reaches ? forProvider(c.reaches, provider) : to;
  const kept = keptColumns(oldTables, tablesOf(reached, provider), c.options.renames, c.changes);
  const data = generateRows(oldTables, provider, keepEnum);

  const db = await engine.open();
  let migrated;
  try {
    await db.exec(generateMigration({ from: null, to: from, provider }).sql);
    await db.exec(data.script);
    const before = await readKept(db, provider, kept, 'from');
    for (const k of kept) assert.equal(Object.keys(before[k.from.table]).length, ROWS_PER_TABLE, `${k.from.table} holds the rows written`);
    const largest = Math.max(...Object.values(data.rows).flat().flatMap((r) => Object.values(r)).filter((v) => typeof v === 'string').map((v) => Buffer.byteLength(v)));
    assert.ok(largest >= 1 << 20, `the rows hold text over 1 MB (${largest} bytes)`);

    const upgrade = generateMigration({ from, to, provider, ...c.options });
    // Each migration file on its own, in order, as Prisma applies them.
    const scripts = upgrade.migrations.map((m) => m.sql);
    for (const script of scripts) await db.exec(script);

    const afterRows = await readKept(db, provider, kept, 'to');
    for (const k of kept) {
      assert.deepEqual(afterRows[k.to.table], before[k.from.table], `${k.from.table} → ${k.to.table}: row count and per-row checksums of ${k.pairs.map((p) => p.to.name).join(', ')}`);
      const text = k.pairs.filter((p) => p.from.type === 'String' && p.to.type === 'String');
      const expected = expectedChecksums(data.rows[k.from.table], k.from.primaryKey, text.map((p) => p.from.name));
      const actual = await checksums(db, provider, k.to.table, k.to.primaryKey, text.map((p) => p.to.name));
      assert.deepEqual(actual, expected, `${k.to.table}: text reads back exactly as written`);
    }
    await c.check?.(db, provider, data, upgrade);
    migrated = await catalog(db, provider);

    if (c.options.mode === 'idempotent') {
      for (const script of scripts) await db.exec(script);
      assert.deepEqual(await readKept(db, provider, kept, 'to'), afterRows, 'a second run keeps every row');
      const again = await catalog(db, provider);
      assert.deepEqual(again, migrated, `a second run changes nothing\n${catalogDiff(again, migrated)}`);
    }
  } finally {
    await db.close();
  }

  const fresh = await engine.open();
  try {
    await fresh.exec(generateMigration({ from: null, to: reached, provider }).sql);
    const expected = await catalog(fresh, provider);
    assert.deepEqual(migrated, expected, `the catalog equals a from-empty build of the ${c.reaches ? 'schema it is to reach' : 'new schema'}\n${catalogDiff(migrated, expected)}`);
  } finally {
    await fresh.close();
  }
}

/** The cases of one database, one after the other (PGlite has a single database to reuse). */
async function matrixRow(t, name) {
  const { engine, error } = await start(name);
  if (error) {
    for (const c of cases) results.get(c.name)[name] = error instanceof Unavailable ? 'no server' : 'FAILED';
    if (error instanceof Unavailable && !REQUIRED) return t.skip(`${error.message}; CI=true makes this a failure`);
    throw error;
  }
  versions[name] = engine.version;
  try {
    for (const c of cases) {
      if (c.providers && !c.providers.includes(engine.provider)) {
        results.get(c.name)[name] = 'n/a';
        continue;
      }
      await t.test(`${c.kind}: ${c.name}`, async () => {
        results.get(c.name)[name] = 'FAILED';
        await preserves(engine, c);
        results.get(c.name)[name] = 'passed';
      });
    }
  } finally {
    await engine.stop();
  }
}

// The databases run side by side (the servers are processes of their own), their cases in turn. PGlite
// waits for SQLite: with PGlite's gigabyte in this process, every start of the sqlite3 shell (a fork)
// takes over ten times longer.
test('upgrades keep the data on real databases', { concurrency: true }, async (t) => {
  const row = (name) => t.test(name, { concurrency: 1 }, (tt) => matrixRow(tt, name));
  await Promise.all([row('postgresql'), row('mariadb'), row('sqlite').then(() => row('pglite'))]);
});

after(() => {
  const header = ['case', ...DATABASES];
  const lines = cases.map((c) => [`${c.kind}: ${c.name}`, ...DATABASES.map((d) => results.get(c.name)[d] ?? '-')]);
  const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  const file = path.join(os.tmpdir(), 'node-llm-orm-data-preservation.json');
  const temp = `${file}.${process.pid}`;
  let saved = file;
  try {
    fs.writeFileSync(temp, JSON.stringify({ versions, results: Object.fromEntries(results) }, null, 2));
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    saved = `nowhere (${e.code})`;
  }
  console.log(`data preservation matrix (${Object.entries(versions).map(([k, v]) => `${k}: ${v}`).join('; ')}), also in ${saved}:\n${table}`);
});
