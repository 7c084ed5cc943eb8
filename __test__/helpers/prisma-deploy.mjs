// `prisma migrate deploy` without the CLI: Prisma's own schema engine (wasm, through the adapters in
// ../shared/oracle/lib) runs `applyMigrations` over a migrations folder against an in-process
// PostgreSQL (PGlite), as the deploy command does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ORACLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'oracle');

/** The folder as the engine reads it: the lock file and every migration directory, sorted by name. */
function migrationsList(dir) {
  const read = (...p) => fs.readFileSync(path.join(dir, ...p), 'utf8');
  const dirs = fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort();
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: read('migration_lock.toml') },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: read(d, 'migration.sql') } },
    })),
  };
}

/**
 * Deploys `dir` to a fresh PGlite database `runs` times in a row and returns, per run, the names of
 * the migrations Prisma applied.
 */
export async function deployWithPrisma(dir, { runs = 1 } = {}) {
  const { schemaEngineWasm } = await import(path.join(ORACLE, 'lib', 'engines.mjs'));
  const { makeFactory, bind, tracked } = await import(path.join(ORACLE, 'lib', 'adapters.mjs'));
  const { SchemaEngine } = await schemaEngineWasm();
  const made = await makeFactory('pglite', { provider: 'postgres' });
  const { factory, disposeAll } = tracked(made.factory);
  let engine;
  try {
    engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, bind(factory));
    const filters = { externalTables: [], externalEnums: [] };
    const applied = [];
    for (let i = 0; i < runs; i++) {
      const result = await engine.applyMigrations({ migrationsList: migrationsList(dir), filters });
      applied.push(result.appliedMigrationNames);
    }
    return applied;
  } finally {
    engine?.free();
    await disposeAll();
    await made.cleanup();
  }
}
