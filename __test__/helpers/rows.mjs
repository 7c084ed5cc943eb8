// Rows a chat history really holds, for any schema: NULLs, Unicode (scripts, emoji with joiners,
// combining marks), text over 1 MB, nested JSON, timestamps at the edges, integers at their limits;
// written as literal SQL for each dialect, and read back as one checksum per row.
import crypto from 'node:crypto';
import { parseSchema } from '../../lib/index.mjs';

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes']);
const unquote = (v) => (v ?? '').replace(/^"|"$/g, '');
const list = (v) => (v ?? '').replace(/^\[|\]$/g, '').split(',').map((s) => s.trim().replace(/\(.*$/, '')).filter(Boolean);
const attr = (node, name) => node.attributes.find((a) => a.name === name);
const arg = (a, name) => a?.arguments.find((x) => (name ? x.name === name : !x.name))?.value;

/**
 * The tables of a schema as the database holds them: table and column names (after `@map`/`@@map`),
 * the primary key, the foreign keys (their columns and parent table), and each column's Prisma type,
 * optionality, enum values, whether an index covers it, and its text capacity (MySQL's `String` is
 * VARCHAR(191) unless a `@db.` type says otherwise).
 */
export function tablesOf(schema, provider) {
  const parsed = parseSchema(schema);
  const enums = new Map(parsed.enums.map((e) => [e.name, e.values]));
  const models = new Map(parsed.models.map((m) => [m.name, m]));
  const column = (f) => unquote(arg(attr(f, '@map'))) || f.name;
  const tableName = (m) => unquote(arg(attr(m, '@@map'))) || m.name;
  return parsed.models.map((m) => {
    const indexed = new Set(m.attributes.filter((a) => /^@@(index|unique|id)$/.test(a.name)).flatMap((a) => list(arg(a))));
    const columns = m.fields
      .filter((f) => SCALARS.has(f.type) || enums.has(f.type))
      .map((f) => {
        const native = f.attributes.find((a) => a.name.startsWith('@db.'));
        let capacity = Infinity;
        if (native && /VarChar|Char$/.test(native.name)) capacity = Number(arg(native)) || 191;
        else if (!native && provider === 'mysql' && f.type === 'String') capacity = 191;
        else if (native && provider === 'mysql' && /^@db\.(Tiny)?Text$/.test(native.name)) capacity = native.name === '@db.Text' ? 16_000 : 60;
        return { field: f.name, name: column(f), type: f.type, optional: f.optional, enumValues: enums.get(f.type), capacity, indexed: indexed.has(f.name) || Boolean(attr(f, '@unique') || attr(f, '@id')) };
      });
    const byField = new Map(columns.map((c) => [c.field, c]));
    const foreignKeys = m.fields
      .filter((f) => models.has(f.type) && arg(attr(f, '@relation'), 'fields'))
      .map((f) => {
        const fields = list(arg(attr(f, '@relation'), 'fields'));
        return { columns: fields.map((x) => byField.get(x).name), table: tableName(models.get(f.type)) };
      });
    const idField = m.fields.find((f) => attr(f, '@id'));
    const primaryKey = idField ? [column(idField)] : list(arg(attr(m, '@@id'))).map((x) => byField.get(x).name);
    return { model: m.name, table: tableName(m), columns, primaryKey, foreignKeys };
  });
}

/** Parents before children, so foreign keys always find their row. */
function ordered(tables) {
  const out = [];
  const seen = new Set();
  const visit = (t) => {
    if (seen.has(t.table)) return;
    seen.add(t.table);
    for (const fk of t.foreignKeys) {
      const parent = tables.find((p) => p.table === fk.table);
      if (parent && parent !== t) visit(parent);
    }
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

export const ROWS_PER_TABLE = 5;
/** Over 1 MB of chat text: several scripts, emoji with joiners and skin tones, combining marks. */
const LARGE = 'Large message — Grüße, 日本語, עברית, 👩🏽‍💻🧠, e\u0301 a\u0308 n\u0303; '.repeat(18_000);
const TEXTS = [
  'Unicode: Ελληνικά, русский, 中文, العربية, हिन्दी',
  'emoji 👩‍👩‍👧‍👦 🏳️‍🌈 🇺🇦 🚀',
  'combining: Cafe\u0301 vs Café, A\u030a vs Å, Z\u0351\u0332a\u0353l\u0316go',
  "quotes ' \" ` \\ and -- not a comment; /* nor this */ $$ nor $1",
];
const INTS = [0, -2147483648, 2147483647, 42];
const FLOATS = [0, -0.25, 3.141592653589793, 1e300];
const TIMES = ['2024-02-29 23:59:59.999', '1970-01-01 00:00:00.000', '2038-01-19 03:14:08.123', '1999-12-31 23:59:59.001'];

/**
 * One value per column and row; `null` for NULL. Row 0 leaves every optional column NULL, row 1 puts
 * text over 1 MB in the `large` column; every text value names its row, so
 * new unique constraints hold. `keepEnum(type)` gives the enum values that stay valid after the change.
 */
function value(table, col, i, keepEnum, large) {
  if (col.optional && i === 0) return null;
  if (col.optional && col.type !== 'String' && i === 3) return null;
  switch (col.type) {
    case 'String': {
      const tag = `${table.table}#${i}`;
      if (i === 1 && large === col) return `${tag} ${LARGE}`;
      const text = `${tag} ${col.name}: ${TEXTS[i % TEXTS.length]}`;
      return [...text].slice(0, col.capacity).join('');
    }
    case 'Int':
      return INTS[i % INTS.length];
    case 'BigInt':
      return i % 2 ? '9007199254740993' : '-9223372036854775808';
    case 'Float':
      return FLOATS[i % FLOATS.length];
    case 'Decimal':
      return '12345.678901';
    case 'Boolean':
      return i % 2 === 1;
    case 'DateTime':
      return { time: TIMES[i % TIMES.length] };
    case 'Json':
      return { json: { row: i, text: TEXTS[i % TEXTS.length], nested: { list: [1, 2.5, null, true, { deep: ['ü', '🚀'] }], empty: {} } } };
    default: {
      const values = keepEnum(col.type) ?? col.enumValues;
      return { enum: values[i % values.length] };
    }
  }
}

function literal(provider, v) {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return provider === 'sqlite' ? (v ? '1' : '0') : v ? 'TRUE' : 'FALSE';
  if (v.time) return provider === 'sqlite' ? String(Date.parse(`${v.time.replace(' ', 'T')}Z`)) : text(provider, v.time);
  if (v.json) return text(provider, JSON.stringify(v.json));
  if (v.enum) return text(provider, v.enum);
  return text(provider, v);
}

// MySQL reads backslashes in literals as escapes; PostgreSQL and SQLite only double the quote.
const text = (provider, s) => `'${(provider === 'mysql' ? s.replace(/\\/g, '\\\\') : s).replace(/'/g, "''")}'`;
export const quote = (provider, name) => (provider === 'mysql' ? `\`${name}\`` : `"${name}"`);

/**
 * `ROWS_PER_TABLE` rows for every table of the schema: `rows` (per table, column → the value as
 * generated: a string, number, boolean, null, or `{ time | json | enum }`) and the INSERT `script`.
 * Foreign keys point at the parent row of the same number (so 1:1 relations hold too); ids are text
 * (`Table#n`), as in the NodeLLM models.
 */
export function generateRows(tables, provider, keepEnum = () => null) {
  const statements = [];
  const rows = {};
  // One text over 1 MB per database is enough to prove it survives, and keeps the cases fast: in the
  // first unbounded text column no index covers (an index entry holds a few kB at most).
  const eligible = (c) => c.type === 'String' && c.capacity === Infinity && !c.indexed;
  const holder = ordered(tables).find((t) => t.columns.some(eligible));
  for (const t of ordered(tables)) {
    if (t.primaryKey.length !== 1 || t.columns.find((c) => c.name === t.primaryKey[0]).type !== 'String') throw new Error(`${t.table}: only a single text id is supported`);
    const large = t === holder ? t.columns.find(eligible) : undefined;
    rows[t.table] = [];
    for (let i = 0; i < ROWS_PER_TABLE; i++) {
      const row = {};
      for (const c of t.columns) {
        const fk = t.foreignKeys.find((f) => f.columns.includes(c.name));
        if (fk) row[c.name] = c.optional && i % 2 === 0 ? null : `${fk.table}#${i}`;
        else if (t.primaryKey.includes(c.name)) row[c.name] = `${t.table}#${i}`;
        else row[c.name] = value(t, c, i, keepEnum, large);
      }
      rows[t.table].push(row);
      const names = t.columns.map((c) => quote(provider, c.name)).join(', ');
      statements.push(`INSERT INTO ${quote(provider, t.table)} (${names}) VALUES (${t.columns.map((c) => literal(provider, row[c.name])).join(', ')});`);
    }
  }
  return { rows, script: ['BEGIN;', ...statements, 'COMMIT;'].join('\n') };
}

const digest = (values) => crypto.createHash('sha256').update(JSON.stringify(values)).digest('hex');

/** What `checksums` must read for text columns whose values are the generated strings themselves. */
export function expectedChecksums(rows, primaryKey, columns) {
  return Object.fromEntries(rows.map((row) => [primaryKey.map((c) => String(row[c])).join('/'), digest(columns.map((c) => row[c]))]));
}

const asText = (provider, name) =>
  provider === 'postgresql' ? `${quote(provider, name)}::text` : `CAST(${quote(provider, name)} AS ${provider === 'mysql' ? 'CHAR' : 'TEXT'})`;

/**
 * `{ key → sha256 }` over the given columns of every row of `table`, keyed by the primary key, each
 * value read back as the database's own text (so a widened type keeps its checksum).
 */
export async function checksums(db, provider, table, primaryKey, columns) {
  const parts = primaryKey.map((c) => asText(provider, c));
  const keyExpr = provider === 'mysql' ? `CONCAT_WS('/', ${parts.join(', ')})` : parts.join(" || '/' || ");
  const cols = columns.map((c, n) => `${asText(provider, c)} AS c${n}`);
  const rows = await db.query(`SELECT ${[`${keyExpr} AS k`, ...cols].join(', ')} FROM ${quote(provider, table)}`);
  const out = {};
  for (const row of rows) {
    const values = columns.map((_, n) => row[`c${n}`]);
    out[row.k] = digest(values);
  }
  return out;
}
