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

test('the hr-chatbot-rag example is at 0.5.0: correctionRounds and five indexes added, everything else kept', () => {
  const input = stripUrl(read('reference/nodellm/examples/hr-chatbot-rag/prisma/schema.prisma'));
  assert.ok(isFormatted(input));
  const { schema, ...report } = sync({ schema: input });
  const index = (model, role, field) => ({
    kind: 'missingIndex',
    model,
    role,
    feature: 'base models',
    since: '0.1.0',
    severity: 'recommended',
    message: `\`${model}\` has no index on (${field}).`,
    fix: `@@index([${field}])`,
  });
  assert.deepEqual(report, {
    upToDate: false,
    level: '0.5.0',
    target: '0.8.0',
    provider: 'postgresql',
    models: ['chat', 'agentSession', 'message', 'toolCall', 'request'].map((role) => ({
      role,
      model: `Assistant${role[0].toUpperCase()}${role.slice(1)}`,
      detectedBy: 'suffix',
      present: true,
    })),
    changes: [
      index('AssistantMessage', 'message', 'chatId'),
      index('AssistantMessage', 'message', 'createdAt'),
      index('AssistantToolCall', 'toolCall', 'createdAt'),
      index('AssistantRequest', 'request', 'chatId'),
      index('AssistantRequest', 'request', 'createdAt'),
      {
        kind: 'missingField',
        model: 'AssistantRequest',
        role: 'request',
        field: 'correctionRounds',
        feature: 'correction rounds',
        since: '0.8.0',
        severity: 'recommended',
        message: '`AssistantRequest` lacks `correctionRounds Int?`.',
        fix: 'correctionRounds Int?',
      },
    ],
    written: [],
  });
  const out = schema[0].content;
  assertValid(schema, 'hr-chatbot-rag');
  assert.equal(format(out), out, 'formatted in, formatted out');
  // Only lines are added: every input line is still there, in order.
  const added = [];
  const inputLines = input.split('\n');
  let at = 0;
  for (const line of out.split('\n')) {
    if (at < inputLines.length && line.trimEnd().replace(/ +/g, ' ') === inputLines[at].trimEnd().replace(/ +/g, ' ')) at++;
    else added.push(line.trim());
  }
  assert.equal(at, inputLines.length);
  assert.deepEqual(added.filter(Boolean), [
    '@@index([chatId])',
    '@@index([createdAt])',
    '@@index([createdAt])',
    'correctionRounds Int? // Number of self-correction retries (v0.7.0+)',
    '@@index([chatId])',
    '@@index([createdAt])',
  ]);
  const again = sync({ schema: out });
  assert.equal(again.upToDate, true);
  assert.equal(again.level, '0.8.0');
  // null, not absent: `--json` and JSON.stringify keep it.
  assert.equal(sync({ schema: input.replace(/^ {2}createdAt +DateTime +@default\(now\(\)\)\n {2}chat /m, '  chat ') }).level, null);
});

