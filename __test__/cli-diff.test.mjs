// `node-llm-orm diff`, the offline `prisma migrate diff`: its script and its human summary compared
// byte for byte with Prisma's own schema engine (in-process, wasm), and Prisma's exit codes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import api from '../lib/index.mjs';
import { main as diffMain } from '../cli/diff.mjs';
import { diffScript, diffSummary } from './helpers/prisma-engines.mjs';
import { project, run, shape } from './helpers/cli-project.mjs';

const pg = (body, extra = '') => `datasource db {\n  provider = "postgresql"${extra}\n}\n\n${body}`;
const sqlite = (body) => `datasource db {\n  provider = "sqlite"\n}\n\n${body}`;

/** Schema pairs covering each kind of summary line: tables, enums, variants, columns, defaults, indexes, keys, namespaces. */
const PAIRS = {
  'empty → 0.1.0': [null, shape('0.1.0')],
  '0.1.0 → 0.8.0': [shape('0.1.0'), shape('0.8.0')],
  '0.8.0 → 0.2.0': [shape('0.8.0'), shape('0.2.0')],
  '0.8.0 → 0.8.0': [shape('0.8.0'), shape('0.8.0')],
  'enums, defaults, arity, autoincrement, indexes': [
    pg(`enum Role {\n  A\n  B\n}\n\nenum Gone {\n  X\n}\n\nmodel User {\n  id    Int     @id @default(autoincrement())\n  name  String  @default("x")\n  age   Int?\n  role  Role    @default(A)\n  email String  @unique\n  old   String\n  on    Boolean @default(false)\n  n     Int     @default(3)\n  posts Post[]\n\n  @@index([name, age])\n}\n\nmodel Post {\n  id   Int  @id\n  uid  Int\n  user User @relation(fields: [uid], references: [id])\n}\n`),
    pg(`enum Role {\n  A\n  C\n}\n\nenum New {\n  Y\n}\n\nmodel User {\n  id    Int     @id\n  name  String  @default("it's")\n  age   Int\n  role  Role    @default(C)\n  email String\n  nw    String?\n  on    Boolean @default(true)\n  n     BigInt  @default(4)\n\n  @@unique([name, age])\n}\n\nmodel Post {\n  id  Int @id\n  uid Int\n}\n\nmodel Extra {\n  id String @id @default(uuid())\n\n  @@map("extra_things")\n}\n`),
  ],
  'empty → 0.8.0 on SQLite': [null, shape('0.8.0').replace('provider = "postgresql"', 'provider = "sqlite"')],
  'empty → 0.8.0 on CockroachDB': [null, shape('0.8.0').replace('provider = "postgresql"', 'provider = "cockroachdb"')],
  'multiSchema from empty': [null, pg('enum Kind {\n  A\n\n  @@schema("auth")\n}\n\nmodel U {\n  id Int  @id\n  k  Kind\n\n  @@schema("auth")\n}\n\nmodel V {\n  id Int @id\n\n  @@schema("base")\n}\n', '\n  schemas  = ["base", "auth"]')],
  'sqlite redefined table': [
    sqlite('model User {\n  id   Int    @id\n  name String @default("x")\n  age  Int?\n  b    Int\n\n  @@index([name])\n}\n'),
    sqlite('model User {\n  id   Int    @id\n  name String @default("x")\n  age  Int\n  c    Int?\n\n  @@index([name], map: "renamed")\n}\n'),
  ],
  'index renamed, foreign key renamed': [
    pg('model A {\n  id Int @id\n  bs B[]\n}\n\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id])\n\n  @@index([aId])\n}\n'),
    pg('model A {\n  id Int @id\n  bs B[]\n}\n\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id], map: "b_to_a")\n\n  @@index([aId], map: "b_a_idx")\n}\n'),
  ],
  'primary keys: composite, renamed, added; list to scalar (drop and recreate)': [
    pg('model A {\n  id Int @id\n  b  Int\n}\n\nmodel B {\n  id Int @id\n}\n\nmodel C {\n  id Int @unique\n}\n\nmodel D {\n  id Int      @id\n  x  String[]\n}\n'),
    pg('model A {\n  id Int\n  b  Int\n\n  @@id([id, b])\n}\n\nmodel B {\n  id Int @id(map: "b_key")\n}\n\nmodel C {\n  id Int @id\n}\n\nmodel D {\n  id Int    @id\n  x  String\n}\n'),
  ],
  'JSON, float and dbgenerated defaults': [
    pg('model A {\n  id Int    @id\n  x  Json   @default("{}")\n  f  Float  @default(1.5)\n  g  String @default(dbgenerated("gen_random_uuid()"))\n}\n'),
    pg('model A {\n  id Int    @id\n  x  Json   @default("[]")\n  f  Float  @default(2.5)\n  g  String @default(dbgenerated("md5(random()::text)"))\n}\n'),
  ],
};

test('the summary equals prisma migrate diff\'s, byte for byte', async () => {
  for (const [label, [from, to]] of Object.entries(PAIRS)) {
    const ours = api.generateMigration({ from, to, allowDataLoss: true }).summary;
    assert.equal(ours, await diffSummary({ from, to }), label);
  }
});

