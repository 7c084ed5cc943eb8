// Prisma's own engines, in-process and offline, for conformance tests: what Prisma's validator,
// `prisma format` and `prisma migrate diff --script` say about a schema. The engines are the wasm
// builds on npm (pinned devDependencies, the same versions as ../shared/oracle); no database and no
// download is needed.
//
// A schema argument is its text (treated as one file `schema.prisma`) or a list of
// `{ path, content }` files (multi-file schemas). `null` in a diff means an empty database.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);

// Both wasm modules report a Rust panic through this global (Prisma's CLI installs the same);
// without it a panic surfaces as an unrelated TypeError.
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: '',
  get() {
    return this.message;
  },
  set_message(m) {
    this.message = `RuntimeError: ${m}`;
  },
};

/** Schema text or files → the `[path, content][]` pairs the engines take. */
function toPairs(schema) {
  if (typeof schema === 'string') return [['schema.prisma', schema]];
  if (Array.isArray(schema)) return schema.map((f) => [f.path, f.content]);
  throw new TypeError('a schema is its text or an array of { path, content }');
}

let pslWasm;
function psl() {
  return (pslWasm ??= require('@prisma/prisma-schema-wasm'));
}

/**
 * Prisma's validator (`prisma validate`). Never throws on an invalid schema:
 * `{ ok: true, warnings }` or `{ ok: false, code, message }` with Prisma's own error text.
 */
export function validate(schema) {
  const pairs = toPairs(schema);
  try {
    psl().validate(JSON.stringify({ prismaSchema: pairs, noColor: true }));
  } catch (e) {
    let parsed;
    try {
      parsed = JSON.parse(e.message);
    } catch {
      parsed = { error_code: null, message: String(e.message ?? e) };
    }
    return { ok: false, code: parsed.error_code ?? null, message: parsed.message };
  }
  const warnings = JSON.parse(psl().lint(JSON.stringify(pairs)))
    .filter((d) => d.is_warning)
    .map((d) => d.text);
  return { ok: true, warnings };
}

/** Prisma's DMMF (`get_dmmf`, what `prisma generate` hands to generators); throws on an invalid schema. */
export function dmmf(schema) {
  return JSON.parse(psl().get_dmmf(JSON.stringify({ prismaSchema: toPairs(schema), noColor: true })));
}

/** `prisma format`: the formatted text, or the formatted files when given files. */
export function format(schema) {
  const pairs = toPairs(schema);
  const params = JSON.stringify({ textDocument: { uri: 'file:/dev/null' }, options: { tabSize: 2, insertSpaces: true } });
  const out = JSON.parse(psl().format(JSON.stringify(pairs), params));
  if (typeof schema === 'string') return out[0][1];
  return out.map(([p, content]) => ({ path: p, content }));
}

let schemaEngine;
/**
 * The schema engine's ESM glue imports its .wasm as a module, which Node 20 only allows behind a
 * flag; instantiate it by hand against the same glue instead.
 */
async function engineModule() {
  if (schemaEngine) return schemaEngine;
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = await import(gluePath);
  const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(wasmModule, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return (schemaEngine = glue);
}

/**
 * A driver adapter with no database behind it. On start-up the engine asks PostgreSQL whether the
 * schema exists and which version it runs; this answers like PostgreSQL 15 with a `public` schema.
 * A schema-to-schema diff asks nothing else, so any other query is refused loudly.
 */
function stubAdapterFactory(adapterProvider) {
  const refuse = (what) => async () => {
    throw new Error(`prisma-engines stub adapter: no database here (${what})`);
  };
  const connection = () => ({
    provider: adapterProvider,
    adapterName: 'node-llm-orm-test-stub',
    async queryRaw(query) {
      if (/FROM pg_namespace WHERE nspname/.test(query.sql)) {
        return {
          columnNames: ['exists', 'version', 'numeric_version'],
          columnTypes: [5, 7, 0], // Boolean, Text, Int32 in driver-adapter-utils' ColumnTypeEnum
          rows: [[true, 'PostgreSQL 15.18 (stub)', 150018]],
        };
      }
      throw new Error(`prisma-engines stub adapter: no database here (query ${query.sql.slice(0, 120)})`);
    },
    executeRaw: refuse('executeRaw'),
    executeScript: refuse('executeScript'),
    startTransaction: refuse('transaction'),
    getConnectionInfo: () => ({ supportsRelationJoins: false }),
    async dispose() {},
  });
  return bindMigrationAwareSqlAdapterFactory({
    provider: adapterProvider,
    adapterName: 'node-llm-orm-test-stub',
    connect: async () => connection(),
    connectToShadowDb: async () => connection(),
  });
}

const ADAPTER_PROVIDER = { postgresql: 'postgres', postgres: 'postgres', cockroachdb: 'postgres', sqlite: 'sqlite' };

const DATASOURCE = /(datasource\s+\w+\s*\{)([\s\S]*?)(\n\s*\})/;

/** The provider a schema's datasource names, or null. */
export function schemaProvider(content) {
  const block = DATASOURCE.exec(content);
  const m = block && /provider\s*=\s*"([^"]+)"/.exec(block[2]);
  return m ? m[1] : null;
}

