//! MySQL SQL (no oracle: follows Prisma's MySQL renderer rules and the engines' MySQL fixtures):
//! indexes inline in `CREATE TABLE`, foreign keys as separate statements, enums inline per column.

use super::{action, sort_suffix};
use crate::diff::{
    Column, ColumnArity, ColumnFamily, ForeignKey, SqlDefault, SqlIndex, SqlIndexKind, SqlSchema,
    Step, Table, TableChange,
};
use crate::schema::ScalarType;

/// `` `name` ``, with `` ` `` doubled (a mapped name can hold any character).
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `'…'` with `'` doubled and `\` escaped: MySQL reads a backslash in a string as an escape unless
/// `NO_BACKSLASH_ESCAPES` is set, so a value ending in `\` would otherwise swallow the quote.
fn string(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

fn column_type(c: &Column) -> String {
    let t = &c.tpe;
    let args = |sep: &str| {
        if t.args.is_empty() {
            String::new()
        } else {
            format!("({})", t.args.join(sep))
        }
    };
    match &t.family {
        ColumnFamily::Enum { .. } => format!(
            "ENUM({})",
            t.args
                .iter()
                .map(|v| string(v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ColumnFamily::Unsupported(desc) => desc.clone(),
        ColumnFamily::Scalar(scalar) => match t.native.as_str() {
            "TinyInt" if *scalar == ScalarType::Boolean => "BOOLEAN".into(),
            "Int" => "INTEGER".into(),
            "UnsignedInt" => "INTEGER UNSIGNED".into(),
            "UnsignedSmallInt" => "SMALLINT UNSIGNED".into(),
            "UnsignedTinyInt" => "TINYINT UNSIGNED".into(),
            "UnsignedMediumInt" => "MEDIUMINT UNSIGNED".into(),
            "UnsignedBigInt" => "BIGINT UNSIGNED".into(),
            "Decimal" => format!("DECIMAL{}", args(", ")),
            other => format!("{}{}", other.to_ascii_uppercase(), args(",")),
        },
    }
}

fn render_default(c: &Column) -> Option<String> {
    match c.default.as_ref()? {
        SqlDefault::Now => {
            let precision = c.tpe.args.first().cloned().unwrap_or_else(|| "3".into());
            Some(format!("CURRENT_TIMESTAMP({precision})"))
        }
        SqlDefault::Value(_) if c.tpe.family == ColumnFamily::Scalar(ScalarType::Json) => None,
        SqlDefault::Value(v) => Some(v.clone()),
        SqlDefault::DbGenerated(e) if !e.is_empty() => Some(e.clone()),
        _ => None,
    }
}

pub(super) fn column_def(c: &Column) -> String {
    let null = if c.arity == ColumnArity::Nullable {
        " NULL"
    } else {
        " NOT NULL"
    };
    let default = render_default(c)
        .map(|d| format!(" DEFAULT {d}"))
        .unwrap_or_default();
    let auto = if c.auto_increment {
        " AUTO_INCREMENT"
    } else {
        ""
    };
    format!("{} {}{null}{default}{auto}", ident(&c.name), column_type(c))
}

fn index_columns(index: &SqlIndex) -> String {
    index
        .columns
        .iter()
        .map(|c| {
            let length = c.length.map(|l| format!("({l})")).unwrap_or_default();
            format!("{}{length}{}", ident(&c.name), sort_suffix(c.sort))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn index_keyword(index: &SqlIndex) -> &'static str {
    match index.kind {
        SqlIndexKind::Unique => "UNIQUE INDEX",
        SqlIndexKind::Fulltext => "FULLTEXT INDEX",
        SqlIndexKind::Normal => "INDEX",
    }
}

fn create_table(t: &Table) -> String {
    let columns: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("    {}", column_def(c)))
        .collect();
    let mut constraints: Vec<String> = t
        .indexes
        .iter()
        .map(|i| {
            format!(
                "    {} {}({})",
                index_keyword(i),
                ident(&i.name),
                index_columns(i)
            )
        })
        .collect();
    if let Some(pk) = &t.primary_key {
        let cols: Vec<String> = pk
            .columns
            .iter()
            .map(|c| {
                format!(
                    "{}{}{}",
                    ident(&c.name),
                    c.length.map(|l| format!("({l})")).unwrap_or_default(),
                    sort_suffix(c.sort)
                )
            })
            .collect();
        constraints.push(format!("    PRIMARY KEY ({})", cols.join(", ")));
    }
    let tail = if constraints.is_empty() {
        String::new()
    } else {
        format!(",\n\n{}", constraints.join(",\n"))
    };
    format!(
        "CREATE TABLE {} (\n{}{tail}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        ident(&t.name),
        columns.join(",\n")
    )
}

fn add_foreign_key(t: &Table, fk: &ForeignKey) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
        ident(&t.name),
        ident(&fk.name),
        fk.columns.iter().map(|c| ident(c)).collect::<Vec<_>>().join(", "),
        ident(&fk.referenced_table),
        fk.referenced_columns.iter().map(|c| ident(c)).collect::<Vec<_>>().join(", "),
        action(fk.on_delete),
        action(fk.on_update)
    )
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
