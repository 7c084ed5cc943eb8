// generateMigration() against Prisma's own schema engine, in-process and offline: for every relational
// corpus schema from empty, every NodeLLM shape pair and every change-kind fixture pair, on PostgreSQL
// and SQLite, our SQL must equal `prisma migrate diff --script` byte for byte. Schemas Prisma rejects
// are counted apart (there is nothing to compare). Prints the counts per provider.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMigration } from '../lib/index.mjs';
import { diffScript } from './helpers/prisma-engines.mjs';
import { corpusUnits } from '../scripts/corpus-units.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const PROVIDERS = ['postgresql', 'sqlite'];
const WITH_COCKROACH = [...PROVIDERS, 'cockroachdb'];

/** Prisma 7 rejects `url` in the datasource; drop those lines from both sides, as the oracle's `--strip-url`. */
const stripUrl = (content) =>
  content.replace(/(datasource\s+\w+\s*\{)([\s\S]*?)(\n\s*\})/, (m, head, body, tail) =>
    head + body.split('\n').filter((l) => !/^\s*(url|directUrl|shadowDatabaseUrl)\s*=/.test(l)).join('\n') + tail);
const files = (paths) => paths && paths.map((p) => ({ path: p, content: stripUrl(fs.readFileSync(p, 'utf8')) }));

/** Compares one diff; returns 'same', 'rejected' (Prisma refuses the schema) or a difference report. */
async function compare(from, to, provider) {
  let expected;
  try {
    expected = await diffScript({ from: files(from), to: files(to), provider });
  } catch {
    return 'rejected';
  }
  let ours;
  try {
    ours = generateMigration({ from: files(from), to: files(to), provider, allowDataLoss: true }).sql;
  } catch (e) {
    return `error ${e.code}: ${e.message}`;
  }
  if (ours === expected) return 'same';
  const a = ours.split('\n');
  const b = expected.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  return `line ${i + 1}: ours ${JSON.stringify(a[i])} prisma ${JSON.stringify(b[i])}`;
}

async function run(label, cases, providers = PROVIDERS) {
  for (const provider of providers) {
    const failures = [];
    let same = 0;
    let rejected = 0;
    for (const c of cases) {
      const outcome = await compare(c.from, c.to, provider);
      if (outcome === 'same') same++;
      else if (outcome === 'rejected') rejected++;
      else failures.push(`${c.name}: ${outcome}`);
    }
    const compared = same + failures.length;
    console.log(`${label} ${provider}: ${same}/${compared} byte-identical (${rejected} rejected by Prisma)`);
    assert.ok(compared > 0, `${label} ${provider}: nothing compared`);
    assert.deepEqual(failures, [], `${label} ${provider}: ${failures.length} differ`);
  }
}

test('corpus schemas from empty equal Prisma', async () => {
  const units = corpusUnits(path.join(SHARED, 'corpus'));
  await run('corpus', units.map((u) => ({ name: u.name, from: null, to: u.files })), WITH_COCKROACH);
});

test('NodeLLM shapes from empty and every older → newer pair equal Prisma', async () => {
  const dir = path.join(SHARED, 'reference', 'nodellm', 'schemas');
  const shapes = fs.readdirSync(dir).filter((f) => f.endsWith('.prisma')).sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
  const cases = [];
  shapes.forEach((to, j) => {
    cases.push({ name: `empty → ${to}`, from: null, to: [path.join(dir, to)] });
    for (const from of shapes.slice(0, j)) cases.push({ name: `${from} → ${to}`, from: [path.join(dir, from)], to: [path.join(dir, to)] });
  });
  await run('nodellm', cases, WITH_COCKROACH);
});

test('change-kind fixture pairs equal Prisma', async () => {
  const dir = path.join(ROOT, 'tests', 'fixtures', 'migrate');
  const cases = fs.readdirSync(dir).sort().map((name) => {
    const a = path.join(dir, name, 'a.prisma');
    return { name, from: fs.existsSync(a) ? [a] : null, to: [path.join(dir, name, 'b.prisma')] };
  });
  await run('change kinds', cases, WITH_COCKROACH);
});

test('generateMigration returns typed steps and warnings, and refuses MongoDB', () => {
  const from = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id   Int    @id\n  name String\n}\n';
  const to = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id  Int @id\n  age Int\n}\n';
  const m = generateMigration({ from, to, allowDataLoss: true });
  assert.deepEqual(m.steps.map((s) => [s.kind, s.table, s.column]), [['dropColumn', 'User', 'name'], ['addColumn', 'User', 'age']]);
  assert.equal(m.warnings.length, 2);
  assert.match(m.warnings[0], /drop the column `name` on the `User` table/);
  assert.throws(
    () => generateMigration({ from: null, to: 'datasource db {\n  provider = "mongodb"\n}\n' }),
    (e) => e.code === 'UNSUPPORTED_PROVIDER',
  );
});

test('schema to schema between corpus schemas (a fixed sample of pairs) equals Prisma', async () => {
  // Prisma's SQLite renderer panics (wasm `unreachable`, which no catch stops) when a column gains a
  // `dbgenerated()` default while becoming required; keep those schemas off the SQLite sample.
  const sqliteSafe = (u) => !u.files.some((f) => /dbgenerated\(\)/.test(fs.readFileSync(f, 'utf8')));
  for (const provider of WITH_COCKROACH) {
    const accepted = [];
    for (const unit of corpusUnits(path.join(SHARED, 'corpus'))) {
      if (provider === 'sqlite' && !sqliteSafe(unit)) continue;
      try {
        await diffScript({ from: null, to: files(unit.files), provider });
        accepted.push(unit);
      } catch {
        // Prisma rejects this schema on this provider: nothing to pair.
      }
    }
    // A fixed pseudo-random sample of 150 pairs, the same on every run.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cases = Array.from({ length: 150 }, () => {
      const [a, b] = [accepted[Math.floor(next() * accepted.length)], accepted[Math.floor(next() * accepted.length)]];
      return { name: `${a.name} → ${b.name}`, from: a.files, to: b.files };
    });
    await run('corpus pairs', cases, [provider]);
  }
});
