// Temporary projects and in-process runs of a CLI command's `main`, for the CLI tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const shared = new URL('../../../shared/', import.meta.url);
export const root = new URL('../../', import.meta.url);

const made = [];
process.once('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder, removed when the test process exits. */
function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A released NodeLLM shape without its `url` line (Prisma 7 rejects it). */
export function shape(version) {
  return fs.readFileSync(new URL(`reference/nodellm/schemas/${version}.prisma`, shared), 'utf8').replace(/^[ \t]*url[ \t]*=.*\r?\n/gm, '');
}

/** A temporary folder holding `files` (`{ relativePath: content }`). */
export function project(files) {
  const dir = tempDir('nodellm-cli-');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** A temporary copy of one of `examples/`. */
export function exampleProject(name) {
  const dir = tempDir(`nodellm-${name}-`);
  fs.cpSync(new URL(`examples/${name}/`, root), dir, { recursive: true });
  return dir;
}

function sink() {
  const chunks = [];
  return { isTTY: false, write: (s) => chunks.push(String(s)), get text() { return chunks.join(''); } };
}

/** Runs a command's `main` in `cwd`: `{ code, out, err }`. */
export async function run(main, argv, cwd, io = {}) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { cwd, env: {}, stdout, stderr, ...io });
  return { code, out: stdout.text, err: stderr.text };
}

/** `{ folder: migration.sql }` of a migrations folder. */
export function migrationFiles(dir) {
  const out = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'migration.sql');
    if (fs.existsSync(file)) out[name] = fs.readFileSync(file, 'utf8');
  }
  return out;
}
