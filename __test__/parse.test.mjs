// parseSchema from Node: the plain-object shape, multi-file input, diagnostics with their place and
// frame, typed errors on wrong arguments, CRLF and CR input, both module systems, and a cross-check
// of models, fields and types against Prisma's own DMMF (`get_dmmf` of the wasm build on npm).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esm from '@node-llm/orm-native';
import { dmmf, validate } from './helpers/prisma-engines.mjs';

const require = createRequire(import.meta.url);
const cjs = require('@node-llm/orm-native');
const { parseSchema, NodeLlmOrmError } = esm;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const shared = path.join(root, '..', 'shared');

const SCHEMA = `// leading comment
datasource db {
  provider     = "postgresql"
  url          = env("DATABASE_URL")
  relationMode = "prisma"
  schemas      = ["public", "audit"]
  extensions   = [pgcrypto, postgis(version: "3.4")]
}

generator client {
  provider        = "prisma-client-js"
  output          = "../generated"
  previewFeatures = ["views", "multiSchema"]
}

/// A user of the app
model User {
  id        String   @id @default(uuid()) @db.Uuid
  email     String   @unique
  name      String? /// shown in the UI
  tags      String[]
  role      Role     @default(USER)
  posts     Post[]
  address   Address?
  embedding Unsupported("vector(3)")?
  createdAt DateTime @default(now()) @map("created_at")

  @@index([email, createdAt(sort: Desc)], map: "user_email")
  @@map("users")
}

model Post {
  id       Int    @id @default(autoincrement())
  authorId String @db.Uuid
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
}

enum Role {
  USER
  ADMIN @map("admin")

  @@map("roles")
}

view ActiveUser {
  id    String @unique
  email String
}

type Address {
  street String
  zip    String?
}
`;

const attr = (name, ...args) => ({ name, arguments: args });
const pos = (value) => ({ value });
const named = (name, value) => ({ name, value });
const field = (name, type, line, { optional = false, list = false, attributes = [], documentation } = {}) => ({
  name,
  type,
  optional,
  list,
  attributes,
  line,
  ...(documentation === undefined ? {} : { documentation }),
});

test('the schema comes back as plain objects: datasource, generators, models, enums, views, types', () => {
  const parsed = parseSchema(SCHEMA);
  assert.deepEqual(parsed.diagnostics, []);
  assert.deepEqual(parsed.datasource, {
    name: 'db',
    provider: 'postgresql',
    url: 'env("DATABASE_URL")',
    relationMode: 'prisma',
    schemas: ['public', 'audit'],
    extensions: ['pgcrypto', 'postgis(version: "3.4")'],
    file: 'schema.prisma',
    line: 2,
  });
  assert.deepEqual(parsed.generators, [
    { name: 'client', provider: 'prisma-client-js', output: '../generated', previewFeatures: ['views', 'multiSchema'], file: 'schema.prisma', line: 10 },
  ]);

  assert.deepEqual(
    parsed.models.map((m) => [m.name, m.file, m.line]),
    [
      ['User', 'schema.prisma', 17],
      ['Post', 'schema.prisma', 32],
    ],
  );
  const [user, post] = parsed.models;
  assert.equal(user.documentation, 'A user of the app');
  assert.deepEqual(user.fields, [
    field('id', 'String', 18, { attributes: [attr('@id'), attr('@default', pos('uuid()')), attr('@db.Uuid')] }),
    field('email', 'String', 19, { attributes: [attr('@unique')] }),
    field('name', 'String', 20, { optional: true, documentation: 'shown in the UI' }),
    field('tags', 'String', 21, { list: true }),
    field('role', 'Role', 22, { attributes: [attr('@default', pos('USER'))] }),
    field('posts', 'Post', 23, { list: true }),
    field('address', 'Address', 24, { optional: true }),
    field('embedding', 'Unsupported("vector(3)")', 25, { optional: true }),
    field('createdAt', 'DateTime', 26, { attributes: [attr('@default', pos('now()')), attr('@map', pos('"created_at"'))] }),
  ]);
  assert.deepEqual(user.attributes, [
    attr('@@index', pos('[email, createdAt(sort: Desc)]'), named('map', '"user_email"')),
    attr('@@map', pos('"users"')),
  ]);
  assert.deepEqual(post.fields[2], field('author', 'User', 35, {
    attributes: [attr('@relation', named('fields', '[authorId]'), named('references', '[id]'), named('onDelete', 'Cascade'))],
  }));

  assert.deepEqual(parsed.enums, [
    { name: 'Role', values: ['USER', 'ADMIN'], attributes: [attr('@@map', pos('"roles"'))], file: 'schema.prisma', line: 38 },
  ]);
  assert.deepEqual(parsed.views, [
    {
      name: 'ActiveUser',
      fields: [field('id', 'String', 46, { attributes: [attr('@unique')] }), field('email', 'String', 47)],
      attributes: [],
      file: 'schema.prisma',
      line: 45,
    },
  ]);
  assert.deepEqual(parsed.types, [
    {
      name: 'Address',
      fields: [field('street', 'String', 51), field('zip', 'String', 52, { optional: true })],
      attributes: [],
      file: 'schema.prisma',
      line: 50,
    },
  ]);
  // Plain data: it survives JSON unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(parsed)), parsed);
});

