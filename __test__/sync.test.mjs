// The addon's sync() on real and varied schemas, its patched outputs checked by Prisma's own
// validator and formatter (in-process wasm engines, the same versions as ../shared/oracle).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sync, NodeLlmOrmError } from '@node-llm/orm-native';
import { validate, format, withProvider, diffScript } from './helpers/prisma-engines.mjs';

const shared = new URL('../../shared/', import.meta.url);
const read = (rel) => fs.readFileSync(new URL(rel, shared), 'utf8');
const shape = (v) => read(`reference/nodellm/schemas/${v}.prisma`);
const SHAPES = ['0.1.0', '0.2.0', '0.5.0', '0.7.1', '0.8.0'];

/** Prisma 7 rejects datasource URLs (P1012); the validator and formatter get the schema without them. */
const stripUrl = (text) => text.replace(/^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=.*\r?\n/gm, '');
const isFormatted = (text) => format(text) === text;

let validated = 0;
function assertValid(files, label) {
  const pairs = files.map((f) => ({ path: f.path, content: stripUrl(f.content) }));
  const verdict = validate(pairs);
  assert.ok(verdict.ok, `${label}: Prisma rejects the patched schema: ${verdict.message}`);
  validated++;
}

test('every (shape, target) pair, under Llm and Assistant names, on four databases, patches into a schema Prisma accepts', (t) => {
  let pairs = 0;
  let formatChecked = 0;
  for (const provider of ['postgresql', 'mysql', 'sqlite', 'cockroachdb']) {
    for (const naming of ['Llm', 'Assistant']) {
      for (const from of SHAPES) {
        const input = format(withProvider(stripUrl(shape(from)), provider).replaceAll('Llm', naming));
        const raw = withProvider(stripUrl(shape(from)), provider).replaceAll('Llm', naming);
        for (const [label, text] of [['formatted', input], ['as released', raw]]) {
          const inputFormatted = isFormatted(text);
          for (const to of SHAPES) {
            const what = `${provider} ${naming} ${from} (${label}) → ${to}`;
            const report = sync({ schema: text, target: to });
            assert.equal(report.provider, provider);
            assertValid(report.schema, what);
            if (inputFormatted) {
              assert.equal(format(report.schema[0].content), report.schema[0].content, `${what}: the patch broke prisma format`);
              formatChecked++;
            }
            const again = sync({ schema: report.schema[0].content, target: to });
            assert.ok(again.upToDate, `${what}: still lacks ${JSON.stringify(again.changes)}`);
            pairs++;
          }
        }
      }
    }
  }
  assert.equal(pairs, 4 * 2 * 5 * 2 * 5);
  t.diagnostic(`${pairs} (provider, naming, shape, layout, target) cases, ${formatChecked} format-checked`);
});

