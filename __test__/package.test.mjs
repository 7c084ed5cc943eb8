// The package as a user installs it: both module systems load the one addon, every native export
// is reachable and wrapped, and the addon is the build this package.json describes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as esm from '@node-llm/orm-native';
import esmDefault from '@node-llm/orm-native';

const require = createRequire(import.meta.url);
const cjs = require('@node-llm/orm-native');
const native = require('../index.js');
const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

test('ESM and CommonJS entries resolve through package.json exports to the same module', () => {
  assert.equal(require.resolve('@node-llm/orm-native'), new URL('../lib/index.cjs', import.meta.url).pathname);
  assert.equal(esmDefault, cjs);
  assert.equal(esm.NodeLlmOrmError, cjs.NodeLlmOrmError);
});

test('every export of the native binding is exported by both entries, and nothing it lacks', () => {
  // Natives named `internal…` back the lazy results of lib/index.cjs; they are not API.
  const internal = Object.keys(native).filter((name) => name.startsWith('internal'));
  for (const name of internal) assert.ok(!(name in cjs) && !(name in esm), `${name} is exported`);
  const nativeNames = Object.keys(native).filter((name) => !internal.includes(name)).sort();
  assert.ok(nativeNames.includes('version'));
  assert.deepEqual(Object.keys(cjs).sort(), [...nativeNames, 'NodeLlmOrmError'].sort());
  for (const name of nativeNames) {
    assert.ok(name in esm, `lib/index.mjs does not export ${name}`);
    assert.equal(esm[name], cjs[name], name);
    if (typeof native[name] === 'function') {
      assert.notEqual(cjs[name], native[name], `${name} is exported unwrapped`);
      assert.equal(cjs[name].name, name);
    }
  }
  // Names the ESM entry lists ahead of the binding (API not built yet) stay undefined, never stubs.
  for (const name of Object.keys(esm)) {
    if (name !== 'default' && !(name in cjs)) assert.equal(esm[name], undefined, name);
  }
});

test('version() from ESM and CommonJS is the package.json version', () => {
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(esm.version(), pkg.version);
  assert.equal(cjs.version(), pkg.version);
});

test('the napi config names the binary and every platform we ship, each with its npm/ package', () => {
  assert.equal(pkg.napi.binaryName, 'orm-native');
  const dirs = {
    'x86_64-unknown-linux-gnu': 'linux-x64-gnu',
    'aarch64-unknown-linux-gnu': 'linux-arm64-gnu',
    'x86_64-unknown-linux-musl': 'linux-x64-musl',
    'aarch64-unknown-linux-musl': 'linux-arm64-musl',
    'x86_64-apple-darwin': 'darwin-x64',
    'aarch64-apple-darwin': 'darwin-arm64',
    'x86_64-pc-windows-msvc': 'win32-x64-msvc',
  };
  assert.deepEqual([...pkg.napi.targets].sort(), Object.keys(dirs).sort());
  for (const dir of Object.values(dirs)) {
    const sub = JSON.parse(fs.readFileSync(new URL(`../npm/${dir}/package.json`, import.meta.url), 'utf8'));
    assert.equal(sub.name, `${pkg.name}-${dir}`);
    assert.equal(sub.version, pkg.version);
    assert.equal(sub.main, `orm-native.${dir}.node`);
  }
});

test('a core error arrives as a typed NodeLlmOrmError with its place in the schema (ESM and CJS)', () => {
  const schema = 'model A {\n  id Int @id\n  x ;;\n}\n';
  for (const entry of [esm, cjs]) {
    let caught;
    try {
      entry.sync({ schema });
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof esm.NodeLlmOrmError, `not typed: ${caught}`);
    assert.ok(caught instanceof Error);
    assert.equal(caught.name, 'NodeLlmOrmError');
    assert.equal(caught.code, 'SCHEMA_SYNTAX');
    assert.equal(caught.file, 'schema.prisma');
    assert.equal(caught.line, 3);
    assert.equal(caught.column, 3);
    assert.match(caught.frame, /^3 \| {3}x ;;$/m);
    assert.doesNotMatch(caught.message, /NODE_LLM_ORM_ERROR/);
    assert.match(caught.cause.message, /^NODE_LLM_ORM_ERROR:\{/);
  }
});

test('wrong arguments are a typed INVALID_ARGUMENT error with no location', () => {
  assert.throws(() => esm.parseSchema(42), (err) => {
    assert.ok(err instanceof esm.NodeLlmOrmError);
    assert.equal(err.code, 'INVALID_ARGUMENT');
    assert.match(err.message, /^parseSchema expects a string or an array/);
    assert.equal(err.line, null);
    assert.equal(err.frame, null);
    return true;
  });
});
