// `node-llm-orm diff`: the offline `prisma migrate diff` between two schemas (or an empty database).
// `--script` prints the SQL; without it, Prisma's human summary. Exit codes as Prisma documents
// them: 0 success (with --exit-code: the diff is empty), 2 with --exit-code when the diff is not
// empty, 1 on any error.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { painter } from './style.mjs';
import { printError } from './sync.mjs';
import { readSchemaFiles, usageError, writeAtomic } from './project.mjs';
import { renderUnsafe, safetyOptions, SAFETY_OPTIONS, SAFETY_USAGE, withheld } from './safety-flags.mjs';

// require, not `import` of lib/index.mjs: Node's ESM-to-CommonJS interop costs ~10 ms at startup.
const api = createRequire(import.meta.url)('../lib/index.cjs');

export const DIFF_USAGE = `Usage: node-llm-orm diff (--from-empty | --from-schema <path>) (--to-schema <path> | --to-empty)
                         [--script] [--exit-code] [--provider <provider>] [-o <file>]
                         ${SAFETY_USAGE}`;

const OPTIONS = {
  'from-empty': { type: 'boolean' },
  'from-schema': { type: 'string' },
  'to-empty': { type: 'boolean' },
  'to-schema': { type: 'string' },
  script: { type: 'boolean' },
  'exit-code': { type: 'boolean' },
  provider: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  ...SAFETY_OPTIONS,
};

/** One side of the diff: `null` for an empty database, else the schema's files. */
function side(args, which, cwd) {
  const empty = args[`${which}-empty`];
  const schema = args[`${which}-schema`];
  if (Boolean(empty) === (schema !== undefined)) {
    throw usageError(`Pass exactly one of --${which}-empty and --${which}-schema <path>.`);
  }
  if (empty) return null;
  const abs = path.resolve(cwd, schema);
  if (!fs.existsSync(abs)) throw Object.assign(new Error(`The schema given by --${which}-schema does not exist: ${schema}`), { code: 'SCHEMA_NOT_FOUND' });
  return readSchemaFiles(abs, cwd);
}

export async function main(argv, { cwd = process.cwd(), env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  let args;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (err) {
    stderr.write(`${err.message}\n${DIFF_USAGE}\n`);
    return 1;
  }
  if (args.help) {
    stdout.write(`${DIFF_USAGE}\n`);
    return 0;
  }
  const errPaint = painter(stderr, env);
  try {
    const safety = safetyOptions(args);
    const from = side(args, 'from', cwd);
    const to = side(args, 'to', cwd);
    const input = { from, to, ...safety };
    if (args.provider) input.provider = args.provider;
    const migration = api.generateMigration(input);
    const unsafe = withheld(migration, safety);
    if (unsafe.length) stderr.write(`${renderUnsafe(unsafe, migration, errPaint)}\n`);
    const text = args.script ? migration.sql : migration.summary;
    if (args.output) writeAtomic(path.resolve(cwd, args.output), text);
    else stdout.write(text);
    return args['exit-code'] && migration.steps.length > 0 ? 2 : 0;
  } catch (err) {
    if (err.code === 'USAGE') stderr.write(`${err.message}\n${DIFF_USAGE}\n`);
    else printError(err, stderr, errPaint);
    return 1;
  }
}
