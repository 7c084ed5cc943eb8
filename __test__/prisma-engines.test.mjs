// The shared helper that conformance tests use to ask Prisma's engines: it must reproduce the
// oracle's recorded outputs byte for byte, or every comparison built on it is meaningless.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate, format, diffScript, schemaProvider, withProvider } from './helpers/prisma-engines.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORACLE = path.resolve(ROOT, '..', 'shared', 'oracle');
const read = (...p) => fs.readFileSync(path.join(ORACLE, ...p), 'utf8');

for (const provider of ['postgresql', 'sqlite']) {
  test(`diffScript empty → NodeLLM schema (${provider}) equals the oracle's recorded SQL`, async () => {
    const sql = await diffScript({ from: null, to: read('schemas', 'nodellm.prisma'), provider });
    assert.equal(sql, read('expected', `nodellm-${provider}.sql`));
  });

  test(`diffScript pre-0.2.0 → 0.8.0 shape (${provider}) equals the oracle's recorded SQL`, async () => {
    const sql = await diffScript({ from: read('schemas', 'nodellm-old.prisma'), to: read('schemas', 'nodellm.prisma'), provider });
    assert.equal(sql, read('expected', `upgrade-${provider}.sql`));
  });
}

test('diffScript takes multi-file schemas and reads the provider from the datasource', async () => {
  const files = [
    { path: 'schema/main.prisma', content: 'datasource db {\n  provider = "sqlite"\n}\n' },
    { path: 'schema/user.prisma', content: 'model User {\n  id Int @id\n}\n' },
  ];
  const sql = await diffScript({ from: null, to: files });
  assert.equal(sql, '-- CreateTable\nCREATE TABLE "User" (\n    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT\n);\n');
  assert.equal(await diffScript({ from: files, to: files }), '-- This is an empty migration.\n');
});

test('diffScript refuses MySQL, which Prisma has no wasm engine for', async () => {
  await assert.rejects(diffScript({ from: null, to: read('schemas', 'nodellm.prisma'), provider: 'mysql' }), /no mysql flavour/);
});

test('validate accepts the NodeLLM schema and returns Prisma\'s own error text for a broken one', () => {
  assert.deepEqual(validate(read('schemas', 'nodellm.prisma')), { ok: true, warnings: [] });
  const bad = validate('model A {\n  id Int @id\n  owner Ghost\n}\n');
  assert.equal(bad.ok, false);
  assert.equal(bad.code, 'P1012');
  assert.match(bad.message, /Type "Ghost" is neither a built-in type, nor refers to another model/);
  assert.match(bad.message, /-->\s+schema\.prisma:3/);
});

test('validate sees a multi-file schema as one', () => {
  const files = [
    { path: 'a.prisma', content: 'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id Int @id\n  b  B?\n}\n' },
    { path: 'b.prisma', content: 'model B {\n  id  Int @id\n  aId Int @unique\n  a   A   @relation(fields: [aId], references: [id])\n}\n' },
  ];
  assert.equal(validate(files).ok, true);
  assert.equal(validate(files.slice(0, 1)).ok, false);
});

test('format aligns like `prisma format` and is idempotent', () => {
  const formatted = format('model A {\nid Int @id\nname String? @unique\n}\n');
  assert.equal(formatted, 'model A {\n  id   Int     @id\n  name String? @unique\n}\n');
  assert.equal(format(formatted), formatted);
  const nodellm = read('schemas', 'nodellm.prisma');
  assert.notEqual(format(nodellm), nodellm, 'the oracle documents nodellm.prisma as not prisma-format clean');
  assert.deepEqual(format([{ path: 'x.prisma', content: formatted }]), [{ path: 'x.prisma', content: formatted }]);
});

test('withProvider rewrites only the datasource provider', () => {
  const src = 'generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n';
  const out = withProvider(src, 'sqlite');
  assert.equal(out, src.replace('"postgresql"', '"sqlite"'));
  assert.equal(schemaProvider(out), 'sqlite');
});
