#!/usr/bin/env node
// Regenerates the expected SQL of the migration fixtures with Prisma's own engine (../shared/oracle),
// so the expectations are Prisma's, not ours:
//  - tests/fixtures/migrate/<case>/{a,b}.prisma → <case>/<provider>.expected.sql  (a.prisma missing: from empty)
//  - NodeLLM reference shapes (../shared/reference/nodellm/schemas): from empty and every older→newer pair
//    → tests/fixtures/migrate-nodellm/<from|empty>__<to>.<provider>.expected.sql
// A provider Prisma rejects for a case (e.g. native types on SQLite) gets no file; the Rust tests
// cover exactly the files present.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracleDiff } from './oracle-batch.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared');
const PROVIDERS = ['postgresql', 'sqlite', 'cockroachdb'];
let written = 0;
let rejected = 0;

async function expect(from, to, provider, out) {
  try {
    const sql = await oracleDiff(from, to, provider);
    fs.writeFileSync(out, sql);
    written++;
  } catch (e) {
    if (fs.existsSync(out)) fs.rmSync(out);
    rejected++;
    console.error(`skip ${path.relative(root, out)}: ${(e.message || String(e)).split('\n')[0]}`);
  }
}

// `node scripts/regen-migrate-fixtures.mjs <prefix>` regenerates only the change-kind cases whose
// name starts with <prefix> (a new case), leaving the other expectations alone.
const only = process.argv[2];
const cases = path.join(root, 'tests', 'fixtures', 'migrate');
for (const name of fs.readdirSync(cases).sort().filter((n) => !only || n.startsWith(only))) {
  const dir = path.join(cases, name);
  const a = path.join(dir, 'a.prisma');
  const from = fs.existsSync(a) ? [a] : null;
  for (const provider of PROVIDERS) {
    await expect(from, [path.join(dir, 'b.prisma')], provider, path.join(dir, `${provider}.expected.sql`));
  }
}

if (only) {
  console.log(`${written} expectations written, ${rejected} rejected by Prisma`);
  process.exit(0);
}
const shapesDir = path.join(shared, 'reference', 'nodellm', 'schemas');
const shapes = fs.readdirSync(shapesDir).filter((f) => f.endsWith('.prisma')).sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
const outDir = path.join(root, 'tests', 'fixtures', 'migrate-nodellm');
fs.mkdirSync(outDir, { recursive: true });
for (let j = 0; j < shapes.length; j++) {
  const to = shapes[j].replace(/\.prisma$/, '');
  for (const provider of PROVIDERS) {
    await expect(null, [path.join(shapesDir, shapes[j])], provider, path.join(outDir, `empty__${to}.${provider}.expected.sql`));
    for (let i = 0; i < j; i++) {
      const from = shapes[i].replace(/\.prisma$/, '');
      await expect([path.join(shapesDir, shapes[i])], [path.join(shapesDir, shapes[j])], provider, path.join(outDir, `${from}__${to}.${provider}.expected.sql`));
    }
  }
}
// The engines' migration fixtures (schema + upstream `// Expected Migration:`): for PostgreSQL and
// SQLite, Prisma 7's own output is the expectation (upstream's blocks predate `CREATE SCHEMA "public"`);
// MySQL has no oracle, so the tests use the upstream block itself.
const engines = path.join(shared, 'corpus', 'engines');
const enginesOut = path.join(root, 'tests', 'fixtures', 'migrate-engines');
fs.mkdirSync(enginesOut, { recursive: true });
for (const f of fs.readdirSync(engines).filter((f) => /^migration__(postgres|sqlite)__.*\.prisma$/.test(f)).sort()) {
  const provider = f.startsWith('migration__sqlite__') ? 'sqlite' : 'postgresql';
  await expect(null, [path.join(engines, f)], provider, path.join(enginesOut, f.replace(/\.prisma$/, '.expected.sql')));
}

console.log(`${written} expectations written, ${rejected} rejected by Prisma`);
