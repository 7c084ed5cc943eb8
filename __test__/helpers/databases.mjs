// Real databases for the tests: PostgreSQL and MariaDB servers started from the Debian packages in temp
// directories on 127.0.0.1 (a free port each), SQLite through Debian's `sqlite3` shell, and PGlite
// (npm, in-process) so the PostgreSQL cases run even where no server is installed.
//
// Every engine gives empty databases of its own (`open`) with one small interface:
// `exec(script)` runs a migration script the way Prisma does (PostgreSQL: one simple-query call, so
// one implicit transaction; MySQL: the statements in turn; SQLite: the shell's `-bail`), `query(sql)`
// returns rows as plain objects, `close()` drops the database (MariaDB and PGlite have one open at a
// time; the tests close one before they open the next). `stop()` ends the server and removes
// its directory; an `exit` hook does the same if a test dies before it gets there.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** In CI a database that cannot start fails the run; elsewhere its cases are skipped (PGlite always runs). */
export const REQUIRED = Boolean(process.env.CI) && process.env.CI !== 'false';

/** Why a database is not available on this machine (thrown by the `start*` functions). */
export class Unavailable extends Error {}

const cleanups = new Set();
process.on('exit', () => {
  for (const cleanup of cleanups) cleanup();
});
// A run that is interrupted (Ctrl-C, the test runner's timeout) exits through the hook above too.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(128 + os.constants.signals[signal]));

