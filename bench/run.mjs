#!/usr/bin/env node
// `npm run bench`: our addon against Prisma's own tooling, in one process, on the same inputs.
//
//   parseSchema        vs  @mrleebo/prisma-ast getSchema, @prisma/prisma-schema-wasm validate
//   generateMigration  vs  @prisma/schema-engine-wasm diff from empty (stub adapter, engine kept open)
//   sync               (no Prisma equivalent; reported on its own)
//
// parseSchema and generateMigration hand back their big parts lazily (lib/lazy.cjs), so each is
// also timed with them read: `parseSchema + models` (reading one tree key builds the whole tree),
// `generateMigration + steps, summary`.
//
// Inputs: the NodeLLM reference schema, a generated 1,000-model schema (bench/synthetic.mjs) and, when
// ../shared/corpus is beside the checkout, its largest schemas. Datasource URLs and retired preview
// features are removed first (Prisma 7's validator rejects them), so every tool reads the same bytes. Prisma's
// JSON parameters are serialised outside the timed region (in its favour).
//
// Timing: every operation in turn on every input, for several rounds (`timeAll`), each after a full
// garbage collection; medians over all of an operation's runs.
//
// Then: the peak RSS of a fresh process that loads one tool and runs one operation once on the
// 1,000-model schema (`--probe`, so one tool's heap does not hide another's), and whole-process
// CLI timing (the package's bin, `node cli/node-llm-orm.cjs sync …`, against `node -e ''`, interleaved).
//
// Options: --quick (fewer runs), --rounds <n> (default 5, 2 with --quick), --no-save,
// --only <substring of an input name>.
// Writes bench/results/latest.json unless --no-save.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { syntheticSchema } from './synthetic.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);

/** What Prisma 7's validator rejects in older schemas: datasource URLs and retired preview features. */
const RETIRED_PREVIEW = new Set(['metrics', 'driverAdapters', 'tracing', 'fullTextIndex', 'omitApi', 'prismaSchemaFolder']);
const forPrisma7 = (text) =>
  text
    .replace(/^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=.*\r?\n/gm, '')
    .replace(/^([ \t]*previewFeatures[ \t]*=[ \t]*)\[([^\]\n]*)\]/gm, (_, head, list) =>
      `${head}[${list.split(',').map((s) => s.trim()).filter((s) => s && !RETIRED_PREVIEW.has(JSON.parse(s))).join(', ')}]`);
const providerOf = (text) => /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"(\w+)"/.exec(text)?.[1] ?? null;

/** Every operation, by name, as `load()` → `(input) => run once`. Shared by timing and `--probe`. */
const OPERATIONS = {
  'parseSchema': async () => {
    const { parseSchema } = require('../lib/index.cjs');
    return (input) => parseSchema(input.files);
  },
  'parseSchema + models': async () => {
    const { parseSchema } = require('../lib/index.cjs');
    return (input) => parseSchema(input.files).models;
  },
  'prisma-ast getSchema': async () => {
    const { getSchema } = require('@mrleebo/prisma-ast');
    return (input) => input.files.forEach((f) => getSchema(f.content));
  },
  'prisma validate': async () => {
    const psl = require('@prisma/prisma-schema-wasm');
    return (input) => psl.validate(input.pslParams);
  },
  'generateMigration': async () => {
    const { generateMigration } = require('../lib/index.cjs');
    return (input) => generateMigration({ from: null, to: input.files });
  },
  'generateMigration + steps, summary': async () => {
    const { generateMigration } = require('../lib/index.cjs');
    return (input) => {
      const migration = generateMigration({ from: null, to: input.files });
      return [migration.steps, migration.summary];
    };
  },
  'prisma diff': async () => {
    const { openDiffEngine } = await import('../__test__/helpers/prisma-engines.mjs');
    const engines = new Map();
    const run = async (input) => {
      if (!engines.has(input.provider)) engines.set(input.provider, await openDiffEngine(input.provider));
      return engines.get(input.provider).diffFromEmpty(input.files);
    };
    run.close = () => engines.forEach((e) => e.free());
    return run;
  },
  'sync': async () => {
    const { sync } = require('../lib/index.cjs');
    return (input) => sync({ schema: input.files });
  },
};

/** The rows of the table: our operation, and the Prisma operation it is compared with. */
const COMPARISONS = [
  ['parseSchema', 'prisma validate'],
  ['parseSchema + models', 'prisma validate'],
  ['parseSchema', 'prisma-ast getSchema'],
  ['generateMigration', 'prisma diff'],
  ['generateMigration + steps, summary', 'prisma diff'],
  ['sync', null],
];

const DIFFABLE = new Set(['postgresql', 'postgres', 'cockroachdb', 'sqlite']);

