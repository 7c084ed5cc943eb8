// parseSchema's result crosses the napi boundary as JSON (src/js/parse.rs): the decoded objects must
// look exactly like the typed ones (`type` for the field type, optional properties absent rather than
// null or undefined, 1-based lines), and a wrong input is still a typed error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseSchema, NodeLlmOrmError } from '../lib/index.mjs';

test('parseSchema decodes to plain objects with absent optionals', () => {
  const result = parseSchema('/// A user\nmodel User {\n  id    Int     @id @default(autoincrement())\n  email String? @unique\n}\n\nmodel {\n');
  assert.deepEqual(Object.keys(result).sort(), ['diagnostics', 'enums', 'generators', 'models', 'types', 'views']);
  const [user] = result.models;
  assert.deepEqual(user, {
    name: 'User',
    fields: [
      { name: 'id', type: 'Int', optional: false, list: false, attributes: [{ name: '@id', arguments: [] }, { name: '@default', arguments: [{ value: 'autoincrement()' }] }], line: 3 },
      { name: 'email', type: 'String', optional: true, list: false, attributes: [{ name: '@unique', arguments: [] }], line: 4 },
    ],
    attributes: [],
    documentation: 'A user',
    file: 'schema.prisma',
    line: 2,
  });
  assert.equal(result.diagnostics.length, 1);
  assert.equal(result.diagnostics[0].line, 7);
  assert.equal(result.diagnostics[0].endLine, 7);
  assert.throws(() => parseSchema(42), (err) => err instanceof NodeLlmOrmError && err.code === 'INVALID_ARGUMENT');
});
