//! Safe-by-default migrations: which changes of a diff can lose data (or fail on a table with rows),
//! and the target schema without them.
//!
//! Instead of cutting steps out of a diff (and then chasing the steps that depend on them: the indexes
//! and keys of a dropped column, a SQLite rebuild that would still leave the column out, …), an unsafe
//! change is undone in a copy of the target schema and the diff is computed again. Whatever the
//! differ writes for that target is consistent by construction.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

use compact_str::CompactString;
use rustc_hash::FxHashSet;

use super::differ::diff;
use super::renames::Rename;
use super::sql_schema::*;
use super::steps::{ColumnTypeChange, RedefineTable, Step, TableChange};
use super::warnings::warnings;
use crate::schema::{Provider, Schema};

/// A change left out of the migration unless the caller accepts data loss.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnsafeChange {
    /// `dropTable`, `dropColumn`, `alterColumnType`, `makeRequired`, `addRequiredColumn`,
    /// `removeEnumValues`, `addUnique`, `changePrimaryKey`.
    pub kind: String,
    /// The table (for `removeEnumValues`: the enum).
    pub table: String,
    pub column: Option<String>,
    /// Prisma's warning for the change.
    pub message: String,
    /// What to do instead, in the schema's (model and field) names.
    pub alternatives: Vec<String>,
}

/// A required column filled by a caller's SQL expression before it becomes `NOT NULL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backfill {
    pub namespace: Option<CompactString>,
    pub table: CompactString,
    pub column: CompactString,
    pub expression: String,
    /// The column's type changes and `expression` is its new value (converted in place), rather
    /// than the value for its NULLs before `NOT NULL`.
    pub converts: bool,
}

/// Schema (model and field) names for the database names of one side. The maps are built on the
/// first lookup: only a message about an unsafe change or a likely rename needs them, and building
/// them is a pass over every field of the schema.
#[derive(Clone, Debug, Default)]
pub struct ModelNames<'a> {
    schema: Option<&'a Schema>,
    renames: &'a [Rename],
    maps: OnceCell<NameMaps<'a>>,
}

#[derive(Clone, Debug, Default)]
struct NameMaps<'a> {
    models: HashMap<&'a str, &'a str>,
    fields: HashMap<(&'a str, &'a str), &'a str>,
}

impl<'a> ModelNames<'a> {
    pub fn new(schema: Option<&'a Schema>) -> Self {
        ModelNames {
            schema,
            ..ModelNames::default()
        }
    }

    /// The names once `renames` ran on the previous schema: a renamed table or column keeps the
    /// model and field names of `from`, which `renames` keys use.
    pub fn renamed(self, renames: &'a [Rename]) -> Self {
        ModelNames { renames, ..self }
    }

    fn maps(&self) -> &NameMaps<'a> {
        self.maps.get_or_init(|| {
            let mut names = NameMaps::default();
            for model in self.schema.iter().flat_map(|s| &s.models) {
                names.models.insert(&model.db_name, &model.name);
                for field in &model.fields {
                    names
                        .fields
                        .insert((&model.db_name, &field.db_name), &field.name);
                }
            }
            for rename in self.renames {
                match rename {
                    Rename::Column {
                        table, from, to, ..
                    } => {
                        if let Some(field) = names.fields.remove(&(table.as_str(), from.as_str())) {
                            names.fields.insert((table, to), field);
                        }
                    }
                    Rename::Table { from, to, .. } => {
                        if let Some(model) = names.models.remove(from.as_str()) {
                            names.models.insert(to, model);
                        }
                        let moved: Vec<(&str, &str)> = names
                            .fields
                            .keys()
                            .filter(|(t, _)| t == from)
                            .copied()
                            .collect();
                        for key in moved {
                            if let Some(field) = names.fields.remove(&key) {
                                names.fields.insert((to, key.1), field);
                            }
                        }
                    }
                }
            }
            names
        })
    }

    /// The model of a table (an implicit many-to-many table has none: its own name).
    pub fn model<'s>(&'s self, table: &'s str) -> &'s str {
        self.maps().models.get(table).copied().unwrap_or(table)
    }

    pub fn field<'s>(&'s self, table: &str, column: &'s str) -> &'s str {
        self.maps()
            .fields
            .get(&(table, column))
            .copied()
            .unwrap_or(column)
    }
}

