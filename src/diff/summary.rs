//! The human summary `prisma migrate diff` prints without `--script`: one section per kind of change
//! (`[+] Added tables`, `[*] Changed the \`User\` table`, …), sections ordered by kind and then by
//! object name, entries by step order. Prisma's quirks are kept (a header per created extension,
//! three-space indent for a CockroachDB primary-key change, the doubled `)` after an added primary
//! key), so the text can be compared byte for byte.

use super::sql_schema::{Column, ColumnArity, ColumnFamily, SqlDefault, SqlIndexKind, SqlSchema};
use super::steps::{ColumnChanges, Step, TableChange};
use crate::schema::ScalarType;

/// Section kinds, in the order Prisma prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    CreatedExtension,
    AddedSchema,
    AddedEnum,
    AddedTable,
    RemovedEnum,
    RemovedTable,
    RedefinedTable,
    ChangedEnum,
    ChangedTable,
}

/// The text as the engine prints it: `No difference detected.\n` for no steps, else the sections
/// (each starting with a blank line).
pub fn summary(steps: &[Step], prev: &SqlSchema, next: &SqlSchema) -> String {
    if steps.is_empty() {
        return "No difference detected.\n".to_string();
    }
    let mut items: Vec<(Section, &str, usize)> = Vec::new();
    for (idx, step) in steps.iter().enumerate() {
        match step {
            Step::CreateSchema { .. } => items.push((Section::AddedSchema, "", idx)),
            Step::CreateExtension { id } => {
                items.push((Section::CreatedExtension, &next.extensions[*id].name, idx))
            }
            Step::CreateEnum { .. } => items.push((Section::AddedEnum, "", idx)),
            Step::AlterEnum { prev: p, .. } => {
                items.push((Section::ChangedEnum, &prev.enums[*p].name, idx))
            }
            Step::DropForeignKey { table, .. }
            | Step::DropIndex { table, .. }
            | Step::AlterTable { prev: table, .. }
            | Step::AlterPrimaryKey { prev: table, .. } => {
                items.push((Section::ChangedTable, &prev.tables[*table].name, idx))
            }
            Step::RenameIndex {
                prev: (table, _), ..
            }
            | Step::RedefineIndex {
                prev: (table, _), ..
            } => items.push((Section::ChangedTable, &prev.tables[*table].name, idx)),
            Step::CreateIndex { table, .. } | Step::AddForeignKey { table, .. } => {
                items.push((Section::ChangedTable, &next.tables[*table].name, idx))
            }
            Step::RenameForeignKey {
                next: (table, _), ..
            } => items.push((Section::ChangedTable, &next.tables[*table].name, idx)),
            Step::DropTable { .. } => items.push((Section::RemovedTable, "", idx)),
            Step::DropEnum { .. } => items.push((Section::RemovedEnum, "", idx)),
            Step::CreateTable { .. } => items.push((Section::AddedTable, "", idx)),
            Step::RedefineTables { tables } => {
                for r in tables {
                    items.push((Section::RedefinedTable, &prev.tables[r.prev].name, idx));
                }
            }
        }
    }
    items.sort();
    items.dedup();

    let mut out = String::new();
    let mut current: Option<(Section, &str)> = None;
    for (section, name, idx) in items {
        if current != Some((section, name)) {
            out.push_str(&header(section, name));
            current = Some((section, name));
        }
        entry(&steps[idx], prev, next, &mut out);
    }
    out
}

fn header(section: Section, name: &str) -> String {
    match section {
        Section::CreatedExtension => "\n[+] Added extensions\n".into(),
        Section::AddedSchema => "\n[+] Added Schemas\n".into(),
        Section::AddedEnum => "\n[+] Added enums\n".into(),
        Section::AddedTable => "\n[+] Added tables\n".into(),
        Section::RemovedEnum => "\n[-] Removed enums\n".into(),
        Section::RemovedTable => "\n[-] Removed tables\n".into(),
        Section::RedefinedTable => format!("\n[*] Redefined table `{name}`\n"),
        Section::ChangedEnum => format!("\n[*] Changed the `{name}` enum\n"),
        Section::ChangedTable => format!("\n[*] Changed the `{name}` table\n"),
    }
}

