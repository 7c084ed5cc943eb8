//! SQLite SQL: foreign keys inline in `CREATE TABLE`, and any change beyond adding a nullable column
//! done by rebuilding the table (`RedefineTables`).

use super::{action, join, push_quoted, sort_suffix};
use crate::diff::{
    Column, ColumnArity, ColumnFamily, RedefineTable, SqlDefault, SqlIndex, SqlIndexKind,
    SqlSchema, Step, Table, TableChange,
};
use crate::schema::ScalarType;

/// `"name"`, with `"` doubled: a name from `@map`/`@@map`/`map:` can hold any character. (Prisma's
/// engine writes `"` as is, which breaks the statement; for every other name the bytes are the same.)
fn push_ident(out: &mut String, name: &str) {
    push_quoted(out, name, '"');
}

fn ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_ident(&mut out, name);
    out
}

fn column_type(c: &Column) -> &str {
    match &c.tpe.family {
        ColumnFamily::Scalar(s) => match s {
            ScalarType::Boolean => "BOOLEAN",
            ScalarType::DateTime => "DATETIME",
            ScalarType::Float => "REAL",
            ScalarType::Decimal => "DECIMAL",
            ScalarType::Int => "INTEGER",
            ScalarType::BigInt => "BIGINT",
            ScalarType::String => "TEXT",
            ScalarType::Bytes => "BLOB",
            ScalarType::Json => "JSONB",
        },
        ColumnFamily::Enum { .. } => "TEXT",
        ColumnFamily::Unsupported(t) => t,
    }
}

fn render_default(d: &SqlDefault) -> Option<&str> {
    match d {
        SqlDefault::Now => Some("CURRENT_TIMESTAMP"),
        SqlDefault::Value(v) => Some(v),
        SqlDefault::DbGenerated(e) if !e.is_empty() => Some(e),
        _ => None,
    }
}

fn push_column_def(out: &mut String, t: &Table, c: &Column) {
    let single_pk = t.single_pk_column() == Some(c.name.as_str());
    push_ident(out, &c.name);
    out.push(' ');
    out.push_str(column_type(c));
    if c.arity != ColumnArity::Nullable {
        out.push_str(" NOT NULL");
    }
    if single_pk {
        out.push_str(" PRIMARY KEY");
        if c.tpe.family == ColumnFamily::Scalar(ScalarType::Int) {
            out.push_str(" AUTOINCREMENT");
        }
    }
    if let Some(d) = c.default.as_ref().and_then(render_default) {
        out.push_str(" DEFAULT ");
        out.push_str(d);
    }
}

fn create_table(t: &Table, name: &str) -> String {
    let mut out = String::with_capacity(64 + 48 * t.columns.len() + 160 * t.foreign_keys.len());
    out.push_str("CREATE TABLE ");
    push_ident(&mut out, name);
    out.push_str(" (\n");
    join(&mut out, &t.columns, ",\n", |out, c| {
        out.push_str("    ");
        push_column_def(out, t, c);
    });
    if let Some(pk) = &t.primary_key {
        if t.single_pk_column().is_none()
            || !t
                .columns
                .iter()
                .any(|c| Some(c.name.as_str()) == t.single_pk_column())
        {
            out.push_str(",\n\n    PRIMARY KEY (");
            join(&mut out, &pk.columns, ", ", |out, c| {
                push_ident(out, &c.name)
            });
            out.push(')');
        }
    }
    for fk in &t.foreign_keys {
        out.push_str(",\n    CONSTRAINT ");
        push_ident(&mut out, &fk.name);
        out.push_str(" FOREIGN KEY (");
        join(&mut out, &fk.columns, ", ", |out, c| push_ident(out, c));
        out.push_str(") REFERENCES ");
        push_ident(&mut out, &fk.referenced_table);
        out.push_str(" (");
        join(&mut out, &fk.referenced_columns, ", ", |out, c| {
            push_ident(out, c)
        });
        out.push_str(") ON DELETE ");
        out.push_str(action(fk.on_delete));
        out.push_str(" ON UPDATE ");
        out.push_str(action(fk.on_update));
    }
    out.push_str("\n)");
    out
}

