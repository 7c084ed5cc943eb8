// `node-llm-orm init`: writes @node-llm/orm's reference schema to ./prisma/schema.prisma (or
// --schema). Prisma 7 rejects `url` in the datasource (P1012: it moved to prisma.config.ts), so the
// line is left out when the project's Prisma is 7 or newer.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { discoverSchema } from './discover.mjs';
import { painter } from './style.mjs';
import { printError } from './sync.mjs';

// require, not `import` of lib/index.mjs: Node's ESM-to-CommonJS interop costs ~10 ms at startup.
const api = createRequire(import.meta.url)('../lib/index.cjs');

export const INIT_USAGE = 'Usage: node-llm-orm init [--schema <path>] [--version <orm version>] [--prisma <major>]';

/** The major version of the project's `prisma` (installed, else declared in package.json), or null. */
export function prismaMajor(cwd) {
  try {
    const require = createRequire(path.join(cwd, 'package.json'));
    const version = JSON.parse(fs.readFileSync(require.resolve('prisma/package.json'), 'utf8')).version;
    return Number.parseInt(version, 10);
  } catch {
    // not installed: fall back to the declared range
  }
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'));
    const range = (pkg.devDependencies && pkg.devDependencies.prisma) || (pkg.dependencies && pkg.dependencies.prisma);
    const m = typeof range === 'string' ? /(\d+)/.exec(range) : null;
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The reference schema as init writes it: without the datasource `url` line for Prisma ≥ 7. */
export function initSchema({ version, prisma } = {}) {
  const text = api.referenceSchema(version ?? null);
  if (prisma === null || prisma === undefined || prisma < 7) return text;
  return text.replace(/^[ \t]*url[ \t]*=.*\r?\n/m, '');
}

function writeAtomic(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, content, { flag: 'wx' });
  fs.renameSync(temp, file);
}

export async function main(argv, { cwd = process.cwd(), env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  const paint = painter(stdout, env);
  let args;
  try {
    args = parseArgs({ args: argv, options: { schema: { type: 'string' }, version: { type: 'string' }, prisma: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    stderr.write(`${err.message}\n${INIT_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${INIT_USAGE}\n`);
    return 0;
  }
  try {
    let existing = null;
    try {
      existing = discoverSchema({ cwd, schema: args.schema });
    } catch (err) {
      if (args.schema === undefined) throw err;
    }
    if (existing) {
      const rel = path.relative(cwd, existing.path) || existing.path;
      stdout.write(`A Prisma schema already exists at ${rel}. Run ${paint.cyan('npx node-llm-orm sync')} to add what @node-llm/orm needs.\n`);
      return 0;
    }
    const target = path.resolve(cwd, args.schema ?? 'prisma/schema.prisma');
    const prisma = args.prisma !== undefined ? Number(args.prisma) : prismaMajor(cwd);
    writeAtomic(target, initSchema({ version: args.version, prisma }));
    const rel = path.relative(cwd, target);
    stdout.write(`${paint.green('✓')} Wrote ${rel} (@node-llm/orm reference schema${prisma >= 7 ? ', datasource url left to prisma.config.ts for Prisma 7' : ''}).\n`);
    if (prisma >= 7 && !['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].some((ext) => fs.existsSync(path.join(cwd, `prisma.config.${ext}`)))) {
      stdout.write(`Prisma 7 reads the database URL from prisma.config.ts: ${paint.cyan("datasource: { url: env('DATABASE_URL') }")}\n`);
    }
    stdout.write(`Next: ${paint.cyan('npx prisma migrate dev --name init')}\n`);
    return 0;
  } catch (err) {
    printError(err, stderr, painter(stderr, env));
    return 2;
  }
}