/// `  [+] Added unique index on columns (a, b)`; `sign` is `+` (added) or `-` (removed).
fn index_line(sign: char, kind: SqlIndexKind, columns: Vec<&str>) -> String {
    let verb = if sign == '+' { "Added" } else { "Removed" };
    let unique = if kind == SqlIndexKind::Unique {
        "unique "
    } else {
        ""
    };
    format!(
        "  [{sign}] {verb} {unique}index on columns ({})\n",
        columns.join(", ")
    )
}

fn entry(step: &Step, prev: &SqlSchema, next: &SqlSchema, out: &mut String) {
    match step {
        Step::CreateSchema { namespace } => {
            out.push_str(&format!("  - {}\n", next.namespaces[*namespace]))
        }
        Step::CreateExtension { id } => {
            out.push_str(&format!("  - {}\n", next.extensions[*id].name))
        }
        Step::CreateEnum { id } => out.push_str(&format!("  - {}\n", next.enums[*id].name)),
        Step::DropEnum { id } => out.push_str(&format!("  - {}\n", prev.enums[*id].name)),
        Step::CreateTable { table } => out.push_str(&format!("  - {}\n", next.tables[*table].name)),
        Step::DropTable { table } => out.push_str(&format!("  - {}\n", prev.tables[*table].name)),
        Step::AlterEnum { added, dropped, .. } => {
            for v in added {
                out.push_str(&format!("  [+] Added variant `{v}`\n"));
            }
            for v in dropped {
                out.push_str(&format!("  [-] Removed variant `{v}`\n"));
            }
        }
        Step::AlterPrimaryKey { prev: p, .. } => out.push_str(&format!(
            "   [*] Changed the primary key for `{}`\n",
            prev.tables[*p].name
        )),
        Step::DropForeignKey { table, fk } => {
            let fk = &prev.tables[*table].foreign_keys[*fk];
            out.push_str(&format!(
                "  [-] Removed foreign key on columns ({})\n",
                fk.columns.join(", ")
            ));
        }
        Step::AddForeignKey { table, fk } => {
            let fk = &next.tables[*table].foreign_keys[*fk];
            out.push_str(&format!(
                "  [+] Added foreign key on columns ({})\n",
                fk.columns.join(", ")
            ));
        }
        Step::DropIndex { table, index } => {
            let index = &prev.tables[*table].indexes[*index];
            let columns = index.columns.iter().map(|c| c.name.as_str()).collect();
            out.push_str(&index_line('-', index.kind, columns));
        }
        Step::CreateIndex { table, index, .. } => {
            let index = &next.tables[*table].indexes[*index];
            let columns = index.columns.iter().map(|c| c.name.as_str()).collect();
            out.push_str(&index_line('+', index.kind, columns));
        }
        Step::RenameForeignKey { prev: p, next: n } => out.push_str(&format!(
            "  [*] Renamed the foreign key \"{}\" to \"{}\"\n",
            prev.tables[p.0].foreign_keys[p.1].name, next.tables[n.0].foreign_keys[n.1].name
        )),
        Step::RenameIndex { prev: p, next: n } => out.push_str(&format!(
            "  [*] Renamed index `{}` to `{}`\n",
            prev.tables[p.0].indexes[p.1].name, next.tables[n.0].indexes[n.1].name
        )),
        Step::RedefineIndex { prev: p, .. } => out.push_str(&format!(
            "  [*] Redefined index `{}`\n",
            prev.tables[p.0].indexes[p.1].name
        )),
        Step::RedefineTables { .. } => {}
        Step::AlterTable {
            prev: p,
            next: n,
            changes,
        } => {
            let (a, b) = (&prev.tables[*p], &next.tables[*n]);
            let pk_columns = |t: &super::sql_schema::Table| {
                t.primary_key
                    .as_ref()
                    .map(|k| {
                        k.columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            };
            for change in changes {
                match change {
                    TableChange::AddColumn { column } => out.push_str(&format!(
                        "  [+] Added column `{}`\n",
                        b.columns[*column].name
                    )),
                    TableChange::DropColumn { column } => out.push_str(&format!(
                        "  [-] Removed column `{}`\n",
                        a.columns[*column].name
                    )),
                    TableChange::AlterColumn {
                        prev: i,
                        next: j,
                        changes,
                        ..
                    } => out.push_str(&format!(
                        "  [*] Altered column `{}` ({})\n",
                        b.columns[*j].name,
                        column_changes(&a.columns[*i], &b.columns[*j], changes)
                    )),
                    TableChange::DropAndRecreateColumn {
                        prev: i,
                        next: j,
                        changes,
                    } => out.push_str(&format!(
                        "  [*] Column `{}` would be dropped and recreated ({})\n",
                        b.columns[*j].name,
                        column_changes(&a.columns[*i], &b.columns[*j], changes)
                    )),
                    TableChange::DropPrimaryKey => out.push_str(&format!(
                        "  [-] Dropped the primary key on columns ({})\n",
                        pk_columns(a)
                    )),
                    TableChange::RenamePrimaryKey => out.push_str(&format!(
                        "  [*] Renamed the primary key on columns ({})\n",
                        pk_columns(a)
                    )),
                    TableChange::AddPrimaryKey => out.push_str(&format!(
                        "  [+] Added primary key on columns ({})\n)\n",
                        pk_columns(b)
                    )),
                }
            }
        }
    }
}

/// `changed from Nullable to Required, default changed from `…` to `…`, type changed`.
fn column_changes(a: &Column, b: &Column, changes: &ColumnChanges) -> String {
    let mut parts = Vec::new();
    if changes.arity {
        parts.push(format!(
            "changed from {} to {}",
            arity(a.arity),
            arity(b.arity)
        ));
    }
    if changes.default {
        parts.push(format!(
            "default changed from `{}` to `{}`",
            default_kind(a),
            default_kind(b)
        ));
    }
    if changes.type_changed {
        parts.push("type changed".to_string());
    }
    if changes.autoincrement {
        parts.push(if a.auto_increment {
            "column is no longer autoincrementing".to_string()
        } else {
            "column became autoincrementing".to_string()
        });
    }
    parts.join(", ")
}

fn arity(a: ColumnArity) -> &'static str {
    match a {
        ColumnArity::Required => "Required",
        ColumnArity::Nullable => "Nullable",
        ColumnArity::List => "List",
    }
}

/// One literal as Prisma's `PrismaValue` debug-prints it, or `None` when the family has no exact form.
fn scalar_value(family: &ColumnFamily, v: &str) -> Option<String> {
    match family {
        ColumnFamily::Enum { .. } => unquote(v).map(|s| format!("Enum({s:?})")),
        ColumnFamily::Scalar(ScalarType::String) => unquote(v).map(|s| format!("String({s:?})")),
        ColumnFamily::Scalar(ScalarType::Int) => Some(format!("Int({v})")),
        ColumnFamily::Scalar(ScalarType::BigInt) => Some(format!("BigInt({v})")),
        ColumnFamily::Scalar(ScalarType::Boolean) => Some(format!("Boolean({v})")),
        ColumnFamily::Scalar(ScalarType::Json) => Some(format!(
            "Json({:?})",
            unquote(v).unwrap_or_else(|| v.to_string())
        )),
        ColumnFamily::Scalar(ScalarType::Float | ScalarType::Decimal) => {
            Some(format!("Float(BigDecimal({v:?}))"))
        }
        // `'2020-01-01 00:00:00 +00:00'` debug-prints as `DateTime(2020-01-01T00:00:00+00:00)`.
        ColumnFamily::Scalar(ScalarType::DateTime) => {
            let text = unquote(v)?;
            let mut parts = text.split(' ');
            let (date, time, offset) = (parts.next()?, parts.next()?, parts.next()?);
            Some(format!("DateTime({date}T{time}{offset})"))
        }
        _ => None,
    }
}

/// The items of a PostgreSQL array default (`ARRAY['a', 'b']::TEXT[]`), split outside quotes.
fn array_items(sql: &str) -> Option<Vec<String>> {
    let rest = sql.strip_prefix("ARRAY[")?;
    let end = rest.rfind("]::")?;
    let inner = &rest[..end];
    let mut items = Vec::new();
    let (mut current, mut quoted) = (String::new(), false);
    for c in inner.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => items.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        items.push(current.trim().to_string());
    }
    Some(items)
}

