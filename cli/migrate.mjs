// `node-llm-orm migrate`: sync the schema, then write the migration for exactly that patch (the old
// schema to the patched one, under the user's own model and table names) where Prisma keeps its
// migrations. A project whose database was made by `db push` or upstream's SQL files has no
// migrations yet: its current schema is written first as the baseline `0_init`, to be marked applied.
// Exit codes: 0 written (or up to date), 1 unsafe changes left unwritten, 2 error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { painter } from './style.mjs';
import { parseTableNames, printError } from './sync.mjs';
import { BASELINE_NAME, existingMigrations, migrationsDir, migrationWriteError, readSchemaFiles, requireSchema, timestamp, warningsBlock, writeAtomic } from './project.mjs';
import { renderUnsafe, safetyOptions, SAFETY_OPTIONS, SAFETY_USAGE, withheld } from './safety-flags.mjs';
import { retypeConversions } from './conversions.mjs';

// require, not `import` of lib/index.mjs: Node's ESM-to-CommonJS interop costs ~10 ms at startup.
const api = createRequire(import.meta.url)('../lib/index.cjs');

export const MIGRATE_USAGE = `Usage: node-llm-orm migrate [--schema <path>] [--name <name>] [--target <version>] [--json]
                            [--table-names chat=…,message=…] ${SAFETY_USAGE}`;

const OPTIONS = {
  schema: { type: 'string' },
  name: { type: 'string' },
  target: { type: 'string' },
  'table-names': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...SAFETY_OPTIONS,
};

/** The features a sync report adds, oldest first: `AgentSession (0.5.0), correction rounds (0.8.0)`. */
export function addedFeatures(report) {
  const seen = new Set();
  for (const c of report.changes) if (c.severity !== 'optional') seen.add(`${c.feature} (${c.since})`);
  return [...seen];
}

/** The comment each migration written by `migrate` starts with. */
export function migrationHeader(report) {
  return `-- node-llm-orm migrate: @node-llm/orm ${report.target}\n-- Adds: ${addedFeatures(report).join(', ')}\n\n`;
}

/** `--schema P` for the next commands when the schema is not where Prisma looks by default. */
function schemaFlag(found, cwd) {
  return found.source === '--schema' ? ` --schema ${path.relative(cwd, found.path) || found.path}` : '';
}

export async function main(argv, { cwd = process.cwd(), env = process.env, stdout = process.stdout, stderr = process.stderr, now = () => new Date() } = {}) {
  const paint = painter(stdout, env);
  let args;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (err) {
    stderr.write(`${err.message}\n${MIGRATE_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${MIGRATE_USAGE}\n`);
    return 0;
  }
  try {
    const safety = safetyOptions(args);
    const found = requireSchema(cwd, args.schema);
    const before = readSchemaFiles(found.path, cwd);
    const options = { schema: before };
    if (args.target) options.target = args.target;
    if (args['table-names']) options.tableNames = parseTableNames(args['table-names']);
    const report = api.sync(options);
    const after = report.schema.map((f) => ({ path: f.path, content: f.content }));
    const changed = report.schema.filter((f) => f.changed);
    const label = path.relative(cwd, found.path) || found.path;

    if (report.upToDate || changed.length === 0) {
      if (args.json) stdout.write(`${JSON.stringify({ upToDate: report.upToDate, target: report.target, schema: [], migrations: [], next: [] }, null, 2)}\n`);
      else if (report.upToDate) stdout.write(`${paint.green('✓')} ${label} is up to date with @node-llm/orm ${report.target}: no migration needed.\n`);
      else stdout.write(`Nothing in ${label} can be patched automatically; run ${paint.cyan('npx node-llm-orm sync')} to see what is left.\n`);
      return report.upToDate ? 0 : 1;
    }

    // Fields sync retyped are converted in place where a conversion exists; the user's own
    // `--backfill` for a field wins.
    const conversions = retypeConversions(before, after, report.provider);
    const converted = conversions.converted.filter((c) => !(safety.backfill && c.field in safety.backfill));
    const backfill = { ...conversions.backfill, ...safety.backfill };
    const migration = api.generateMigration({ from: before, to: after, provider: report.provider, name: args.name, ...safety, ...(Object.keys(backfill).length ? { backfill } : {}) });
    const unsafe = withheld(migration, safety);
    if (unsafe.length) {
      stderr.write(`${renderUnsafe(unsafe, migration, painter(stderr, env))}\nNothing was written.\n`);
      return 1;
    }

    const dir = migrationsDir({ cwd, schemaPath: found.path, files: before });
    const name = args.name ?? `nodellm_orm_${String(report.target).replace(/[^0-9a-zA-Z]+/g, '_')}`;
    const header = migrationHeader(report);
    const written = [];
    const write = (input) => {
      try {
        return api.writeMigration({ migrationsDir: dir, provider: migration.provider, ...input });
      } catch (err) {
        throw migrationWriteError(err);
      }
    };
    // Migrations first, the schema last: a failure leaves the schema as it was, so a re-run retries.
    const baseline = existingMigrations(dir).length === 0;
    if (baseline) {
      const init = api.generateMigration({ from: null, to: before, provider: report.provider });
      written.push({ ...write({ name: BASELINE_NAME, sql: init.sql, warnings: init.warnings, baseline: true }), baseline: true });
    }
    const parts = migration.migrations ?? [{ suffix: '', sql: migration.sql }];
    const start = now().getTime();
    parts.forEach((part, i) => {
      const warnings = i === 0 ? migration.warnings : [];
      const sql = header + warningsBlock(warnings) + part.sql;
      written.push({ ...write({ name: `${name}${part.suffix}`, sql, timestamp: timestamp(new Date(start + i * 1000)) }), baseline: false });
    });
    for (const file of changed) writeAtomic(path.resolve(cwd, file.path), file.content);

    const flag = schemaFlag(found, cwd);
    const next = [
      ...(baseline ? [`npx prisma migrate resolve --applied ${BASELINE_NAME}${flag}`] : []),
      `npx prisma migrate deploy${flag}`,
    ];
    if (args.json) {
      stdout.write(`${JSON.stringify({
        upToDate: false,
        target: report.target,
        features: addedFeatures(report),
        converted,
        schema: changed.map((f) => path.resolve(cwd, f.path)),
        migrations: written.map((w) => ({ path: w.path, folderName: w.folderName, baseline: w.baseline })),
        next,
      }, null, 2)}\n`);
      return 0;
    }
    const lines = [];
    for (const file of changed) lines.push(`${paint.green('✓')} Patched ${file.path} for @node-llm/orm ${report.target} (${addedFeatures(report).join(', ')})`);
    for (const c of converted) {
      lines.push(`${paint.green('✓')} Converted ${c.field} in place: ${c.from} → ${c.to} (${c.expression}); a row that does not convert stops the migration and nothing changes`);
    }
    for (const w of written) {
      const rel = path.relative(cwd, path.join(w.path, 'migration.sql'));
      lines.push(`${paint.green('✓')} Wrote ${rel}${w.baseline ? ' (baseline: your schema before this patch)' : ''}`);
    }
    lines.push('', 'Next:');
    if (baseline) {
      lines.push(`  ${paint.cyan(next[0])}   ${paint.dim('once per existing database (made with `prisma db push` or upstream SQL files); skip it for a new, empty one')}`);
    }
    lines.push(`  ${paint.cyan(next[next.length - 1])}`);
    stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    printError(err, stderr, painter(stderr, env));
    return 2;
  }
}