test('a multi-file schema: every model and diagnostic is attributed to its own file', () => {
  const files = [
    { path: 'prisma/schema/main.prisma', content: 'datasource db {\n  provider = "sqlite"\n}\n\nmodel A {\n  id Int @id\n  bs B[]\n}\n' },
    {
      path: 'prisma/schema/b.prisma',
      content: 'model B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id])\n  oops\n}\n',
    },
    { path: 'prisma/schema/more.prisma', content: '\n\nenum Kind {\n  x\n}\n\nmodel A {\n  id Int @id\n}\n' },
  ];
  const parsed = parseSchema(files);
  assert.deepEqual(
    parsed.models.map((m) => [m.name, m.file, m.line]),
    [
      ['A', 'prisma/schema/main.prisma', 5],
      ['B', 'prisma/schema/b.prisma', 1],
      ['A', 'prisma/schema/more.prisma', 7],
    ],
  );
  assert.deepEqual(parsed.enums.map((e) => [e.name, e.file, e.line]), [['Kind', 'prisma/schema/more.prisma', 3]]);
  assert.equal(parsed.datasource.file, 'prisma/schema/main.prisma');
  assert.deepEqual(
    parsed.diagnostics.map((d) => [d.code, d.file, d.line, d.column]),
    [
      ['FIELD_MISSING_TYPE', 'prisma/schema/b.prisma', 5, 3],
      ['DUPLICATE_NAME', 'prisma/schema/more.prisma', 7, 7],
    ],
  );
  // Each frame quotes its own file.
  assert.match(parsed.diagnostics[0].frame, /prisma\/schema\/b\.prisma:5:3/);
  assert.match(parsed.diagnostics[1].frame, /prisma\/schema\/more\.prisma:7:7\n[\s\S]*7 \| model A \{/);
  // Prisma reports the same errors in the same files and lines.
  const prisma = validate(files);
  assert.equal(prisma.ok, false);
  for (const d of parsed.diagnostics) {
    assert.ok(prisma.message.includes(`error: ${d.message}\n  -->  ${d.file}:${d.line}\n`), `${d.message} @ ${d.file}:${d.line}\n${prisma.message}`);
  }
});

const BROKEN = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id Int @id\n  x ;;\n  name String? @default("é") @@@\n}\n\nmodel B {\n  id   Int @id\n  tags [String]\n}\n';

