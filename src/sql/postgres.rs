//! PostgreSQL (and, where it is the same, CockroachDB) SQL.

use compact_str::CompactString;

use super::{action, join, push_quoted, sort_suffix, Statements};
use crate::diff::{
    Column, ColumnArity, ColumnChanges, ColumnFamily, ColumnType, ForeignKey, SqlDefault, SqlIndex,
    SqlIndexKind, SqlSchema, Step, Table, TableChange,
};

/// `"name"`, with `"` doubled: a name from `@map`/`@@map`/`map:`/`@@schema` can hold any character.
/// (Prisma's engine writes `"` as is, which breaks the statement; for every other name the bytes
/// are the same.)
fn push_ident(out: &mut String, name: &str) {
    push_quoted(out, name, '"');
}

fn ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_ident(&mut out, name);
    out
}

/// `"ns"."name"`; Prisma 7 leaves objects in the default `public` schema unqualified.
fn push_qualified(out: &mut String, namespace: Option<&str>, name: &str) {
    if let Some(ns) = namespace.filter(|ns| *ns != "public") {
        push_ident(out, ns);
        out.push('.');
    }
    push_ident(out, name);
}

fn qualified(namespace: Option<&str>, name: &str) -> String {
    let mut out = String::new();
    push_qualified(&mut out, namespace, name);
    out
}

fn push_table_name(out: &mut String, t: &Table) {
    push_qualified(out, t.namespace.as_deref(), &t.name);
}

fn table_name(t: &Table) -> String {
    qualified(t.namespace.as_deref(), &t.name)
}

fn push_args(out: &mut String, args: &[CompactString]) {
    if !args.is_empty() {
        out.push('(');
        join(out, args, ",", |out, a| out.push_str(a));
        out.push(')');
    }
}

/// `text` in ASCII capitals (`VarChar` → `VARCHAR`).
fn push_upper(out: &mut String, text: &str) {
    let start = out.len();
    out.push_str(text);
    out[start..].make_ascii_uppercase();
}

/// The most used native types in capitals, without the byte-by-byte loop of `push_upper` (a third
/// of the time `push_column_type` took on a 1,000-model schema).
fn upper_native(native: &str) -> Option<&'static str> {
    Some(match native {
        "Text" => "TEXT",
        "Integer" => "INTEGER",
        "BigInt" => "BIGINT",
        "Decimal" => "DECIMAL",
        "Boolean" => "BOOLEAN",
        "Timestamp" => "TIMESTAMP",
        "VarChar" => "VARCHAR",
        "Timestamptz" => "TIMESTAMPTZ",
        "Uuid" => "UUID",
        "String" => "STRING",
        _ => return None,
    })
}

/// The column type as PostgreSQL spells it (`TEXT`, `VARCHAR(10)`, `"Role"[]`, `SERIAL`…).
pub fn column_type(t: &ColumnType, arity: ColumnArity, auto_increment: bool) -> String {
    let mut out = String::new();
    push_column_type(&mut out, t, arity, auto_increment);
    out
}

fn push_column_type(out: &mut String, t: &ColumnType, arity: ColumnArity, auto_increment: bool) {
    match &t.family {
        ColumnFamily::Enum { name, namespace } => push_qualified(out, namespace.as_deref(), name),
        ColumnFamily::Unsupported(desc) => out.push_str(desc),
        ColumnFamily::Scalar(_) => match t.native() {
            "SmallInt" if auto_increment => out.push_str("SMALLSERIAL"),
            "Integer" if auto_increment => out.push_str("SERIAL"),
            "BigInt" if auto_increment => out.push_str("BIGSERIAL"),
            "DoublePrecision" => out.push_str("DOUBLE PRECISION"),
            "ByteA" => out.push_str("BYTEA"),
            "JsonB" => out.push_str("JSONB"),
            "VarBit" => {
                out.push_str("VARBIT");
                push_args(out, t.args());
            }
            "Int4" => out.push_str("INT4"),
            "Int8" => out.push_str("INT8"),
            "Float8" => out.push_str("FLOAT8"),
            "Bool" => out.push_str("BOOL"),
            other => {
                match upper_native(other) {
                    Some(upper) => out.push_str(upper),
                    None => push_upper(out, other),
                }
                push_args(out, t.args());
            }
        },
    }
    if arity == ColumnArity::List {
        out.push_str("[]");
    }
}

