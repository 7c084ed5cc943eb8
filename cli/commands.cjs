// The commands of the `node-llm-orm` bin, for the dispatcher: each module exports
// `main(argv, { cwd, env, stdout, stderr })` resolving to the exit code. `sync`, the one run on
// every change, is CommonJS and required; the others are ES modules, imported when run.
'use strict';

const commands = {
  sync: { load: () => require('./sync.cjs'), summary: 'compare the Prisma schema with @node-llm/orm and patch it (--write)' },
  check: { load: () => import('./check.mjs'), summary: 'exit 1 when the schema lacks something (--postinstall: one-line hint, never fails)' },
  migrate: { load: () => import('./migrate.mjs'), summary: 'sync the schema and write its migration into prisma/migrations (baseline first if none)' },
  diff: { load: () => import('./diff.mjs'), summary: 'offline `prisma migrate diff` between two schemas (--script for the SQL)' },
  baseline: { load: () => import('./baseline.mjs'), summary: 'write the current schema as the 0_init migration, to mark applied' },
  init: { load: () => import('./init.mjs'), summary: 'write the @node-llm/orm reference schema to ./prisma/schema.prisma' },
};

module.exports = { commands };
