#!/usr/bin/env node
// Runs Prisma's own schema engine (../shared/oracle, wasm, offline) over many diffs in one process.
// Input: a JSON file of jobs `[{ from: [files]|null, to: [files]|null, provider, out }]`; each job's
// files form one (possibly multi-file) schema, rewritten to `provider` with url lines stripped, as
// `oracle/diff.mjs --provider P --strip-url` does. Writes the script (or `ERROR: …`) to `out`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const oracle = path.resolve(here, '..', '..', 'shared', 'oracle');
const shared = fs.existsSync(oracle) ? oracle : path.resolve(here, '..', '..', '..', 'shared', 'oracle');
const { schemaEngineWasm } = await import(path.join(shared, 'lib', 'engines.mjs'));
const { rewriteSchema } = await import(path.join(shared, 'lib', 'schema.mjs'));
const { stubFactory, bind } = await import(path.join(shared, 'lib', 'adapters.mjs'));

const ADAPTER = { postgresql: 'postgres', cockroachdb: 'postgres', sqlite: 'sqlite' };

function target(files, provider) {
  if (!files) return { tag: 'empty' };
  return {
    tag: 'schemaDatamodel',
    files: files.map((f) => ({ path: path.resolve(f), content: rewriteSchema(fs.readFileSync(f, 'utf8'), { provider, stripUrl: true }) })),
  };
}

export async function oracleDiff(from, to, provider) {
  const { SchemaEngine } = await schemaEngineWasm();
  const adapter = bind(stubFactory(ADAPTER[provider]));
  let engine;
  try {
    engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
    const r = await engine.diff({ from: target(from, provider), to: target(to, provider), script: true, exitCode: null, filters: { externalTables: [], externalEnums: [] } });
    return r.stdout ?? '';
  } finally {
    try { engine?.free(); } catch { /* ignore */ }
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  globalThis.process.on('uncaughtException', (e) => { console.error('uncaught', e); });
  const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const job of jobs) {
    let out;
    try { out = await oracleDiff(job.from, job.to, job.provider); } catch (e) { out = `ERROR: ${(e.message || String(e)).split('\n')[0]}`; }
    fs.mkdirSync(path.dirname(job.out), { recursive: true });
    fs.writeFileSync(job.out, out);
  }
}
