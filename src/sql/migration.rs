//! `generate_migration`: schema text (or nothing) on each side → the SQL Prisma Migrate would write,
//! the typed steps and the data-loss warnings; safe by default (unsafe changes left out unless
//! `allow_data_loss`), with declared renames, backfills and the `idempotent`/`online` modes.

use std::collections::BTreeMap;

use compact_str::CompactString;

use super::modes::{self, MigrationMode, MigrationPart};
use crate::background;
use crate::diff::{
    self, LikelyRename, ModelNames, SafetyInput, SqlSchema, Step, StepSummary, TableChange,
    UnsafeChange,
};
use crate::error::{CoreError, CoreResult};
use crate::schema::{self, Provider, Schema};
use crate::syntax::diagnostic::Severity;
use crate::syntax::ParsedSchema;

/// One schema as `(path, content)` files; several for a `prisma/schema/` folder.
pub type SchemaInput<'a> = &'a [(String, String)];

#[derive(Clone, Debug, Default)]
pub struct MigrationOptions {
    /// Overrides the datasource provider of both schemas (as `--provider` does for the oracle);
    /// required when both sides are empty.
    pub provider: Option<String>,
    /// The migration name (used when writing a folder; kept here so callers pass one options value).
    pub name: Option<String>,
    /// Write the unsafe changes too (as Prisma does); otherwise they are only listed.
    pub allow_data_loss: bool,
    /// `Model.oldField` → `newField`, `OldModel` → `NewModel` (old names of `from`, new of `to`).
    pub renames: BTreeMap<String, String>,
    /// `Model.field` (of `to`) → SQL expression filling a column that becomes required.
    pub backfill: BTreeMap<String, String>,
    pub mode: MigrationMode,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    /// The script, byte for byte what `prisma migrate diff --script` prints.
    pub sql: String,
    /// Prisma's data-loss warnings and unexecutable-step messages for what `sql` holds, in step order.
    pub warnings: Vec<String>,
    pub provider: String,
    /// Unsafe changes: left out of `sql` unless `allow_data_loss`, listed either way.
    pub unsafe_changes: Vec<UnsafeChange>,
    pub likely_renames: Vec<LikelyRename>,
    /// The migrations to write, in apply order, when the mode splits the script (`online`; `sql` is
    /// all of them joined); empty when `sql` is the one migration, which is then not held twice
    /// (1.1 MB for 1,000 models).
    pub migrations: Vec<MigrationPart>,
    /// The steps as written phase by phase, when backfills split the change; else `None`: `steps()`
    /// summarizes the change's steps when asked (most callers want the SQL only; 6,000 steps for
    /// 1,000 models).
    phase_steps: Option<Vec<StepSummary>>,
    /// What `summary()` and `steps()` are written from.
    summary_of: ChangeSummary,
}

/// The whole change as `prisma migrate diff` sees it: its steps and both schemas. The summary text
/// is written only when asked for (most callers want the SQL only).
#[derive(Clone, Debug)]
struct ChangeSummary {
    /// `None`: not computed along the way (a migration split for backfills); diffed when asked.
    steps: Option<Vec<Step>>,
    prev: SqlSchema,
    next: SqlSchema,
    provider: Provider,
}

impl ChangeSummary {
    /// `f` of the change's steps.
    fn with_steps<T>(&self, f: impl FnOnce(&[Step]) -> T) -> T {
        match &self.steps {
            Some(steps) => f(steps),
            None => f(&diff::diff(&self.prev, &self.next, self.provider)),
        }
    }

    fn text(&self) -> String {
        self.with_steps(|steps| diff::summary(steps, &self.prev, &self.next))
    }
}

/// Two changes are the same when Prisma would summarize them the same.
impl PartialEq for ChangeSummary {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Eq for ChangeSummary {}

/// Parses and resolves one side. Syntax errors → `SCHEMA_SYNTAX`; resolution errors → `SCHEMA_INVALID`.
/// The syntax tree comes back too, for the caller to free beside its next work.
fn load(files: SchemaInput<'_>, provider: Option<Provider>) -> CoreResult<(Schema, ParsedSchema)> {
    let parsed = crate::syntax::parse_files(files);
    if let Some(err) = parsed.first_error() {
        return Err(err);
    }
    let (resolved, diagnostics) = schema::resolve_for(&parsed.files, provider);
    match diagnostics.iter().find(|d| d.severity == Severity::Error) {
        Some(d) => Err(CoreError::new("SCHEMA_INVALID", d.message.clone()).at(parsed.location(d))),
        None => Ok((resolved, parsed)),
    }
}

fn unsupported(provider: Provider) -> CoreError {
    let why = match provider {
        Provider::MongoDb => "MongoDB has no SQL migrations in Prisma (it uses `prisma db push`)",
        _ => "SQL Server migrations are not supported yet",
    };
    CoreError::new(
        "UNSUPPORTED_PROVIDER",
        format!(
            "Cannot generate a migration for provider `{}`: {why}.",
            provider.as_str()
        ),
    )
}

impl Migration {
    /// The `migration.sql` that `prisma migrate dev` writes: the script under a comment listing the
    /// data-loss warnings, when there are any.
    pub fn file_contents(&self) -> String {
        with_warnings_header(&self.sql, &self.warnings)
    }

