// parseSchema and generateMigration return their big parts lazily (lib/lazy.cjs): the results must
// still be indistinguishable from plain objects for every way a caller looks at them, from ESM and
// CommonJS alike.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import util from 'node:util';
import { createRequire } from 'node:module';
import * as esm from '@node-llm/orm-native';

const require = createRequire(import.meta.url);
const cjs = require('@node-llm/orm-native');
const native = require('../index.js');

const SCHEMA = fs.readFileSync(new URL('../examples/thinking-era-app/prisma/schema.prisma', import.meta.url), 'utf8');
const PARSED_KEYS = ['datasource', 'generators', 'models', 'views', 'types', 'enums', 'diagnostics'];
const MIGRATION_KEYS = ['sql', 'steps', 'warnings', 'provider', 'unsafe', 'likelyRenames', 'migrations', 'summary'];

/** The whole parse as one JSON string, straight from the binding: what parseSchema used to return. */
const eagerParse = (input) => JSON.parse(native.parseSchema(input));

test('a lazy parseSchema result equals the eagerly built one, however it is looked at (ESM and CJS)', () => {
  const expected = eagerParse(SCHEMA);
  assert.ok(expected.models.length > 3);
  for (const { parseSchema } of [esm, cjs]) {
    assert.deepStrictEqual(parseSchema(SCHEMA), expected);
    assert.deepStrictEqual(Object.keys(parseSchema(SCHEMA)), PARSED_KEYS);
    assert.equal(JSON.stringify(parseSchema(SCHEMA)), JSON.stringify(expected));
    assert.deepStrictEqual({ ...parseSchema(SCHEMA) }, expected);
    assert.deepStrictEqual(Object.assign({}, parseSchema(SCHEMA)), expected);
    assert.deepStrictEqual(structuredClone(parseSchema(SCHEMA)), expected);
    assert.deepStrictEqual(Object.fromEntries(Object.entries(parseSchema(SCHEMA))), expected);
    assert.equal(util.inspect(parseSchema(SCHEMA), { depth: Infinity }), util.inspect(expected, { depth: Infinity }));
    assert.ok(util.isDeepStrictEqual(parseSchema(SCHEMA), parseSchema(SCHEMA)));
  }
});

test('parseSchema: a tree key turns into a plain data property on first read, read once', () => {
  const parsed = cjs.parseSchema(SCHEMA);
  assert.equal(typeof Object.getOwnPropertyDescriptor(parsed, 'models').get, 'function', 'lazy before the read');
  const models = parsed.models;
  assert.equal(parsed.models, models, 'the same array on every read');
  assert.deepStrictEqual(Object.getOwnPropertyDescriptor(parsed, 'models'), { value: models, writable: true, enumerable: true, configurable: true });
  assert.deepStrictEqual(Object.getOwnPropertyDescriptor(parsed, 'diagnostics'), { value: [], writable: true, enumerable: true, configurable: true }, 'the report is eager');
});

test('parseSchema: no datasource means no datasource key, as before', () => {
  const parsed = cjs.parseSchema('model A {\n  id Int @id\n}\n');
  assert.equal('datasource' in parsed, false);
  assert.deepStrictEqual(Object.keys(parsed), PARSED_KEYS.slice(1));
  assert.deepStrictEqual(parsed, eagerParse('model A {\n  id Int @id\n}\n'));
});

test('parseSchema: diagnostics arrive eagerly, and a broken schema still yields its partial tree', () => {
  const broken = 'model A {\n  id Int @id\n  x ;;\n}\n';
  const parsed = cjs.parseSchema(broken);
  assert.equal(parsed.diagnostics[0].code, eagerParse(broken).diagnostics[0].code);
  assert.deepStrictEqual(parsed, eagerParse(broken));
});

test('parseSchema: the files are read at the call; changing them afterwards changes nothing', () => {
  const files = [{ path: 'a.prisma', content: 'model A {\n  id Int @id\n}\n' }];
  const parsed = cjs.parseSchema(files);
  files[0].content = 'model B {\n  id Int @id\n}\n';
  files.push({ path: 'c.prisma', content: 'model C {\n  id Int @id\n}\n' });
  assert.deepStrictEqual(parsed.models.map((m) => [m.name, m.file]), [['A', 'a.prisma']]);
});

test('parseSchema: writing a key before reading it, and freezing the result, behave as on a plain object', () => {
  const written = cjs.parseSchema(SCHEMA);
  written.models = ['mine'];
  assert.deepStrictEqual(written.models, ['mine']);
  assert.deepStrictEqual(Object.keys(written), PARSED_KEYS);
  const frozen = Object.freeze(cjs.parseSchema(SCHEMA));
  assert.deepStrictEqual(frozen.models, eagerParse(SCHEMA).models);
  assert.equal(frozen.models, frozen.models);
  assert.deepStrictEqual(frozen, eagerParse(SCHEMA));
});

test('a lazy generateMigration result has the plain shape, and steps/summary read in any order', () => {
  const input = { from: null, to: SCHEMA };
  for (const { generateMigration } of [esm, cjs]) {
    const reference = generateMigration(input);
    const expected = JSON.parse(JSON.stringify(reference));
    assert.deepStrictEqual(Object.keys(reference), MIGRATION_KEYS);
    assert.deepStrictEqual(generateMigration(input), expected);
    assert.deepStrictEqual(structuredClone(generateMigration(input)), expected);
    assert.deepStrictEqual({ ...generateMigration(input) }, expected);
    assert.equal(JSON.stringify(generateMigration(input)), JSON.stringify(expected));
    const summaryFirst = generateMigration(input);
    assert.equal(summaryFirst.summary, expected.summary);
    assert.deepStrictEqual(summaryFirst.steps, expected.steps);
    assert.equal(summaryFirst.steps, summaryFirst.steps);
    assert.equal(summaryFirst.summary, summaryFirst.summary);
  }
  const migration = cjs.generateMigration(input);
  assert.match(migration.summary, /\[\+\] Added tables\n {2}- User\n/);
  assert.deepStrictEqual(migration.migrations, [{ suffix: '', sql: migration.sql }]);
  assert.ok(migration.steps.length > 5);
  for (const step of migration.steps) {
    assert.equal(typeof step.kind, 'string');
    // Absent names are absent keys (as from a napi object), never `undefined` or `null` values.
    for (const [key, value] of Object.entries(step)) assert.equal(typeof value, 'string', `${step.kind}.${key}`);
  }
  assert.ok(migration.steps.some((s) => s.kind === 'createTable' && s.table === 'User' && !('column' in s)));
});

test('generateMigration: split migrations (online mode) cross as they are', () => {
  const from = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id Int @id\n  b Int\n}\n';
  const to = from.replace('  b Int\n', '  b Int\n\n  @@index([b])\n');
  const online = cjs.generateMigration({ from, to, mode: 'online' });
  assert.equal(online.migrations.map((m) => m.sql).join('\n'), online.sql);
  assert.ok(online.migrations.some((m) => m.suffix !== ''), JSON.stringify(online.migrations));
  assert.deepStrictEqual(Object.keys(online), MIGRATION_KEYS);
});

test('a core error from the lazy paths is still a typed NodeLlmOrmError', () => {
  assert.throws(() => cjs.generateMigration({ from: null, to: 'model {' }), (err) => err instanceof cjs.NodeLlmOrmError && err.code === 'SCHEMA_SYNTAX');
  assert.throws(() => esm.parseSchema([{ path: 'a.prisma' }]), (err) => err instanceof cjs.NodeLlmOrmError && err.code === 'INVALID_ARGUMENT');
});
