// `node-llm-orm sync`: compares the project's Prisma schema with @node-llm/orm's reference and,
// with --write, patches it. Exit codes: 0 up to date (or changes shown/written), 1 changes needed
// with --check, 2 error.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { discoverSchema } = require('./discover.cjs');
const { painter } = require('./style.cjs');

const SYNC_USAGE = `Usage: node-llm-orm sync [--schema <path>] [--check] [--write] [--json] [--target <version>]
                         [--table-names chat=…,message=…,toolCall=…,request=…,agentSession=…]
                         [--reference <schema.prisma>]`;

const OPTIONS = {
  schema: { type: 'string' },
  check: { type: 'boolean' },
  write: { type: 'boolean' },
  json: { type: 'boolean' },
  target: { type: 'string' },
  'table-names': { type: 'string' },
  reference: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** `chat=assistantChat,message=assistantMessage` → `{ chat: 'assistantChat', … }`. */
function parseTableNames(value) {
  const names = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw usageError(`--table-names expects role=model pairs, got \`${pair}\``);
    names[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return names;
}

function usageError(message) {
  const err = new Error(message);
  err.code = 'USAGE';
  return err;
}

/** The short human report: changes grouped by the version that brought them. */
function renderReport(report, { schemaLabel, write, check, paint }) {
  const lines = [];
  const level = report.level ? `has ${report.level}` : 'has no released shape in full';
  lines.push(`${paint.bold('@node-llm/orm')} ${schemaLabel} (${report.provider}): ${level}, target ${report.target}`);
  const renamed = report.models.filter((m) => m.present && m.detectedBy !== 'referenceName');
  if (renamed.length) lines.push(paint.dim(`  models: ${renamed.map((m) => `${m.role}=${m.model}`).join(', ')}`));
  const blocking = report.changes.filter((c) => c.severity !== 'optional');
  if (report.upToDate) {
    lines.push(paint.green(`✓ Up to date with @node-llm/orm ${report.target}.`));
    for (const c of report.changes) lines.push(paint.dim(`  optional: ${c.message}`));
    return lines.join('\n');
  }
  const groups = new Map();
  for (const change of report.changes) {
    const key = `${change.since} ${change.feature}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(change);
  }
  for (const [title, changes] of groups) {
    lines.push('', paint.bold(title.replace(' ', ' · ')));
    for (const c of changes) {
      const tag = c.severity === 'required' ? paint.red('required') : c.severity === 'recommended' ? paint.yellow('recommended') : paint.dim('optional');
      lines.push(`  ${tag}  ${c.message}`);
    }
  }
  lines.push('');
  if (write) {
    lines.push(`${paint.green('✓')} Patched ${blocking.length} change${blocking.length === 1 ? '' : 's'} into the schema.`);
    const name = `nodellm_orm_${String(report.target).replace(/[^0-9a-zA-Z]+/g, '_')}`;
    lines.push(`Next: ${paint.cyan(`npx prisma migrate dev --name ${name}`)} ${paint.dim('(`npx node-llm-orm migrate` patches and writes the migration in one step, offline)')}`);
  } else {
    lines.push(`Next: ${paint.cyan('npx node-llm-orm migrate')} (patches the schema and writes its migration), then ${paint.cyan('npx prisma migrate deploy')}`);
  }
  if (check && !write) lines.push(paint.dim(`${blocking.length} change${blocking.length === 1 ? '' : 's'} needed.`));
  return lines.join('\n');
}

/** Prints a CLI error (a typed core error with its code frame, or a plain message), never a stack. */
function printError(err, stderr, paint) {
  const where = err && err.file ? ` (${err.file}:${err.line}:${err.column})` : '';
  stderr.write(`${paint.red('error')}${err && err.code ? ` ${err.code}` : ''}: ${err && err.message ? err.message : String(err)}${where}\n`);
  // The frame starts with the message again (`error: …`): print only the location and the lines.
  if (err && err.frame) stderr.write(`${err.frame.replace(/^error: [^\n]*\n/, '')}\n`);
}

async function main(argv, { cwd = process.cwd(), env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  const paint = painter(stdout, env);
  const errPaint = painter(stderr, env);
  let args;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (err) {
    stderr.write(`${err.message}\n${SYNC_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${SYNC_USAGE}\n`);
    return 0;
  }
  try {
    const found = discoverSchema({ cwd, schema: args.schema });
    if (!found) {
      throw Object.assign(
        new Error('No Prisma schema found (--schema, prisma.config.ts, package.json#prisma.schema, ./prisma/schema.prisma, ./prisma/schema/, ./schema.prisma). Run `npx node-llm-orm init` to create one.'),
        { code: 'SCHEMA_NOT_FOUND' },
      );
    }
    const options = { schemaPath: found.path, write: Boolean(args.write) };
    if (args.target) options.target = args.target;
    if (args['table-names']) options.tableNames = parseTableNames(args['table-names']);
    if (args.reference) options.reference = fs.readFileSync(path.resolve(cwd, args.reference), 'utf8');
    // The addon loads here, not at the top: --help and usage errors never pay for it.
    const report = require('../lib/index.cjs').sync(options);
    if (args.json) {
      stdout.write(`${JSON.stringify({ ...report, level: report.level ?? null }, null, 2)}\n`);
    } else {
      const schemaLabel = path.relative(cwd, found.path) || found.path;
      stdout.write(`${renderReport(report, { schemaLabel, write: args.write, check: args.check, paint })}\n`);
    }
    return args.check && !report.upToDate && !args.write ? 1 : 0;
  } catch (err) {
    printError(err, stderr, errPaint);
    return 2;
  }
}

module.exports = { SYNC_USAGE, parseTableNames, renderReport, printError, main };
