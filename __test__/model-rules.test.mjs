// Model rules that change what a migration would be (two primary keys, an optional key field, a
// table with no unique criteria, relation fields that do not line up…): parseSchema reports them
// with Prisma's own message on Prisma's line, and generateMigration refuses the schema.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseSchema, generateMigration, NodeLlmOrmError } from '../lib/index.mjs';
import { validate } from './helpers/prisma-engines.mjs';

const ds = (provider = 'postgresql') => `datasource db {\n  provider = "${provider}"\n}\n\n`;

const CASES = {
  'two @id fields': ds() + 'model A {\n  id  Int @id\n  id2 Int @id\n}\n',
  '@id on an optional field': ds() + 'model A {\n  id Int? @id\n}\n',
  '@id and @@id together': ds() + 'model A {\n  id Int @id\n  b  Int\n\n  @@id([id, b])\n}\n',
  '@@id over an optional field': ds() + 'model A {\n  a Int\n  b Int?\n\n  @@id([a, b(sort: Desc)])\n}\n',
  'no unique criteria': ds() + 'model A {\n  id Int\n  b  Int?\n\n  @@index([id])\n}\n',
  'only uniques over optional fields': ds() + 'model A {\n  a Int?\n  b Int\n  c Int? @unique\n\n  @@unique([a, b])\n}\n',
  'fields/references arity':
    ds() +
    'model User {\n  id    Int    @id\n  b     Int\n  posts Post[]\n\n  @@unique([id, b])\n}\n\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id, b])\n}\n',
  'references to a missing field':
    ds() +
    'model User {\n  id    Int    @id\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [uid])\n}\n',
  '@updatedAt on a String': ds() + 'model A {\n  id Int    @id\n  at String @updatedAt\n}\n',
  'scalar list on SQLite': ds('sqlite') + 'model A {\n  id   Int      @id\n  tags String[]\n}\n',
  // Prisma's second round (unique criteria, lists, counts) runs only when the first found nothing.
  'attribute errors hide the validation round':
    ds('sqlite') +
    'model B {\n  x Int\n}\n\nmodel C {\n  a Int\n  b Int?\n\n  @@id([a, b])\n}\n\nmodel D {\n  id Int      @id\n  t  String[]\n}\n\nmodel E {\n  id  Int @id\n  d   D   @relation(fields: [dId], references: [id, x])\n  dId Int\n}\n',
};

for (const [name, schema] of Object.entries(CASES)) {
  test(`${name}: Prisma's error, on Prisma's line, and no migration`, () => {
    const prisma = validate(schema);
    assert.equal(prisma.ok, false, `Prisma accepts ${name}`);
    const errors = parseSchema(schema).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, (prisma.message.match(/^error: /gm) ?? []).length, JSON.stringify(errors));
    for (const d of errors) {
      assert.ok(prisma.message.includes(`error: ${d.message}\n  -->  schema.prisma:${d.line}\n`), `${d.message} @ ${d.line}\n${prisma.message}`);
    }
    assert.throws(
      () => generateMigration({ from: null, to: schema, allowDataLoss: true }),
      (e) => e instanceof NodeLlmOrmError && e.code === 'SCHEMA_SYNTAX' && e.message === errors[0].message && e.line === errors[0].line,
    );
  });
}

test('valid neighbours stay accepted: one @id, @@id alone, a required @unique, @@ignore, lists on PostgreSQL', () => {
  for (const schema of [
    ds() + 'model A {\n  id Int @id\n  b  Int @unique\n}\n',
    ds() + 'model A {\n  a Int\n  b Int\n\n  @@id([a, b])\n}\n',
    ds() + 'model A {\n  a Int?\n  b Int\n\n  @@unique([b])\n}\n',
    ds() + 'model A {\n  id Int\n\n  @@ignore\n}\n',
    ds() + 'model A {\n  id   Int      @id\n  tags String[]\n  at   DateTime @updatedAt\n}\n',
  ]) {
    assert.equal(validate(schema).ok, true, schema);
    assert.deepEqual(parseSchema(schema).diagnostics, [], schema);
  }
});
