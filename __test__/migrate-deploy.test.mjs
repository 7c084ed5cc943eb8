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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORACLE = path.resolve(ROOT, '..', 'shared', 'oracle');
const SHAPES = path.resolve(ROOT, '..', 'shared', 'reference', 'nodellm', 'schemas');

function migrationsList(dir) {
  const dirs = fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort();
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: fs.readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8') },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: fs.readFileSync(path.join(dir, d, 'migration.sql'), 'utf8') } },
    })),
  };
}

test('Prisma applies our NodeLLM migration history (every shape in turn) to PostgreSQL', async () => {
  const { schemaEngineWasm } = await import(path.join(ORACLE, 'lib', 'engines.mjs'));
  const { makeFactory, bind, tracked } = await import(path.join(ORACLE, 'lib', 'adapters.mjs'));
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

  const { SchemaEngine } = await schemaEngineWasm();
  const made = await makeFactory('pglite', { provider: 'postgres' });
  const { factory, disposeAll } = tracked(made.factory);
  let engine;
  try {
    engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, bind(factory));
    const filters = { externalTables: [], externalEnums: [] };
    const first = await engine.applyMigrations({ migrationsList: migrationsList(dir), filters });
    assert.deepEqual(first.appliedMigrationNames, expected);
    const second = await engine.applyMigrations({ migrationsList: migrationsList(dir), filters });
    assert.deepEqual(second.appliedMigrationNames, []);
  } finally {
    engine?.free();
    await disposeAll();
    await made.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
