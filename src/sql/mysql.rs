//! MySQL SQL (no oracle: follows Prisma's MySQL renderer rules and the engines' MySQL fixtures):
//! indexes inline in `CREATE TABLE`, foreign keys as separate statements, enums inline per column.

use compact_str::CompactString;

use super::{action, join, push_quoted, sort_suffix};
use crate::diff::{
    Column, ColumnArity, ColumnFamily, ForeignKey, IndexColumn, SqlDefault, SqlIndex, SqlIndexKind,
    SqlSchema, Step, Table, TableChange,
};
use crate::schema::ScalarType;

/// `` `name` ``, with `` ` `` doubled (a mapped name can hold any character).
fn push_ident(out: &mut String, name: &str) {
    push_quoted(out, name, '`');
}

fn ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_ident(&mut out, name);
    out
}

/// `'…'` with `'` doubled and `\` escaped: MySQL reads a backslash in a string as an escape unless
/// `NO_BACKSLASH_ESCAPES` is set, so a value ending in `\` would otherwise swallow the quote.
fn push_string(out: &mut String, value: &str) {
    out.push('\'');
    for ch in value.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("''"),
            _ => out.push(ch),
        }
    }
    out.push('\'');
}

fn push_column_type(out: &mut String, c: &Column) {
    let t = &c.tpe;
    let args = |out: &mut String, separator: &str| {
        if !t.args().is_empty() {
            out.push('(');
            join(out, t.args(), separator, |out, a| out.push_str(a));
            out.push(')');
        }
    };
    match &t.family {
        ColumnFamily::Enum { .. } => {
            out.push_str("ENUM(");
            join(out, t.args(), ", ", |out, v| push_string(out, v));
            out.push(')');
        }
        ColumnFamily::Unsupported(desc) => out.push_str(desc),
        ColumnFamily::Scalar(scalar) => match t.native() {
            "TinyInt" if *scalar == ScalarType::Boolean => out.push_str("BOOLEAN"),
            "Int" => out.push_str("INTEGER"),
            "UnsignedInt" => out.push_str("INTEGER UNSIGNED"),
            "UnsignedSmallInt" => out.push_str("SMALLINT UNSIGNED"),
            "UnsignedTinyInt" => out.push_str("TINYINT UNSIGNED"),
            "UnsignedMediumInt" => out.push_str("MEDIUMINT UNSIGNED"),
            "UnsignedBigInt" => out.push_str("BIGINT UNSIGNED"),
            "Decimal" => {
                out.push_str("DECIMAL");
                args(out, ", ");
            }
            other => {
                let start = out.len();
                out.push_str(other);
                out[start..].make_ascii_uppercase();
                args(out, ",");
            }
        },
    }
}

fn push_default(out: &mut String, c: &Column) {
    match c.default.as_ref() {
        Some(SqlDefault::Now) => {
            let precision = c.tpe.args().first().map_or("3", CompactString::as_str);
            out.push_str(" DEFAULT CURRENT_TIMESTAMP(");
            out.push_str(precision);
            out.push(')');
        }
        Some(SqlDefault::Value(_)) if c.tpe.family == ColumnFamily::Scalar(ScalarType::Json) => {}
        Some(SqlDefault::Value(v)) => {
            out.push_str(" DEFAULT ");
            out.push_str(v);
        }
        Some(SqlDefault::DbGenerated(e)) if !e.is_empty() => {
            out.push_str(" DEFAULT ");
            out.push_str(e);
        }
        _ => {}
    }
}

fn push_column_def(out: &mut String, c: &Column) {
    push_ident(out, &c.name);
    out.push(' ');
    push_column_type(out, c);
    out.push_str(if c.arity == ColumnArity::Nullable {
        " NULL"
    } else {
        " NOT NULL"
    });
    push_default(out, c);
    if c.auto_increment {
        out.push_str(" AUTO_INCREMENT");
    }
}

pub(super) fn column_def(c: &Column) -> String {
    let mut out = String::new();
    push_column_def(&mut out, c);
    out
}

/// `name(length) ASC`, … for the columns of an index or primary key.
fn push_index_columns(out: &mut String, columns: &[IndexColumn]) {
    join(out, columns, ", ", |out, c| {
        push_ident(out, &c.name);
        if let Some(length) = c.length {
            out.push('(');
            out.push_str(&length.to_string());
            out.push(')');
        }
        out.push_str(sort_suffix(c.sort));
    });
}

fn index_columns(index: &SqlIndex) -> String {
    let mut out = String::new();
    push_index_columns(&mut out, &index.columns);
    out
}

fn index_keyword(index: &SqlIndex) -> &'static str {
    match index.kind {
        SqlIndexKind::Unique => "UNIQUE INDEX",
        SqlIndexKind::Fulltext => "FULLTEXT INDEX",
        SqlIndexKind::Normal => "INDEX",
    }
}

