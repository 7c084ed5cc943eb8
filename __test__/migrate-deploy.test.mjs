// `prisma migrate deploy` accepts the migration folders we write: Prisma's own schema engine (wasm,
// from ../shared/oracle) applies them to an in-process PostgreSQL (PGlite) with `applyMigrations`,
// the command `migrate deploy` runs, and a second run finds nothing left to apply.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMigration, writeMigration } from '../lib/index.mjs';
import { deployWithPrisma } from './helpers/prisma-deploy.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHAPES = path.resolve(ROOT, '..', 'shared', 'reference', 'nodellm', 'schemas');

test('Prisma applies our NodeLLM migration history (every shape in turn) to PostgreSQL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orm-deploy-'));
  const shapes = fs.readdirSync(SHAPES).filter((f) => f.endsWith('.prisma')).sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
  const expected = [];
  let previous = null;
  shapes.forEach((shape, i) => {
    const schema = fs.readFileSync(path.join(SHAPES, shape), 'utf8').replace(/^\s*url\s*=.*$/m, '');
    const m = generateMigration({ from: previous, to: schema, allowDataLoss: true });
    const name = `v${shape.replace('.prisma', '').replaceAll('.', '_')}`;
    const written = writeMigration({ migrationsDir: dir, name, sql: m.sql, warnings: m.warnings, provider: m.provider, timestamp: `2026010100000${i}` });
    expected.push(written.folderName);
    previous = schema;
  });

  try {
    const [first, second] = await deployWithPrisma(dir, { runs: 2 });
    assert.deepEqual(first, expected);
    assert.deepEqual(second, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