test('diff prints the script (--script) or the summary, as the engine does, for files and folders', async () => {
  const dir = project({ 'old.prisma': shape('0.1.0'), 'new.prisma': shape('0.8.0'), 'lite.prisma': PAIRS['sqlite redefined table'][1] });
  let r = await run(diffMain, ['--from-schema', 'old.prisma', '--to-schema', 'new.prisma', '--script'], dir);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, await diffScript({ from: shape('0.1.0'), to: shape('0.8.0') }));
  r = await run(diffMain, ['--from-empty', '--to-schema', 'lite.prisma', '--script'], dir);
  assert.equal(r.out, await diffScript({ from: null, to: PAIRS['sqlite redefined table'][1] }));
  r = await run(diffMain, ['--from-empty', '--to-schema', 'new.prisma', '--script', '--provider', 'cockroachdb'], dir);
  assert.equal(r.out, await diffScript({ from: null, to: shape('0.8.0'), provider: 'cockroachdb' }));
  r = await run(diffMain, ['--from-schema', 'old.prisma', '--to-schema', 'new.prisma'], dir);
  assert.equal(r.out, await diffSummary({ from: shape('0.1.0'), to: shape('0.8.0') }));
  assert.match(r.out, /^\n\[\+\] Added tables\n {2}- LlmAgentSession\n/);

  const full = shape('0.8.0');
  const split = project({
    'schema/base.prisma': full.slice(0, full.indexOf('// NodeLLM ORM Models')),
    'schema/models/orm.prisma': full.slice(full.indexOf('// NodeLLM ORM Models')),
    'one.prisma': full,
  });
  r = await run(diffMain, ['--from-schema', 'one.prisma', '--to-schema', 'schema'], split);
  assert.deepEqual([r.code, r.out], [0, 'No difference detected.\n']);

  r = await run(diffMain, ['--from-schema', 'old.prisma', '--to-empty', '--accept-data-loss'], dir);
  assert.equal(r.out, await diffSummary({ from: shape('0.1.0'), to: null }));
  assert.match(r.out, /\[-\] Removed tables\n {2}- LlmChat\n/);

  r = await run(diffMain, ['--from-empty', '--to-schema', 'new.prisma', '--script', '-o', 'out/m.sql'], dir);
  assert.deepEqual([r.code, r.out], [0, '']);
  assert.equal(fs.readFileSync(path.join(dir, 'out/m.sql'), 'utf8'), api.generateMigration({ from: null, to: shape('0.8.0') }).sql);
});

test('exit codes as Prisma documents them: --exit-code 0 empty / 2 changes, 1 on errors', async () => {
  const dir = project({
    'a.prisma': shape('0.5.0'),
    'b.prisma': shape('0.8.0'),
    'bad.prisma': 'datasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id String @id\n  oops (\n}\n',
    'mongo.prisma': 'datasource db {\n  provider = "mongodb"\n}\n\nmodel A {\n  id String @id @map("_id")\n}\n',
  });
  assert.equal((await run(diffMain, ['--from-schema', 'a.prisma', '--to-schema', 'a.prisma', '--exit-code'], dir)).code, 0);
  assert.equal((await run(diffMain, ['--from-schema', 'a.prisma', '--to-schema', 'b.prisma', '--exit-code'], dir)).code, 2);
  assert.equal((await run(diffMain, ['--from-schema', 'a.prisma', '--to-schema', 'b.prisma'], dir)).code, 0);

  let r = await run(diffMain, ['--from-empty', '--to-schema', 'bad.prisma', '--exit-code'], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /^error SCHEMA_SYNTAX: .* \(bad\.prisma:7:3\)\n/);
  assert.match(r.err, /--> bad\.prisma:7:3\n.*\n7 \| +oops \(\n/, 'the frame shows the line');
  assert.equal(r.err.trim().split('\n').filter((l) => l.startsWith('error')).length, 1, 'one message');
  r = await run(diffMain, ['--from-empty', '--to-schema', 'mongo.prisma'], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /UNSUPPORTED_PROVIDER/);
  for (const argv of [['--to-schema', 'b.prisma'], ['--from-empty', '--from-schema', 'a.prisma', '--to-schema', 'b.prisma'], ['--from-empty'], ['--from-empty', '--to-schema', 'missing.prisma'], ['--nope']]) {
    r = await run(diffMain, argv, dir);
    assert.equal(r.code, 1, argv.join(' '));
    assert.equal(r.out, '');
  }
});

test('diff through the bin, with a real process', () => {
  const bin = fileURLToPath(new URL('../cli/node-llm-orm.mjs', import.meta.url));
  const dir = project({ 'a.prisma': shape('0.5.0'), 'b.prisma': shape('0.8.0') });
  const r = spawnSync(process.execPath, [bin, 'diff', '--from-schema', 'a.prisma', '--to-schema', 'b.prisma', '--exit-code', '--script'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, api.generateMigration({ from: shape('0.5.0'), to: shape('0.8.0') }).sql);
});