/// What the caller allows and provides.
pub struct SafetyInput<'a> {
    pub allow_data_loss: bool,
    /// Backfill expressions by (table, column) of the target schema.
    pub backfill: &'a BTreeMap<(CompactString, CompactString), String>,
    pub prev_names: &'a ModelNames<'a>,
    pub next_names: &'a ModelNames<'a>,
}

/// The schema to migrate to and what was left out (or, with `allow_data_loss`, kept but listed).
pub struct SafeTarget {
    /// The target when it differs from `next` (`None`: `next` itself is safe to migrate to).
    pub next: Option<SqlSchema>,
    /// The steps from `prev` to the target, when the last round's diff is still current.
    pub steps: Option<Vec<Step>>,
    pub unsafe_changes: Vec<UnsafeChange>,
    /// Columns a backfill fills, in the order their steps appear.
    pub backfills: Vec<Backfill>,
    /// Retyped columns a backfill converts in place.
    pub conversions: Vec<Backfill>,
}

/// How an unsafe change is undone in the target schema.
enum Revert {
    KeepTable(usize),
    /// (target table, previous table, previous column)
    KeepColumn(usize, usize, Column),
    /// (target table, column name)
    OmitColumn(usize, CompactString),
    /// (target table, previous column): the column keeps its previous type, default and arity.
    RestoreColumn(usize, Column),
    /// (target table, column name)
    KeepNullable(usize, CompactString),
    KeepEnumValues(usize, Vec<CompactString>),
    /// (target table, index name)
    OmitIndex(usize, CompactString),
    /// (target table, previous table)
    KeepPrimaryKey(usize, usize),
}

struct Finding {
    change: UnsafeChange,
    revert: Revert,
}

/// Splits `next` into what can be written safely; see the module comment. `steps` is
/// `diff(prev, next)`, which the caller has at hand: the first round starts from it, and the target
/// is copied only once a change is undone in it.
pub fn safe_target(
    prev: &SqlSchema,
    next: &SqlSchema,
    steps: Vec<Step>,
    provider: Provider,
    input: &SafetyInput<'_>,
) -> SafeTarget {
    let mut target = Cow::Borrowed(next);
    let mut known = Some(steps);
    let mut listed: Vec<UnsafeChange> = Vec::new();
    // What `listed` holds, so a schema with thousands of unsafe changes is not checked pairwise.
    let mut seen: FxHashSet<(String, String, Option<String>)> = FxHashSet::default();
    let mut backfills = Vec::new();
    // Undoing a change can reveal another (a kept table using a dropped enum…): a few rounds settle.
    for _ in 0..4 {
        let steps = known
            .take()
            .unwrap_or_else(|| diff(prev, &target, provider));
        let mut round_backfills = Vec::new();
        let findings = find(&steps, prev, &target, provider, input, &mut round_backfills);
        for b in round_backfills {
            if !backfills.contains(&b) {
                backfills.push(b);
            }
        }
        let mut changed = false;
        for f in findings {
            let key = (
                f.change.kind.clone(),
                f.change.table.clone(),
                f.change.column.clone(),
            );
            if seen.insert(key) {
                listed.push(f.change);
            }
            if !input.allow_data_loss {
                apply(target.to_mut(), prev, f.revert);
                changed = true;
            }
        }
        // Backfilled columns are added (or kept) nullable where the renderer fills them afterwards.
        if provider != Provider::Sqlite {
            for b in backfills.iter().filter(|b| !b.converts) {
                let Some(t) = find_table(&target, &b.namespace, &b.table) else {
                    continue;
                };
                let required = |c: &Column| c.name == b.column && c.arity == ColumnArity::Required;
                if let Some(c) = target.tables[t].columns.iter().position(required) {
                    target.to_mut().tables[t].columns[c].arity = ColumnArity::Nullable;
                    changed = true;
                }
            }
        }
        let kept_enums = keep_used_enums(&mut target, prev);
        if !changed {
            known = (!kept_enums).then_some(steps);
            break;
        }
    }
    let (conversions, backfills) = backfills.into_iter().partition(|b| b.converts);
    SafeTarget {
        next: match target {
            Cow::Borrowed(_) => None,
            Cow::Owned(t) => Some(t),
        },
        steps: known,
        unsafe_changes: listed,
        backfills,
        conversions,
    }
}

