// The addon never takes the process down, and names cannot inject SQL.
// - A panic inside an export (forced through the test-only `__forcePanic`, which the addon registers
//   only when loaded with NODE_LLM_ORM_TEST_HOOKS=1; see src/js/test_hooks.rs) arrives as a typed JS
//   error, and the same process goes on using the addon. It runs in a child process so that, were
//   the panic to abort, this test fails instead of the runner dying.
// - Names with quotes, backticks, Unicode and SQL in `@map`/`@@map`/`map:` reach a real PostgreSQL
//   (PGlite) exactly as written, and the statement hidden in one of them does not run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import * as api from '../lib/index.mjs';
import { runWithTestHooks } from './helpers/test-hooks.mjs';

test('a panic in the core is a NodeLlmOrmError INTERNAL_ERROR and the process lives on', () => {
  const script = `
    const api = require('./lib/index.cjs');
    const out = {};
    try {
      api.__forcePanic('forced for the robustness test');
      out.threw = false;
    } catch (err) {
      out.threw = true;
      out.isError = err instanceof Error;
      out.typed = err instanceof api.NodeLlmOrmError;
      out.code = err.code;
      out.message = err.message;
    }
    out.after = api.parseSchema('model A {\\n  id Int @id\\n}\\n').models.map((m) => m.name);
    out.again = (() => { try { api.__forcePanic('twice'); } catch (err) { return err.code; } })();
    process.stdout.write(JSON.stringify(out));
  `;
  const out = runWithTestHooks(script);
  assert.deepEqual(out, {
    threw: true,
    isError: true,
    typed: true,
    code: 'INTERNAL_ERROR',
    message: 'internal error in @node-llm/orm-native: forced for the robustness test',
    after: ['A'],
    again: 'INTERNAL_ERROR',
  });
});

test('without NODE_LLM_ORM_TEST_HOOKS=1 the test hook does not exist', () => {
  assert.equal(process.env.NODE_LLM_ORM_TEST_HOOKS, undefined);
  assert.equal(api.default.__forcePanic, undefined);
});

const WEIRD = `datasource db {
  provider = "postgresql"
}

model A {
  id    Int    @id @map("we\\"ird")
  b     String @map("back\`tick")
  c     String @map("drop'); --")
  ü     Int    @map("ünï")
  evil  String @default("it's") @map("x\\"; DROP TABLE \\"victim\\"; --")
  kind  Kind
  rels  Rel[]

  @@index([b], map: "ix\\"q")
  @@map("a\\"b")
}

model Rel {
  id  Int @id
  aId Int
  a   A   @relation(fields: [aId], references: [id], map: "fk\\"q")

  @@map("r\`x")
}

model Victim {
  id Int @id

  @@map("victim")
}

enum Kind {
  X @map("x\\"y")
  Y @map("it's")

  @@map("kind\\"e")
}
`;

test('quoted, backticked, Unicode and SQL-bearing names reach PostgreSQL intact, and nothing else runs', async () => {
  const { sql } = api.generateMigration({ from: null, to: WEIRD });
  const db = new PGlite();
  try {
    await db.exec(sql);
    const names = async (query) => (await db.query(query)).rows.map((r) => Object.values(r).join(' '));
    assert.deepEqual(await names("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"), ['a"b', 'r`x', 'victim']);
    assert.deepEqual(await names(`SELECT column_name, coalesce(column_default, '') FROM information_schema.columns WHERE table_name = 'a"b' ORDER BY ordinal_position`), [
      'we"ird ',
      'back`tick ',
      "drop'); -- ",
      'ünï ',
      `x"; DROP TABLE "victim"; -- 'it''s'::text`,
      'kind ',
    ]);
    assert.deepEqual(await names("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey' ORDER BY 1"), ['ix"q']);
    assert.deepEqual(await names("SELECT conname FROM pg_constraint WHERE contype = 'f'"), ['fk"q']);
    assert.deepEqual(await names("SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'kind\"e' ORDER BY e.enumsortorder"), ['x"y', "it's"]);
  } finally {
    await db.close();
  }
});