/** One input, as every tool takes it (Prisma's JSON parameters prepared here, outside any timing). */
function prepare(name, files) {
  const clean = files.map((f) => ({ path: f.path, content: forPrisma7(f.content) }));
  const provider = clean.map((f) => providerOf(f.content)).find(Boolean) ?? 'postgresql';
  return {
    name,
    files: clean,
    provider,
    bytes: clean.reduce((n, f) => n + Buffer.byteLength(f.content), 0),
    models: clean.reduce((n, f) => n + (f.content.match(/^model\s/gm) ?? []).length, 0),
    pslParams: JSON.stringify({ prismaSchema: clean.map((f) => [f.path, f.content]), noColor: true }),
  };
}

const synthetic = () => prepare('synthetic 1,000 models', [{ path: 'schema.prisma', content: syntheticSchema({ models: 1000 }) }]);

function inputs() {
  const { referenceSchema } = require('../lib/index.cjs');
  const list = [
    prepare('NodeLLM 0.8.0', [{ path: 'schema.prisma', content: referenceSchema() }]),
    synthetic(),
  ];
  if (fs.existsSync(CORPUS)) {
    const largest = ['engines/large__odoo.prisma', 'real/civitai__civitai__packages__civitai-db-schema__prisma__schema.full.prisma', 'real/triggerdotdev__trigger.dev__internal-packages__database__prisma__schema.prisma'];
    for (const rel of largest) {
      const file = path.join(CORPUS, rel);
      if (fs.existsSync(file)) list.push(prepare(`corpus ${path.basename(rel).split('__').slice(0, 2).join('/')}`, [{ path: path.basename(rel), content: fs.readFileSync(file, 'utf8') }]));
    }
  }
  const only = option('--only');
  return only ? list.filter((i) => i.name.includes(only)) : list;
}

/**
 * V8's full collection, callable without `--expose-gc` on the command line (`npm run bench` stays
 * plain `node`). Run before each operation is timed (outside the timing), so an operation is not
 * charged for collecting the garbage the one before it left (prisma-ast's and `parseSchema +
 * models`' trees are tens of MB of JS objects).
 */
const collectGarbage = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
})();

/** Warm-up, then at least `minRuns` runs and `minTime` ms (slow operations: 5 runs); every run's times. */
async function measure(fn, { minRuns, minTime, maxTime }) {
  // Warm-up runs let the event loop turn too (see below): in a loop of microtasks the unread
  // results of up to 30 warm-up calls would pile up natively (~5 MB each for 1,000 models) and
  // grow the heap into fresh pages that the timed runs then inherit.
  let start = performance.now();
  let warm = 0;
  do {
    await fn();
    warm++;
    await new Promise((resolve) => setImmediate(resolve));
  } while (warm < 2 || (performance.now() - start < 300 && warm < 30));
  const perRun = (performance.now() - start) / warm;
  const times = [];
  const cpu = [];
  start = performance.now();
  while (times.length < (perRun > 500 ? 5 : minRuns) || performance.now() - start < minTime) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    // Let the event loop turn between runs, as between calls in an app: Node runs native finalizers
    // (a lazy result's native part) only then, so a loop of microtasks would hold every result.
    await new Promise((resolve) => setImmediate(resolve));
    if (performance.now() - start > maxTime && times.length >= 5) break;
  }
  return { times, cpu };
}

/** The statistics of all the runs an operation got over the rounds. */
function summarize(times, cpu) {
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const at = (xs, q) => xs[Math.min(xs.length - 1, Math.round(q * (xs.length - 1)))];
  const [wall, busy] = [sorted(times), sorted(cpu)];
  // cpuMedian: CPU time of the whole process (all threads) per run, for a machine under load.
  return { runs: wall.length, median: at(wall, 0.5), p95: at(wall, 0.95), min: wall[0], cpuMedian: at(busy, 0.5) };
}

/**
 * Every operation on every input, in `rounds` rounds of a `rounds`-th of the budget each: a slow
 * spell of the machine (minutes long on a shared VM, up to 2x) then falls on every tool alike
 * instead of on whichever was being timed, and the ratios compare like with like.
 */