/// A SQL string literal's value (`'it''s'` → `it's`), or `None` when `sql` is not one.
fn unquote(sql: &str) -> Option<String> {
    let inner = sql.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// The default as Prisma's engine debug-prints it (`Some(Value(String("x")))`, `Some(Now)`, `None`).
/// Exact for strings, enums, numbers, booleans, JSON, lists of them, `now()` and `dbgenerated`; other
/// literals (dates, bytes) show their SQL text inside `Value(…)`.
fn default_kind(column: &Column) -> String {
    let Some(default) = &column.default else {
        return "None".to_string();
    };
    let inner = match default {
        SqlDefault::Now => "Now".to_string(),
        SqlDefault::DbGenerated(expr) => format!("DbGenerated(Some({expr:?}))"),
        SqlDefault::Sequence(s) => format!("Sequence({s:?})"),
        SqlDefault::Value(v) if v == "unique_rowid()" => "UniqueRowid".to_string(),
        SqlDefault::Value(v) => {
            let value = match (column.arity, array_items(v)) {
                (ColumnArity::List, Some(items)) => items
                    .iter()
                    .map(|item| scalar_value(&column.tpe.family, item))
                    .collect::<Option<Vec<_>>>()
                    .map(|values| format!("List([{}])", values.join(", "))),
                _ => scalar_value(&column.tpe.family, v),
            };
            format!("Value({})", value.unwrap_or_else(|| v.to_string()))
        }
    };
    format!("Some({inner})")
}

#[cfg(test)]
mod tests {
    use crate::sql::{generate_migration, MigrationOptions};

    fn summary(from: Option<&str>, to: &str) -> String {
        let side = |s: &str| vec![("schema.prisma".to_string(), s.to_string())];
        let options = MigrationOptions {
            allow_data_loss: true,
            ..Default::default()
        };
        let from = from.map(side);
        generate_migration(from.as_deref(), Some(&side(to)), &options)
            .unwrap()
            .summary()
    }

    const DS: &str = "datasource db {\n  provider = \"postgresql\"\n}\n\n";

    #[test]
    fn no_steps_is_prismas_one_line() {
        let schema = format!("{DS}model A {{\n  id Int @id\n}}\n");
        assert_eq!(summary(Some(&schema), &schema), "No difference detected.\n");
    }

    #[test]
    /// Checked against `../shared/oracle/diff.mjs --summary` (Prisma 7.10): the stray `)` after an
    /// added primary key is Prisma's.
    fn sections_by_kind_then_table_name_and_prismas_quirks() {
        let from = format!("{DS}model B {{\n  id Int @unique\n}}\n\nmodel A {{\n  id Int @id\n  x  String @default(\"a\")\n}}\n");
        let to = format!("{DS}model B {{\n  id Int @id\n}}\n\nmodel A {{\n  id Int @id\n  x  String?\n}}\n\nmodel C {{\n  id Int @id\n}}\n");
        assert_eq!(
            summary(Some(&from), &to),
            "\n[+] Added tables\n  - C\n\
             \n[*] Changed the `A` table\n  [*] Altered column `x` (changed from Required to Nullable, default changed from `Some(Value(String(\"a\")))` to `None`)\n\
             \n[*] Changed the `B` table\n  [+] Added primary key on columns (id)\n)\n  [-] Removed unique index on columns (id)\n"
        );
    }
}