/** The schema with its datasource `provider` replaced (other bytes untouched). */
export function withProvider(content, provider) {
  return content.replace(DATASOURCE, (_, head, body, tail) => head + body.replace(/(provider\s*=\s*)"[^"]*"/, `$1${JSON.stringify(provider)}`) + tail);
}

async function startEngine(adapterProvider) {
  const { SchemaEngine } = await engineModule();
  return SchemaEngine.new({ datamodels: undefined }, () => {}, stubAdapterFactory(adapterProvider));
}

function diffParams(from, to, script = true) {
  return { from, to, script, exitCode: null, filters: { externalTables: [], externalEnums: [] } };
}

/**
 * One schema engine kept open for many diffs from an empty database (`npm run bench` times the diff,
 * not the engine's start-up): `diffFromEmpty(files)` resolves to the script; `free()` when done.
 */
export async function openDiffEngine(provider) {
  const adapterProvider = ADAPTER_PROVIDER[provider];
  if (!adapterProvider) throw new Error(`openDiffEngine: Prisma's wasm schema engine has no ${provider} flavour`);
  const engine = await startEngine(adapterProvider);
  return {
    async diffFromEmpty(files) {
      const result = await engine.diff(diffParams({ tag: 'empty' }, { tag: 'schemaDatamodel', files }));
      return result.stdout ?? '';
    },
    free: () => engine.free(),
  };
}

/**
 * `prisma migrate diff --from-… --to-… --script`: the SQL exactly as the CLI writes it to a file.
 * `provider` rewrites the datasource provider of both schemas (postgresql, cockroachdb, sqlite);
 * without it the provider is read from `to`, then `from`. MySQL has no wasm engine flavour.
 */
export async function diffScript({ from = null, to = null, provider, script = true } = {}) {
  const side = (schema) => {
    if (schema === null) return { target: { tag: 'empty' }, provider: null };
    let pairs = toPairs(schema);
    if (provider) pairs = pairs.map(([p, content]) => [p, withProvider(content, provider)]);
    const found = pairs.map(([, content]) => schemaProvider(content)).find(Boolean) ?? null;
    return { target: { tag: 'schemaDatamodel', files: pairs.map(([p, content]) => ({ path: p, content })) }, provider: found };
  };
  const a = side(from);
  const b = side(to);
  const effective = provider ?? b.provider ?? a.provider;
  if (!effective) throw new Error('diffScript: no provider (no datasource in either schema, and none given)');
  const adapterProvider = ADAPTER_PROVIDER[effective];
  if (!adapterProvider) throw new Error(`diffScript: Prisma's wasm schema engine has no ${effective} flavour`);

  globalThis.PRISMA_WASM_PANIC_REGISTRY.message = '';
  let engine;
  try {
    engine = await startEngine(adapterProvider);
    const result = await engine.diff(diffParams(a.target, b.target, script));
    return result.stdout ?? '';
  } catch (e) {
    const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY.get();
    throw new Error(`Prisma schema engine: ${e?.message ?? e}${panic ? `\n${panic}` : ''}`, { cause: e });
  } finally {
    try {
      engine?.free();
    } catch {
      // already freed by a failed start-up
    }
  }
}

/** `prisma migrate diff` without `--script`: the human summary the CLI prints (before its newline). */
export function diffSummary(options) {
  return diffScript({ ...options, script: false });
}