fn create_index(t: &Table, index: &SqlIndex) -> String {
    let mut sql = String::with_capacity(64 + 32 * index.columns.len());
    let pragma = index.name.starts_with("sqlite_");
    if pragma {
        sql.push_str("Pragma writable_schema=1;\n");
    }
    sql.push_str(match index.kind {
        SqlIndexKind::Unique => "CREATE UNIQUE INDEX ",
        _ => "CREATE INDEX ",
    });
    push_ident(&mut sql, &index.name);
    sql.push_str(" ON ");
    push_ident(&mut sql, &t.name);
    sql.push('(');
    join(&mut sql, &index.columns, ", ", |out, c| {
        push_ident(out, &c.name);
        out.push_str(sort_suffix(c.sort));
    });
    sql.push(')');
    if pragma {
        sql.push_str(";\nPragma writable_schema=0");
    }
    sql
}

fn redefine(tables: &[RedefineTable], prev: &SqlSchema, next: &SqlSchema) -> Vec<String> {
    let mut out = vec![
        "PRAGMA defer_foreign_keys=ON".to_string(),
        "PRAGMA foreign_keys=OFF".to_string(),
    ];
    for r in tables {
        let (a, b) = (&prev.tables[r.prev], &next.tables[r.next]);
        let tmp = format!("new_{}", b.name);
        out.push(create_table(b, &tmp));
        if !r.column_pairs.is_empty() {
            let backfill = |j: usize| r.backfill.iter().find(|(c, _)| *c == j).map(|(_, e)| e);
            let mut destination: Vec<String> = r
                .column_pairs
                .iter()
                .map(|(_, j, _)| ident(&b.columns[*j].name))
                .collect();
            let mut source: Vec<String> = r
                .column_pairs
                .iter()
                .map(|(i, j, changes)| {
                    let (pc, nc) = (&a.columns[*i], &b.columns[*j]);
                    if let Some((_, expr)) = r.converted.iter().find(|(c, _)| c == j) {
                        return format!("({expr}) AS \"{}\"", pc.name);
                    }
                    if let Some(expr) = backfill(*j) {
                        return format!("coalesce({0}, ({expr})) AS {0}", ident(&pc.name));
                    }
                    match nc.default.as_ref().and_then(render_default) {
                        Some(default) if changes.arity && nc.arity == ColumnArity::Required => {
                            format!("coalesce({0}, {default}) AS {0}", ident(&pc.name))
                        }
                        _ => ident(&pc.name),
                    }
                })
                .collect();
            // A backfilled new column is filled by the copy itself.
            for &j in &r.added_columns {
                if let Some(expr) = backfill(j) {
                    destination.push(ident(&b.columns[j].name));
                    source.push(format!("({expr}) AS {}", ident(&b.columns[j].name)));
                }
            }
            out.push(format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                ident(&tmp),
                destination.join(", "),
                source.join(", "),
                ident(&a.name)
            ));
        }
        out.push(format!("DROP TABLE {}", ident(&a.name)));
        out.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            ident(&tmp),
            ident(&b.name)
        ));
        for index in &b.indexes {
            out.push(create_index(b, index));
        }
    }
    out.push("PRAGMA foreign_keys=ON".to_string());
    out.push("PRAGMA defer_foreign_keys=OFF".to_string());
    out
}

pub fn render(step: &Step, prev: &SqlSchema, next: &SqlSchema) -> Vec<String> {
    match step {
        Step::CreateTable { table } => {
            let t = &next.tables[*table];
            vec![create_table(t, &t.name)]
        }
        Step::DropTable { table } => vec![
            "PRAGMA foreign_keys=off".to_string(),
            format!("DROP TABLE {}", ident(&prev.tables[*table].name)),
            "PRAGMA foreign_keys=on".to_string(),
        ],
        Step::CreateIndex { table, index, .. } => {
            let t = &next.tables[*table];
            vec![create_index(t, &t.indexes[*index])]
        }
        Step::DropIndex { table, index } => vec![format!(
            "DROP INDEX {}",
            ident(&prev.tables[*table].indexes[*index].name)
        )],
        Step::RedefineIndex { prev: p, next: n } => {
            let t = &next.tables[n.0];
            vec![
                format!("DROP INDEX {}", ident(&prev.tables[p.0].indexes[p.1].name)),
                create_index(t, &t.indexes[n.1]),
            ]
        }
        Step::AlterTable {
            prev: p,
            next: n,
            changes,
        } => changes
            .iter()
            .filter_map(|c| match c {
                TableChange::AddColumn { column } => {
                    let t = &next.tables[*n];
                    let mut sql = String::from("ALTER TABLE ");
                    push_ident(&mut sql, &prev.tables[*p].name);
                    sql.push_str(" ADD COLUMN ");
                    push_column_def(&mut sql, t, &t.columns[*column]);
                    Some(sql)
                }
                _ => None,
            })
            .collect(),
        Step::RedefineTables { tables } => redefine(tables, prev, next),
        _ => Vec::new(),
    }
}
