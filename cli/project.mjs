// A user's project as the migration commands see it: the schema's files, the migrations folder
// Prisma uses for it, and atomic writes.
import fs from 'node:fs';
import path from 'node:path';
import { discoverSchema, findConfigFile, migrationsFromConfig } from './discover.mjs';

/** The baseline migration's folder name (Prisma's documented convention). */
export const BASELINE_NAME = '0_init';

export function usageError(message) {
  return Object.assign(new Error(message), { code: 'USAGE' });
}

/** The discovered schema, or a SCHEMA_NOT_FOUND error naming the places searched. */
export function requireSchema(cwd, schema) {
  const found = discoverSchema({ cwd, schema });
  if (found) return found;
  throw Object.assign(
    new Error('No Prisma schema found (--schema, prisma.config.ts, package.json#prisma.schema, ./prisma/schema.prisma, ./prisma/schema/, ./schema.prisma). Run `npx node-llm-orm init` to create one.'),
    { code: 'SCHEMA_NOT_FOUND' },
  );
}

function collect(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(p, out);
    else if (entry.name.endsWith('.prisma')) out.push(p);
  }
}

/**
 * The schema at `schemaPath` (a file or a folder of `.prisma` files, read recursively and sorted as
 * the core reads them) as `[{ path, content }]`, paths relative to `cwd` so errors point at them.
 */
export function readSchemaFiles(schemaPath, cwd) {
  const stat = fs.statSync(schemaPath);
  const files = [];
  if (stat.isFile()) files.push(schemaPath);
  else collect(schemaPath, files);
  files.sort();
  if (files.length === 0) throw Object.assign(new Error(`No .prisma file in ${path.relative(cwd, schemaPath) || schemaPath}`), { code: 'SCHEMA_NOT_FOUND' });
  return files.map((file) => ({ path: path.relative(cwd, file) || file, content: fs.readFileSync(file, 'utf8') }));
}

const DATASOURCE = /^[ \t]*datasource[ \t]+\w+[ \t]*\{/m;

/**
 * The migrations folder Prisma uses: `migrations.path` of prisma.config.* (read statically), else
 * `migrations/` beside the file holding the `datasource` block (beside the schema when none does).
 */
export function migrationsDir({ cwd, schemaPath, files }) {
  const config = findConfigFile(cwd);
  if (config) {
    const configured = migrationsFromConfig(fs.readFileSync(config, 'utf8'));
    if (configured.unreadable) throw Object.assign(new Error(`${path.basename(config)} computes its \`migrations.path\`; Prisma's default folder cannot be told here.`), { code: 'MIGRATIONS_NOT_FOUND' });
    if (configured.path) return path.resolve(path.dirname(config), configured.path);
  }
  const holder = files.find((f) => DATASOURCE.test(f.content));
  if (holder) return path.join(path.dirname(path.resolve(cwd, holder.path)), 'migrations');
  const stat = fs.statSync(schemaPath);
  return path.join(stat.isDirectory() ? schemaPath : path.dirname(schemaPath), 'migrations');
}

/** The migration folders (those holding a `migration.sql`) in `dir`, sorted as Prisma applies them. */
export function existingMigrations(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
}

/** `YYYYMMDDHHMMSS` (UTC) of `date`, as Prisma names migration folders. */
export function timestamp(date) {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Writes through a temporary file in the same folder and a rename: never a half-written file. */
export function writeAtomic(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, content, { flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Prisma's data-loss comment above a migration script (as `writeMigration` lays it out). */
export function warningsBlock(warnings) {
  if (!warnings || warnings.length === 0) return '';
  return `/*\n  Warnings:\n\n${warnings.map((w) => `  - ${w}\n`).join('')}\n*/\n`;
}

/** `writeMigration`'s MIGRATION_EXISTS with what to do about it; other errors are clear as they are. */
export function migrationWriteError(err) {
  if (err && err.code === 'MIGRATION_EXISTS') {
    err.message = `${err.message}. A migration folder is never overwritten: pass another --name, or remove the folder if no database has applied it.`;
  }
  return err;
}
