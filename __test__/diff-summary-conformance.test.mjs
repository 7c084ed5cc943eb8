// generateMigration().summary (what `node-llm-orm diff` prints without --script) against Prisma's
// schema engine, in-process: every change-kind fixture pair, every relational corpus schema from
// empty and a fixed sample of corpus pairs, on PostgreSQL, SQLite and CockroachDB, byte for byte.
// Schemas Prisma rejects on a provider are counted apart. Prints the counts per provider.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMigration } from '../lib/index.mjs';
import { diffSummary } from './helpers/prisma-engines.mjs';
import { corpusUnits } from '../scripts/corpus-units.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared');

/** Prisma 7 rejects `url`/`directUrl`/`shadowDatabaseUrl`: drop those datasource lines. */
const stripUrl = (content) =>
  content.replace(/(datasource\s+\w+\s*\{)([\s\S]*?)(\n\s*\})/, (m, head, body, tail) =>
    head + body.split('\n').filter((l) => !/^\s*(url|directUrl|shadowDatabaseUrl)\s*=/.test(l)).join('\n') + tail);
const files = (paths) => paths && paths.map((p) => ({ path: p, content: stripUrl(fs.readFileSync(p, 'utf8')) }));

function cases() {
  const dir = path.join(ROOT, 'tests', 'fixtures', 'migrate');
  const out = fs.readdirSync(dir).sort().map((name) => {
    const a = path.join(dir, name, 'a.prisma');
    return { name, from: fs.existsSync(a) ? [a] : null, to: [path.join(dir, name, 'b.prisma')] };
  });
  const units = corpusUnits(path.join(SHARED, 'corpus'));
  for (const u of units) out.push({ name: `empty → ${u.name}`, from: null, to: u.files });
  // A fixed pseudo-random sample of pairs, the same on every run.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 150; i++) {
    const [a, b] = [units[Math.floor(next() * units.length)], units[Math.floor(next() * units.length)]];
    out.push({ name: `${a.name} → ${b.name}`, from: a.files, to: b.files });
  }
  return out;
}

test('the migrate diff summary equals Prisma\'s on fixtures and the corpus', async () => {
  const all = cases();
  for (const provider of ['postgresql', 'sqlite', 'cockroachdb']) {
    const failures = [];
    let same = 0;
    let rejected = 0;
    for (const c of all) {
      // Prisma's SQLite renderer panics on some `dbgenerated()` defaults (see migrate-conformance).
      if (provider === 'sqlite' && [...(c.from ?? []), ...c.to].some((f) => /dbgenerated\(\)/.test(fs.readFileSync(f, 'utf8')))) continue;
      let expected;
      try {
        expected = await diffSummary({ from: files(c.from), to: files(c.to), provider });
      } catch {
        rejected++;
        continue;
      }
      let ours;
      try {
        ours = generateMigration({ from: files(c.from), to: files(c.to), provider, allowDataLoss: true }).summary;
      } catch (e) {
        failures.push(`${c.name}: error ${e.code}: ${e.message}`);
        continue;
      }
      if (ours === expected) {
        same++;
        continue;
      }
      const a = ours.split('\n');
      const b = expected.split('\n');
      const k = a.findIndex((line, j) => line !== b[j]);
      failures.push(`${c.name}: line ${k + 1}: ours ${JSON.stringify(a[k])} prisma ${JSON.stringify(b[k])}`);
    }
    console.log(`summary ${provider}: ${same}/${same + failures.length} byte-identical (${rejected} rejected by Prisma)`);
    assert.ok(same > 50, `${provider}: too little compared`);
    assert.deepEqual(failures, [], `${provider}: ${failures.length} differ`);
  }
});
