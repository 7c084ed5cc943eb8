//! Renames the caller declares (applied to the previous schema, so the differ pairs the renamed table
//! or column with its new self and only renames what Prisma's names derive from: indexes, keys), and
//! the drop + add pairs that look like renames nobody declared.

use compact_str::CompactString;

use super::safety::ModelNames;
use super::sql_schema::*;
use super::steps::{Step, TableChange};

/// One rename in database names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rename {
    Table {
        namespace: Option<CompactString>,
        from: CompactString,
        to: CompactString,
    },
    /// `table` is the table's previous name (column renames run before table renames).
    Column {
        namespace: Option<CompactString>,
        table: CompactString,
        from: CompactString,
        to: CompactString,
    },
}

/// `prev` as it is once the renames ran: what the rest of the migration starts from.
pub fn apply_renames(prev: SqlSchema, renames: &[Rename]) -> SqlSchema {
    let mut out = prev;
    for rename in renames {
        match rename {
            Rename::Column {
                namespace,
                table,
                from,
                to,
            } => {
                for t in &mut out.tables {
                    if t.name == table && &t.namespace == namespace {
                        rename_column_in_table(t, from, to);
                    }
                    for fk in &mut t.foreign_keys {
                        if fk.referenced_table == table && &fk.referenced_namespace == namespace {
                            for c in &mut fk.referenced_columns {
                                if c == from {
                                    *c = to.clone();
                                }
                            }
                        }
                    }
                }
            }
            Rename::Table {
                namespace,
                from,
                to,
            } => {
                for t in &mut out.tables {
                    if t.name == from && &t.namespace == namespace {
                        t.name = to.clone();
                    }
                    for fk in &mut t.foreign_keys {
                        if fk.referenced_table == from && &fk.referenced_namespace == namespace {
                            fk.referenced_table = to.clone();
                        }
                    }
                }
            }
        }
    }
    out
}

fn rename_column_in_table(t: &mut Table, from: &str, to: &CompactString) {
    let rename = |name: &mut CompactString| {
        if name == from {
            *name = to.clone();
        }
    };
    for c in &mut t.columns {
        rename(&mut c.name);
    }
    for c in t.primary_key.iter_mut().flat_map(|k| &mut k.columns) {
        rename(&mut c.name);
    }
    for c in t.indexes.iter_mut().flat_map(|i| &mut i.columns) {
        rename(&mut c.name);
    }
    for c in t.foreign_keys.iter_mut().flat_map(|fk| &mut fk.columns) {
        rename(c);
    }
}

/// A dropped and an added column (or table) that may be one thing renamed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LikelyRename {
    /// The model (of the target schema) holding the field; for a table, the new model.
    pub model: String,
    pub table: String,
    /// The previous field (or model) name.
    pub from: String,
    /// The new field (or model) name.
    pub to: String,
    /// The `renames` entry to pass, and the `@map`/`@@map` alternative.
    pub hint: String,
}

fn same_type(a: &Column, b: &Column) -> bool {
    a.tpe == b.tpe
}

/// Drop + add pairs of the same column type in one table, and dropped + created tables with the
/// same columns.
pub fn likely_renames(
    steps: &[Step],
    prev: &SqlSchema,
    next: &SqlSchema,
    prev_names: &ModelNames<'_>,
    next_names: &ModelNames<'_>,
) -> Vec<LikelyRename> {
    let mut out = Vec::new();
    let mut columns = |p: usize, n: usize, dropped: &[usize], added: &[usize]| {
        let (a, b) = (&prev.tables[p], &next.tables[n]);
        for &i in dropped {
            for &j in added {
                let (pc, nc) = (&a.columns[i], &b.columns[j]);
                if !same_type(pc, nc) {
                    continue;
                }
                let model = next_names.model(&b.name).to_string();
                let from = prev_names.field(&a.name, &pc.name).to_string();
                let to = next_names.field(&b.name, &nc.name).to_string();
                let hint = format!(
                    "if `{model}.{from}` was renamed to `{to}`, pass `renames: {{ \"{model}.{from}\": \"{to}\" }}` (CLI `--rename {model}.{from}={to}`) to rename the column and keep its data, or keep the column name in the schema with `{to} … @map(\"{}\")`",
                    pc.name
                );
                out.push(LikelyRename {
                    model,
                    table: b.name.to_string(),
                    from,
                    to,
                    hint,
                });
            }
        }
    };
    let mut dropped_tables = Vec::new();
    let mut created_tables = Vec::new();
    for step in steps {
        match step {
            Step::AlterTable {
                prev: p,
                next: n,
                changes,
            } => {
                let dropped: Vec<usize> = changes
                    .iter()
                    .filter_map(|c| match c {
                        TableChange::DropColumn { column } => Some(*column),
                        _ => None,
                    })
                    .collect();
                let added: Vec<usize> = changes
                    .iter()
                    .filter_map(|c| match c {
                        TableChange::AddColumn { column } => Some(*column),
                        _ => None,
                    })
                    .collect();
                columns(*p, *n, &dropped, &added);
            }
            Step::RedefineTables { tables } => {
                for r in tables {
                    columns(r.prev, r.next, &r.dropped_columns, &r.added_columns);
                }
            }
            Step::DropTable { table } => dropped_tables.push(*table),
            Step::CreateTable { table } => created_tables.push(*table),
            _ => {}
        }
    }
    fn shape(t: &Table) -> Vec<(&str, &ColumnType)> {
        let mut cols: Vec<_> = t
            .columns
            .iter()
            .map(|c| (c.name.as_str(), &c.tpe))
            .collect();
        cols.sort_by(|x, y| x.0.cmp(y.0));
        cols
    }
    for &p in &dropped_tables {
        for &n in &created_tables {
            let (a, b) = (&prev.tables[p], &next.tables[n]);
            if a.namespace != b.namespace || shape(a) != shape(b) {
                continue;
            }
            let from = prev_names.model(&a.name).to_string();
            let to = next_names.model(&b.name).to_string();
            let hint = format!(
                "if model `{from}` was renamed to `{to}`, pass `renames: {{ \"{from}\": \"{to}\" }}` (CLI `--rename {from}={to}`) to rename the table and keep its rows, or keep the table name in the schema with `@@map(\"{}\")` on `{to}`",
                a.name
            );
            out.push(LikelyRename {
                model: to.clone(),
                table: b.name.to_string(),
                from,
                to,
                hint,
            });
        }
    }
    out
}