/** Memory-backed when the machine has it: the servers then never wait for a disk. */
const TMP = (() => {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
})();

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The first executable called `name` on PATH or in the sbin directories (not on a user's PATH). */
function which(name, extra = []) {
  const dirs = [...extra, ...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {}
  }
  return null;
}

/** Runs `file` to its end: resolves with its output, or rejects with it. */
function run(file, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(file)} exited with ${code}:\n${out}`))));
  });
}

/**
 * Starts a long-running server and registers its cleanup; `log` collects its output for error
 * messages. `halt` ends it at once and synchronously (the exit hook cannot wait); SIGKILL by default.
 */
function daemon(file, args, options, dir, halt = (child) => child.kill('SIGKILL')) {
  const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const cleanup = () => {
    if (child.exitCode === null && child.signalCode === null) halt(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  return {
    child,
    log,
    /** Asks the server to stop (`signal`), kills it after 10 s, then removes its directory. */
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
      cleanups.delete(cleanup);
    },
  };
}

/** Retries `attempt` until it resolves; the server has died or taken more than `seconds` otherwise. */
async function ready(server, what, attempt, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (server.child.exitCode !== null || Date.now() > deadline) {
        await server.stop('SIGTERM');
        throw new Error(`${what} did not start: ${e.message}\n${server.log.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** uid/gid of the account the PostgreSQL binaries must run as when we are root (they refuse root). */
function unprivileged() {
  if (process.getuid?.() !== 0) return null;
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':'));
  const entry = passwd.find((f) => f[0] === 'postgres') ?? passwd.find((f) => f[0] === 'nobody');
  if (!entry) throw new Error('running as root, but neither a postgres nor a nobody account exists to run PostgreSQL');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

/** The newest Debian PostgreSQL (`/usr/lib/postgresql/<major>/bin`), whose binaries are not on PATH. */
function postgresBin() {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
  for (const major of majors) {
    const bin = path.join(root, major, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres'))) return bin;
  }
  return null;
}

/** A PostgreSQL server (Debian `postgresql`) in a temp dir; one database per `open`. */
export async function startPostgres() {
  const bin = postgresBin();
  if (!bin) throw new Unavailable('PostgreSQL is not installed (Debian package postgresql: /usr/lib/postgresql/<major>/bin)');
  const pg = (await import('pg')).default;
  const account = unprivileged();
  const dir = fs.mkdtempSync(path.join(TMP, 'orm-postgres-'));
  if (account) fs.chownSync(dir, account.uid, account.gid);
  const as = { ...(account ?? {}), cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
  const data = path.join(dir, 'data');
  try {
    await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], as);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const port = await freePort();
  // Shared memory in the data directory (`mmap`), so a server killed outright leaves nothing in /dev/shm.
  const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${dir}`, 'dynamic_shared_memory_type=mmap', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=20'];
  // Killed outright, PostgreSQL would leave its System V segment behind: `pg_ctl -m immediate` removes it.
  const halt = (child) => {
    const r = spawnSync(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '10'], { ...as, stdio: 'ignore' });
    if (r.status !== 0) child.kill('SIGKILL');
  };
  const server = daemon(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], as, dir, halt);
  const connect = async (database) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
    await client.connect();
    return client;
  };
  const admin = await ready(server, 'PostgreSQL', () => connect('postgres'));
  const { rows } = await admin.query("SELECT current_setting('server_version') AS v, current_setting('server_version_num')::int AS n");
  // Copying the template's files is much faster than logging them (15's default); older servers only copy.
  const strategy = rows[0].n >= 150000 ? ' STRATEGY FILE_COPY' : '';
  let count = 0;
  return {
    name: 'postgresql',
    provider: 'postgresql',
    version: `PostgreSQL ${rows[0].v}`,
    async open() {
      const name = `case_${++count}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0${strategy}`);
      const client = await connect(name);
      return {
        exec: (script) => client.query(script),
        query: async (sql) => (await client.query(sql)).rows,
        async close() {
          await client.end();
          await admin.query(`DROP DATABASE ${name}`);
        },
      };
    },
    async stop() {
      await admin.end().catch(() => {});
      await server.stop('SIGINT');
    },
  };
}

/** PGlite, in-process: one database, emptied by every `open` (so one open database at a time). */
export async function startPglite() {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  const { rows } = await db.query('SHOW server_version');
  return {
    name: 'pglite',
    provider: 'postgresql',
    version: `PGlite (PostgreSQL ${rows[0].server_version})`,
    async open() {
      const { rows: schemas } = await db.query(
        "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
      );
      for (const { nspname } of schemas) await db.exec(`DROP SCHEMA "${nspname}" CASCADE`);
      await db.exec('CREATE SCHEMA public');
      return { exec: (script) => db.exec(script), query: async (sql) => (await db.query(sql)).rows, close: async () => {} };
    },
    stop: () => db.close(),
  };
}

/** A MariaDB server (Debian `mariadb-server`) in a temp dir; one database per `open`. */
export async function startMariadb() {
  const installDb = which('mariadb-install-db');
  const mariadbd = which('mariadbd');
  if (!installDb || !mariadbd) throw new Unavailable('MariaDB is not installed (Debian package mariadb-server: mariadb-install-db, mariadbd)');
  const mysql = (await import('mysql2/promise')).default;
  const dir = fs.mkdtempSync(path.join(TMP, 'orm-mariadb-'));
  const data = path.join(dir, 'data');
  // mariadbd refuses to run as root unless told to; as anyone else it runs as that user.
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  try {
    await run(installDb, ['--no-defaults', '--auth-root-authentication-method=normal', '--skip-test-db', `--datadir=${data}`, ...user]);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const port = await freePort();
  const server = daemon(
    mariadbd,
    [
      '--no-defaults',
      ...user,
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(dir, 'mysqld.sock')}`,
      `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      // Its own temp dir: another MariaDB sharing /tmp removes `#sql*` files it takes for leftovers.
      `--tmpdir=${dir}`,
      '--skip-name-resolve',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--max-allowed-packet=64M',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
      '--innodb-file-per-table=0',
    ],
    {},
    dir,
  );
  const connect = () =>
    mysql.createConnection({
      host: '127.0.0.1',
      port,
      user: 'root',
      charset: 'utf8mb4_unicode_ci',
      multipleStatements: true,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
  const admin = await ready(server, 'MariaDB', () => connect());
  const [[{ version }]] = await admin.query('SELECT VERSION() AS version');
  let count = 0;
  return {
    name: 'mariadb',
    provider: 'mysql',
    version: `MariaDB ${version}`,
    // One connection for the whole run, switched with USE (so one open database at a time): a new
    // connection per case sometimes waited past its timeout on a loaded machine.
    async open() {
      const name = `case_${++count}`;
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.query(`USE ${name}`);
      return {
        exec: (script) => admin.query(script),
        query: async (sql) => (await admin.query(sql))[0],
        close: () => admin.query(`DROP DATABASE ${name}`),
      };
    },
    async stop() {
      await admin.end().catch(() => {});
      await server.stop('SIGTERM');
    },
  };
}

/** SQLite through Debian's `sqlite3` shell (real SQLite, as Prisma's users run it); one file per `open`. */
export async function startSqlite() {
  const shell = which('sqlite3');
  if (!shell) throw new Unavailable('SQLite is not installed (Debian package sqlite3)');
  const dir = fs.mkdtempSync(path.join(TMP, 'orm-sqlite-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  cleanups.add(cleanup);
  // Durability is beside the point here: without fsync per statement the shell is many times faster.
  const sqlite = (file, args, input) =>
    new Promise((resolve, reject) => {
      const child = spawn(shell, ['-bail', '-cmd', 'PRAGMA synchronous = OFF', ...args, file], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out = [];
      const err = [];
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.on('data', (d) => err.push(d));
      child.on('error', reject);
      child.on('close', (code) => {
        const stderr = Buffer.concat(err).toString();
        if (code !== 0 || stderr) reject(new Error(`sqlite3: ${stderr || `exit ${code}`}`));
        else resolve(Buffer.concat(out).toString());
      });
      child.stdin.end(input);
    });
  const version = (await sqlite(':memory:', [], 'SELECT sqlite_version();')).trim();
  let count = 0;
  return {
    name: 'sqlite',
    provider: 'sqlite',
    version: `SQLite ${version}`,
    async open() {
      const file = path.join(dir, `case_${++count}.db`);
      return {
        exec: async (script) => sqlite(file, [], script),
        query: async (sql) => {
          const out = await sqlite(file, ['-json'], sql);
          return out.trim() ? JSON.parse(out) : [];
        },
        close: async () => fs.rmSync(file, { force: true }),
      };
    },
    async stop() {
      cleanup();
      cleanups.delete(cleanup);
    },
  };
}

export const ENGINES = { postgresql: startPostgres, pglite: startPglite, mariadb: startMariadb, sqlite: startSqlite };