fn push_column_def(out: &mut String, c: &Column) {
    out.push_str("    ");
    push_ident(out, &c.name);
    out.push(' ');
    push_column_type(out, &c.tpe, c.arity, c.auto_increment);
    if c.arity == ColumnArity::Required {
        out.push_str(" NOT NULL");
    }
    if let Some(d) = c.default.as_ref().map(render_default) {
        if !d.is_empty() {
            out.push_str(" DEFAULT ");
            out.push_str(d);
        }
    }
}

fn column_def(c: &Column) -> String {
    let mut out = String::new();
    push_column_def(&mut out, c);
    out
}

fn render_default(d: &SqlDefault) -> &str {
    match d {
        SqlDefault::Now => "CURRENT_TIMESTAMP",
        SqlDefault::Value(v) => v,
        SqlDefault::DbGenerated(e) => e,
        SqlDefault::Sequence(_) => "",
    }
}

/// `name` writes the table's name (its own, or the temporary one of a rebuild).
fn create_table(out: &mut String, t: &Table, name: impl FnOnce(&mut String)) {
    out.reserve(64 + 48 * t.columns.len());
    out.push_str("CREATE TABLE ");
    name(out);
    out.push_str(" (\n");
    join(out, &t.columns, ",\n", push_column_def);
    if let Some(pk) = &t.primary_key {
        out.push_str(",\n\n    CONSTRAINT ");
        push_ident(out, &pk.name);
        out.push_str(" PRIMARY KEY (");
        join(out, &pk.columns, ",", |out, c| push_ident(out, &c.name));
        out.push(')');
    }
    out.push_str("\n)");
}

/// Named classes (`JsonbPathOps`) → `jsonb_path_ops`; `raw("…")` as written.
fn push_ops_name(out: &mut String, ops: &str) {
    if let Some(inner) = ops.strip_prefix("raw(").and_then(|s| s.strip_suffix(')')) {
        out.push_str(inner);
        return;
    }
    for (i, ch) in ops.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(ch.to_ascii_lowercase());
    }
}

fn create_index(out: &mut String, t: &Table, index: &SqlIndex) {
    out.push_str(match index.kind {
        SqlIndexKind::Unique => "CREATE UNIQUE INDEX ",
        _ => "CREATE INDEX ",
    });
    push_ident(out, &index.name);
    out.push_str(" ON ");
    push_table_name(out, t);
    if let Some(algo) = index.algorithm.as_deref() {
        out.push_str(" USING ");
        push_upper(out, algo);
        out.push(' ');
    }
    out.push('(');
    join(out, &index.columns, ", ", |out, c| {
        push_ident(out, &c.name);
        out.push_str(sort_suffix(c.sort));
        if let Some(ops) = c.ops.as_deref() {
            out.push(' ');
            push_ops_name(out, ops);
        }
    });
    out.push(')');
}

fn add_foreign_key(out: &mut String, t: &Table, fk: &ForeignKey) {
    out.push_str("ALTER TABLE ");
    push_table_name(out, t);
    out.push_str(" ADD CONSTRAINT ");
    push_ident(out, &fk.name);
    out.push_str(" FOREIGN KEY (");
    join(out, &fk.columns, ", ", |out, c| push_ident(out, c));
    out.push_str(") REFERENCES ");
    push_qualified(
        out,
        fk.referenced_namespace.as_deref(),
        &fk.referenced_table,
    );
    out.push('(');
    join(out, &fk.referenced_columns, ", ", |out, c| {
        push_ident(out, c)
    });
    out.push_str(") ON DELETE ");
    out.push_str(action(fk.on_delete));
    out.push_str(" ON UPDATE ");
    out.push_str(action(fk.on_update));
}

/// `'value'` with `'` doubled.
fn push_string(out: &mut String, value: &str) {
    push_quoted(out, value, '\'');
}

