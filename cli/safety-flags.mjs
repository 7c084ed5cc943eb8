// The migration-safety flags shared by `migrate` and `diff`, mapped onto generateMigration's options
// (allowDataLoss, renames, backfill, mode), and the report of the unsafe changes it left out.
import { usageError } from './project.mjs';

export const SAFETY_OPTIONS = {
  'accept-data-loss': { type: 'boolean' },
  rename: { type: 'string', multiple: true },
  backfill: { type: 'string', multiple: true },
  mode: { type: 'string' },
};

export const SAFETY_USAGE = '[--accept-data-loss] [--rename Model.old=new]… [--backfill Model.field=EXPR]… [--mode default|idempotent|online]';

/** `Model.old=new` pairs → `{ 'Model.old': 'new' }` (the value may itself contain `=`). */
function pairs(values, flag) {
  const out = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) throw usageError(`${flag} expects KEY=VALUE, got \`${value}\``);
    out[value.slice(0, eq).trim()] = value.slice(eq + 1).trim();
  }
  return out;
}

/** The generateMigration options the flags ask for (only those given). */
export function safetyOptions(args) {
  const options = {};
  if (args['accept-data-loss']) options.allowDataLoss = true;
  if (args.rename?.length) options.renames = pairs(args.rename, '--rename');
  if (args.backfill?.length) options.backfill = pairs(args.backfill, '--backfill');
  if (args.mode !== undefined) {
    if (!['default', 'idempotent', 'online'].includes(args.mode)) throw usageError(`--mode expects default, idempotent or online, got \`${args.mode}\``);
    options.mode = args.mode;
  }
  return options;
}

/** The unsafe changes generateMigration left out (none when data loss was accepted). */
export function withheld(migration, options) {
  return options.allowDataLoss ? [] : (migration.unsafe ?? []);
}

/** The list of withheld changes, with their alternatives and the flags that resolve them. */
export function renderUnsafe(unsafe, migration, paint) {
  const lines = [`${paint.red('✗')} ${unsafe.length} unsafe change${unsafe.length === 1 ? '' : 's'} left out (data could be lost):`];
  for (const u of unsafe) {
    const where = [u.table, u.column].filter(Boolean).join('.');
    lines.push(`  ${paint.bold(u.kind)}${where ? ` ${where}` : ''}: ${u.message}`);
    for (const alt of u.alternatives ?? []) lines.push(`    - ${alt}`);
  }
  for (const r of migration.likelyRenames ?? []) {
    lines.push(`  likely rename in ${r.table}: ${r.from} → ${r.to}: ${paint.cyan(`--rename ${r.model}.${r.from}=${r.to}`)}`);
  }
  lines.push(`Re-run with ${paint.cyan('--accept-data-loss')} to write them anyway, or resolve them with --rename / --backfill.`);
  return lines.join('\n');
}