fn create_table(t: &Table) -> String {
    let mut out = String::with_capacity(128 + 48 * t.columns.len() + 48 * t.indexes.len());
    out.push_str("CREATE TABLE ");
    push_ident(&mut out, &t.name);
    out.push_str(" (\n");
    join(&mut out, &t.columns, ",\n", |out, c| {
        out.push_str("    ");
        push_column_def(out, c);
    });
    if !t.indexes.is_empty() || t.primary_key.is_some() {
        out.push_str(",\n\n");
    }
    join(&mut out, &t.indexes, ",\n", |out, i| {
        out.push_str("    ");
        out.push_str(index_keyword(i));
        out.push(' ');
        push_ident(out, &i.name);
        out.push('(');
        push_index_columns(out, &i.columns);
        out.push(')');
    });
    if let Some(pk) = &t.primary_key {
        if !t.indexes.is_empty() {
            out.push_str(",\n");
        }
        out.push_str("    PRIMARY KEY (");
        push_index_columns(&mut out, &pk.columns);
        out.push(')');
    }
    out.push_str("\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    out
}

fn add_foreign_key(t: &Table, fk: &ForeignKey) -> String {
    let mut out = String::with_capacity(160);
    out.push_str("ALTER TABLE ");
    push_ident(&mut out, &t.name);
    out.push_str(" ADD CONSTRAINT ");
    push_ident(&mut out, &fk.name);
    out.push_str(" FOREIGN KEY (");
    join(&mut out, &fk.columns, ", ", |out, c| push_ident(out, c));
    out.push_str(") REFERENCES ");
    push_ident(&mut out, &fk.referenced_table);
    out.push('(');
    join(&mut out, &fk.referenced_columns, ", ", |out, c| {
        push_ident(out, c)
    });
    out.push_str(") ON DELETE ");
    out.push_str(action(fk.on_delete));
    out.push_str(" ON UPDATE ");
    out.push_str(action(fk.on_update));
    out
}

pub fn render(step: &Step, prev: &SqlSchema, next: &SqlSchema) -> Vec<String> {
    match step {
        Step::CreateTable { table } => vec![create_table(&next.tables[*table])],
        Step::DropTable { table } => {
            vec![format!("DROP TABLE {}", ident(&prev.tables[*table].name))]
        }
        Step::CreateIndex { table, index, .. } => {
            let t = &next.tables[*table];
            let i = &t.indexes[*index];
            let kind = match i.kind {
                SqlIndexKind::Unique => "UNIQUE ",
                SqlIndexKind::Fulltext => "FULLTEXT ",
                SqlIndexKind::Normal => "",
            };
            vec![format!(
                "CREATE {kind}INDEX {} ON {}({})",
                ident(&i.name),
                ident(&t.name),
                index_columns(i)
            )]
        }
        Step::DropIndex { table, index } => {
            let t = &prev.tables[*table];
            vec![format!(
                "DROP INDEX {} ON {}",
                ident(&t.indexes[*index].name),
                ident(&t.name)
            )]
        }
        Step::AddForeignKey { table, fk } => {
            let t = &next.tables[*table];
            vec![add_foreign_key(t, &t.foreign_keys[*fk])]
        }
        Step::DropForeignKey { table, fk } => {
            let t = &prev.tables[*table];
            vec![format!(
                "ALTER TABLE {} DROP FOREIGN KEY {}",
                ident(&t.name),
                ident(&t.foreign_keys[*fk].name)
            )]
        }
        Step::RenameIndex { prev: p, next: n } | Step::RedefineIndex { prev: p, next: n } => {
            vec![format!(
                "ALTER TABLE {} RENAME INDEX {} TO {}",
                ident(&prev.tables[p.0].name),
                ident(&prev.tables[p.0].indexes[p.1].name),
                ident(&next.tables[n.0].indexes[n.1].name)
            )]
        }
        Step::AlterTable {
            prev: p,
            next: n,
            changes,
        } => {
            let (a, b) = (&prev.tables[*p], &next.tables[*n]);
            let mut clauses = Vec::new();
            for change in changes {
                match change {
                    TableChange::DropPrimaryKey => clauses.push("DROP PRIMARY KEY".to_string()),
                    TableChange::RenamePrimaryKey => {}
                    TableChange::AddPrimaryKey => {
                        if let Some(pk) = &b.primary_key {
                            let cols: Vec<String> =
                                pk.columns.iter().map(|c| ident(&c.name)).collect();
                            clauses.push(format!("ADD PRIMARY KEY ({})", cols.join(", ")));
                        }
                    }
                    TableChange::AddColumn { column } => {
                        clauses.push(format!("ADD COLUMN {}", column_def(&b.columns[*column])))
                    }
                    TableChange::DropColumn { column } => {
                        clauses.push(format!("DROP COLUMN {}", ident(&a.columns[*column].name)))
                    }
                    TableChange::AlterColumn { next: j, .. } => {
                        clauses.push(format!("MODIFY {}", column_def(&b.columns[*j])))
                    }
                    TableChange::DropAndRecreateColumn {
                        prev: i, next: j, ..
                    } => {
                        clauses.push(format!("DROP COLUMN {}", ident(&a.columns[*i].name)));
                        clauses.push(format!("ADD COLUMN {}", column_def(&b.columns[*j])));
                    }
                }
            }
            if clauses.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "ALTER TABLE {} {}",
                    ident(&a.name),
                    clauses.join(",\n    ")
                )]
            }
        }
        _ => Vec::new(),
    }
}