test('custom names: detected Assistant* models get an AssistantAgentSession pointing at AssistantChat', () => {
  const input = stripUrl(format(shape('0.2.0').replaceAll('Llm', 'Assistant')));
  const report = sync({ schema: input });
  assert.equal(report.models.find((m) => m.role === 'chat').detectedBy, 'suffix');
  const out = report.schema[0].content;
  assert.match(out, /model AssistantAgentSession \{/);
  assert.match(out, /chat\s+AssistantChat\s+@relation\(fields: \[chatId\], references: \[id\], onDelete: Cascade\)/);
  assertValid(report.schema, 'Assistant*');
  assert.equal(format(out), out);
});

test('tableNames by delegate name, case-insensitively', () => {
  const input = stripUrl(shape('0.5.0').replaceAll('LlmChat', 'Conversation').replaceAll('LlmMessage', 'Turn'));
  const report = sync({ schema: input, tableNames: { chat: 'conversation', message: 'TURN' } });
  assert.deepEqual(
    report.models.filter((m) => m.detectedBy === 'tableNames').map((m) => m.model),
    ['Conversation', 'Turn'],
  );
  assertValid(report.schema, 'tableNames');
});

test('the hr-chatbot-rag example: indexes and correctionRounds added, everything else kept', () => {
  const input = stripUrl(read('reference/nodellm/examples/hr-chatbot-rag/prisma/schema.prisma'));
  assert.ok(isFormatted(input));
  const report = sync({ schema: input });
  assert.equal(report.upToDate, false);
  assert.deepEqual(
    [...new Set(report.changes.map((c) => c.kind))].sort(),
    ['missingField', 'missingIndex'],
  );
  const out = report.schema[0].content;
  assertValid(report.schema, 'hr-chatbot-rag');
  assert.equal(format(out), out, 'formatted in, formatted out');
  assert.ok(out.includes(input.slice(input.indexOf('model DocumentChunk'), input.indexOf('model AssistantRequest'))));
});

test('a multi-file schema is patched file by file and stays valid', () => {
  const full = stripUrl(shape('0.1.0'));
  const cut = (a, b) => full.slice(full.indexOf(a), b ? full.indexOf(b) : undefined);
  const files = [
    { path: 'schema.prisma', content: cut('generator client', '// NodeLLM ORM Models') },
    { path: 'chat.prisma', content: cut('// NodeLLM ORM Models', 'model LlmMessage') },
    { path: 'message.prisma', content: cut('model LlmMessage', 'model LlmRequest') },
    { path: 'request.prisma', content: cut('model LlmRequest') },
  ];
  assert.ok(validate(files).ok);
  const report = sync({ schema: files });
  assert.deepEqual(report.schema.map((f) => f.changed), [false, true, true, true]);
  assertValid(report.schema, 'multi-file');
  assert.ok(sync({ schema: report.schema.map(({ path: p, content }) => ({ path: p, content })) }).upToDate);
});

test('MySQL and SQLite schemas are patched for their database', () => {
  for (const provider of ['mysql', 'sqlite', 'cockroachdb']) {
    const input = withProvider(stripUrl(shape('0.1.0')), provider);
    const report = sync({ schema: input });
    assert.equal(report.provider, provider);
    assertValid(report.schema, provider);
    if (provider === 'mysql') assert.match(report.schema[0].content, /thinkingText\s+String\?\s+@db\.Text/);
  }
});

test('a TEXT metadata column, a missing cascade and a named tool-call unique are fixed, and the result validates', () => {
  const input = stripUrl(shape('0.8.0'))
    .replace('metadata     Json? // JSON metadata', 'metadata     String? @db.Text // JSON metadata')
    .replace('@@unique([messageId, toolCallId])', '@@unique([messageId, toolCallId], name: "byCall", map: "tool_call_key")')
    .replace('message LlmMessage @relation(fields: [messageId], references: [id], onDelete: Cascade)', 'message LlmMessage @relation(fields: [messageId], references: [id])');
  const report = sync({ schema: input });
  assert.deepEqual(report.changes.map((c) => c.kind), ['typeMismatch', 'relationMismatch', 'uniqueName']);
  assert.match(report.schema[0].content, /@@unique\(\[messageId, toolCallId\], map: "tool_call_key"\)/);
  assert.ok(sync({ schema: report.schema[0].content }).upToDate);
  const change = report.changes.find((c) => c.kind === 'typeMismatch');
  assert.equal(change.field, 'metadata');
  assert.equal(change.severity, 'required');
  assertValid(report.schema, 'metadata');
});

test('an invalid schema throws a typed error with file, line, column and frame', () => {
  assert.throws(
    () => sync({ schema: 'model LlmChat {\n  id String @id\n  not a field (\n}\n' }),
    (err) => {
      assert.ok(err instanceof NodeLlmOrmError);
      assert.equal(err.code, 'SCHEMA_SYNTAX');
      assert.equal(err.file, 'schema.prisma');
      assert.equal(err.line, 3);
      assert.equal(err.column, 3);
      assert.match(err.frame, /not a field/);
      return true;
    },
  );
  assert.throws(() => sync({}), (err) => err.code === 'INVALID_ARGUMENT');
});

test('write: true replaces the file atomically and reports what it wrote', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodellm-sync-'));
  const file = path.join(dir, 'schema.prisma');
  fs.writeFileSync(file, stripUrl(shape('0.5.0')));
  const report = sync({ schemaPath: file, write: true });
  assert.deepEqual(report.written, [file]);
  assert.equal(fs.readFileSync(file, 'utf8'), report.schema[0].content);
  assert.deepEqual(fs.readdirSync(dir), ['schema.prisma']);
  assert.ok(sync({ schemaPath: file }).upToDate);
  fs.rmSync(dir, { recursive: true });
});

test('the bundled examples patch into valid, still-formatted schemas', () => {
  for (const name of ['thinking-era-app', 'assistant-app']) {
    const input = fs.readFileSync(new URL(`../examples/${name}/prisma/schema.prisma`, import.meta.url), 'utf8');
    assert.ok(isFormatted(input), `${name} ships formatted`);
    const report = sync({ schema: input });
    assert.equal(report.upToDate, false);
    assertValid(report.schema, name);
    assert.equal(format(report.schema[0].content), report.schema[0].content, name);
  }
});

test('a new foreign key takes the native type of the key it references (uuid ids)', async () => {
  const input = stripUrl(shape('0.2.0'))
    .replaceAll('@id @default(uuid())', '@id @default(uuid()) @db.Uuid')
    .replace('  chatId            String\n', '  chatId            String        @db.Uuid\n')
    .replace('  chatId       String\n', '  chatId       String      @db.Uuid\n')
    .replace('  messageId    String?', '  messageId    String?     @db.Uuid')
    .replace('  messageId        String\n', '  messageId        String     @db.Uuid\n');
  assert.ok(validate(input).ok);
  const report = sync({ schema: input });
  assertValid(report.schema, 'uuid');
  const sql = await diffScript({ from: input, to: report.schema[0].content });
  assert.match(sql, /CREATE TABLE "LlmAgentSession" \([^;]*"chatId" UUID NOT NULL/);
  assert.match(sql, /ADD CONSTRAINT "LlmAgentSession_chatId_fkey" FOREIGN KEY \("chatId"\) REFERENCES "LlmChat"\("id"\) ON DELETE CASCADE/);
});

test('relationMode = "prisma": the index Prisma warns about is added', () => {
  const input = stripUrl(shape('0.8.0')).replace('  provider = "postgresql"\n', '  provider     = "mysql"\n  relationMode = "prisma"\n');
  assert.equal(validate(input).warnings.filter((w) => /relationMode/.test(w)).length, 1);
  const report = sync({ schema: input });
  assertValid(report.schema, 'relationMode prisma');
  assert.deepEqual(validate(report.schema[0].content).warnings, []);
});

test('Prisma validated every patched schema above', (t) => {
  // 400 matrix cases + 2 naming cases + hr + multi-file + 3 providers + metadata + 2 examples + uuid + relationMode.
  assert.equal(validated, 412);
  t.diagnostic(`${validated} patched schemas accepted by Prisma's validator`);
});