test('diagnostics: code, Prisma\'s message, file, 1-based line/column range and a frame with a caret', () => {
  const parsed = parseSchema(BROKEN);
  assert.deepEqual(
    parsed.diagnostics.map(({ frame, ...d }) => d),
    [
      {
        code: 'INVALID_FIELD_LINE',
        message: 'Error validating: This line is not a valid field or attribute definition.',
        severity: 'error',
        file: 'schema.prisma',
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 7,
      },
      {
        code: 'INVALID_FIELD_LINE',
        message: 'Error validating: This line is not a valid field or attribute definition.',
        severity: 'error',
        file: 'schema.prisma',
        line: 8,
        column: 3,
        // Columns count characters: `é` is one.
        endLine: 8,
        endColumn: 33,
      },
      {
        code: 'LEGACY_LIST',
        message: 'To specify a list, please use `Type[]` instead of `[Type]`.',
        severity: 'error',
        file: 'schema.prisma',
        line: 13,
        column: 3,
        endLine: 13,
        endColumn: 16,
      },
    ],
  );
  const lines = BROKEN.split('\n');
  for (const d of parsed.diagnostics) {
    const frame = d.frame.split('\n');
    const quoted = frame.findIndex((l) => l.endsWith(`| ${lines[d.line - 1]}`));
    assert.ok(quoted > 0, `the frame quotes line ${d.line}:\n${d.frame}`);
    assert.match(frame[quoted], new RegExp(`^${d.line} \\|`));
    // The caret line underlines exactly the reported columns.
    const carets = frame[quoted + 1].slice(frame[quoted].indexOf('|') + 2);
    assert.equal(carets, ' '.repeat(d.column - 1) + '^'.repeat(d.endColumn - d.column), d.frame);
    assert.ok(frame.some((l) => l.includes(`${d.file}:${d.line}:${d.column}`)), d.frame);
  }
  // The same errors, on the same lines, as Prisma's validator.
  const prisma = validate(BROKEN);
  assert.equal(prisma.ok, false);
  assert.equal((prisma.message.match(/^error: /gm) ?? []).length, parsed.diagnostics.length);
  for (const d of parsed.diagnostics) {
    assert.ok(prisma.message.includes(`error: ${d.message}\n  -->  schema.prisma:${d.line}\n`), `${d.message}\n${prisma.message}`);
  }
  // Schema errors never throw.
  assert.equal(parseSchema('model {').diagnostics[0].code, 'INVALID_LINE');
  assert.deepEqual(parseSchema('').diagnostics, []);
});

test('wrong arguments throw a typed INVALID_ARGUMENT error, from ESM and CommonJS alike', () => {
  const wrong = [undefined, null, 42, true, {}, { path: 'a.prisma', content: 'x' }, [42], ['model A {}'], [{ path: 'a.prisma' }], [{ path: 1, content: '' }], [{ content: '' }]];
  for (const entry of [esm, cjs]) {
    for (const input of wrong) {
      assert.throws(
        () => entry.parseSchema(input),
        (err) => {
          assert.ok(err instanceof NodeLlmOrmError, `${JSON.stringify(input)}: ${err}`);
          assert.equal(err.code, 'INVALID_ARGUMENT');
          assert.match(err.message, /^parseSchema expects a string or an array of \{ path, content \} objects: /);
          assert.equal(err.file, null);
          return true;
        },
        JSON.stringify(input),
      );
    }
  }
  assert.deepEqual(parseSchema([]).models, [], 'no files is an empty schema, not an error');
});

test('CRLF and CR line endings give the same lines and columns as LF', () => {
  const lf = parseSchema(BROKEN);
  const places = (parsed) => ({
    models: parsed.models.map((m) => [m.name, m.line, m.fields.map((f) => [f.name, f.line])]),
    diagnostics: parsed.diagnostics.map((d) => [d.code, d.line, d.column, d.endLine, d.endColumn]),
    frames: parsed.diagnostics.map((d) => d.frame),
  });
  for (const eol of ['\r\n', '\r']) {
    const other = parseSchema(BROKEN.replaceAll('\n', eol));
    assert.deepEqual(places(other), places(lf), JSON.stringify(eol));
  }
  const crlf = parseSchema(SCHEMA.replaceAll('\n', '\r\n'));
  assert.deepEqual(crlf.diagnostics, []);
  assert.deepEqual(crlf.models, parseSchema(SCHEMA).models, 'no \\r leaks into names, types, values or docs');
});

test('ESM and CommonJS give the same result', () => {
  assert.equal(cjs.parseSchema.name, 'parseSchema');
  assert.deepEqual(cjs.parseSchema(SCHEMA), esm.parseSchema(SCHEMA));
  assert.deepEqual(cjs.parseSchema(BROKEN), esm.parseSchema(BROKEN));
  assert.equal(esm.default.parseSchema, cjs.parseSchema);
});

