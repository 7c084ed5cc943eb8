// The upgrades the data-preservation matrix applies to populated databases: every NodeLLM shape pair
// (older → newer) and each change kind of issue 5, written as edits of the NodeLLM 0.8.0 shape.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHAPES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'reference', 'nodellm', 'schemas');
const versions = fs
  .readdirSync(SHAPES)
  .filter((f) => f.endsWith('.prisma'))
  .map((f) => f.replace(/\.prisma$/, ''))
  .sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
// Prisma 7 rejects `url` in the schema; the shapes were written for Prisma 5 and 6.
const shape = (v) => fs.readFileSync(path.join(SHAPES, `${v}.prisma`), 'utf8').replace(/^\s*url\s*=.*$/m, '');

/** Replaces `from` in `text`, failing loudly when the shape no longer has it. */
function edit(text, from, to) {
  if (!text.includes(from)) throw new Error(`the schema has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

// Chat text must fit: on MySQL a plain `String` is VARCHAR(191), so a MySQL user declares these LONGTEXT.
const LONG_TEXT = /^(\s+(?:instructions|systemPrompt|content|contentRaw|reasoning|thinkingText|arguments|result)\s+String\??)/gm;

/** The schema for a database: its datasource provider rewritten (and, for MySQL, chat text as LONGTEXT). */
export function forProvider(schema, provider) {
  const out = schema.replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"[^"]*"/, `$1"${provider}"`);
  return provider === 'mysql' ? out.replace(LONG_TEXT, '$1 @db.LongText') : out;
}

/** `edit` inside one model's block only (the NodeLLM models share field and index lines). */
function editModel(text, model, from, to) {
  const start = text.indexOf(`model ${model} {`);
  const end = text.indexOf('\n}', start);
  if (start < 0) throw new Error(`the schema has no model ${model}`);
  return text.slice(0, start) + edit(text.slice(start, end), from, to) + text.slice(end);
}

const V8 = shape('0.8.0');
const ROLE_ENUM = (values) => `\nenum MessageRole {\n${values.map((v) => `  ${v}\n`).join('')}}\n`;
const withRoleEnum = (values) => edit(V8, 'role              String', 'role              MessageRole') + ROLE_ENUM(values);
const DROPS = shape('0.1.0');
const NEW_UNIQUE = edit(
  edit(V8, 'toolCallId       String // ID from the provider', 'toolCallId       String @unique // ID from the provider'),
  '  @@index([chatId])\n  @@index([createdAt])\n}\n\nmodel LlmToolCall',
  '  @@unique([chatId, createdAt])\n  @@index([chatId])\n  @@index([createdAt])\n}\n\nmodel LlmToolCall',
);
const WIDER = ['inputTokens      Int\n', 'outputTokens     Int\n', 'duration         Int //'].reduce((s, f) => edit(s, f, f.replace('Int', 'BigInt')), V8);
const REQUIRED_ROUNDS = edit(V8, 'correctionRounds Int? ', 'correctionRounds Int  ');
const RENAMED_COLUMNS = editModel(
  editModel(editModel(V8, 'LlmChat', 'instructions String?', 'systemPrompt String?'), 'LlmMessage', 'createdAt         DateTime', 'sentAt            DateTime'),
  'LlmMessage',
  '@@index([createdAt])',
  '@@index([sentAt])',
);
const LINKED = editModel(
  editModel(
    V8,
    'LlmToolCall',
    '  message LlmMessage @relation',
    '  requestId        String?\n  request LlmRequest? @relation(fields: [requestId], references: [id], onDelete: SetNull)\n  message LlmMessage @relation',
  ),
  'LlmRequest',
  '  @@index([chatId])',
  '  toolCalls LlmToolCall[]\n\n  @@index([chatId])',
).replace('  @@index([messageId])\n', '  @@index([messageId])\n  @@index([requestId])\n');
const RENAMED_MODEL = edit(edit(V8, 'model LlmToolCall {', 'model LlmToolInvocation {'), 'toolCalls LlmToolCall[]', 'toolCalls LlmToolInvocation[]');

async function backfilledRounds(db, provider, data) {
  const expected = Object.fromEntries(data.rows.LlmRequest.map((r) => [r.id, String(r.correctionRounds ?? 0)]));
  assert.deepEqual(await column(db, provider, 'LlmRequest', 'correctionRounds'), expected, 'NULLs became 0, the rest kept');
}

/** Reads `column` of every row of `table`, keyed by id, as text. */
async function column(db, provider, table, name) {
  const q = (n) => (provider === 'mysql' ? `\`${n}\`` : `"${n}"`);
  const cast = provider === 'mysql' ? 'CHAR' : 'TEXT';
  const rows = await db.query(`SELECT ${q('id')} AS k, CAST(${q(name)} AS ${cast}) AS v FROM ${q(table)}`);
  return Object.fromEntries(rows.map((r) => [r.k, r.v]));
}

/**
 * Each case: `from` → `to` with the `options` given to generateMigration; `providers` where the change
 * exists (all by default); `changes`: the `Model.field`s (new names) whose values the change rewrites,
 * left out of the unchanged-rows check; `check(db, provider, data, upgrade)` for what the change
 * itself must do; `reaches`: the schema the database is to match when the upgrade is meant to stop
 * short of `to` (what is refused without consent stays). The rows follow `options.renames`.
 */
export function changeCases() {
  const cases = [];
  const pairs = versions.flatMap((to, j) => versions.slice(0, j).map((from) => [from, to]));
  for (const [from, to] of pairs) cases.push({ name: `nodellm ${from} → ${to}`, kind: 'shape upgrade', from: shape(from), to: shape(to), options: {} });
  cases.push(
    {
      name: 'drop table and columns, with consent (0.8.0 → 0.1.0)',
      kind: 'drop with consent',
      from: V8,
      to: DROPS,
      options: { allowDataLoss: true },
      check: (db, provider, data, upgrade) => assert.deepEqual([...new Set(upgrade.unsafe.map((u) => u.kind))].sort(), ['dropColumn', 'dropTable'], 'written, and still listed'),
    },
    {
      name: 'drop the deprecated LlmMessage.reasoning, with consent',
      kind: 'drop with consent',
      from: V8,
      to: edit(V8, '  reasoning         String? // Chain of thought (deprecated)\n', ''),
      options: { allowDataLoss: true },
    },
    {
      name: 'widen LlmRequest token counts and duration from Int to BigInt',
      kind: 'type change',
      // A cast that cannot fail: written without consent. SQLite rebuilds the table for it (Prisma
      // warns), so there it is unsafe like any other cast; see the case below.
      providers: ['postgresql', 'mysql'],
      from: V8,
      to: WIDER,
      options: {},
    },
    {
      name: 'widen LlmRequest token counts and duration from Int to BigInt, with consent',
      kind: 'type change',
      from: V8,
      to: WIDER,
      options: { allowDataLoss: true },
    },
    {
      name: 'new unique constraints over existing rows (LlmToolCall.toolCallId, LlmMessage [chatId, createdAt])',
      kind: 'new unique',
      from: V8,
      to: NEW_UNIQUE,
      options: { allowDataLoss: true },
    },
    {
      name: 'remove an unused enum value (MessageRole.developer), with consent',
      kind: 'enum value removal',
      // SQLite keeps enums as TEXT: nothing to change there.
      providers: ['postgresql', 'mysql'],
      from: withRoleEnum(['system', 'user', 'assistant', 'tool', 'developer']),
      to: withRoleEnum(['system', 'user', 'assistant', 'tool']),
      options: { allowDataLoss: true },
    },
    {
      name: 'rename LlmChat.instructions → systemPrompt and the indexed LlmMessage.createdAt → sentAt',
      kind: 'column rename',
      from: V8,
      to: RENAMED_COLUMNS,
      options: { renames: { 'LlmChat.instructions': 'systemPrompt', 'LlmMessage.createdAt': 'sentAt' } },
    },
    {
      name: 'rename model LlmToolCall → LlmToolInvocation (table, keys, indexes)',
      kind: 'model rename',
      from: V8,
      to: RENAMED_MODEL,
      options: { renames: { LlmToolCall: 'LlmToolInvocation' } },
    },
    {
      name: 'LlmRequest.correctionRounds optional → required, NULLs backfilled with 0',
      kind: 'optional → required with backfill',
      from: V8,
      to: REQUIRED_ROUNDS,
      options: { backfill: { 'LlmRequest.correctionRounds': '0' } },
      changes: ['LlmRequest.correctionRounds'],
      check: backfilledRounds,
    },
    {
      name: 'new required LlmMessage.status on a table with rows, backfilled',
      kind: 'optional → required with backfill',
      from: V8,
      to: editModel(V8, 'LlmMessage', '  createdAt         DateTime', "  status            String\n  createdAt         DateTime"),
      options: { backfill: { 'LlmMessage.status': "'delivered'" } },
      async check(db, provider, data) {
        const expected = Object.fromEntries(data.rows.LlmMessage.map((r) => [r.id, 'delivered']));
        assert.deepEqual(await column(db, provider, 'LlmMessage', 'status'), expected);
      },
    },
  );
  cases.push({
    name: 'link LlmToolCall to LlmRequest: new column, index and foreign key on populated tables',
    kind: 'new relation',
    from: V8,
    to: LINKED,
    options: {},
  });
  // Without consent nothing unsafe is written: the database keeps the old catalog and every row.
  cases.push({
    name: 'rename LlmChat.instructions → systemPrompt without `renames`: a likely rename, the old column kept',
    kind: 'refused without consent',
    from: V8,
    to: editModel(V8, 'LlmChat', 'instructions String?', 'systemPrompt String?'),
    options: {},
    reaches: editModel(V8, 'LlmChat', 'instructions String?', 'instructions String?\n  systemPrompt String?'),
    check(db, provider, data, upgrade) {
      assert.deepEqual(upgrade.unsafe.map((u) => [u.kind, u.table, u.column]), [['dropColumn', 'LlmChat', 'instructions']]);
      assert.deepEqual(upgrade.likelyRenames.map((r) => [r.table, r.from, r.to]), [['LlmChat', 'instructions', 'systemPrompt']]);
    },
  });
  // MySQL's enum is the column's type: like Prisma, it reports the column's cast.
  for (const [name, to, kinds, providers] of [
    ['drop table and columns (0.8.0 → 0.1.0)', DROPS, { any: ['dropColumn', 'dropTable'] }],
    ['new unique constraints', NEW_UNIQUE, { any: ['addUnique'] }],
    ['optional → required without a backfill', REQUIRED_ROUNDS, { any: ['makeRequired'] }],
    ['widen Int to BigInt', WIDER, { sqlite: ['alterColumnType'] }, ['sqlite']],
    ['remove an enum value', withRoleEnum(['system', 'user', 'assistant', 'tool']), { postgresql: ['removeEnumValues'], mysql: ['alterColumnType'] }, ['postgresql', 'mysql']],
  ]) {
    const from = name.startsWith('remove') ? withRoleEnum(['system', 'user', 'assistant', 'tool', 'developer']) : V8;
    cases.push({
      name: `${name}, without consent: not written`,
      kind: 'refused without consent',
      providers,
      from,
      to,
      options: {},
      reaches: from,
      check: (db, provider, data, upgrade) =>
        assert.deepEqual([...new Set(upgrade.unsafe.map((u) => u.kind))].sort(), kinds[provider] ?? kinds.any, 'listed as unsafe'),
    });
  }
  // Idempotent output runs twice. SQLite cannot guard ADD COLUMN (generateMigration refuses the mode),
  // so it has the pairs that only create tables: 0.1.0 added no table, 0.2.0 and 0.8.0 added columns.
  const onlyTables = (from, to) => from !== '0.1.0' && to !== '0.8.0';
  for (const [from, to] of pairs) {
    cases.push({
      name: `nodellm ${from} → ${to}, run twice`,
      kind: 'idempotent',
      providers: onlyTables(from, to) ? undefined : ['postgresql', 'mysql'],
      from: shape(from),
      to: shape(to),
      options: { mode: 'idempotent' },
    });
  }
  cases.push(
    {
      name: 'renames and a backfill, run twice',
      kind: 'idempotent',
      // SQLite cannot guard a rename: generateMigration refuses the mode there (UNSUPPORTED_MODE).
      providers: ['postgresql', 'mysql'],
      from: V8,
      to: RENAMED_COLUMNS.replace('correctionRounds Int? ', 'correctionRounds Int  '),
      options: { mode: 'idempotent', renames: { 'LlmChat.instructions': 'systemPrompt', 'LlmMessage.createdAt': 'sentAt' }, backfill: { 'LlmRequest.correctionRounds': '0' } },
      changes: ['LlmRequest.correctionRounds'],
    },
    {
      name: 'model rename LlmToolCall → LlmToolInvocation, run twice',
      kind: 'idempotent',
      providers: ['postgresql', 'mysql'],
      from: V8,
      to: RENAMED_MODEL,
      options: { mode: 'idempotent', renames: { LlmToolCall: 'LlmToolInvocation' } },
    },
  );
  // Online (PostgreSQL): several migrations, each applied on its own as Prisma applies files. The shape
  // upgrades only add nullable columns and new tables, which online mode leaves as they are (under a
  // lock_timeout): two of them, and the changes it splits up.
  for (const [from, to] of [['0.2.0', '0.5.0'], ['0.1.0', '0.8.0']]) {
    cases.push({
      name: `nodellm ${from} → ${to} in online migrations`,
      kind: 'online',
      providers: ['postgresql'],
      from: shape(from),
      to: shape(to),
      options: { mode: 'online' },
    });
  }
  const layout = (pattern) => (db, provider, data, upgrade) =>
    assert.ok(upgrade.migrations.length > 1 && upgrade.migrations.some((m) => pattern.test(m.sql)), `several migrations, one with ${pattern}`);
  cases.push(
    {
      name: 'new unique constraints over existing rows, online, with consent',
      kind: 'online',
      providers: ['postgresql'],
      from: V8,
      to: NEW_UNIQUE,
      options: { mode: 'online', allowDataLoss: true },
      check: layout(/CREATE UNIQUE INDEX CONCURRENTLY/),
    },
    {
      name: 'LlmRequest.correctionRounds optional → required online, NULLs backfilled with 0',
      kind: 'online',
      providers: ['postgresql'],
      from: V8,
      to: REQUIRED_ROUNDS,
      options: { mode: 'online', backfill: { 'LlmRequest.correctionRounds': '0' } },
      changes: ['LlmRequest.correctionRounds'],
      async check(db, provider, data, upgrade) {
        layout(/VALIDATE CONSTRAINT/)(db, provider, data, upgrade);
        await backfilledRounds(db, provider, data);
      },
    },
    {
      name: 'link LlmToolCall to LlmRequest online (index built concurrently, foreign key validated later)',
      kind: 'online',
      providers: ['postgresql'],
      from: V8,
      to: LINKED,
      options: { mode: 'online' },
      async check(db, provider, data, upgrade) {
        layout(/CREATE INDEX CONCURRENTLY/)(db, provider, data, upgrade);
        layout(/VALIDATE CONSTRAINT/)(db, provider, data, upgrade);
      },
    },
  );
  return cases;
}