/// `target` plus the tables and columns of `prev` it drops (`None`: it drops none): the schema to
/// stop at while something (a backfill) may still read them.
pub fn with_drops_kept(prev: &SqlSchema, target: &SqlSchema) -> Option<SqlSchema> {
    let mut mid = Cow::Borrowed(target);
    let mut kept = false;
    for (p, t) in prev.tables.iter().enumerate() {
        match find_table(&mid, &t.namespace, &t.name) {
            None => {
                apply(mid.to_mut(), prev, Revert::KeepTable(p));
                kept = true;
            }
            Some(n) => {
                for c in &t.columns {
                    if mid.tables[n].column(&c.name).is_none() {
                        apply(mid.to_mut(), prev, Revert::KeepColumn(n, p, c.clone()));
                        kept = true;
                    }
                }
            }
        }
    }
    keep_used_enums(&mut mid, prev);
    kept.then(|| mid.into_owned())
}

fn find_table(schema: &SqlSchema, namespace: &Option<CompactString>, name: &str) -> Option<usize> {
    schema
        .tables
        .iter()
        .position(|t| t.name == name && &t.namespace == namespace)
}

fn apply(target: &mut SqlSchema, prev: &SqlSchema, revert: Revert) {
    match revert {
        Revert::KeepTable(p) => {
            let t = &prev.tables[p];
            if find_table(target, &t.namespace, &t.name).is_none() {
                target.tables.push(t.clone());
            }
        }
        Revert::KeepColumn(t, p, column) => {
            let name = column.name.clone();
            let table = &mut target.tables[t];
            if table.column(&name).is_none() {
                table.columns.push(column);
            }
            keep_dependents(target, t, &prev.tables[p], &name);
        }
        Revert::OmitColumn(t, name) => {
            let table = &mut target.tables[t];
            table.columns.retain(|c| c.name != name);
            table
                .indexes
                .retain(|i| !i.columns.iter().any(|c| c.name == name));
            table.foreign_keys.retain(|fk| !fk.columns.contains(&name));
            if table
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.iter().any(|c| c.name == name))
            {
                table.primary_key = None;
            }
        }
        Revert::RestoreColumn(t, column) => {
            if let Some(c) = target.tables[t]
                .columns
                .iter_mut()
                .find(|c| c.name == column.name)
            {
                *c = column;
            }
        }
        Revert::KeepNullable(t, name) => {
            if let Some(c) = target.tables[t].columns.iter_mut().find(|c| c.name == name) {
                c.arity = ColumnArity::Nullable;
            }
        }
        Revert::KeepEnumValues(e, values) => {
            for v in values {
                if !target.enums[e].values.contains(&v) {
                    target.enums[e].values.push(v);
                }
            }
        }
        Revert::OmitIndex(t, name) => target.tables[t].indexes.retain(|i| i.name != name),
        Revert::KeepPrimaryKey(t, p) => {
            target.tables[t].primary_key = prev.tables[p].primary_key.clone();
        }
    }
}

/// The indexes and foreign keys over a kept column stay with it (once all their columns and the
/// referenced table are there), unless the target has an equivalent one.
fn keep_dependents(target: &mut SqlSchema, t: usize, prev_table: &Table, column: &str) {
    let names = |cols: &[IndexColumn]| cols.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    for index in &prev_table.indexes {
        let table = &target.tables[t];
        let uses = index.columns.iter().any(|c| c.name == column);
        let complete = index
            .columns
            .iter()
            .all(|c| table.column(&c.name).is_some());
        let taken = table.indexes.iter().any(|i| {
            i.name == index.name
                || (i.kind == index.kind && names(&i.columns) == names(&index.columns))
        });
        if uses && complete && !taken {
            target.tables[t].indexes.push(index.clone());
        }
    }
    for fk in &prev_table.foreign_keys {
        let table = &target.tables[t];
        let uses = fk.columns.iter().any(|c| c == column);
        let complete = fk.columns.iter().all(|c| table.column(c).is_some())
            && find_table(target, &fk.referenced_namespace, &fk.referenced_table).is_some_and(
                |r| {
                    fk.referenced_columns
                        .iter()
                        .all(|c| target.tables[r].column(c).is_some())
                },
            );
        let taken = table
            .foreign_keys
            .iter()
            .any(|k| k.name == fk.name || k.columns == fk.columns);
        if uses && complete && !taken {
            target.tables[t].foreign_keys.push(fk.clone());
        }
    }
}