    /// What `prisma migrate diff` prints without `--script` (`[+] Added tables`, …), byte for
    /// byte; `No difference detected.\n` when there is nothing to do. Written on each call.
    pub fn summary(&self) -> String {
        self.summary_of.text()
    }

    /// The typed steps of what `sql` holds, in order. Written on each call.
    pub fn steps(&self) -> Vec<StepSummary> {
        let change = &self.summary_of;
        match &self.phase_steps {
            Some(steps) => steps.clone(),
            None => change.with_steps(|steps| summaries(steps, &change.prev, &change.next)),
        }
    }
}

/// `/*\n  Warnings:\n\n  - …\n\n*/\n` + script (Prisma's layout), or the script alone.
pub fn with_warnings_header(sql: &str, warnings: &[String]) -> String {
    if warnings.is_empty() {
        return sql.to_string();
    }
    let mut out = String::from("/*\n  Warnings:\n\n");
    for warning in warnings {
        out.push_str("  - ");
        out.push_str(warning);
        out.push('\n');
    }
    out.push_str("\n*/\n");
    out.push_str(sql);
    out
}

/// Generates the migration from `from` to `to` (`None`: an empty database).
pub fn generate_migration(
    from: Option<SchemaInput<'_>>,
    to: Option<SchemaInput<'_>>,
    options: &MigrationOptions,
) -> CoreResult<Migration> {
    let override_provider = match &options.provider {
        Some(p) => Some(Provider::parse(p).ok_or_else(|| {
            CoreError::new(
                "INVALID_ARGUMENT",
                format!(
                    "Unknown provider `{p}`: expected postgresql, sqlite, mysql or cockroachdb."
                ),
            )
        })?),
        None => None,
    };
    let sizes = (
        from.map_or(0, background::input_bytes),
        to.map_or(0, background::input_bytes),
    );
    let load_side = |side: Option<SchemaInput<'_>>| side.map(|f| load(f, override_provider));
    // Two big schemas load side by side.
    let (from, to) = background::join(|| load_side(from), || load_side(to), sizes);
    let (from, to) = (from.transpose()?, to.transpose()?);
    let ((from, from_tree), (to, to_tree)) = (from.unzip(), to.unzip());
    let total = sizes.0 + sizes.1;
    let provider = override_provider
        .or_else(|| {
            to.as_ref()
                .and_then(|s| s.datasource.as_ref())
                .map(|d| d.provider)
        })
        .or_else(|| {
            from.as_ref()
                .and_then(|s| s.datasource.as_ref())
                .map(|d| d.provider)
        })
        .ok_or_else(|| {
            CoreError::new(
                "INVALID_ARGUMENT",
                "Cannot tell the database provider: no datasource block and no `provider` option.",
            )
        })?;
    for side in [&from, &to].into_iter().flatten() {
        if let Some(ds) = &side.datasource {
            if override_provider.is_none()
                && matches!(ds.provider, Provider::MongoDb | Provider::SqlServer)
            {
                return Err(unsupported(ds.provider));
            }
        }
    }
    if matches!(provider, Provider::MongoDb | Provider::SqlServer) {
        return Err(unsupported(provider));
    }
    let calc = |s: &Option<Schema>| {
        s.as_ref()
            .map(|s| diff::calculate(s, provider))
            .unwrap_or_default()
    };
    // What is done with is freed beside the work that follows (the syntax trees here, the resolved
    // schemas beside the rendering), by the pool's worker, which built about half of it: a thread
    // of its own freeing it all (as before) made every free a cross-thread one, and competed with
    // the next call's parse for the second core. One-core CPU time per 1,000-model call, 150-call
    // runs alternated: ~20.1 -> ~16.8 ms (this machine, busy; with `Held` freed in place).
    let ((), (prev, next)) = background::join(
        move || drop((from_tree, to_tree)),
        || (calc(&from), calc(&to)),
        (total, total),
    );
    let renames = super::renames::resolve_renames(from.as_ref(), to.as_ref(), &options.renames)?;
    let backfill = super::renames::resolve_backfill(to.as_ref(), &options.backfill)?;
    // The renames run first, on the tables and columns as they were.
    let mut statements = super::Statements::default();
    let mut blocks = super::renames::render_renames(&renames, &prev, provider, &mut statements);
    let prev = diff::apply_renames(prev, &renames);
    // The names borrow the resolved schemas, which are freed before the rendering ends.
    let (likely_renames, safe) = {
        let names = (
            ModelNames::new(from.as_ref()).renamed(&renames),
            ModelNames::new(to.as_ref()),
        );
        let full_steps = diff::diff(&prev, &next, provider);
        let likely_renames = diff::likely_renames(&full_steps, &prev, &next, &names.0, &names.1);
        let safe = diff::safe_target(
            &prev,
            &next,
            full_steps,
            provider,
            &SafetyInput {
                allow_data_loss: options.allow_data_loss,
                backfill: &backfill,
                prev_names: &names.0,
                next_names: &names.1,
            },
        );
        (likely_renames, safe)
    };
    if provider == Provider::MySql {
        refuse_mysql_conversions(&safe.conversions)?;
    }
    let safe_next = safe.next;
    let target = safe_next.as_ref().unwrap_or(&next);
    // Drops wait until the backfills ran: an expression may read a column or table on its way out.
    let mid = match safe.backfills.is_empty() {
        true => None,
        false => diff::with_drops_kept(&prev, target),
    };
    // Each phase with its steps when they are known already; the summary's steps are the whole
    // change's (the phases are one change, split for backfills).
    let (phases, mut summary_steps) = match &mid {
        Some(mid) => (vec![(&prev, mid, None), (mid, target, None)], safe.steps),
        None => (vec![(&prev, target, safe.steps)], None),
    };
    let (mut written, mut warnings) = (Vec::new(), Vec::new());
    let render = || {
        for (i, (from_schema, to_schema, known)) in phases.into_iter().enumerate() {
            let mut phase_steps =
                known.unwrap_or_else(|| diff::diff(from_schema, to_schema, provider));
            if i == 0 {
                fill_rebuilds(&mut phase_steps, to_schema, &safe.backfills);
            }
            convert_in_place(&mut phase_steps, to_schema, &safe.conversions);
            let mut phase_blocks = super::step_blocks(
                &phase_steps,
                from_schema,
                to_schema,
                provider,
                &mut statements,
            );
            if i == 0 && provider != Provider::Sqlite {
                // After the columns exist, before the indexes and keys over them are built.
                let at = phase_blocks
                    .iter()
                    .position(|b| {
                        matches!(
                            b.header,
                            "CreateIndex" | "RenameForeignKey" | "AddForeignKey" | "RenameIndex"
                        )
                    })
                    .unwrap_or(phase_blocks.len());
                let filled: Vec<super::Block> = safe
                    .backfills
                    .iter()
                    .flat_map(|b| {
                        super::backfill::backfill_blocks(b, &next, provider, &mut statements)
                    })
                    .collect();
                phase_blocks.splice(at..at, filled);
            }
            blocks.extend(phase_blocks);
            warnings.extend(diff::warnings(
                &phase_steps,
                from_schema,
                to_schema,
                provider,
            ));
            if mid.is_none() {
                // The summary reads no backfill or conversion: these steps are the whole change's, and
                // `steps()` summarizes them when asked.
                summary_steps = Some(phase_steps);
            } else {
                written.extend(summaries(&phase_steps, from_schema, to_schema));
            }
        }
    };
    // The resolved schemas are not read past here.
    background::join(move || drop((from, to)), render, (total, total));
    // A backfill makes a required column possible on a table with rows.
    warnings.retain(|w| {
        !safe.backfills.iter().any(|b| {
            w.contains(&format!("`{}`", b.column))
                && w.contains(&format!("`{}`", b.table))
                && (w.starts_with("Added the required column") || w.starts_with("Made the column"))
        })
    });
    // A conversion casts in place: Prisma's cast and drop-and-recreate warnings no longer apply.
    warnings.retain(|w| {
        !safe.conversions.iter().any(|c| {
            w.contains(&format!("`{}`", c.column))
                && w.contains(&format!("`{}`", c.table))
                && (w.starts_with("You are about to alter the column")
                    || w.contains("would be dropped and recreated"))
        })
    });
    let mut migrations = modes::lay_out(statements, &blocks, provider, options.mode)?;
    let sql = match migrations.as_slice() {
        [only] if only.suffix.is_empty() => migrations.pop().map(|p| p.sql).unwrap_or_default(),
        _ => modes::joined(&migrations),
    };
    let summary_of = ChangeSummary {
        steps: summary_steps,
        next: safe_next.unwrap_or(next),
        prev,
        provider,
    };
    Ok(Migration {
        sql,
        phase_steps: mid.is_some().then_some(written),
        warnings,
        provider: provider.as_str().to_string(),
        unsafe_changes: safe.unsafe_changes,
        likely_renames,
        migrations,
        summary_of,
    })
}

/// Retyped columns with a conversion expression: altered in place with `USING` (a column Prisma would
/// drop and recreate included), or, on SQLite, copied through the expression in the table rebuild.
fn convert_in_place(steps: &mut [Step], target: &SqlSchema, conversions: &[diff::Backfill]) {
    let expression = |table: &diff::Table, column: usize| {
        conversions
            .iter()
            .find(|c| {
                c.table == table.name
                    && c.namespace == table.namespace
                    && c.column == table.columns[column].name
            })
            .map(|c| c.expression.clone())
    };
    for step in steps {
        match step {
            Step::AlterTable { next, changes, .. } => {
                let t = &target.tables[*next];
                for change in changes {
                    match change {
                        TableChange::DropAndRecreateColumn {
                            prev: i,
                            next: j,
                            changes: c,
                        } => {
                            if let Some(e) = expression(t, *j) {
                                *change = TableChange::AlterColumn {
                                    prev: *i,
                                    next: *j,
                                    changes: *c,
                                    using: Some(e),
                                };
                            }
                        }
                        TableChange::AlterColumn { next: j, using, .. } => {
                            *using = expression(t, *j)
                        }
                        _ => {}
                    }
                }
            }
            Step::RedefineTables { tables } => {
                for r in tables {
                    let t = &target.tables[r.next];
                    r.converted = r
                        .column_pairs
                        .iter()
                        .filter_map(|&(_, j, _)| Some((j, expression(t, j)?)))
                        .collect();
                }
            }
            _ => {}
        }
    }
}

/// MySQL runs each DDL statement on its own, outside any transaction: an `UPDATE` followed by a
/// `MODIFY` that fails would leave the rows rewritten. A conversion is written only when it is the
/// column itself (MySQL's own cast, in one statement that fails whole).
fn refuse_mysql_conversions(conversions: &[diff::Backfill]) -> CoreResult<()> {
    for c in conversions {
        let bare = c.expression.trim().trim_matches('`');
        if bare != c.column {
            return Err(CoreError::new(
                "UNSUPPORTED_BACKFILL",
                format!(
                    "Cannot convert `{}`.`{}` with `{}` on MySQL: its DDL is not transactional, so an UPDATE before the type change could not be rolled back if the change fails. Pass the column itself (`{}`) to let MySQL cast it in one statement, or convert the rows yourself before migrating.",
                    c.table, c.column, c.expression, c.column
                ),
            ));
        }
    }
    Ok(())
}

/// SQLite fills backfilled columns in the copy of its table rebuild.
fn fill_rebuilds(steps: &mut [Step], target: &SqlSchema, backfills: &[diff::Backfill]) {
    for step in steps {
        let Step::RedefineTables { tables } = step else {
            continue;
        };
        for r in tables {
            let t = &target.tables[r.next];
            r.backfill = backfills
                .iter()
                .filter(|b| b.table == t.name && b.namespace == t.namespace)
                .filter_map(|b| {
                    let j = t.columns.iter().position(|c| c.name == b.column)?;
                    Some((j, b.expression.clone()))
                })
                .collect();
        }
    }
}

fn summary(
    kind: &'static str,
    schema: Option<&CompactString>,
    table: Option<&str>,
    column: Option<&str>,
    name: Option<&str>,
) -> StepSummary {
    StepSummary {
        kind,
        schema: schema.map(CompactString::to_string),
        table: table.map(str::to_string),
        column: column.map(str::to_string),
        name: name.map(str::to_string),
    }
}

/// The public, name-based view of the steps (one entry per column change of an `AlterTable`).
pub fn summaries(steps: &[Step], prev: &SqlSchema, next: &SqlSchema) -> Vec<StepSummary> {
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        match step {
            Step::CreateSchema { namespace } => out.push(summary(
                "createSchema",
                None,
                None,
                None,
                Some(&next.namespaces[*namespace]),
            )),
            Step::CreateExtension { id } => out.push(summary(
                "createExtension",
                None,
                None,
                None,
                Some(&next.extensions[*id].name),
            )),
            Step::CreateEnum { id } => {
                let e = &next.enums[*id];
                out.push(summary(
                    "createEnum",
                    e.namespace.as_ref(),
                    None,
                    None,
                    Some(&e.name),
                ));
            }
            Step::AlterEnum { next: n, .. } => {
                let e = &next.enums[*n];
                out.push(summary(
                    "alterEnum",
                    e.namespace.as_ref(),
                    None,
                    None,
                    Some(&e.name),
                ));
            }
            Step::DropEnum { id } => {
                let e = &prev.enums[*id];
                out.push(summary(
                    "dropEnum",
                    e.namespace.as_ref(),
                    None,
                    None,
                    Some(&e.name),
                ));
            }
            Step::DropForeignKey { table, fk } => {
                let t = &prev.tables[*table];
                out.push(summary(
                    "dropForeignKey",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    Some(&t.foreign_keys[*fk].name),
                ));
            }
            Step::DropIndex { table, index } => {
                let t = &prev.tables[*table];
                out.push(summary(
                    "dropIndex",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    Some(&t.indexes[*index].name),
                ));
            }
            Step::AlterTable {
                prev: p,
                next: n,
                changes,
            } => {
                let (a, b) = (&prev.tables[*p], &next.tables[*n]);
                for change in changes {
                    let (kind, column, name) = match change {
                        TableChange::DropPrimaryKey => (
                            "dropPrimaryKey",
                            None,
                            a.primary_key.as_ref().map(|k| k.name.as_str()),
                        ),
                        TableChange::RenamePrimaryKey => (
                            "renamePrimaryKey",
                            None,
                            b.primary_key.as_ref().map(|k| k.name.as_str()),
                        ),
                        TableChange::AddPrimaryKey => (
                            "addPrimaryKey",
                            None,
                            b.primary_key.as_ref().map(|k| k.name.as_str()),
                        ),
                        TableChange::AddColumn { column } => {
                            ("addColumn", Some(b.columns[*column].name.as_str()), None)
                        }
                        TableChange::DropColumn { column } => {
                            ("dropColumn", Some(a.columns[*column].name.as_str()), None)
                        }
                        TableChange::AlterColumn { next: j, .. } => {
                            ("alterColumn", Some(b.columns[*j].name.as_str()), None)
                        }
                        TableChange::DropAndRecreateColumn { next: j, .. } => {
                            ("recreateColumn", Some(b.columns[*j].name.as_str()), None)
                        }
                    };
                    out.push(summary(
                        kind,
                        a.namespace.as_ref(),
                        Some(&a.name),
                        column,
                        name,
                    ));
                }
            }
            Step::AlterPrimaryKey { next: n, .. } => {
                let t = &next.tables[*n];
                out.push(summary(
                    "alterPrimaryKey",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    t.primary_key.as_ref().map(|k| k.name.as_str()),
                ));
            }
            Step::DropTable { table } => {
                let t = &prev.tables[*table];
                out.push(summary(
                    "dropTable",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    None,
                ));
            }
            Step::CreateTable { table } => {
                let t = &next.tables[*table];
                out.push(summary(
                    "createTable",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    None,
                ));
            }
            Step::RedefineTables { tables } => {
                for r in tables {
                    let t = &next.tables[r.next];
                    out.push(summary(
                        "redefineTable",
                        t.namespace.as_ref(),
                        Some(&t.name),
                        None,
                        None,
                    ));
                }
            }
            Step::CreateIndex { table, index, .. } => {
                let t = &next.tables[*table];
                out.push(summary(
                    "createIndex",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    Some(&t.indexes[*index].name),
                ));
            }
            Step::AddForeignKey { table, fk } => {
                let t = &next.tables[*table];
                out.push(summary(
                    "addForeignKey",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    Some(&t.foreign_keys[*fk].name),
                ));
            }
            Step::RenameForeignKey { next: n, .. } => {
                let t = &next.tables[n.0];
                out.push(summary(
                    "renameForeignKey",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    Some(&t.foreign_keys[n.1].name),
                ));
            }
            Step::RenameIndex { next: n, .. } | Step::RedefineIndex { next: n, .. } => {
                let t = &next.tables[n.0];
                out.push(summary(
                    "renameIndex",
                    t.namespace.as_ref(),
                    Some(&t.name),
                    None,
                    Some(&t.indexes[n.1].name),
                ));
            }
        }
    }
    out
}