async function timeAll(list, budget, rounds) {
  const share = { minRuns: Math.ceil(budget.minRuns / rounds), minTime: budget.minTime / rounds, maxTime: budget.maxTime / rounds };
  const runs = new Map();
  const failed = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const [name, load] of Object.entries(OPERATIONS)) {
      const run = await load();
      for (const input of list) {
        if (name === 'prisma diff' && !DIFFABLE.has(input.provider)) continue;
        const key = `${input.name}\u0000${name}`;
        if (failed.has(key)) continue;
        try {
          await run(input);
          collectGarbage();
          const { times, cpu } = await measure(() => run(input), share);
          const all = runs.get(key) ?? { input, op: name, times: [], cpu: [] };
          all.times.push(...times);
          all.cpu.push(...cpu);
          runs.set(key, all);
        } catch (err) {
          failed.set(key, { input, op: name, error: String(err.message ?? err).split('\n')[0].slice(0, 160) });
        }
      }
      run.close?.();
    }
    process.stderr.write(`round ${round + 1} of ${rounds} done\n`);
  }
  const results = [];
  for (const [key, { input, op, times, cpu }] of runs) {
    if (failed.has(key)) continue;
    const row = { input: input.name, op, bytes: input.bytes, ...summarize(times, cpu) };
    row.mbps = input.bytes / 1e6 / (row.median / 1000);
    results.push(row);
    process.stderr.write(`${input.name} · ${op}: ${row.median.toFixed(3)} ms (p95 ${row.p95.toFixed(3)}, n=${row.runs})\n`);
  }
  for (const { input, op, error } of failed.values()) {
    results.push({ input: input.name, op, bytes: input.bytes, error });
    process.stderr.write(`${input.name} · ${op}: ${error}\n`);
  }
  return results;
}

/**
 * Peak RSS of this process in KB. On Linux from /proc (VmHWM): `getrusage`'s maxRSS survives
 * `execve`, so a child spawned by a big parent reports the parent's peak.
 */
