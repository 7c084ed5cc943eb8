// Our PostgreSQL SQL runs on a real PostgreSQL (PGlite, in-process): for every NodeLLM shape pair and
// every change-kind fixture pair, applying A from empty then A → B must leave the same catalog
// (tables, columns, types, nullability, defaults, indexes, constraints) as building B from empty.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { generateMigration } from '../lib/index.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const read = (p) => fs.readFileSync(p, 'utf8');

const CATALOG = `
  SELECT 'column', table_schema, table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '')
    FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'index', schemaname, tablename, indexname, indexdef, '', '', '' FROM pg_indexes
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'constraint', n.nspname, c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), '', '', ''
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'enum', n.nspname, t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), '', '', '', ''
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace GROUP BY 2, 3
  ORDER BY 1, 2, 3, 4`;

/** One PGlite for the whole test (starting one takes seconds); each build starts from an empty database. */
async function reset(db) {
  const { rows } = await db.query(
    "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
  );
  for (const { nspname } of rows) await db.exec(`DROP SCHEMA "${nspname}" CASCADE`);
  await db.exec('CREATE SCHEMA public');
}

async function catalogAfter(db, scripts) {
  await reset(db);
  for (const sql of scripts) await db.exec(sql);
  const { rows } = await db.query(CATALOG);
  // Prisma names the sequence it creates for a column that becomes autoincrement `table_column_seq`
  // (lowercased), while SERIAL names it `"Table_column_seq"`: same behaviour, different name.
  return rows.map((r) => Object.values(r).join(' | ').replace(/nextval\('[^']*'::regclass\)/, 'nextval(<sequence>)'));
}

function pairs() {
  const cases = [];
  const dir = path.join(SHARED, 'reference', 'nodellm', 'schemas');
  const shapes = fs.readdirSync(dir).filter((f) => f.endsWith('.prisma')).sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
  shapes.forEach((to, j) => shapes.slice(0, j).forEach((from) => cases.push({ name: `nodellm ${from} → ${to}`, a: read(path.join(dir, from)), b: read(path.join(dir, to)) })));
  const fixtures = path.join(ROOT, 'tests', 'fixtures', 'migrate');
  for (const name of fs.readdirSync(fixtures).sort()) {
    const a = path.join(fixtures, name, 'a.prisma');
    // PostgreSQL extension types (geometry, …) are not installed in PGlite.
    if (!fs.existsSync(a) || /Unsupported\("geo/.test(read(a) + read(path.join(fixtures, name, 'b.prisma')))) continue;
    cases.push({ name, a: read(a), b: read(path.join(fixtures, name, 'b.prisma')) });
  }
  return cases;
}

// `default_kept_*` fixtures: Prisma, by design, keeps the old default (it never compares a DateTime
// literal default with another default, and compares numbers by value: `1.5` = `1.50`).
const keepsOldDefault = (c) => c.name.startsWith('default_kept_');

test('PostgreSQL migrations apply on PGlite and reach the catalog of a fresh build', async () => {
  const failures = [];
  let applied = 0;
  const cases = pairs().filter((c) => !keepsOldDefault(c));
  // The extensions the fixtures declare (`extensions = [citext, pg_trgm]`).
  const db = await PGlite.create({ extensions: { citext, pg_trgm } });
  for (const c of cases) {
    const provider = 'postgresql';
    const strip = (s) => s.replace(/^\s*url\s*=.*$/m, '');
    const [a, b] = [strip(c.a), strip(c.b)];
    try {
      // A schema-to-schema diff (like `prisma migrate diff --from-schema`) takes every schema A
      // declares as existing, while a from-empty build creates only those that hold something.
      const declared = (/schemas\s*=\s*\[([^\]]*)\]/.exec(a)?.[1].match(/"[^"]+"/g) ?? []).map((n) => `CREATE SCHEMA IF NOT EXISTS ${n};`).join('\n');
      const migrated = await catalogAfter(db, [generateMigration({ from: null, to: a, provider }).sql, declared, generateMigration({ from: a, to: b, provider, allowDataLoss: true }).sql]);
      const fresh = await catalogAfter(db, [generateMigration({ from: null, to: b, provider }).sql]);
      if (JSON.stringify(migrated) === JSON.stringify(fresh)) applied++;
      else failures.push(`${c.name}: catalog differs\n  migrated: ${migrated.filter((l) => !fresh.includes(l)).join('\n            ')}\n  fresh:    ${fresh.filter((l) => !migrated.includes(l)).join('\n            ')}`);
    } catch (e) {
      failures.push(`${c.name}: ${e.message}`);
    }
  }
  await db.close();
  console.log(`pglite: ${applied}/${cases.length} migrations reach the fresh catalog`);
  assert.deepEqual(failures, []);
});
