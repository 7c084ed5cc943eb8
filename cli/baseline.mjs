// `node-llm-orm baseline`: the current schema, from an empty database, as the migration `0_init`, for
// a database Prisma Migrate did not make (`db push`, upstream's SQL files): it is marked applied with
// `prisma migrate resolve`, never run. Refused once the migrations folder has migrations.
// Exit codes: 0 written, 2 error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { painter } from './style.mjs';
import { printError } from './sync.mjs';
import { BASELINE_NAME, existingMigrations, migrationsDir, migrationWriteError, readSchemaFiles, requireSchema } from './project.mjs';

// require, not `import` of lib/index.mjs: Node's ESM-to-CommonJS interop costs ~10 ms at startup.
const api = createRequire(import.meta.url)('../lib/index.cjs');

export const BASELINE_USAGE = 'Usage: node-llm-orm baseline [--schema <path>]';

export async function main(argv, { cwd = process.cwd(), env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  const paint = painter(stdout, env);
  let args;
  try {
    args = parseArgs({ args: argv, options: { schema: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (err) {
    stderr.write(`${err.message}\n${BASELINE_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${BASELINE_USAGE}\n`);
    return 0;
  }
  try {
    const found = requireSchema(cwd, args.schema);
    const files = readSchemaFiles(found.path, cwd);
    const dir = migrationsDir({ cwd, schemaPath: found.path, files });
    const existing = existingMigrations(dir);
    if (existing.length) {
      throw Object.assign(
        new Error(`${path.relative(cwd, dir) || dir} already has ${existing.length} migration${existing.length === 1 ? '' : 's'} (${existing[0]}…): a baseline only starts an empty history. Use \`npx node-llm-orm migrate\` for a change.`),
        { code: 'MIGRATIONS_EXIST' },
      );
    }
    const m = api.generateMigration({ from: null, to: files });
    let written;
    try {
      written = api.writeMigration({ migrationsDir: dir, name: BASELINE_NAME, sql: m.sql, warnings: m.warnings, provider: m.provider, baseline: true });
    } catch (err) {
      throw migrationWriteError(err);
    }
    const flag = found.source === '--schema' ? ` --schema ${path.relative(cwd, found.path) || found.path}` : '';
    stdout.write(`${paint.green('✓')} Wrote ${path.relative(cwd, path.join(written.path, 'migration.sql'))} (your schema from an empty database)\n`);
    stdout.write(`Next, once per existing database: ${paint.cyan(`${written.nextCommand}${flag}`)}\n`);
    return 0;
  } catch (err) {
    printError(err, stderr, painter(stderr, env));
    return 2;
  }
}