/// An enum that a kept column still uses stays (PostgreSQL cannot drop a type in use). Whether one
/// was put back.
fn keep_used_enums(target: &mut Cow<'_, SqlSchema>, prev: &SqlSchema) -> bool {
    if prev.enums.is_empty() {
        return false;
    }
    let mut missing: Vec<usize> = Vec::new();
    let used = target
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .filter_map(|c| match &c.tpe.family {
            ColumnFamily::Enum { name, namespace } => Some((name, namespace)),
            _ => None,
        });
    for (name, namespace) in used {
        let is = |e: &SqlEnum| e.name == name && &e.namespace == namespace;
        if target.enums.iter().any(is) || missing.iter().any(|&i| is(&prev.enums[i])) {
            continue;
        }
        missing.extend(prev.enums.iter().position(is));
    }
    if missing.is_empty() {
        return false;
    }
    let enums = &mut target.to_mut().enums;
    enums.extend(missing.into_iter().map(|i| prev.enums[i].clone()));
    true
}

fn pk_columns(t: &Table) -> Option<Vec<&str>> {
    t.primary_key
        .as_ref()
        .map(|pk| pk.columns.iter().map(|c| c.name.as_str()).collect())
}

const ACCEPT: &str =
    "pass `allowDataLoss: true` (CLI `--accept-data-loss`) to write it anyway, as Prisma does";

struct Finder<'a, 'i> {
    prev: &'a SqlSchema,
    next: &'a SqlSchema,
    provider: Provider,
    input: &'a SafetyInput<'i>,
    out: Vec<Finding>,
}

impl Finder<'_, '_> {
    /// Prisma's message for one step (its warnings and unexecutable-step texts).
    fn message(&self, step: Step) -> String {
        warnings(&[step], self.prev, self.next, self.provider).join(" ")
    }

    fn push(
        &mut self,
        kind: &str,
        table: &str,
        column: Option<&str>,
        message: String,
        alternatives: Vec<String>,
        revert: Revert,
    ) {
        self.out.push(Finding {
            change: UnsafeChange {
                kind: kind.to_string(),
                table: table.to_string(),
                column: column.map(str::to_string),
                message,
                alternatives,
            },
            revert,
        });
    }

    /// The caller's backfill for `column`, if any; `converts` when it rewrites a retyped column.
    fn backfill(&self, table: &Table, column: &str, converts: bool) -> Option<Backfill> {
        let expression = self
            .input
            .backfill
            .get(&(table.name.clone(), CompactString::from(column)))?;
        Some(Backfill {
            namespace: table.namespace.clone(),
            table: table.name.clone(),
            column: CompactString::from(column),
            expression: expression.clone(),
            converts,
        })
    }

    fn drop_table(&mut self, p: usize) {
        let t = &self.prev.tables[p];
        let model = self.input.prev_names.model(&t.name).to_string();
        let alternatives = vec![
            format!("keep model `{model}` in the schema (`@@ignore` hides it from the client while the table and its rows stay)"),
            format!("if `{model}` was renamed, pass `renames: {{ \"{model}\": \"<NewModel>\" }}` (CLI `--rename {model}=<NewModel>`), or keep the table under the new model with `@@map(\"{}\")`", t.name),
            ACCEPT.to_string(),
        ];
        let message = self.message(Step::DropTable { table: p });
        self.push(
            "dropTable",
            &t.name,
            None,
            message,
            alternatives,
            Revert::KeepTable(p),
        );
    }