/**
 * What Prisma 7 rejects in older schemas and what has no bearing on the data model: the datasource
 * `url`s and the removed `metrics` preview feature.
 */
const forPrisma7 = (text) =>
  text
    .replace(/^[ \t]*(url|directUrl|shadowDatabaseUrl)\s*=.*$/gm, '')
    .replace(/^[ \t]*previewFeatures\s*=.*$/gm, (line) => line.replace(/"metrics",\s*|,\s*"metrics"|"metrics"/g, ''));

/** What both sides say about every model and view: names, fields, types, optional, list. */
function fromDmmf(datamodel) {
  const blocks = (list) => list.map((m) => [m.name, m.fields.map((f) => [f.name, f.type, !f.isRequired, f.isList])]);
  return { models: blocks(datamodel.models), types: blocks(datamodel.types), enums: datamodel.enums.map((e) => e.name) };
}

/**
 * Ours, with DMMF's rules applied: `@@ignore` models, `@ignore` fields and `Unsupported` fields are
 * not in DMMF (the client cannot use them); views are listed with the models.
 */
function fromParse(parsed) {
  const ignored = (attrs, name) => attrs.some((a) => a.name === name);
  const blocks = (list) =>
    list
      .filter((m) => !ignored(m.attributes, '@@ignore'))
      .map((m) => [
        m.name,
        m.fields.filter((f) => !ignored(f.attributes, '@ignore') && !f.type.startsWith('Unsupported(')).map((f) => [f.name, f.type, f.optional, f.list]),
      ]);
  return { models: blocks([...parsed.models, ...parsed.views]), types: blocks(parsed.types), enums: parsed.enums.map((e) => e.name) };
}

const byName = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const sorted = (shape) => ({ models: [...shape.models].sort(byName), types: [...shape.types].sort(byName), enums: [...shape.enums].sort() });

/** The corpus's real schemas, one entry per schema (the multi-file folders as one set each). */
function realSchemas() {
  const dir = path.join(shared, 'corpus', 'real');
  const prefixes = [
    'dubinc__dub__apps__web__prisma__schema__',
    'mfts__papermark__prisma__schema__',
    'lukevella__rallly__packages__database__prisma__',
    'formbricks__formbricks__packages__database__schema__',
  ];
  const sets = new Map();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.prisma')).sort()) {
    const key = prefixes.find((p) => file.startsWith(p)) ?? file;
    if (!sets.has(key)) sets.set(key, []);
    sets.get(key).push({ path: file, content: fs.readFileSync(path.join(dir, file), 'utf8') });
  }
  return [...sets];
}

test('models, fields, types, optionality and lists agree with Prisma\'s DMMF', () => {
  const schemas = [
    ...fs.readdirSync(path.join(shared, 'reference', 'nodellm', 'schemas')).sort().map((f) => [`nodellm/${f}`, [{ path: f, content: fs.readFileSync(path.join(shared, 'reference', 'nodellm', 'schemas', f), 'utf8') }]]),
    ...fs.readdirSync(path.join(root, 'src', 'nodellm', 'shapes')).sort().map((f) => [`shapes/${f}`, [{ path: f, content: fs.readFileSync(path.join(root, 'src', 'nodellm', 'shapes', f), 'utf8') }]]),
    // The example above, less what PostgreSQL refuses (composite types; schemas and extensions
    // without their preview features).
    ['the example above', [{ path: 'schema.prisma', content: SCHEMA.replace(/^type Address[\s\S]*/m, '').replace(/^ {2}(address|schemas|extensions) .*\n/gm, '') }]],
    ...realSchemas().map(([name, files]) => [`real/${name}`, files]),
  ];
  let compared = 0;
  let fields = 0;
  const refused = [];
  for (const [name, files] of schemas) {
    const input = files.map((f) => ({ path: f.path, content: forPrisma7(f.content) }));
    let datamodel;
    try {
      datamodel = dmmf(input).datamodel;
    } catch (err) {
      // A schema Prisma's current validator refuses has no DMMF to compare with.
      refused.push(`${name}: ${String(err.message).split('\n')[0]}`);
      continue;
    }
    const ours = parseSchema(input);
    assert.deepEqual(ours.diagnostics, [], name);
    assert.deepEqual(sorted(fromParse(ours)), sorted(fromDmmf(datamodel)), name);
    compared += 1;
    fields += datamodel.models.reduce((n, m) => n + m.fields.length, 0);
  }
  // Everything is compared but the one corpus schema Prisma refuses (webstudio's views declare ids).
  assert.deepEqual(
    refused.map((r) => r.split(':')[0]),
    ['real/webstudio-is__webstudio__packages__prisma-client__prisma__schema.prisma'],
    refused.join('\n'),
  );
  assert.equal(compared, schemas.length - 1);
  assert.ok(fields > 5000, `only ${fields} fields compared`);
});