function peakKB() {
  try {
    return Number(/^VmHWM:\s*(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
  } catch {
    return process.resourceUsage().maxRSS;
  }
}

/** `--probe <op>`: in a fresh process, peak RSS before loading the tool and after one run. */
async function probe(op) {
  const input = synthetic();
  const before = peakKB();
  const run = await OPERATIONS[op]();
  await run(input);
  process.stdout.write(JSON.stringify({ op, baseKB: before, peakKB: peakKB() }));
  process.exit(0);
}

function memory() {
  const rows = [];
  for (const op of Object.keys(OPERATIONS)) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--probe', op], { encoding: 'utf8' });
    if (child.status !== 0) {
      rows.push({ op, error: child.stderr.split('\n')[0] });
      continue;
    }
    const { baseKB, peakKB } = JSON.parse(child.stdout);
    rows.push({ op, peakMB: peakKB / 1024, addedMB: (peakKB - baseKB) / 1024 });
  }
  return rows;
}

/**
 * CPU time (user + system, ms) of the children this process has waited for, on Linux (fields 16-17
 * of /proc/self/stat, in clock ticks of 10 ms; averaged over many runs), else null. Unlike wall
 * time, it does not count the time other processes hold the cores.
 */
function childrenCpuMs() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

/** Median wall time (and mean CPU time) of the bin's `sync` and of `node -e ''`, runs interleaved. */
function cli(runs) {
  const schema = 'examples/thinking-era-app/prisma/schema.prisma';
  const bin = path.normalize(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin['node-llm-orm']);
  const cpu = { bare: 0, sync: 0 };
  const spawn = (args, kind) => {
    const [c, t] = [childrenCpuMs(), performance.now()];
    const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (child.status === 2) throw new Error(`node ${args.join(' ')}: ${child.stderr}`);
    const wall = performance.now() - t;
    if (kind && c !== null) cpu[kind] += childrenCpuMs() - c;
    return wall;
  };
  const bare = [];
  const sync = [];
  spawn(['-e', '']);
  spawn([bin, 'sync', '--schema', schema]);
  for (let i = 0; i < runs; i++) {
    bare.push(spawn(['-e', ''], 'bare'));
    sync.push(spawn([bin, 'sync', '--schema', schema], 'sync'));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const min = (xs) => Math.min(...xs);
  return {
    runs,
    command: `node ${bin} sync --schema ${schema}`,
    bareMs: median(bare),
    syncMs: median(sync),
    deltaMs: median(sync) - median(bare),
    // The fastest runs: what the machine does when no other process gets in the way.
    minDeltaMs: min(sync) - min(bare),
    // CPU time per run, mean (null where /proc is missing).
    cpuBareMs: childrenCpuMs() === null ? null : cpu.bare / runs,
    cpuSyncMs: childrenCpuMs() === null ? null : cpu.sync / runs,
    cpuDeltaMs: childrenCpuMs() === null ? null : (cpu.sync - cpu.bare) / runs,
  };
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

function table(list, results) {
  const get = (input, op) => results.find((r) => r.input === input && r.op === op);
  const lines = [
    '| input | size | ours | median ms (p95) | Prisma side | median ms (p95) | ours is |',
    '|---|---:|---|---:|---|---:|---:|',
  ];
  for (const input of list) {
    const size = `${(input.bytes / 1024).toFixed(0)} KB, ${input.models} models`;
    for (const [ours, theirs] of COMPARISONS) {
      const a = get(input.name, ours);
      const b = theirs && get(input.name, theirs);
      const cell = (r) => (!r ? 'n/a' : r.median ? `${fmt(r.median)} (${fmt(r.p95)})` : `error: ${r.error}`);
      const ratio = a?.median && b?.median ? `${(b.median / a.median).toFixed(1)}× faster` : '';
      lines.push(`| ${input.name} | ${size} | ${ours} | ${cell(a)} | ${theirs ?? '—'} | ${theirs ? cell(b) : ''} | ${ratio} |`);
    }
  }
  return lines.join('\n');
}

async function main() {
  if (flag('--probe')) return probe(option('--probe'));
  const quick = flag('--quick');
  const budget = quick ? { minRuns: 6, minTime: 300, maxTime: 3000 } : { minRuns: 30, minTime: 3000, maxTime: 30000 };
  const list = inputs();
  const rounds = Number(option('--rounds') ?? (quick ? 2 : 5));
  const results = await timeAll(list, budget, rounds);
  const mem = memory();
  const cliTiming = cli(quick ? 10 : 40);

  const synth = (op) => results.find((r) => r.input.startsWith('synthetic') && r.op === op);
  const validate = synth('prisma validate');
  const diff = synth('prisma diff');
  // NaN (and the target unmet) when the 1,000-model input was left out (`--only`) or a side failed.
  const ratio = (theirs, ours) => (theirs?.median ?? NaN) / (synth(ours)?.median ?? NaN);
  const targets = [
    { target: 'parseSchema on 1,000 models ≥ 50× Prisma validate', value: ratio(validate, 'parseSchema'), met: ratio(validate, 'parseSchema') >= 50 },
    { target: 'generateMigration from empty on 1,000 models ≥ 50× Prisma diff', value: ratio(diff, 'generateMigration'), met: ratio(diff, 'generateMigration') >= 50 },
    // The same with the lazy parts read: what a caller that walks the whole result gets.
    { target: 'parseSchema + models on 1,000 models ≥ 50× Prisma validate', value: ratio(validate, 'parseSchema + models'), met: ratio(validate, 'parseSchema + models') >= 50 },
    { target: 'generateMigration + steps, summary on 1,000 models ≥ 50× Prisma diff', value: ratio(diff, 'generateMigration + steps, summary'), met: ratio(diff, 'generateMigration + steps, summary') >= 50 },
    { target: 'CLI sync within 10 ms of bare node', value: cliTiming.deltaMs, met: cliTiming.deltaMs <= 10 },
  ];

  const out = [];
  out.push(table(list, results));
  out.push('');
  out.push('| peak RSS of a fresh process: load the tool, run once on the 1,000-model schema | peak MB | added by loading and running MB |');
  out.push('|---|---:|---:|');
  for (const m of mem) out.push(m.error ? `| ${m.op} | error: ${m.error} | |` : `| ${m.op} | ${m.peakMB.toFixed(0)} | ${m.addedMB.toFixed(0)} |`);
  out.push('');
  out.push(`CLI (${cliTiming.runs} runs each, interleaved): \`${cliTiming.command}\` median ${fmt(cliTiming.syncMs)} ms, \`node -e ''\` median ${fmt(cliTiming.bareMs)} ms: delta ${fmt(cliTiming.deltaMs)} ms (fastest runs: ${fmt(cliTiming.minDeltaMs)} ms)${cliTiming.cpuDeltaMs === null ? '' : `; CPU time per run ${fmt(cliTiming.cpuSyncMs)} vs ${fmt(cliTiming.cpuBareMs)} ms: delta ${fmt(cliTiming.cpuDeltaMs)} ms`}`);
  out.push('');
  for (const t of targets) out.push(`${t.met ? 'met ' : 'MISSED'} ${t.target}: ${t.target.startsWith('CLI') ? `${fmt(t.value)} ms` : `${t.value.toFixed(1)}×`}`);
  const env = { loadavg: os.loadavg().map((l) => +l.toFixed(2)), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString().slice(0, 10) };
  out.push('', `${env.cpu}, ${env.cores} cores, load average ${env.loadavg.join(' ')}, Node ${env.node}; main process peak RSS ${(peakKB() / 1024).toFixed(0)} MB`);
  console.log(out.join('\n'));

  if (!flag('--no-save')) {
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const json = JSON.stringify({ env, inputs: list.map(({ name, bytes, models, provider }) => ({ name, bytes, models, provider })), results, memory: mem, cli: cliTiming, targets }, null, 2);
    const file = path.join(dir, 'latest.json');
    fs.writeFileSync(`${file}.tmp`, `${json}\n`);
    fs.renameSync(`${file}.tmp`, file);
    console.error(`\nwrote ${path.relative(ROOT, file)}`);
  }
}

await main();
