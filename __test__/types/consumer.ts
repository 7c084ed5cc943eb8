// Type-checked (never run) by `tsc -p __test__/types` in `npm test`: a CommonJS TypeScript consumer
// of the published entry, resolved through package.json `exports` like a user's project would.
import { NodeLlmOrmError, version } from '@node-llm/orm-native';
import api = require('@node-llm/orm-native');

const v: string = version();
// @ts-expect-error version() returns a string, not a number
const wrong: number = version();

function describe(err: unknown): string {
  if (err instanceof NodeLlmOrmError) {
    const code: string = err.code;
    const where: string = err.file === null ? '' : `${err.file}:${err.line ?? 0}:${err.column ?? 0}`;
    const frame: string = err.frame ?? '';
    // @ts-expect-error location fields are nullable
    const line: number = err.line;
    return `${code} ${where}\n${frame}`;
  }
  return String(err);
}

const same: typeof NodeLlmOrmError = api.NodeLlmOrmError;
export { v, wrong, describe, same };

// The generated binding types reach the consumer through lib/index.d.ts.
import { parseSchema } from '@node-llm/orm-native';
const parsed = parseSchema('model A {\n  id Int @id\n}\n');
const firstLine: number = parsed.models[0].line;
// @ts-expect-error parseSchema takes schema text or files, not a number
parseSchema(42);
export { firstLine };

// sync's level is a version or null, never absent.
import { sync } from '@node-llm/orm-native';
const report = sync({ schema: 'model A {\n  id Int @id\n}\n' });
const level: string | null = report.level;
// @ts-expect-error level may be null
const strictLevel: string = report.level;
export { level, strictLevel };

// Migration safety options and results.
import { generateMigration } from '@node-llm/orm-native';
const migration = generateMigration({
  from: null,
  to: 'model A {\n  id Int @id\n}\n',
  allowDataLoss: false,
  renames: { 'A.x': 'y' },
  backfill: { 'A.y': '0' },
  mode: 'online',
});
const parts: Array<{ suffix: string; sql: string }> = migration.migrations;
const unsafeKinds: string[] = migration.unsafe.map((u) => u.kind);
const hints: string[] = migration.likelyRenames.map((r) => r.hint);
// @ts-expect-error mode is 'default', 'idempotent' or 'online'
generateMigration({ from: null, to: '', mode: 'fast' });
export { parts, unsafeKinds, hints };