#[allow(clippy::too_many_arguments)]
fn alter_column(
    prev: &Column,
    next: &Column,
    (changes, using): (&ColumnChanges, Option<&str>),
    lines: &mut Vec<String>,
    before: &mut Vec<String>,
    after: &mut Vec<String>,
    table: &Table,
    next_schema: &SqlSchema,
) {
    let prefix = format!("ALTER COLUMN {}", ident(&prev.name));
    let mut set_type = false;
    if changes.arity {
        match (prev.arity, next.arity) {
            (ColumnArity::Required, ColumnArity::Nullable) => {
                lines.push(format!("{prefix} DROP NOT NULL"))
            }
            (ColumnArity::Nullable, ColumnArity::Required) => {
                lines.push(format!("{prefix} SET NOT NULL"))
            }
            (ColumnArity::List, ColumnArity::Nullable) => {
                set_type = true;
                lines.push(format!("{prefix} DROP NOT NULL"));
            }
            (ColumnArity::List, ColumnArity::Required) => {
                set_type = true;
                lines.push(format!("{prefix} SET NOT NULL"));
            }
            (_, ColumnArity::List) => set_type = true,
            _ => {}
        }
    }
    if changes.default {
        match &next.default {
            Some(d) => lines.push(format!("{prefix} SET DEFAULT {}", render_default(d))),
            None => lines.push(format!("{prefix} DROP DEFAULT")),
        }
    }
    if changes.type_changed {
        set_type = true;
    }
    if changes.autoincrement {
        if prev.auto_increment {
            lines.push(format!("{prefix} DROP DEFAULT"));
            // Prisma models every autoincrement default as the same unnamed sequence: once no other
            // column uses one, it drops "" (sic).
            let still_used = next_schema.tables.iter().any(|t| {
                t.columns.iter().any(|c| {
                    c.auto_increment
                        && !(t.name == table.name
                            && t.namespace == table.namespace
                            && c.name == next.name)
                })
            });
            if !still_used {
                after.push("DROP SEQUENCE \"\"".to_string());
            }
        } else {
            let sequence = match &table.namespace {
                Some(ns) => format!("\"{ns}\".{}_{}_seq", table.name, next.name),
                None => format!("{}_{}_seq", table.name, next.name),
            }
            .to_lowercase();
            before.push(format!("CREATE SEQUENCE {sequence}"));
            lines.push(format!("{prefix} SET DEFAULT nextval('{sequence}')"));
            after.push(format!(
                "ALTER SEQUENCE {sequence} OWNED BY {}.{}",
                table_name(table),
                ident(&next.name)
            ));
        }
    }
    if set_type {
        // Prisma renders the full new type here, `SERIAL` included (sic).
        let using = using.map(|e| format!(" USING ({e})")).unwrap_or_default();
        lines.push(format!(
            "{prefix} SET DATA TYPE {}{using}",
            column_type(&next.tpe, next.arity, next.auto_increment)
        ));
    }
}

