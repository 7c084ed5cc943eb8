//! `renames` and `backfill` options: schema names (`Model.field`) resolved to database names, and the
//! `RENAME` statements that run before the rest of the migration.

use std::collections::BTreeMap;

use compact_str::CompactString;

use super::{block, Block, Online, Statements};
use crate::diff::{Rename, SqlSchema};
use crate::error::{CoreError, CoreResult};
use crate::schema::{Model, Provider, Schema};

fn invalid(message: String) -> CoreError {
    CoreError::new("INVALID_ARGUMENT", message)
}

fn model<'a>(schema: Option<&'a Schema>, name: &str, side: &str) -> CoreResult<&'a Model> {
    schema
        .and_then(|s| s.model(name))
        .filter(|m| !m.is_view)
        .ok_or_else(|| invalid(format!("No model `{name}` in the {side} schema.")))
}

/// `{ "Model.old": "new", "OldModel": "NewModel" }` → column renames (first) then table renames.
/// Old names belong to the `from` schema, new ones to the `to` schema.
pub fn resolve_renames(
    from: Option<&Schema>,
    to: Option<&Schema>,
    renames: &BTreeMap<String, String>,
) -> CoreResult<Vec<Rename>> {
    let mut columns = Vec::new();
    let mut tables = Vec::new();
    let model_rename = |name: &str| renames.get(name).cloned().unwrap_or(name.to_string());
    for (old, new) in renames {
        match old.split_once('.') {
            None => {
                let (a, b) = (model(from, old, "`from`")?, model(to, new, "`to`")?);
                if a.db_name != b.db_name {
                    tables.push(Rename::Table {
                        namespace: a.schema.clone(),
                        from: a.db_name.clone(),
                        to: b.db_name.clone(),
                    });
                }
            }
            Some((model_name, field)) => {
                let a = model(from, model_name, "`from`")?;
                let b = model(to, &model_rename(model_name), "`to`")?;
                let pf = a.field(field).ok_or_else(|| {
                    invalid(format!(
                        "No field `{field}` on model `{model_name}` in the `from` schema."
                    ))
                })?;
                let nf = b.field(new).ok_or_else(|| {
                    invalid(format!(
                        "No field `{new}` on model `{}` in the `to` schema.",
                        b.name
                    ))
                })?;
                // A relation field has no column of its own: nothing to rename in the database.
                if pf.is_relation() || nf.is_relation() || pf.db_name == nf.db_name {
                    continue;
                }
                columns.push(Rename::Column {
                    namespace: a.schema.clone(),
                    table: a.db_name.clone(),
                    from: pf.db_name.clone(),
                    to: nf.db_name.clone(),
                });
            }
        }
    }
    columns.extend(tables);
    Ok(columns)
}

/// `{ "Model.field": "SQL" }` → `(table, column) → SQL` in the `to` schema's database names.
pub fn resolve_backfill(
    to: Option<&Schema>,
    backfill: &BTreeMap<String, String>,
) -> CoreResult<BTreeMap<(CompactString, CompactString), String>> {
    let mut out = BTreeMap::new();
    for (key, expression) in backfill {
        let (model_name, field) = key
            .split_once('.')
            .ok_or_else(|| invalid(format!("Backfill key `{key}` must be `Model.field`.")))?;
        let m = model(to, model_name, "`to`")?;
        let f = m.field(field).filter(|f| !f.is_relation()).ok_or_else(|| {
            invalid(format!(
                "No scalar field `{field}` on model `{model_name}` in the `to` schema."
            ))
        })?;
        if expression.trim().is_empty() {
            return Err(invalid(format!("Backfill for `{key}` is empty.")));
        }
        out.insert((m.db_name.clone(), f.db_name.clone()), expression.clone());
    }
    Ok(out)
}

fn quote(name: &str, provider: Provider) -> String {
    super::quote_ident(name, provider)
}

fn table(namespace: &Option<CompactString>, name: &str, provider: Provider) -> String {
    match namespace {
        Some(ns) if ns != "public" && provider.is_postgres_like() => {
            format!("{}.{}", quote(ns, provider), quote(name, provider))
        }
        _ => quote(name, provider),
    }
}

/// The statements of the renames (`RENAME COLUMN` works on SQLite 3.25+, MySQL 8 and MariaDB
/// 10.5+). PostgreSQL also renames the sequence behind an autoincrement column, whose name derives
/// from the table and column.
pub(crate) fn render_renames(
    renames: &[Rename],
    prev: &SqlSchema,
    provider: Provider,
    statements: &mut Statements,
) -> Vec<Block> {
    let mut out = Vec::new();
    for rename in renames {
        match rename {
            Rename::Column {
                namespace,
                table: t,
                from,
                to,
            } => {
                out.push(format!(
                    "ALTER TABLE {} RENAME COLUMN {} TO {}",
                    table(namespace, t, provider),
                    quote(from, provider),
                    quote(to, provider)
                ));
                if provider == Provider::PostgreSql && serial(prev, namespace, t, from) {
                    out.push(rename_sequence(namespace, t, from, t, to));
                }
            }
            Rename::Table {
                namespace,
                from,
                to,
            } => {
                out.push(format!(
                    "ALTER TABLE {} RENAME TO {}",
                    table(namespace, from, provider),
                    quote(to, provider)
                ));
                if provider == Provider::PostgreSql {
                    let serials: Vec<String> = prev
                        .tables
                        .iter()
                        .filter(|x| x.name == from && &x.namespace == namespace)
                        .flat_map(|x| &x.columns)
                        .filter(|c| c.auto_increment)
                        .map(|c| renamed_column(renames, namespace, from, &c.name))
                        .collect();
                    for c in serials {
                        // Column renames ran first: the sequence already carries the new column name.
                        out.push(rename_sequence(namespace, from, &c, to, &c));
                    }
                }
            }
        }
    }
    out.into_iter()
        .filter_map(|statement| {
            let header = if statement.starts_with("ALTER SEQUENCE") {
                "RenameSequence"
            } else if statement.contains(" RENAME COLUMN ") {
                "RenameColumn"
            } else {
                "RenameTable"
            };
            block(header, Online::InPlace, statements, |s| s.push(&statement))
        })
        .collect()
}

/// A column's name once the column renames ran.
fn renamed_column(
    renames: &[Rename],
    namespace: &Option<CompactString>,
    t: &str,
    c: &str,
) -> String {
    renames
        .iter()
        .find_map(|r| match r {
            Rename::Column {
                namespace: ns,
                table,
                from,
                to,
            } if ns == namespace && table == t && from == c => Some(to.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| c.to_string())
}

fn serial(prev: &SqlSchema, namespace: &Option<CompactString>, table: &str, column: &str) -> bool {
    prev.tables
        .iter()
        .filter(|t| t.name == table && &t.namespace == namespace)
        .flat_map(|t| &t.columns)
        .any(|c| c.name == column && c.auto_increment)
}

/// PostgreSQL names a `SERIAL` column's sequence `<table>_<column>_seq`.
fn rename_sequence(
    namespace: &Option<CompactString>,
    table_from: &str,
    column_from: &str,
    table_to: &str,
    column_to: &str,
) -> String {
    let seq = |t: &str, c: &str| format!("{t}_{c}_seq");
    format!(
        "ALTER SEQUENCE IF EXISTS {} RENAME TO {}",
        table(
            namespace,
            &seq(table_from, column_from),
            Provider::PostgreSql
        ),
        quote(&seq(table_to, column_to), Provider::PostgreSql)
    )
}
