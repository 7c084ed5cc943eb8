// `node-llm-orm check`: `sync --check` without patching. With --postinstall it is the install-time
// hint: silent when there is no schema or it is up to date, one line when something is missing,
// always exit 0 and never a stack trace. NODE_LLM_ORM_SKIP_POSTINSTALL=1 turns it off.
import { createRequire } from 'node:module';
import { discoverSchema } from './discover.mjs';

export const SKIP_ENV = 'NODE_LLM_ORM_SKIP_POSTINSTALL';

function skipped(env) {
  const value = env[SKIP_ENV];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The one postinstall line for a report that is not up to date. */
export function postinstallLine(report) {
  const blocking = report.changes.filter((c) => c.severity !== 'optional');
  const versions = [...new Set(blocking.map((c) => c.since))].join(', ');
  const n = blocking.length;
  return `@node-llm/orm: your Prisma schema lacks ${n} change${n === 1 ? '' : 's'} for @node-llm/orm ${report.target} (from ${versions}); run \`npx node-llm-orm sync\` to see them.`;
}

export async function postinstall({ cwd, env = process.env, stdout = process.stdout } = {}) {
  try {
    if (skipped(env)) return 0;
    // npm runs install scripts in the package's folder; INIT_CWD is where the user ran npm.
    const root = cwd ?? env.INIT_CWD ?? process.cwd();
    const found = discoverSchema({ cwd: root });
    if (!found) return 0;
    // Loaded here, with require, so that an addon that fails to load (not built yet) stays inside
    // this try: Node 20 also reports a CommonJS module that throws under `import()` as uncaught.
    const api = createRequire(import.meta.url)('../lib/index.cjs');
    const report = api.sync({ schemaPath: found.path });
    if (!report.upToDate) stdout.write(`${postinstallLine(report)}\n`);
  } catch {
    // An install must never fail or print a trace because of this hint.
  }
  return 0;
}

export async function main(argv, io = {}) {
  if (argv.includes('--postinstall')) return postinstall(io);
  const { main: syncMain } = await import('./sync.mjs');
  return syncMain([...argv.filter((a) => a !== '--check'), '--check'], io);
}
