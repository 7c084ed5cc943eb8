// Finds the Prisma schema the way the Prisma CLI does:
//   1. `--schema <path>`
//   2. `schema` in prisma.config.{ts,mts,cts,js,mjs,cjs} (Prisma ≥ 6; when present, package.json's
//      `prisma` key is ignored, as Prisma does). The file is read as text, never executed: a string
//      literal or `path.join`/`path.resolve`/`join`/`resolve` of string literals is understood.
//   3. `prisma.schema` in package.json (Prisma ≤ 6)
//   4. ./prisma/schema.prisma, ./prisma/schema/ (a multi-file folder), ./schema.prisma
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const CONFIG_NAMES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.cts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs'];

/** Drops `//` and `/* *\/` comments outside string literals. */
function stripComments(source) {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 1;
    } else {
      out += c;
    }
  }
  return out;
}

const STRING = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\x60([^\x60$\\]*)\x60)`;
const literal = (m, offset = 1) => m[offset] ?? m[offset + 1] ?? m[offset + 2];

/**
 * A path value at the start of `rest`: `{ value }` for a string literal or `path.join`/`resolve` of
 * literals, `{ unreadable: true }` for anything only running the file could tell.
 */
function pathValue(rest) {
  const direct = new RegExp(`^${STRING}`).exec(rest);
  if (direct) return { value: literal(direct) };
  const call = /^(?:path\s*\.\s*)?(join|resolve)\s*\(([^)]*)\)/.exec(rest);
  if (call) {
    const args = call[2].split(',').map((a) => a.trim()).filter(Boolean);
    const parts = [];
    for (const arg of args) {
      if (/^__dirname$|^import\.meta\.dirname$|^process\.cwd\(\s*\)$/.test(arg)) continue;
      const m = new RegExp(`^${STRING}$`).exec(arg);
      if (!m) return { unreadable: true };
      parts.push(literal(m));
    }
    return { value: path.join(...parts) };
  }
  return { unreadable: true };
}

/**
 * The `schema` of a Prisma config file's source, relative to its folder: `{ schema }`, `{}` when the
 * file sets none, or `{ unreadable: true }` when it sets one that only running the file could tell.
 */
function schemaFromConfig(source) {
  const code = stripComments(source);
  const key = /(?:^|[{,\s])["']?schema["']?\s*:\s*/m.exec(code);
  if (!key) return {};
  const found = pathValue(code.slice(key.index + key[0].length));
  return found.unreadable ? found : { schema: found.value };
}

/** `migrations: { path }` of a Prisma config file's source, as `schemaFromConfig` reads `schema`. */
function migrationsFromConfig(source) {
  const code = stripComments(source);
  const block = /(?:^|[{,\s])["']?migrations["']?\s*:\s*\{/m.exec(code);
  if (!block) return {};
  const body = code.slice(block.index + block[0].length);
  const key = /(?:^|[{,\s])["']?path["']?\s*:\s*/m.exec(body.slice(0, body.indexOf('}') === -1 ? undefined : body.indexOf('}')));
  if (!key) return {};
  const found = pathValue(body.slice(key.index + key[0].length));
  return found.unreadable ? found : { path: found.value };
}

/** The project's `prisma.config.*` file (absolute path), or null. */
function findConfigFile(cwd) {
  for (const name of CONFIG_NAMES) {
    const file = path.join(cwd, name);
    if (exists(file)) return file;
  }
  return null;
}

function exists(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

/**
 * `{ path, source }` of the schema to use (a file or a folder), or `null` when there is none.
 * `source` says where it came from (`--schema`, `prisma.config.ts`, `package.json`, `default`).
 * Throws an Error with `code` `SCHEMA_NOT_FOUND` when a configured location does not exist or a
 * config file's `schema` cannot be read statically.
 */
function discoverSchema({ cwd = process.cwd(), schema } = {}) {
  const found = (p, source) => {
    if (!exists(p)) {
      const err = new Error(`The schema given by ${source} does not exist: ${path.relative(cwd, p) || p}`);
      err.code = 'SCHEMA_NOT_FOUND';
      throw err;
    }
    return { path: p, source };
  };
  if (schema) return found(path.resolve(cwd, schema), '--schema');

  for (const name of CONFIG_NAMES) {
    const file = path.join(cwd, name);
    if (!exists(file)) continue;
    const config = schemaFromConfig(fs.readFileSync(file, 'utf8'));
    if (config.unreadable) {
      const err = new Error(`${name} computes its \`schema\` path; pass --schema <path> instead.`);
      err.code = 'SCHEMA_NOT_FOUND';
      throw err;
    }
    if (config.schema) return found(path.resolve(cwd, config.schema), name);
    break;
  }

  const pkgFile = path.join(cwd, 'package.json');
  if (exists(pkgFile)) {
    let pkg = null;
    try {
      pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    } catch {
      pkg = null;
    }
    const configured = pkg && pkg.prisma && typeof pkg.prisma.schema === 'string' ? pkg.prisma.schema : null;
    if (configured) return found(path.resolve(cwd, configured), 'package.json');
  }

  for (const candidate of ['prisma/schema.prisma', 'prisma/schema', 'schema.prisma']) {
    const p = path.join(cwd, candidate);
    const stat = exists(p);
    if (stat && (stat.isFile() || (stat.isDirectory() && fs.readdirSync(p).some((f) => f.endsWith('.prisma'))))) {
      return { path: p, source: 'default' };
    }
  }
  return null;
}

module.exports = { schemaFromConfig, migrationsFromConfig, findConfigFile, discoverSchema };