    fn drop_column(&mut self, p: usize, n: usize, i: usize, step: Step) {
        let (a, c) = (&self.prev.tables[p], &self.prev.tables[p].columns[i]);
        let model = self.input.prev_names.model(&a.name).to_string();
        let field = self.input.prev_names.field(&a.name, &c.name).to_string();
        let target_model = self.input.next_names.model(&self.next.tables[n].name);
        let alternatives = vec![
            format!("keep field `{target_model}.{field}` and mark it optional (`{field} …?`) until its data is no longer needed"),
            format!("if `{model}.{field}` was renamed, pass `renames: {{ \"{model}.{field}\": \"<newField>\" }}` (CLI `--rename {model}.{field}=<newField>`), or keep the column under the new field name with `@map(\"{}\")`", c.name),
            ACCEPT.to_string(),
        ];
        let message = self.message(step);
        self.push(
            "dropColumn",
            &a.name,
            Some(&c.name),
            message,
            alternatives,
            Revert::KeepColumn(n, p, c.clone()),
        );
    }

    fn add_required(&mut self, n: usize, j: usize, step: Step, backfills: &mut Vec<Backfill>) {
        let (b, c) = (&self.next.tables[n], &self.next.tables[n].columns[j]);
        if c.arity != ColumnArity::Required || c.default.is_some() || c.auto_increment {
            return;
        }
        if let Some(backfill) = self.backfill(b, &c.name, false) {
            backfills.push(backfill);
            return;
        }
        let model = self.input.next_names.model(&b.name).to_string();
        let field = self.input.next_names.field(&b.name, &c.name).to_string();
        let alternatives = vec![
            if c.prisma_level_default {
                format!("give `{model}.{field}` a database default (`@default(dbgenerated(\"…\"))`): a default such as `uuid()` or `cuid()` is filled in by the client, not for existing rows")
            } else {
                format!("give `{model}.{field}` a `@default(…)`")
            },
            format!("pass `backfill: {{ \"{model}.{field}\": \"<SQL expression>\" }}` (CLI `--backfill {model}.{field}=<SQL>`) to add the column nullable, fill it, then make it NOT NULL"),
            format!("add `{model}.{field}` as optional first, fill it, then make it required"),
            format!("{ACCEPT} (it fails if `{}` has rows)", b.name),
        ];
        let message = self.message(step);
        self.push(
            "addRequiredColumn",
            &b.name,
            Some(&c.name),
            message,
            alternatives,
            Revert::OmitColumn(n, c.name.clone()),
        );
    }

    /// A kept column's type, arity and default change.
    #[allow(clippy::too_many_arguments)]
    fn alter_column(
        &mut self,
        (p, n): (usize, usize),
        (i, j): (usize, usize),
        type_change: Option<ColumnTypeChange>,
        arity: bool,
        coalesced: bool,
        step: Step,
        backfills: &mut Vec<Backfill>,
    ) {
        let (a, b) = (&self.prev.tables[p], &self.next.tables[n]);
        let (pc, nc) = (&a.columns[i], &b.columns[j]);
        let model = self.input.next_names.model(&b.name).to_string();
        let field = self.input.next_names.field(&b.name, &nc.name).to_string();
        if matches!(
            type_change,
            Some(ColumnTypeChange::RiskyCast | ColumnTypeChange::NotCastable)
        ) {
            // The caller's expression converts every row in place; a row it cannot convert fails
            // the migration, which then rolls back with the data intact.
            if let Some(backfill) = self.backfill(b, &nc.name, true) {
                backfills.push(backfill);
                return;
            }
            let alternatives = vec![
                format!("convert the rows in place: pass `backfill: {{ \"{model}.{field}\": \"<SQL expression of the old row>\" }}` (CLI `--backfill {model}.{field}=<SQL>`); a row it cannot convert makes the migration fail and roll back"),
                format!("keep the type of `{model}.{field}`"),
                format!("add a new field with the new type, fill it with `backfill` (CLI `--backfill`), and drop `{model}.{field}` once the data is copied"),
                ACCEPT.to_string(),
            ];
            let message = self.message(step);
            let column = pc.clone();
            self.push(
                "alterColumnType",
                &b.name,
                Some(&nc.name),
                message,
                alternatives,
                Revert::RestoreColumn(n, column),
            );
            return;
        }
        let became_required = arity
            && pc.arity == ColumnArity::Nullable
            && nc.arity == ColumnArity::Required
            && !coalesced;
        if !became_required {
            return;
        }
        if let Some(backfill) = self.backfill(b, &nc.name, false) {
            backfills.push(backfill);
            return;
        }
        // With a default, the default is the natural value for the NULLs (SET NOT NULL ignores it).
        let expression = match &nc.default {
            Some(SqlDefault::Value(v)) => v.as_str(),
            Some(SqlDefault::Now) => "CURRENT_TIMESTAMP",
            Some(SqlDefault::DbGenerated(e)) if !e.is_empty() => e.as_str(),
            _ => "<SQL expression>",
        }
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
        let alternatives = vec![
            format!("pass `backfill: {{ \"{model}.{field}\": \"{expression}\" }}` (CLI `--backfill {model}.{field}=<SQL>`) to fill the NULL values before NOT NULL"),
            format!("keep `{model}.{field}` optional"),
            format!("{ACCEPT} (it fails if a row holds NULL)"),
        ];
        let message = self.message(step);
        self.push(
            "makeRequired",
            &b.name,
            Some(&nc.name),
            message,
            alternatives,
            Revert::KeepNullable(n, nc.name.clone()),
        );
    }

