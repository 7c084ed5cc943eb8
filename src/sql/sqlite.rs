//! SQLite SQL: foreign keys inline in `CREATE TABLE`, and any change beyond adding a nullable column
//! done by rebuilding the table (`RedefineTables`).

use super::{action, sort_suffix};
use crate::diff::{
    Column, ColumnArity, ColumnFamily, RedefineTable, SqlDefault, SqlIndex, SqlIndexKind,
    SqlSchema, Step, Table, TableChange,
};
use crate::schema::ScalarType;

/// `"name"`, with `"` doubled: a name from `@map`/`@@map`/`map:` can hold any character. (Prisma's
/// engine writes `"` as is, which breaks the statement; for every other name the bytes are the same.)
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn column_type(c: &Column) -> String {
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
        }
        .to_string(),
        ColumnFamily::Enum { .. } => "TEXT".to_string(),
        ColumnFamily::Unsupported(t) => t.clone(),
    }
}

fn render_default(d: &SqlDefault) -> Option<String> {
    match d {
        SqlDefault::Now => Some("CURRENT_TIMESTAMP".into()),
        SqlDefault::Value(v) => Some(v.clone()),
        SqlDefault::DbGenerated(e) if !e.is_empty() => Some(e.clone()),
        _ => None,
    }
}

fn column_def(t: &Table, c: &Column) -> String {
    let single_pk = t.single_pk_column() == Some(c.name.as_str());
    let not_null = if c.arity != ColumnArity::Nullable {
        " NOT NULL"
    } else {
        ""
    };
    let pk = if single_pk { " PRIMARY KEY" } else { "" };
    let autoincrement = if single_pk && c.tpe.family == ColumnFamily::Scalar(ScalarType::Int) {
        " AUTOINCREMENT"
    } else {
        ""
    };
    let default = c
        .default
        .as_ref()
        .and_then(render_default)
        .map(|d| format!(" DEFAULT {d}"))
        .unwrap_or_default();
    format!(
        "{} {}{not_null}{pk}{autoincrement}{default}",
        ident(&c.name),
        column_type(c)
    )
}

fn create_table(t: &Table, name: &str) -> String {
    let mut out = format!("CREATE TABLE {} (\n", ident(name));
    out.push_str(
        &t.columns
            .iter()
            .map(|c| format!("    {}", column_def(t, c)))
            .collect::<Vec<_>>()
            .join(",\n"),
    );
    if let Some(pk) = &t.primary_key {
        if t.single_pk_column().is_none()
            || !t
                .columns
                .iter()
                .any(|c| Some(c.name.as_str()) == t.single_pk_column())
        {
            out.push_str(",\n\n    PRIMARY KEY (");
            out.push_str(
                &pk.columns
                    .iter()
                    .map(|c| ident(&c.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            out.push(')');
        }
    }
    for fk in &t.foreign_keys {
        out.push_str(&format!(
            ",\n    CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
            ident(&fk.name),
            fk.columns
                .iter()
                .map(|c| ident(c.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
            ident(&fk.referenced_table),
            fk.referenced_columns
                .iter()
                .map(|c| ident(c.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
            action(fk.on_delete),
            action(fk.on_update)
        ));
    }
    out.push_str("\n)");
    out
}

fn create_index(t: &Table, index: &SqlIndex) -> String {
    let unique = if index.kind == SqlIndexKind::Unique {
        "UNIQUE "
    } else {
        ""
    };
    let columns: Vec<String> = index
        .columns
        .iter()
        .map(|c| format!("{}{}", ident(&c.name), sort_suffix(c.sort)))
        .collect();
    let sql = format!(
        "CREATE {unique}INDEX {} ON {}({})",
        ident(&index.name),
        ident(&t.name),
        columns.join(", ")
    );
    if index.name.starts_with("sqlite_") {
        format!("Pragma writable_schema=1;\n{sql};\nPragma writable_schema=0")
    } else {
        sql
    }
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
                    Some(format!(
                        "ALTER TABLE {} ADD COLUMN {}",
                        ident(&prev.tables[*p].name),
                        column_def(t, &t.columns[*column])
                    ))
                }
                _ => None,
            })
            .collect(),
        Step::RedefineTables { tables } => redefine(tables, prev, next),
        _ => Vec::new(),
    }
}