fn alter_table(
    prev_t: &Table,
    next_t: &Table,
    changes: &[TableChange],
    cockroach: bool,
    next_schema: &SqlSchema,
) -> Vec<String> {
    let mut lines = Vec::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for change in changes {
        match change {
            TableChange::DropPrimaryKey => {
                if let Some(pk) = &prev_t.primary_key {
                    lines.push(format!("DROP CONSTRAINT {}", ident(&pk.name)));
                }
            }
            // Prisma 7 renames the key in a statement of its own, after the table's other changes.
            TableChange::RenamePrimaryKey => {
                if let (Some(a), Some(b)) = (&prev_t.primary_key, &next_t.primary_key) {
                    after.push(format!(
                        "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                        table_name(prev_t),
                        ident(&a.name),
                        ident(&b.name)
                    ));
                }
            }
            TableChange::AddPrimaryKey => {
                if let Some(pk) = &next_t.primary_key {
                    lines.push(format!(
                        "ADD CONSTRAINT {} PRIMARY KEY ({})",
                        ident(&pk.name),
                        pk.columns
                            .iter()
                            .map(|c| ident(&c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            TableChange::AddColumn { column } => lines.push(format!(
                "ADD COLUMN {}",
                column_def(&next_t.columns[*column])
            )),
            TableChange::DropColumn { column } => lines.push(format!(
                "DROP COLUMN {}",
                ident(&prev_t.columns[*column].name)
            )),
            TableChange::AlterColumn {
                prev,
                next,
                changes,
                using,
            } => alter_column(
                &prev_t.columns[*prev],
                &next_t.columns[*next],
                (changes, using.as_deref()),
                &mut lines,
                &mut before,
                &mut after,
                next_t,
                next_schema,
            ),
            TableChange::DropAndRecreateColumn { prev, next, .. } => {
                lines.push(format!(
                    "DROP COLUMN {}",
                    ident(&prev_t.columns[*prev].name)
                ));
                lines.push(format!("ADD COLUMN {}", column_def(&next_t.columns[*next])));
            }
        }
    }
    if lines.is_empty() {
        return before.into_iter().chain(after).collect();
    }
    if cockroach {
        let table = table_name(prev_t);
        let statements = lines
            .iter()
            .map(|line| format!("ALTER TABLE {table} {line}"));
        return before.into_iter().chain(statements).chain(after).collect();
    }
    let statement = format!("ALTER TABLE {} {}", table_name(prev_t), lines.join(",\n"));
    before
        .into_iter()
        .chain(std::iter::once(statement))
        .chain(after)
        .collect()
}

const MANY_VALUES_WARNING: &str = "-- This migration adds more than one value to an enum.\n-- With PostgreSQL versions 11 and earlier, this is not possible\n-- in a single migration. This can be worked around by creating\n-- multiple migrations, each migration adding only one value to\n-- the enum.\n";

fn alter_enum(
    prev: &SqlSchema,
    next: &SqlSchema,
    p: usize,
    n: usize,
    added: &[CompactString],
    dropped: &[CompactString],
) -> Vec<String> {
    let (a, b) = (&prev.enums[p], &next.enums[n]);
    let enum_name = qualified(a.namespace.as_deref(), &a.name);
    if dropped.is_empty() {
        let mut stmts: Vec<String> = added
            .iter()
            .map(|v| {
                format!(
                    "ALTER TYPE {enum_name} ADD VALUE '{}'",
                    v.replace('\'', "''")
                )
            })
            .collect();
        if stmts.len() > 1 {
            stmts[0] = format!("{MANY_VALUES_WARNING}\n\n{}", stmts[0]);
        }
        return stmts;
    }
    let tmp = qualified(b.namespace.as_deref(), &format!("{}_new", b.name));
    let mut stmts = vec!["BEGIN".to_string()];
    stmts.push(format!(
        "CREATE TYPE {tmp} AS ENUM ({})",
        b.values
            .iter()
            .map(|v| format!("'{}'", v.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let uses_enum = |c: &Column, e: &crate::diff::SqlEnum| matches!(&c.tpe.family, ColumnFamily::Enum { name, namespace } if name == e.name && namespace == &e.namespace);
    // Defaults using the enum are dropped first, and put back afterwards when the column keeps one.
    let mut reinstall = Vec::new();
    for t in &prev.tables {
        for c in t
            .columns
            .iter()
            .filter(|c| uses_enum(c, a) && c.default.is_some())
        {
            stmts.push(format!(
                "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                table_name(t),
                ident(&c.name)
            ));
            let kept = next
                .tables
                .iter()
                .find(|nt| nt.name == t.name && nt.namespace == t.namespace)
                .and_then(|nt| nt.column(&c.name))
                .filter(|nc| uses_enum(nc, b) && nc.default.is_some());
            if let Some(nc) = kept {
                reinstall.push((t, nc));
            }
        }
    }
    for t in &next.tables {
        for c in t.columns.iter().filter(|c| uses_enum(c, b)) {
            let array = if c.arity == ColumnArity::List {
                "[]"
            } else {
                ""
            };
            stmts.push(format!(
                "ALTER TABLE {} ALTER COLUMN {} TYPE {tmp}{array} USING ({}::text::{tmp}{array})",
                table_name(t),
                ident(&c.name),
                ident(&c.name)
            ));
        }
    }
    let old = format!("{}_old", a.name);
    stmts.push(format!("ALTER TYPE {enum_name} RENAME TO {}", ident(&old)));
    stmts.push(format!("ALTER TYPE {tmp} RENAME TO {}", ident(&b.name)));
    stmts.push(format!(
        "DROP TYPE {}",
        qualified(a.namespace.as_deref(), &old)
    ));
    for (t, c) in reinstall {
        let default = c.default.as_ref().map(render_default).unwrap_or_default();
        stmts.push(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
            table_name(t),
            ident(&c.name)
        ));
    }
    stmts.push("COMMIT".to_string());
    stmts
}

/// `cockroach`: CockroachDB's variant (one statement per `ALTER TABLE` clause, its own `ALTER TYPE`).
/// CockroachDB alters enums in place: defaults that use a dropped value go first, then each value
/// (Prisma writes no space before `DROP VALUE`; kept for byte equality).
fn cockroach_alter_enum(
    prev: &SqlSchema,
    p: usize,
    added: &[CompactString],
    dropped: &[CompactString],
) -> Vec<String> {
    let a = &prev.enums[p];
    let prefix = format!("ALTER TYPE {}", qualified(a.namespace.as_deref(), &a.name));
    let mut stmts = Vec::new();
    for t in &prev.tables {
        for c in &t.columns {
            let uses = matches!(&c.tpe.family, ColumnFamily::Enum { name, namespace } if name == a.name && namespace == &a.namespace);
            let drops_value = matches!(&c.default, Some(SqlDefault::Value(v)) if dropped.iter().any(|d| *v == format!("'{}'", d.replace('\'', "''"))));
            if uses && drops_value {
                stmts.push(format!(
                    "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                    table_name(t),
                    ident(&c.name)
                ));
            }
        }
    }
    let quoted = |v: &str| v.replace('\'', "''");
    stmts.extend(
        added
            .iter()
            .map(|v| format!("{prefix} ADD VALUE '{}'", quoted(v))),
    );
    stmts.extend(
        dropped
            .iter()
            .map(|v| format!("{prefix}DROP VALUE '{}'", quoted(v))),
    );
    stmts
}

pub fn render(
    step: &Step,
    prev: &SqlSchema,
    next: &SqlSchema,
    cockroach: bool,
    out: &mut Statements,
) {
    match step {
        Step::CreateSchema { namespace } => out.statement(|s| {
            s.push_str("CREATE SCHEMA IF NOT EXISTS ");
            push_ident(s, &next.namespaces[*namespace]);
        }),
        Step::CreateExtension { id } => out.statement(|s| {
            let e = &next.extensions[*id];
            s.push_str("CREATE EXTENSION IF NOT EXISTS ");
            push_ident(s, &e.name);
            if e.schema.is_some() || e.version.is_some() {
                s.push_str(" WITH");
            }
            if let Some(schema) = &e.schema {
                s.push_str(" SCHEMA ");
                push_ident(s, schema);
            }
            if let Some(version) = &e.version {
                s.push_str(" VERSION ");
                push_ident(s, version);
            }
        }),
        Step::CreateEnum { id } => out.statement(|s| {
            let e = &next.enums[*id];
            s.push_str("CREATE TYPE ");
            push_qualified(s, e.namespace.as_deref(), &e.name);
            s.push_str(" AS ENUM (");
            join(s, &e.values, ", ", |s, v| push_string(s, v));
            s.push(')');
        }),
        Step::AlterEnum {
            prev: p,
            added,
            dropped,
            ..
        } if cockroach => out.extend(cockroach_alter_enum(prev, *p, added, dropped)),
        Step::AlterEnum {
            prev: p,
            next: n,
            added,
            dropped,
        } => out.extend(alter_enum(prev, next, *p, *n, added, dropped)),
        Step::DropEnum { id } => out.statement(|s| {
            let e = &prev.enums[*id];
            s.push_str("DROP TYPE ");
            push_qualified(s, e.namespace.as_deref(), &e.name);
        }),
        Step::DropForeignKey { table, fk } => out.statement(|s| {
            let t = &prev.tables[*table];
            s.push_str("ALTER TABLE ");
            push_table_name(s, t);
            s.push_str(" DROP CONSTRAINT ");
            push_ident(s, &t.foreign_keys[*fk].name);
        }),
        Step::DropIndex { table, index } => out.statement(|s| {
            let t = &prev.tables[*table];
            s.push_str("DROP INDEX ");
            push_qualified(s, t.namespace.as_deref(), &t.indexes[*index].name);
        }),
        Step::AlterTable {
            prev: p,
            next: n,
            changes,
        } => out.extend(alter_table(
            &prev.tables[*p],
            &next.tables[*n],
            changes,
            cockroach,
            next,
        )),
        Step::DropTable { table } => out.statement(|s| {
            s.push_str("DROP TABLE ");
            push_table_name(s, &prev.tables[*table]);
        }),
        Step::AlterPrimaryKey { prev: p, next: n } => out.statement(|s| {
            s.push_str("ALTER TABLE ");
            push_table_name(s, &prev.tables[*p]);
            s.push_str(" ALTER PRIMARY KEY USING COLUMNS (");
            let columns = next.tables[*n].primary_key.as_ref().map(|k| &k.columns[..]);
            join(s, columns.unwrap_or_default(), ", ", |s, c| {
                push_ident(s, &c.name)
            });
            s.push(')');
        }),
        Step::CreateTable { table } => {
            let t = &next.tables[*table];
            out.statement(|s| create_table(s, t, |s| push_table_name(s, t)));
        }
        Step::RedefineTables { tables } => {
            for r in tables {
                let (a, b) = (&prev.tables[r.prev], &next.tables[r.next]);
                let tmp = qualified(b.namespace.as_deref(), &format!("_prisma_new_{}", b.name));
                out.statement(|s| create_table(s, b, |s| s.push_str(&tmp)));
                for index in &a.indexes {
                    out.statement(|s| {
                        s.push_str("DROP INDEX ");
                        push_qualified(s, a.namespace.as_deref(), &index.name);
                    });
                }
                if !r.column_pairs.is_empty() {
                    let mut columns = String::new();
                    join(&mut columns, &r.column_pairs, ",", |s, (_, j, _)| {
                        push_ident(s, &b.columns[*j].name)
                    });
                    out.statement(|s| {
                        s.push_str("INSERT INTO ");
                        s.push_str(&tmp);
                        s.push_str(" (");
                        s.push_str(&columns);
                        s.push_str(") SELECT ");
                        s.push_str(&columns);
                        s.push_str(" FROM ");
                        push_ident(s, &a.name);
                    });
                }
                out.statement(|s| {
                    s.push_str("DROP TABLE ");
                    push_table_name(s, a);
                    s.push_str(" CASCADE");
                });
                out.statement(|s| {
                    s.push_str("ALTER TABLE ");
                    s.push_str(&tmp);
                    s.push_str(" RENAME TO ");
                    push_ident(s, &b.name);
                });
                for index in &b.indexes {
                    out.statement(|s| create_index(s, b, index));
                }
                for fk in &b.foreign_keys {
                    out.statement(|s| add_foreign_key(s, b, fk));
                }
            }
        }
        Step::CreateIndex { table, index, .. } => {
            let t = &next.tables[*table];
            out.statement(|s| create_index(s, t, &t.indexes[*index]));
        }
        Step::AddForeignKey { table, fk } => {
            let t = &next.tables[*table];
            out.statement(|s| add_foreign_key(s, t, &t.foreign_keys[*fk]));
        }
        Step::RenameForeignKey { prev: p, next: n } => out.statement(|s| {
            let (a, b) = (&prev.tables[p.0], &next.tables[n.0]);
            s.push_str("ALTER TABLE ");
            push_table_name(s, a);
            s.push_str(" RENAME CONSTRAINT ");
            push_ident(s, &a.foreign_keys[p.1].name);
            s.push_str(" TO ");
            push_ident(s, &b.foreign_keys[n.1].name);
        }),
        Step::RenameIndex { prev: p, next: n } | Step::RedefineIndex { prev: p, next: n } => out
            .statement(|s| {
                let (a, b) = (&prev.tables[p.0], &next.tables[n.0]);
                s.push_str("ALTER INDEX ");
                push_qualified(s, a.namespace.as_deref(), &a.indexes[p.1].name);
                s.push_str(" RENAME TO ");
                push_ident(s, &b.indexes[n.1].name);
            }),
    }
}