test('a future reference (0.8.0 plus fields, a model and an enum) with its own target works with no code change', () => {
  const future =
    stripUrl(shape('0.8.0'))
      .replace('  createdAt         DateTime @default(now())\n', '  createdAt         DateTime @default(now())\n  latencyMs         Int?\n')
      .replace('  agentSession LlmAgentSession?\n', '  agentSession LlmAgentSession?\n  feedback     LlmFeedback[]\n  status       ChatStatus       @default(active)\n') +
    '\nmodel LlmFeedback {\n  id     String  @id @default(uuid())\n  chatId String\n  score  Int\n  chat   LlmChat @relation(fields: [chatId], references: [id], onDelete: Cascade)\n\n  @@index([chatId])\n}\n' +
    '\nenum ChatStatus {\n  active\n  archived\n}\n';
  assert.ok(validate(future).ok, 'the future reference is a valid schema');
  const user = format(stripUrl(shape('0.5.0')).replaceAll('Llm', 'Assistant'));
  const report = sync({ schema: user, reference: future, target: '0.9.0' });
  assert.equal(report.target, '0.9.0');
  assert.equal(report.level, '0.5.0');
  assert.deepEqual(
    report.changes.map((c) => [c.kind, c.model, c.field ?? null, c.since, c.severity]),
    [
      ['missingField', 'AssistantRequest', 'correctionRounds', '0.8.0', 'recommended'],
      ['missingModel', 'AssistantFeedback', null, '0.9.0', 'recommended'],
      ['missingBackRelation', 'AssistantChat', 'feedback', '0.9.0', 'required'],
      ['missingField', 'AssistantChat', 'status', '0.9.0', 'required'],
      ['missingField', 'AssistantMessage', 'latencyMs', '0.9.0', 'required'],
      ['missingEnum', 'ChatStatus', null, '0.9.0', 'required'],
    ],
  );
  assert.deepEqual(report.models.find((m) => m.role === 'feedback'), { role: 'feedback', model: 'AssistantFeedback', detectedBy: 'newName', present: false });
  const out = report.schema[0].content;
  assertValid(report.schema, 'future reference');
  assert.equal(format(out), out);
  assert.match(out, /model AssistantFeedback \{[^}]*chat +AssistantChat +@relation\(fields: \[chatId\], references: \[id\], onDelete: Cascade\)/);
  const again = sync({ schema: out, reference: future, target: '0.9.0' });
  assert.ok(again.upToDate, JSON.stringify(again.changes));
  assert.equal(again.level, '0.8.0', 'the newest released shape it has');
  // The released shapes still apply without the reference.
  assert.ok(sync({ schema: out }).upToDate);
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

test('type and list mismatches are retyped in place, missing @id/@updatedAt/@unique added: schemas Prisma accepts, still formatted', () => {
  const mismatched = (provider) =>
    format(
      withProvider(stripUrl(shape('0.8.0')), provider)
        .replace('metadata     Json? // JSON metadata', 'metadata     String? @default("{}") // JSON metadata')
        .replace('  createdAt         DateTime @default(now())\n', '  createdAt         String\n')
        .replace('  inputTokens       Int?\n', '  inputTokens       String? @default("0")\n')
        // MySQL has no scalar lists: there the output column is an INT instead.
        .replace('  content           String?\n', provider === 'mysql' ? '  content           Int?\n' : '  content           String[]\n')
        .replace('  thinkingTokens    Int? //', '  thinkingTokens    Int //')
        .replace('  agentSession LlmAgentSession?\n', '  agentSession LlmAgentSession[]\n')
        .replace('  chatId     String   @unique\n', '  chatId     String\n')
        .replace('  updatedAt    DateTime         @updatedAt\n', '  updatedAt    DateTime\n')
        .replace('model LlmToolCall {\n  id               String   @id @default(uuid())', 'model LlmToolCall {\n  id               String   @unique @default(uuid())'),
    );
  for (const provider of ['postgresql', 'mysql']) {
    const input = mismatched(provider);
    assert.ok(validate(input).ok, `${provider}: the mismatched input is a valid schema`);
    const report = sync({ schema: input });
    assert.deepEqual(
      report.changes.filter((c) => c.kind !== 'nativeType').map((c) => `${c.kind} ${c.model}.${c.field}`),
      [
        'typeMismatch LlmChat.metadata',
        'missingAttribute LlmChat.updatedAt',
        provider === 'mysql' ? 'typeMismatch LlmMessage.content' : 'arityMismatch LlmMessage.content',
        'typeMismatch LlmMessage.inputTokens',
        'typeMismatch LlmMessage.createdAt',
        'missingAttribute LlmMessage.createdAt',
        'missingAttribute LlmToolCall.id',
        'arityMismatch LlmMessage.thinkingTokens',
        'arityMismatch LlmChat.agentSession',
        'missingAttribute LlmAgentSession.chatId',
      ],
    );
    assert.ok(report.changes.every((c) => c.severity !== 'optional'));
    const out = report.schema[0].content;
    assertValid(report.schema, `${provider} mismatches`);
    assert.equal(format(out), out, `${provider}: formatted in, formatted out`);
    if (provider === 'mysql') assert.match(out, /^ {2}content +String\? +@db\.Text$/m);
    const again = sync({ schema: out });
    assert.ok(again.upToDate, JSON.stringify(again.changes));
    assert.equal(again.level, '0.8.0');
  }
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
  // 400 matrix cases + 2 naming cases + hr + future reference + multi-file + 3 providers + metadata
  // + 2 mismatch cases + 2 examples + uuid + relationMode.
  assert.equal(validated, 415);
  t.diagnostic(`${validated} patched schemas accepted by Prisma's validator`);
});
