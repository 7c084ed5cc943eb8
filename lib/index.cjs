'use strict';
// The package's programmatic entry (CommonJS; `index.mjs` re-exports this same module, so ESM and
// CJS callers share one binding and one `NodeLlmOrmError` class and `instanceof` works across both).
//
// The native side reports a core failure as an Error whose message is `NODE_LLM_ORM_ERROR:` followed
// by the error as JSON (see src/js/mod.rs); each export here turns that back into a typed error.

const fs = require('node:fs');
const path = require('node:path');

/**
 * The binding. napi's generated loader (`../index.js`) checks the libc and searches the files
 * beside the package, then the per-platform npm packages; when exactly one build for this platform
 * sits beside the package (a local build), requiring it directly skips that work at start-up. The
 * loader stays the fallback and reports why nothing loaded.
 */
function loadBinding() {
  if (!process.env.NAPI_RS_NATIVE_LIBRARY_PATH) {
    const { platform, arch } = process;
    const builds = platform === 'linux' ? [`linux-${arch}-gnu`, `linux-${arch}-musl`] : platform === 'win32' ? [`win32-${arch}-msvc`] : [`${platform}-${arch}`];
    const beside = builds.map((build) => path.join(__dirname, '..', `orm-native.${build}.node`)).filter((file) => fs.existsSync(file));
    if (beside.length === 1) {
      try {
        const binding = require(beside[0]);
        // What the loader stamps on the binding it loaded, so both paths export the same names.
        if (!Object.prototype.hasOwnProperty.call(binding, '__napiBindingTarget')) {
          Object.defineProperty(binding, '__napiBindingTarget', { value: 'native', writable: true, enumerable: true, configurable: true });
        }
        return binding;
      } catch {
        // not loadable here (another libc, say): the loader decides
      }
    }
  }
  return require('../index.js');
}

const native = loadBinding();

const ERROR_PREFIX = 'NODE_LLM_ORM_ERROR:';

/** An error the core reported on purpose: stable `code`, and where in a schema it points, if anywhere. */
class NodeLlmOrmError extends Error {
  constructor(code, message, location, options) {
    super(message, options);
    this.name = 'NodeLlmOrmError';
    this.code = code;
    this.file = location ? location.file : null;
    this.line = location ? location.line : null;
    this.column = location ? location.column : null;
    this.endLine = location ? location.endLine : null;
    this.endColumn = location ? location.endColumn : null;
    this.frame = location ? location.frame : null;
  }
}

/** Rebuilds the typed error from a native one; any other error keeps its identity (and gets a `code`). */
function toTyped(err) {
  if (err instanceof Error && typeof err.message === 'string' && err.message.startsWith(ERROR_PREFIX)) {
    let core;
    try {
      core = JSON.parse(err.message.slice(ERROR_PREFIX.length));
    } catch {
      core = null;
    }
    if (core && typeof core.code === 'string') {
      const typed = new NodeLlmOrmError(core.code, core.message, core.location || null, { cause: err });
      // Point the stack at the caller's frames, not at this wrapper.
      if (typeof err.stack === 'string') typed.stack = `${typed.name}: ${typed.message}\n${err.stack.split('\n').slice(1).join('\n')}`;
      return typed;
    }
  }
  if (err instanceof Error && err.code === undefined) err.code = 'NATIVE_ERROR';
  return err;
}

/** Calls a native export, rethrowing a core error as a typed one. */
function call(fn, args) {
  try {
    return fn.apply(native, args);
  } catch (err) {
    throw toTyped(err);
  }
}

function wrap(name, fn) {
  return {
    [name](...args) {
      const result = call(fn, args);
      if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
        return result.then(undefined, (err) => {
          throw toTyped(err);
        });
      }
      return result;
    },
  }[name];
}

// The two hot paths return the report eagerly and the rest through `lib/lazy.cjs`: a big tree
// crosses the boundary only when a caller reads it.
let lazy = null;
/** `lib/lazy.cjs`, required on the first call that needs it (a CLI `sync` never does). */
const lazyModule = () => (lazy ??= require('./lazy.cjs'));

/**
 * `parseSchema`: the diagnostics now; the tree (datasource, generators, models, views, types,
 * enums) on first read, by parsing the same input again (cheaper than building a tree nobody
 * reads, and no native memory held in between). The input is copied, not kept: files the caller
 * changes afterwards do not change this result.
 */
function parseSchema(input) {
  const { lazyObject, deferred } = lazyModule();
  const report = JSON.parse(call(native.internalParseReport, [input]));
  const files = typeof input === 'string' ? input : Array.from(input, (f) => ({ path: f.path, content: f.content }));
  let tree = null;
  const part = (key) => deferred(() => (tree ??= JSON.parse(call(native.parseSchema, [files])))[key]);
  const entries = [];
  if (report.datasource) entries.push(['datasource', part('datasource')]);
  for (const key of ['generators', 'models', 'views', 'types', 'enums']) entries.push([key, part(key)]);
  entries.push(['diagnostics', report.diagnostics]);
  return lazyObject(entries);
}

/**
 * `generateMigration`: `sql` and the report now; `steps` and `summary` on first read, from the
 * native result, released as soon as both are read (else when the object is collected).
 */
function generateMigration(input) {
  const { lazyObject, deferred } = lazyModule();
  const result = call(native.generateMigration, [input]);
  let details = result.details;
  let pending = 2;
  const fromDetails = (fn) =>
    deferred(() => {
      const value = call(fn, [details]);
      if (--pending === 0) {
        call(native.internalMigrationRelease, [details]);
        details = null;
      }
      return value;
    });
  return lazyObject([
    ['sql', result.sql],
    ['steps', fromDetails(native.internalMigrationSteps)],
    ['warnings', result.warnings],
    ['provider', result.provider],
    ['unsafe', result.unsafe],
    ['likelyRenames', result.likelyRenames],
    ['migrations', result.migrations ?? [{ suffix: '', sql: result.sql }]],
    ['summary', fromDetails(native.internalMigrationSummary)],
  ]);
}

const LAZY = { parseSchema, generateMigration };

// Every function the binding was built with is exported, wrapped; nothing is added that it lacks.
// Natives named `internal…` back the wrappers above and are not part of the API.
const api = { NodeLlmOrmError };
for (const [name, value] of Object.entries(native)) {
  if (name.startsWith('internal')) continue;
  api[name] = typeof value !== 'function' ? value : LAZY[name] ?? wrap(name, value);
}

module.exports = api;