    fn primary_key(&mut self, p: usize, n: usize, step: Step) {
        let (a, b) = (&self.prev.tables[p], &self.next.tables[n]);
        if pk_columns(a) == pk_columns(b) {
            return;
        }
        let model = self.input.next_names.model(&b.name).to_string();
        let alternatives = vec![
            format!(
                "keep the primary key of `{model}`; add a `@@unique` over the new columns instead"
            ),
            ACCEPT.to_string(),
        ];
        let mut message = self.message(step);
        if message.is_empty() {
            message = format!("The primary key for the `{}` table will be changed. If it partially fails, the table could be left without primary key constraint.", a.name);
        }
        self.push(
            "changePrimaryKey",
            &b.name,
            None,
            message,
            alternatives,
            Revert::KeepPrimaryKey(n, p),
        );
    }

    fn unique(&mut self, p: usize, n: usize, index: &SqlIndex) {
        let (a, b) = (&self.prev.tables[p], &self.next.tables[n]);
        // Over new nullable columns without a default only: every row holds NULL, which is unique.
        let only_new_nulls = index.columns.iter().all(|ic| {
            a.column(&ic.name).is_none()
                && b.column(&ic.name)
                    .is_some_and(|c| c.arity == ColumnArity::Nullable && c.default.is_none())
        });
        if only_new_nulls {
            return;
        }
        let model = self.input.next_names.model(&b.name).to_string();
        let cols: Vec<&str> = index.columns.iter().map(|c| c.name.as_str()).collect();
        let message = format!("A unique constraint covering the columns `[{}]` on the table `{}` will be added. If there are existing duplicate values, this will fail.", cols.join(","), b.name);
        let alternatives = vec![
            format!("make sure the existing rows of `{model}` hold no duplicates, then {ACCEPT}"),
            "use a normal `@@index` instead".to_string(),
        ];
        let name = index.name.clone();
        let column = (cols.len() == 1).then(|| cols[0]);
        self.push(
            "addUnique",
            &b.name,
            column,
            message,
            alternatives,
            Revert::OmitIndex(n, name),
        );
    }

