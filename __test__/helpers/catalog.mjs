// What a database holds besides its rows, as sorted lines to compare: tables, columns (type,
// nullability, default), indexes (columns in order, uniqueness), foreign keys and other constraints,
// enums. Names of the database itself stay out, so two databases of one server compare.

const POSTGRES = `
  SELECT 'column' AS a, table_name AS b, column_name AS c, data_type AS d, udt_name AS e, is_nullable AS f,
         coalesce(column_default, '') AS g, coalesce(character_maximum_length::text, '') AS h
    FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'index', tablename, indexname, indexdef, '', '', '', '' FROM pg_indexes
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'constraint', c.conrelid::regclass::text, c.conname, c.contype::text, pg_get_constraintdef(c.oid),
         c.convalidated::text, '', ''
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), '', '', '', '', ''
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace GROUP BY t.typname
  UNION ALL
  SELECT 'table', c.relname, c.relkind::text, '', '', '', '', '' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`;

const MYSQL = `
  SELECT 'table' AS a, TABLE_NAME AS b, ENGINE AS c, TABLE_COLLATION AS d, '' AS e, '' AS f, '' AS g, '' AS h
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
  UNION ALL
  SELECT 'column', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, '-'), EXTRA, IFNULL(COLLATION_NAME, '-')
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
  UNION ALL
  SELECT 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME, ':', IFNULL(SUB_PART, '') ORDER BY SEQ_IN_INDEX), INDEX_TYPE, '', ''
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE
  UNION ALL
  SELECT 'foreign key', r.TABLE_NAME, r.CONSTRAINT_NAME, r.REFERENCED_TABLE_NAME,
         (SELECT GROUP_CONCAT(k.COLUMN_NAME, '>', k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION) FROM information_schema.KEY_COLUMN_USAGE k
           WHERE k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.TABLE_NAME = r.TABLE_NAME AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME),
         r.UPDATE_RULE, r.DELETE_RULE, ''
    FROM information_schema.REFERENTIAL_CONSTRAINTS r WHERE r.CONSTRAINT_SCHEMA = DATABASE()
  UNION ALL
  SELECT 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, '', '', '', ''
    FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`;

const SQLITE = `
  SELECT 'table' AS a, m.name AS b, m.type AS c, '' AS d, '' AS e, '' AS f, '' AS g FROM sqlite_master m
    WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
  UNION ALL
  SELECT 'column', m.name, p.name, p.type, p."notnull", coalesce(p.dflt_value, '-'), p.pk
    FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
  UNION ALL
  SELECT 'index', m.name, il.name, il."unique", il.origin, il.partial,
         (SELECT group_concat(name, ',') FROM (SELECT ii.name FROM pragma_index_info(il.name) ii ORDER BY ii.seqno))
    FROM sqlite_master m, pragma_index_list(m.name) il WHERE m.type = 'table'
  UNION ALL
  SELECT 'foreign key', m.name, f."table", f."from", f."to", f.on_update, f.on_delete
    FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`;

// Prisma names the sequence of a column that becomes autoincrement `table_column_seq` while SERIAL
// names it `"Table_column_seq"`: the same behaviour under another name.
const normalize = (line) => line.replace(/nextval\('[^']*'::regclass\)/, 'nextval(<sequence>)');

/** The catalog of `db` (an open database of `databases.mjs`) as sorted lines. */
export async function catalog(db, provider) {
  const sql = { postgresql: POSTGRES, mysql: MYSQL, sqlite: SQLITE }[provider];
  const rows = await db.query(sql);
  return rows.map((r) => normalize(Object.values(r).map((v) => (v === null ? '∅' : String(v))).join(' | '))).sort();
}

/** The lines only one side has, for a readable assertion message. */
export function catalogDiff(actual, expected) {
  const only = (xs, ys) => xs.filter((x) => !ys.includes(x));
  return `only after the migration:\n  ${only(actual, expected).join('\n  ')}\nonly in a fresh build:\n  ${only(expected, actual).join('\n  ')}`;
}
