//! Migration steps. Table, column, index and foreign-key references are positions in the previous
//! (`prev`) or next schema, so a step's sort key reproduces Prisma's derived ordering of its
//! `SqlMigrationStep` (kind first, then those positions).

use compact_str::CompactString;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnTypeChange {
    RiskyCast,
    SafeCast,
    NotCastable,
}

/// Which aspects of a column differ, in Prisma's bit order (arity, default, type, autoincrement).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ColumnChanges {
    pub arity: bool,
    pub default: bool,
    pub type_changed: bool,
    pub autoincrement: bool,
    pub type_change: Option<ColumnTypeChange>,
}

impl ColumnChanges {
    pub fn any(&self) -> bool {
        self.arity || self.default || self.type_changed || self.autoincrement
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableChange {
    DropPrimaryKey,
    RenamePrimaryKey,
    DropColumn {
        column: usize,
    },
    AddColumn {
        column: usize,
    },
    AlterColumn {
        prev: usize,
        next: usize,
        changes: ColumnChanges,
        /// A caller's expression for the new value of a column whose type changes (`backfill`):
        /// the cast happens in place (PostgreSQL `USING`), so the rows are converted, not lost.
        using: Option<String>,
    },
    DropAndRecreateColumn {
        prev: usize,
        next: usize,
        changes: ColumnChanges,
    },
    AddPrimaryKey,
}

/// A SQLite table rebuilt through a `new_<table>` copy.
#[derive(Clone, Debug, PartialEq)]
pub struct RedefineTable {
    pub prev: usize,
    pub next: usize,
    /// Column pairs kept, ordered by column name: (prev column, next column, changes).
    pub column_pairs: Vec<(usize, usize, ColumnChanges)>,
    pub added_columns: Vec<usize>,
    pub dropped_columns: Vec<usize>,
    pub dropped_primary_key: bool,
    /// Columns of the new table filled from a caller's SQL expression (`backfill`): (column, expr).
    pub backfill: Vec<(usize, String)>,
    /// Retyped columns whose new value is a caller's SQL expression of the old row: (column, expr).
    pub converted: Vec<(usize, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    CreateSchema {
        namespace: usize,
    },
    CreateExtension {
        id: usize,
    },
    CreateEnum {
        id: usize,
    },
    AlterEnum {
        prev: usize,
        next: usize,
        added: Vec<CompactString>,
        dropped: Vec<CompactString>,
    },
    DropForeignKey {
        table: usize,
        fk: usize,
    },
    DropIndex {
        table: usize,
        index: usize,
    },
    AlterTable {
        prev: usize,
        next: usize,
        changes: Vec<TableChange>,
    },
    /// CockroachDB: `ALTER PRIMARY KEY USING COLUMNS`.
    AlterPrimaryKey {
        prev: usize,
        next: usize,
    },
    DropTable {
        table: usize,
    },
    DropEnum {
        id: usize,
    },
    CreateTable {
        table: usize,
    },
    RedefineTables {
        tables: Vec<RedefineTable>,
    },
    CreateIndex {
        prev_table: Option<usize>,
        table: usize,
        index: usize,
        from_recreate: bool,
    },
    RenameForeignKey {
        prev: (usize, usize),
        next: (usize, usize),
    },
    AddForeignKey {
        table: usize,
        fk: usize,
    },
    RenameIndex {
        prev: (usize, usize),
        next: (usize, usize),
    },
    /// SQLite cannot rename an index: drop and create.
    RedefineIndex {
        prev: (usize, usize),
        next: (usize, usize),
    },
}

impl Step {
    /// The `-- Header` Prisma writes above the step's statements.
    pub fn description(&self) -> &'static str {
        match self {
            Step::CreateSchema { .. } => "CreateSchema",
            Step::CreateExtension { .. } => "CreateExtension",
            Step::CreateEnum { .. } => "CreateEnum",
            Step::AlterEnum { .. } => "AlterEnum",
            Step::DropForeignKey { .. } => "DropForeignKey",
            Step::DropIndex { .. } => "DropIndex",
            Step::AlterTable { .. } => "AlterTable",
            Step::AlterPrimaryKey { .. } => "AlterPrimaryKey",
            Step::DropTable { .. } => "DropTable",
            Step::DropEnum { .. } => "DropEnum",
            Step::CreateTable { .. } => "CreateTable",
            Step::RedefineTables { .. } => "RedefineTables",
            Step::CreateIndex { .. } => "CreateIndex",
            Step::RenameForeignKey { .. } => "RenameForeignKey",
            Step::AddForeignKey { .. } => "AddForeignKey",
            Step::RenameIndex { .. } => "RenameIndex",
            Step::RedefineIndex { .. } => "RedefineIndex",
        }
    }

    /// Prisma's derived `Ord` on `SqlMigrationStep`: variant rank, then the ids it holds.
    pub(crate) fn sort_key(&self) -> (u8, [usize; 5]) {
        match self {
            Step::CreateSchema { namespace } => (0, [*namespace, 0, 0, 0, 0]),
            Step::CreateExtension { id } => (2, [*id, 0, 0, 0, 0]),
            Step::CreateEnum { id } => (7, [*id, 0, 0, 0, 0]),
            Step::AlterEnum { prev, next, .. } => (8, [*prev, *next, 0, 0, 0]),
            Step::DropForeignKey { table, fk } => (9, [*table, *fk, 0, 0, 0]),
            Step::DropIndex { table, index } => (10, [*table, *index, 0, 0, 0]),
            Step::AlterTable { prev, next, .. } => (11, [*prev, *next, 0, 0, 0]),
            Step::AlterPrimaryKey { prev, next } => (12, [*prev, *next, 0, 0, 0]),
            Step::DropTable { table } => (13, [*table, 0, 0, 0, 0]),
            Step::DropEnum { id } => (14, [*id, 0, 0, 0, 0]),
            Step::CreateTable { table } => (15, [*table, 0, 0, 0, 0]),
            Step::RedefineTables { .. } => (16, [0; 5]),
            // `Option<TableId>`: `None` (a created table) sorts before any `Some`.
            Step::CreateIndex {
                prev_table,
                table,
                index,
                from_recreate,
            } => (
                17,
                [
                    prev_table.map(|p| p + 1).unwrap_or(0),
                    *table,
                    *index,
                    *from_recreate as usize,
                    0,
                ],
            ),
            Step::RenameForeignKey { prev, next } => (18, [prev.0, prev.1, next.0, next.1, 0]),
            Step::AddForeignKey { table, fk } => (19, [*table, *fk, 0, 0, 0]),
            Step::RenameIndex { prev, next } => (20, [prev.0, prev.1, next.0, next.1, 0]),
            Step::RedefineIndex { prev, next } => (21, [prev.0, prev.1, next.0, next.1, 0]),
        }
    }
}

/// A step as the API reports it: its kind in camelCase and the objects it touches.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepSummary {
    /// `createTable`, `addColumn`, `dropColumn`, `alterColumn`, `createIndex`, `addForeignKey`, …
    pub kind: &'static str,
    pub schema: Option<String>,
    pub table: Option<String>,
    pub column: Option<String>,
    /// The index, constraint, enum or schema name the step is about.
    pub name: Option<String>,
}
