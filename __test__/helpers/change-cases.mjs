// The upgrades the data-preservation matrix applies to populated databases: every NodeLLM shape pair
// (older → newer) and each change kind of issue 5, written as edits of the NodeLLM 0.8.0 shape.
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
const LONG_TEXT = /^(\s+(?:instructions|content|contentRaw|reasoning|thinkingText|arguments|result)\s+String\??)/gm;

/** The schema for a database: its datasource provider rewritten (and, for MySQL, chat text as LONGTEXT). */
export function forProvider(schema, provider) {
  const out = schema.replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"[^"]*"/, `$1"${provider}"`);
  return provider === 'mysql' ? out.replace(LONG_TEXT, '$1 @db.LongText') : out;
}

const V8 = shape('0.8.0');
const ROLE_ENUM = (values) => `\nenum MessageRole {\n${values.map((v) => `  ${v}\n`).join('')}}\n`;
const withRoleEnum = (values) => edit(V8, 'role              String', 'role              MessageRole') + ROLE_ENUM(values);

/**
 * Each case: `from` → `to` with the `options` given to generateMigration; `providers` where the change
 * exists (all by default); `renames` of tables and columns the data must follow (`Table` → `New`,
 * `Table.column` → `column`), and `check(db, provider)` for what the change itself must do to the rows.
 */
export function changeCases() {
  const cases = [];
  versions.forEach((to, j) =>
    versions.slice(0, j).forEach((from) => cases.push({ name: `nodellm ${from} → ${to}`, kind: 'shape upgrade', from: shape(from), to: shape(to), options: {} })),
  );
  cases.push(
    {
      name: 'drop table and columns, with consent (0.8.0 → 0.1.0)',
      kind: 'drop with consent',
      from: V8,
      to: shape('0.1.0'),
      options: { allowDataLoss: true },
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
      from: V8,
      to: ['inputTokens      Int\n', 'outputTokens     Int\n', 'duration         Int //'].reduce((s, f) => edit(s, f, f.replace('Int', 'BigInt')), V8),
      options: {},
    },
    {
      name: 'new unique constraints over existing rows (LlmToolCall.toolCallId, LlmMessage [chatId, createdAt])',
      kind: 'new unique',
      from: V8,
      to: edit(
        edit(V8, 'toolCallId       String // ID from the provider', 'toolCallId       String @unique // ID from the provider'),
        '  @@index([chatId])\n  @@index([createdAt])\n}\n\nmodel LlmToolCall',
        '  @@unique([chatId, createdAt])\n  @@index([chatId])\n  @@index([createdAt])\n}\n\nmodel LlmToolCall',
      ),
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
  );
  return cases;
}