    fn redefined(&mut self, r: &RedefineTable, backfills: &mut Vec<Backfill>) {
        let single = |r: &RedefineTable, f: &dyn Fn(&mut RedefineTable)| {
            let mut one = RedefineTable {
                column_pairs: Vec::new(),
                added_columns: Vec::new(),
                dropped_columns: Vec::new(),
                dropped_primary_key: false,
                ..r.clone()
            };
            f(&mut one);
            Step::RedefineTables { tables: vec![one] }
        };
        if r.dropped_primary_key {
            self.primary_key(r.prev, r.next, single(r, &|o| o.dropped_primary_key = true));
        }
        for &c in &r.added_columns {
            let step = single(r, &|o| o.added_columns = vec![c]);
            self.add_required(r.next, c, step, backfills);
        }
        for &c in &r.dropped_columns {
            let step = single(r, &|o| o.dropped_columns = vec![c]);
            self.drop_column(r.prev, r.next, c, step);
        }
        for &(i, j, changes) in &r.column_pairs {
            let step = single(r, &|o| o.column_pairs = vec![(i, j, changes)]);
            // SQLite's rebuild fills NULLs with the new default (`coalesce`).
            let coalesced = self.next.tables[r.next].columns[j].default.is_some();
            self.alter_column(
                (r.prev, r.next),
                (i, j),
                changes.type_change,
                changes.arity,
                coalesced,
                step,
                backfills,
            );
        }
        let (a, b) = (&self.prev.tables[r.prev], &self.next.tables[r.next]);
        let new_uniques: Vec<SqlIndex> = b
            .indexes
            .iter()
            .filter(|i| {
                i.kind == SqlIndexKind::Unique
                    && !a.indexes.iter().any(|x| {
                        x.kind == SqlIndexKind::Unique
                            && x.columns
                                .iter()
                                .map(|c| &c.name)
                                .eq(i.columns.iter().map(|c| &c.name))
                    })
            })
            .cloned()
            .collect();
        for index in new_uniques {
            self.unique(r.prev, r.next, &index);
        }
    }
}

fn find(
    steps: &[Step],
    prev: &SqlSchema,
    next: &SqlSchema,
    provider: Provider,
    input: &SafetyInput<'_>,
    backfills: &mut Vec<Backfill>,
) -> Vec<Finding> {
    let mut f = Finder {
        prev,
        next,
        provider,
        input,
        out: Vec::new(),
    };
    for step in steps {
        match step {
            Step::DropTable { table } => f.drop_table(*table),
            Step::AlterTable {
                prev: p,
                next: n,
                changes,
            } => {
                let one = |c: &TableChange| Step::AlterTable {
                    prev: *p,
                    next: *n,
                    changes: vec![c.clone()],
                };
                for change in changes {
                    match change {
                        TableChange::DropColumn { column } => {
                            f.drop_column(*p, *n, *column, one(change))
                        }
                        TableChange::AddColumn { column } => {
                            f.add_required(*n, *column, one(change), backfills)
                        }
                        TableChange::AlterColumn {
                            prev: i,
                            next: j,
                            changes: c,
                            ..
                        }
                        | TableChange::DropAndRecreateColumn {
                            prev: i,
                            next: j,
                            changes: c,
                        } => f.alter_column(
                            (*p, *n),
                            (*i, *j),
                            c.type_change,
                            c.arity,
                            false,
                            one(change),
                            backfills,
                        ),
                        TableChange::DropPrimaryKey => f.primary_key(*p, *n, one(change)),
                        TableChange::AddPrimaryKey if prev.tables[*p].primary_key.is_none() => {
                            f.primary_key(*p, *n, one(change))
                        }
                        TableChange::AddPrimaryKey | TableChange::RenamePrimaryKey => {}
                    }
                }
            }
            Step::AlterPrimaryKey { prev: p, next: n } => f.primary_key(*p, *n, step.clone()),
            Step::RedefineTables { tables } => {
                for r in tables {
                    f.redefined(r, backfills);
                }
            }
            Step::CreateIndex {
                prev_table: Some(p),
                table,
                index,
                from_recreate: false,
            } => {
                let i = &next.tables[*table].indexes[*index];
                if i.kind == SqlIndexKind::Unique {
                    f.unique(*p, *table, &i.clone());
                }
            }
            Step::AlterEnum {
                next: n, dropped, ..
            } if !dropped.is_empty() => {
                let e = &next.enums[*n];
                let message = f.message(step.clone());
                let alternatives = vec![
                    format!(
                        "keep the values [{}] in enum `{}` until no row uses them (update those rows first)",
                        dropped.join(","),
                        e.name
                    ),
                    ACCEPT.to_string(),
                ];
                f.push(
                    "removeEnumValues",
                    &e.name,
                    None,
                    message,
                    alternatives,
                    Revert::KeepEnumValues(*n, dropped.clone()),
                );
            }
            _ => {}
        }
    }
    f.out
}