test('garbage from JavaScript (NUL bytes, lone surrogates, 10,000-deep calls) gives diagnostics, never a throw', () => {
  const deep = `model A {\n  id Int @id @default(${'f('.repeat(10_000)}${')'.repeat(10_000)})\n}\n`;
  const inputs = {
    nul: 'model A {\n  id Int @id\0\n}\n',
    surrogate: 'model A {\n  id Int @id\n  \ud800 String\n}\n',
    deep,
    soup: '}{@@(("\\u12\n'.repeat(500),
  };
  for (const [name, text] of Object.entries(inputs)) {
    const parsed = parseSchema(text);
    assert.ok(parsed.diagnostics.length > 0, name);
    for (const d of parsed.diagnostics) {
      assert.ok(d.line >= 1 && d.column >= 1 && d.endLine >= d.line, `${name}: ${JSON.stringify(d)}`);
      assert.equal(typeof d.frame, 'string');
    }
  }
  assert.deepEqual(parseSchema(inputs.nul).diagnostics.map((d) => [d.code, d.line]), [['INVALID_FIELD_LINE', 2]]);
  assert.ok(parseSchema(deep).diagnostics.some((d) => d.code === 'NESTING_TOO_DEEP' && d.line === 2));
});

test('schema text of any script crosses into the core whole: Latin-1, 3-byte CJK at the worst case, astral, lone surrogates', () => {
  // The core reads a JS string in one pass into a buffer sized for 3 UTF-8 bytes per UTF-16 unit
  // (src/js/text.rs): a line of CJK (3 bytes for each unit) fills it exactly, so any short count
  // would cut the model after it.
  const cjk = '名'.repeat(200_000);
  const text = `// ${cjk}\n// \ud800 and 🚀\ndatasource db {\n  provider = "postgresql"\n}\n\nmodel Café {\n  id   Int    @id\n  name String @map("名前 🚀")\n  bad  Nope\n}\n`;
  const lines = text.split('\n');
  const badLine = lines.findIndex((l) => l.includes('Nope')) + 1;
  for (const input of [text, [{ path: 'schema.prisma', content: text }]]) {
    const parsed = parseSchema(input);
    assert.equal(parsed.models[0].name, 'Café');
    assert.deepEqual(parsed.models[0].fields[1].attributes, [{ name: '@map', arguments: [{ value: '"名前 🚀"' }] }]);
    assert.deepEqual(parsed.diagnostics.map((d) => [d.code, d.line, d.column]), [['UNKNOWN_TYPE', badLine, 8]]);
  }
  const good = text.replace('  bad  Nope\n', '');
  for (const to of [good, [{ path: 'schema.prisma', content: good }]]) {
    const { sql } = esm.generateMigration({ from: null, to });
    assert.match(sql, /CREATE TABLE "Café" \(\n {4}"id" INTEGER NOT NULL,\n {4}"名前 🚀" TEXT NOT NULL,/);
  }
  // sync adds the ORM's models after what is there, which comes back whole (the lone surrogate
  // as U+FFFD).
  const { content } = esm.sync({ schema: good }).schema[0];
  assert.ok(content.length > good.length && content.startsWith(good.replace('\ud800', '\ufffd')), 'sync keeps the text');
});
