'use strict';
// The package's programmatic entry (CommonJS; `index.mjs` re-exports this same module, so ESM and
// CJS callers share one binding and one `NodeLlmOrmError` class and `instanceof` works across both).
//
// The native side reports a core failure as an Error whose message is `NODE_LLM_ORM_ERROR:` followed
// by the error as JSON (see src/js/mod.rs); each export here turns that back into a typed error.

const native = require('../index.js');

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

// Results that cross the boundary as one JSON string (src/js/parse.rs says why), decoded here.
const DECODE = { parseSchema: JSON.parse };

function wrap(name, fn) {
  const decode = DECODE[name];
  const wrapped = {
    [name](...args) {
      let result;
      try {
        result = fn.apply(native, args);
      } catch (err) {
        throw toTyped(err);
      }
      if (decode) return decode(result);
      if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
        return result.then(undefined, (err) => {
          throw toTyped(err);
        });
      }
      return result;
    },
  }[name];
  return wrapped;
}

// Every function the binding was built with is exported, wrapped; nothing is added that it lacks.
const api = { NodeLlmOrmError };
for (const [name, value] of Object.entries(native)) {
  api[name] = typeof value === 'function' ? wrap(name, value) : value;
}

module.exports = api;
