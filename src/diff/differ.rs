//! Compares two database schemas into steps, following Prisma's `sql_schema_differ`: tables paired by
//! (namespace, name), columns by name (in name order), indexes and foreign keys by shape, enums by name.

use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

use super::cast::column_type_change;
use super::sql_schema::*;
use super::steps::*;
use crate::schema::{Provider, ScalarType, SortOrder};

/// Steps turning `prev` into `next` on `provider`, in Prisma's order.
pub fn diff(prev: &SqlSchema, next: &SqlSchema, provider: Provider) -> Vec<Step> {
    let db = Differ::new(prev, next, provider);
    // Room for the created tables' steps (and the enums'), which grown push by push were copied
    // to a new buffer a dozen times over (from an empty database of 1,000 models: 6,000 steps).
    let created: usize = (db.created.iter().map(|&t| &next.tables[t]))
        .map(|t| 1 + t.foreign_keys.len() + t.indexes.len())
        .sum();
    let mut steps = Vec::with_capacity(created + next.enums.len());
    db.created_schemas(&mut steps);
    db.created_tables(&mut steps);
    db.dropped_tables(&mut steps);
    db.dropped_indexes(&mut steps);
    db.created_indexes(&mut steps);
    db.altered_tables(&mut steps);
    db.redefined_tables(&mut steps);
    if provider.is_postgres_like() {
        db.enum_steps(&mut steps);
    }
    sort_steps(&mut steps);
    move_unique_drops_after_new_primary_keys(&mut steps, prev, next);
    steps
}

/// Sorts the steps by `Step::sort_key`, stably like Prisma's sort. A comparison sort of the whole
/// list was half of a diff from an empty database (6,000 steps): the kinds are bucketed instead
/// (22 kinds, in one pass), and each bucket is sorted by its ids, which the differ mostly emits in
/// order already (a stable sort of a sorted run is one pass).
fn sort_steps(steps: &mut Vec<Step>) {
    if steps.is_sorted_by_key(Step::sort_key) {
        return;
    }
    // Each bucket sized first: grown push by push, they copied the steps again at every doubling
    // (with the list sized in `diff`, a diff from an empty database of 1,000 models took 2.58 ->
    // 2.27 M instructions).
    let mut sizes = [0; 1 << u8::BITS];
    for step in steps.iter() {
        sizes[usize::from(step.sort_key().0)] += 1;
    }
    let kinds = sizes.iter().rposition(|&n| n > 0).map_or(0, |k| k + 1);
    let mut buckets: Vec<Vec<Step>> = (sizes[..kinds].iter())
        .map(|&n| Vec::with_capacity(n))
        .collect();
    for step in steps.drain(..) {
        buckets[usize::from(step.sort_key().0)].push(step);
    }
    for mut bucket in buckets {
        bucket.sort_by_key(|step| step.sort_key().1);
        steps.append(&mut bucket);
    }
}

/// Prisma's one exception to sorting by kind: a unique index dropped from a table without a primary
/// key goes after the `AlterTable` that adds a primary key on the same columns (the key replaces it).
fn move_unique_drops_after_new_primary_keys(
    steps: &mut Vec<Step>,
    prev: &SqlSchema,
    next: &SqlSchema,
) {
    let mut i = 0;
    while i < steps.len() {
        let Step::DropIndex { table, index } = steps[i] else {
            i += 1;
            continue;
        };
        let t = &prev.tables[table];
        let dropped = &t.indexes[index];
        if dropped.kind != SqlIndexKind::Unique || t.primary_key.is_some() {
            i += 1;
            continue;
        }
        let target = steps.iter().enumerate().skip(i + 1).find_map(|(k, step)| {
            let Step::AlterTable {
                prev: p,
                next: n,
                changes,
            } = step
            else {
                return None;
            };
            if *p != table
                || !changes
                    .iter()
                    .any(|c| matches!(c, TableChange::AddPrimaryKey))
            {
                return None;
            }
            let keeps_columns = changes.iter().all(|c| match c {
                TableChange::DropColumn { column }
                | TableChange::DropAndRecreateColumn { prev: column, .. } => !dropped
                    .columns
                    .iter()
                    .any(|ic| ic.name == t.columns[*column].name),
                _ => true,
            });
            let pk = next.tables[*n].primary_key.as_ref()?;
            let same = pk
                .columns
                .iter()
                .map(|c| &c.name)
                .eq(dropped.columns.iter().map(|c| &c.name));
            (keeps_columns && same).then_some(k)
        });
        match target {
            Some(k) => {
                let step = steps.remove(i);
                steps.insert(k, step);
            }
            None => i += 1,
        }
    }
}

struct Differ<'a> {
    prev: &'a SqlSchema,
    next: &'a SqlSchema,
    provider: Provider,
    /// Table pairs (prev, next) in pairing order.
    pairs: Vec<(usize, usize)>,
    created: Vec<usize>,
    dropped: Vec<usize>,
    redefined: FxHashSet<(usize, usize)>,
}

/// The key tables are paired by; MySQL table names compare case-insensitively.
fn table_key(t: &Table, provider: Provider) -> (Option<&str>, Cow<'_, str>) {
    let name = if provider == Provider::MySql {
        Cow::Owned(t.name.as_str().to_ascii_lowercase())
    } else {
        Cow::Borrowed(t.name.as_str())
    };
    (t.namespace.as_deref(), name)
}

impl<'a> Differ<'a> {
    fn new(prev: &'a SqlSchema, next: &'a SqlSchema, provider: Provider) -> Self {
        // Insertion order as Prisma's IndexMap: previous tables first, then new ones.
        let mut order: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        let mut by_key: FxHashMap<(Option<&str>, Cow<'_, str>), usize> =
            FxHashMap::with_capacity_and_hasher(
                prev.tables.len() + next.tables.len(),
                Default::default(),
            );
        for (i, t) in prev.tables.iter().enumerate() {
            by_key.insert(table_key(t, provider), order.len());
            order.push((Some(i), None));
        }
        for (i, t) in next.tables.iter().enumerate() {
            match by_key.get(&table_key(t, provider)) {
                Some(&slot) => order[slot].1 = Some(i),
                None => {
                    by_key.insert(table_key(t, provider), order.len());
                    order.push((None, Some(i)));
                }
            }
        }
        let mut differ = Differ {
            prev,
            next,
            provider,
            pairs: Vec::new(),
            created: Vec::new(),
            dropped: Vec::new(),
            redefined: FxHashSet::default(),
        };
        for entry in order {
            match entry {
                (Some(p), Some(n)) => differ.pairs.push((p, n)),
                (None, Some(n)) => differ.created.push(n),
                (Some(p), None) => differ.dropped.push(p),
                (None, None) => {}
            }
        }
        if provider == Provider::Sqlite {
            differ.redefined = differ
                .pairs
                .iter()
                .copied()
                .filter(|&pair| differ.needs_redefine(pair))
                .collect();
        } else if provider == Provider::CockroachDb {
            differ.redefined = differ
                .pairs
                .iter()
                .copied()
                .filter(|&pair| differ.cockroach_id_dropped(pair))
                .collect();
        }
        differ
    }

    fn tables(&self, (p, n): (usize, usize)) -> (&'a Table, &'a Table) {
        (&self.prev.tables[p], &self.next.tables[n])
    }

    /// Column pairs of a table pair, ordered by column name: (prev index, next index).
    fn column_pairs(&self, pair: (usize, usize)) -> Vec<(usize, usize)> {
        let (p, n) = self.tables(pair);
        let next_by_name: FxHashMap<&str, usize> = n
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| (c.name.as_str(), j))
            .collect();
        let mut out: Vec<(&str, usize, usize)> = p
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                next_by_name
                    .get(c.name.as_str())
                    .map(|&j| (c.name.as_str(), i, j))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out.into_iter().map(|(_, i, j)| (i, j)).collect()
    }

    fn added_columns(&self, pair: (usize, usize)) -> Vec<usize> {
        let (p, n) = self.tables(pair);
        let prev_names: FxHashSet<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
        let mut out: Vec<usize> = (0..n.columns.len())
            .filter(|&j| !prev_names.contains(n.columns[j].name.as_str()))
            .collect();
        out.sort_by(|&a, &b| n.columns[a].name.cmp(&n.columns[b].name));
        out
    }

    fn dropped_columns(&self, pair: (usize, usize)) -> Vec<usize> {
        let (p, n) = self.tables(pair);
        let next_names: FxHashSet<&str> = n.columns.iter().map(|c| c.name.as_str()).collect();
        let mut out: Vec<usize> = (0..p.columns.len())
            .filter(|&i| !next_names.contains(p.columns[i].name.as_str()))
            .collect();
        out.sort_by(|&a, &b| p.columns[a].name.cmp(&p.columns[b].name));
        out
    }

    fn column_changes(&self, pair: (usize, usize), (i, j): (usize, usize)) -> ColumnChanges {
        let (p, n) = self.tables(pair);
        let (a, b) = (&p.columns[i], &n.columns[j]);
        let type_change = if self.provider == Provider::CockroachDb {
            let indexed = |t: &Table, name: &str| {
                t.primary_key
                    .iter()
                    .flat_map(|k| &k.columns)
                    .chain(t.indexes.iter().flat_map(|i| &i.columns))
                    .any(|c| c.name == name)
            };
            super::cast::cockroach(a, b, indexed(p, &a.name) && indexed(n, &b.name))
        } else {
            column_type_change(a, b, self.provider)
        };
        ColumnChanges {
            arity: a.arity != b.arity,
            default: !defaults_match(a, b, self.provider),
            type_changed: type_change.is_some(),
            autoincrement: matches!(self.provider, Provider::PostgreSql | Provider::MySql)
                && a.auto_increment != b.auto_increment,
            type_change,
        }
    }

    fn pk_changed(&self, pair: (usize, usize)) -> bool {
        let (p, n) = self.tables(pair);
        match (&p.primary_key, &n.primary_key) {
            (Some(a), Some(b)) => {
                a.columns.len() != b.columns.len()
                    || a.columns.iter().zip(&b.columns).any(|(x, y)| {
                        x.name != y.name
                            || x.sort.unwrap_or(SortOrder::Asc) != y.sort.unwrap_or(SortOrder::Asc)
                            || x.length != y.length
                    })
                    || self.column_pairs(pair).into_iter().any(|(i, j)| {
                        a.columns.iter().any(|c| c.name == p.columns[i].name)
                            && self.column_changes(pair, (i, j)).type_changed
                    })
            }
            _ => false,
        }
    }

    fn fks_match(&self, pair: (usize, usize), a: &ForeignKey, b: &ForeignKey) -> bool {
        let (p, n) = self.tables(pair);
        let same_table = if self.provider == Provider::MySql {
            a.referenced_table.eq_ignore_ascii_case(&b.referenced_table)
        } else {
            a.referenced_table == b.referenced_table
        };
        same_table
            && a.referenced_columns.len() == b.referenced_columns.len()
            && a.columns.len() == b.columns.len()
            && a.columns.iter().zip(&b.columns).all(|(x, y)| {
                let (Some(i), Some(j)) = (
                    p.columns.iter().position(|c| c.name == x),
                    n.columns.iter().position(|c| c.name == y),
                ) else {
                    return false;
                };
                x == y && !self.column_changes(pair, (i, j)).type_changed
            })
            && a.referenced_columns == b.referenced_columns
            && a.on_delete == b.on_delete
            && a.on_update == b.on_update
    }

    fn created_fks(&self, pair: (usize, usize)) -> Vec<usize> {
        let (p, n) = self.tables(pair);
        (0..n.foreign_keys.len())
            .filter(|&j| {
                !p.foreign_keys
                    .iter()
                    .any(|a| self.fks_match(pair, a, &n.foreign_keys[j]))
            })
            .collect()
    }

    fn dropped_fks(&self, pair: (usize, usize)) -> Vec<usize> {
        let (p, n) = self.tables(pair);
        (0..p.foreign_keys.len())
            .filter(|&i| {
                !n.foreign_keys
                    .iter()
                    .any(|b| self.fks_match(pair, &p.foreign_keys[i], b))
            })
            .collect()
    }

    fn indexes_match(&self, a: &SqlIndex, b: &SqlIndex) -> bool {
        a.columns.len() == b.columns.len()
            && a.columns.iter().zip(&b.columns).all(|(x, y)| {
                x.name == y.name
                    && x.length == y.length
                    && x.sort.unwrap_or(SortOrder::Asc) == y.sort.unwrap_or(SortOrder::Asc)
                    && (!self.provider.is_postgres_like() || x.ops == y.ops)
            })
            && a.kind == b.kind
            && (!self.provider.is_postgres_like() || a.algorithm == b.algorithm)
    }

    fn needs_redefine(&self, pair: (usize, usize)) -> bool {
        let (p, n) = self.tables(pair);
        (p.primary_key.is_none() != n.primary_key.is_none())
            || self.pk_changed(pair)
            || !self.dropped_columns(pair).is_empty()
            || self
                .added_columns(pair)
                .iter()
                .any(|&j| n.columns[j].arity == ColumnArity::Required)
            || self
                .column_pairs(pair)
                .into_iter()
                .any(|c| self.column_changes(pair, c).any())
            || !self.created_fks(pair).is_empty()
            || !self.dropped_fks(pair).is_empty()
    }

    /// CockroachDB rebuilds a table whose single-column id is dropped or cannot be cast in place.
    fn cockroach_id_dropped(&self, pair: (usize, usize)) -> bool {
        let (p, _) = self.tables(pair);
        let is_id = |name: &str| p.single_pk_column() == Some(name);
        self.column_pairs(pair).into_iter().any(|c| {
            is_id(&p.columns[c.0].name)
                && self.column_changes(pair, c).type_change == Some(ColumnTypeChange::NotCastable)
        }) || self
            .dropped_columns(pair)
            .into_iter()
            .any(|i| is_id(&p.columns[i].name))
    }

    fn non_redefined_pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.pairs
            .iter()
            .copied()
            .filter(|p| !self.redefined.contains(p))
    }

    /// New namespaces that hold a table (of either schema) or a new enum: Prisma does not create an
    /// empty one. Tables without a namespace live in `public`.
    fn created_schemas(&self, steps: &mut Vec<Step>) {
        let in_ns = |t: &Table, ns: &str| t.namespace.as_deref().unwrap_or("public") == ns;
        for (i, ns) in self.next.namespaces.iter().enumerate() {
            if self.prev.namespaces.contains(ns) {
                continue;
            }
            let used = self
                .prev
                .tables
                .iter()
                .chain(&self.next.tables)
                .any(|t| in_ns(t, ns))
                || self.next.enums.iter().any(|e| {
                    e.namespace.as_deref().unwrap_or("public") == ns
                        && !self
                            .prev
                            .enums
                            .iter()
                            .any(|p| p.name == e.name && p.namespace == e.namespace)
                });
            if used {
                steps.push(Step::CreateSchema { namespace: i });
            }
        }
        for (i, ext) in self.next.extensions.iter().enumerate() {
            if !self.prev.extensions.iter().any(|p| p.name == ext.name) {
                steps.push(Step::CreateExtension { id: i });
            }
        }
    }

    fn created_tables(&self, steps: &mut Vec<Step>) {
        for &t in &self.created {
            steps.push(Step::CreateTable { table: t });
            if self.provider != Provider::Sqlite {
                for fk in 0..self.next.tables[t].foreign_keys.len() {
                    steps.push(Step::AddForeignKey { table: t, fk });
                }
            }
            if self.provider != Provider::MySql {
                for index in 0..self.next.tables[t].indexes.len() {
                    steps.push(Step::CreateIndex {
                        prev_table: None,
                        table: t,
                        index,
                        from_recreate: false,
                    });
                }
            }
        }
    }

    fn dropped_tables(&self, steps: &mut Vec<Step>) {
        for &t in &self.dropped {
            steps.push(Step::DropTable { table: t });
            if self.provider != Provider::Sqlite {
                for fk in 0..self.prev.tables[t].foreign_keys.len() {
                    steps.push(Step::DropForeignKey { table: t, fk });
                }
            }
        }
    }

    fn dropped_indexes(&self, steps: &mut Vec<Step>) {
        let mut drops = Vec::new();
        for pair in self.non_redefined_pairs() {
            let (p, n) = self.tables(pair);
            for (i, index) in p.indexes.iter().enumerate() {
                if n.indexes.iter().any(|b| self.indexes_match(index, b)) {
                    continue;
                }
                if self.provider == Provider::MySql && index_covers_fk(p, index) {
                    continue;
                }
                drops.push((pair.0, i));
            }
        }
        if !self.redefined.is_empty() && self.provider == Provider::Sqlite {
            for &t in &self.dropped {
                for i in 0..self.prev.tables[t].indexes.len() {
                    drops.push((t, i));
                }
            }
        }
        steps.extend(
            drops
                .into_iter()
                .map(|(table, index)| Step::DropIndex { table, index }),
        );
    }

    fn created_indexes(&self, steps: &mut Vec<Step>) {
        for pair in self.non_redefined_pairs() {
            let (p, n) = self.tables(pair);
            for (j, index) in n.indexes.iter().enumerate() {
                if !p.indexes.iter().any(|a| self.indexes_match(a, index)) {
                    steps.push(Step::CreateIndex {
                        prev_table: Some(pair.0),
                        table: pair.1,
                        index: j,
                        from_recreate: false,
                    });
                }
            }
            if self.provider.is_postgres_like() {
                let recreated: FxHashSet<&str> = self
                    .column_pairs(pair)
                    .into_iter()
                    .filter(|&c| {
                        self.column_changes(pair, c).type_change
                            == Some(ColumnTypeChange::NotCastable)
                    })
                    .map(|(_, j)| n.columns[j].name.as_str())
                    .collect();
                for a in &p.indexes {
                    if let Some(j) = n.indexes.iter().position(|b| self.indexes_match(a, b)) {
                        if n.indexes[j]
                            .columns
                            .iter()
                            .any(|c| recreated.contains(c.name.as_str()))
                        {
                            steps.push(Step::CreateIndex {
                                prev_table: Some(pair.0),
                                table: pair.1,
                                index: j,
                                from_recreate: true,
                            });
                        }
                    }
                }
            }
        }
    }

    fn altered_tables(&self, steps: &mut Vec<Step>) {
        for pair in self.non_redefined_pairs() {
            let (p, n) = self.tables(pair);
            for fk in self.created_fks(pair) {
                steps.push(Step::AddForeignKey { table: pair.1, fk });
            }
            for fk in self.dropped_fks(pair) {
                steps.push(Step::DropForeignKey { table: pair.0, fk });
            }
            if self.provider != Provider::Sqlite {
                let mut seen = FxHashSet::default();
                for (i, a) in p.foreign_keys.iter().enumerate() {
                    let Some(j) = (0..n.foreign_keys.len()).find(|&j| {
                        !seen.contains(&j) && self.fks_match(pair, a, &n.foreign_keys[j])
                    }) else {
                        continue;
                    };
                    seen.insert(j);
                    // A key into a table being rebuilt is dropped and added again around the rebuild.
                    let target_rebuilt = self.redefined.iter().any(|&(rp, _)| {
                        let t = &self.prev.tables[rp];
                        t.name == a.referenced_table && t.namespace == a.referenced_namespace
                    });
                    if target_rebuilt {
                        steps.push(Step::DropForeignKey {
                            table: pair.0,
                            fk: i,
                        });
                        steps.push(Step::AddForeignKey {
                            table: pair.1,
                            fk: j,
                        });
                        continue;
                    }
                    let is_m2m = |t: &Table| {
                        t.columns.len() == 2 && t.column("A").is_some() && t.column("B").is_some()
                    };
                    if a.name != n.foreign_keys[j].name && !(is_m2m(p) && is_m2m(n)) {
                        if self.provider == Provider::MySql {
                            steps.push(Step::AddForeignKey {
                                table: pair.1,
                                fk: j,
                            });
                            steps.push(Step::DropForeignKey {
                                table: pair.0,
                                fk: i,
                            });
                        } else {
                            steps.push(Step::RenameForeignKey {
                                prev: (pair.0, i),
                                next: (pair.1, j),
                            });
                        }
                    }
                }
            }
            // Index renames: previous indexes with no identical sibling, matched by shape.
            for (i, a) in p.indexes.iter().enumerate() {
                let identical = p
                    .indexes
                    .iter()
                    .filter(|b| {
                        b.columns
                            .iter()
                            .map(|c| &c.name)
                            .eq(a.columns.iter().map(|c| &c.name))
                            && b.kind == a.kind
                    })
                    .count();
                if identical != 1 {
                    continue;
                }
                if let Some(j) = n.indexes.iter().position(|b| self.indexes_match(a, b)) {
                    if a.name != n.indexes[j].name {
                        if self.provider == Provider::Sqlite {
                            steps.push(Step::RedefineIndex {
                                prev: (pair.0, i),
                                next: (pair.1, j),
                            });
                        } else {
                            steps.push(Step::RenameIndex {
                                prev: (pair.0, i),
                                next: (pair.1, j),
                            });
                        }
                    }
                }
            }

            let mut changes = Vec::new();
            let pk_dropped = p.primary_key.is_some() && n.primary_key.is_none();
            let pk_created = p.primary_key.is_none() && n.primary_key.is_some();
            let pk_changed = self.pk_changed(pair);
            let column_pairs = self.column_pairs(pair);
            let mut alters: Vec<(usize, usize, TableChange)> = column_pairs
                .iter()
                .filter_map(|&(i, j)| {
                    let changes = self.column_changes(pair, (i, j));
                    if !changes.any() {
                        return None;
                    }
                    Some((
                        i,
                        j,
                        match changes.type_change {
                            Some(ColumnTypeChange::NotCastable) => {
                                TableChange::DropAndRecreateColumn {
                                    prev: i,
                                    next: j,
                                    changes,
                                }
                            }
                            _ => TableChange::AlterColumn {
                                prev: i,
                                next: j,
                                changes,
                                using: None,
                            },
                        },
                    ))
                })
                .collect();
            alters.sort_by_key(|(i, j, _)| (*i, *j));
            let recreated_pk_column = alters.iter().any(|(i, _, c)| {
                matches!(c, TableChange::DropAndRecreateColumn { .. })
                    && p.primary_key
                        .as_ref()
                        .is_some_and(|pk| pk.columns.iter().any(|k| k.name == p.columns[*i].name))
            });
            let recreate_pk = self.provider == Provider::MySql && recreated_pk_column;
            // CockroachDB changes a primary key in place (`ALTER PRIMARY KEY`) when both sides have one.
            let alter_pk = self.provider == Provider::CockroachDb
                && p.primary_key.is_some()
                && n.primary_key.is_some();
            if alter_pk {
                let (a, b) = (
                    p.primary_key.as_ref().map(|k| &k.columns),
                    n.primary_key.as_ref().map(|k| &k.columns),
                );
                if !a
                    .into_iter()
                    .flatten()
                    .map(|c| &c.name)
                    .eq(b.into_iter().flatten().map(|c| &c.name))
                {
                    steps.push(Step::AlterPrimaryKey {
                        prev: pair.0,
                        next: pair.1,
                    });
                }
            }
            let pk_changed = pk_changed && !alter_pk;
            if pk_dropped || pk_changed || recreate_pk {
                changes.push(TableChange::DropPrimaryKey);
            }
            if let (Some(a), Some(b)) = (&p.primary_key, &n.primary_key) {
                if a.name != b.name && self.provider.is_postgres_like() {
                    changes.push(TableChange::RenamePrimaryKey);
                }
            }
            for column in self.dropped_columns(pair) {
                changes.push(TableChange::DropColumn { column });
            }
            for column in self.added_columns(pair) {
                changes.push(TableChange::AddColumn { column });
            }
            changes.extend(alters.into_iter().map(|(_, _, c)| c));
            if pk_created || pk_changed || recreate_pk {
                changes.push(TableChange::AddPrimaryKey);
            }
            if !changes.is_empty() {
                steps.push(Step::AlterTable {
                    prev: pair.0,
                    next: pair.1,
                    changes,
                });
            }
        }
    }

    fn redefined_tables(&self, steps: &mut Vec<Step>) {
        if self.redefined.is_empty() {
            return;
        }
        let tables = self
            .pairs
            .iter()
            .copied()
            .filter(|p| self.redefined.contains(p))
            .map(|pair| {
                let (p, n) = self.tables(pair);
                RedefineTable {
                    prev: pair.0,
                    next: pair.1,
                    column_pairs: self
                        .column_pairs(pair)
                        .into_iter()
                        .map(|c| (c.0, c.1, self.column_changes(pair, c)))
                        .collect(),
                    added_columns: self.added_columns(pair),
                    dropped_columns: self.dropped_columns(pair),
                    dropped_primary_key: p.primary_key.is_some() && n.primary_key.is_none()
                        || self.pk_changed(pair),
                    backfill: Vec::new(),
                    converted: Vec::new(),
                }
            })
            .collect();
        steps.push(Step::RedefineTables { tables });
    }

    fn enum_steps(&self, steps: &mut Vec<Step>) {
        let key = |e: &SqlEnum| (e.namespace.clone(), e.name.clone());
        for (i, a) in self.prev.enums.iter().enumerate() {
            if let Some(j) = self.next.enums.iter().position(|b| key(a) == key(b)) {
                let b = &self.next.enums[j];
                let added: Vec<CompactString> = b
                    .values
                    .iter()
                    .filter(|v| !a.values.contains(v))
                    .cloned()
                    .collect();
                let dropped: Vec<CompactString> = a
                    .values
                    .iter()
                    .filter(|v| !b.values.contains(v))
                    .cloned()
                    .collect();
                if !added.is_empty() || !dropped.is_empty() {
                    steps.push(Step::AlterEnum {
                        prev: i,
                        next: j,
                        added,
                        dropped,
                    });
                }
            }
        }
        for (j, b) in self.next.enums.iter().enumerate() {
            if !self.prev.enums.iter().any(|a| key(a) == key(b)) {
                steps.push(Step::CreateEnum { id: j });
            }
        }
        for (i, a) in self.prev.enums.iter().enumerate() {
            if !self.next.enums.iter().any(|b| key(a) == key(b)) {
                steps.push(Step::DropEnum { id: i });
            }
        }
    }
}

/// MySQL creates an index for each foreign key; such an index goes away with its key.
fn index_covers_fk(table: &Table, index: &SqlIndex) -> bool {
    table.foreign_keys.iter().any(|fk| {
        fk.columns.len() <= index.columns.len()
            && fk
                .columns
                .iter()
                .zip(&index.columns)
                .all(|(a, b)| a == b.name)
    })
}

fn defaults_match(a: &Column, b: &Column, provider: Provider) -> bool {
    let is = |c: &Column, s: ScalarType| c.tpe.family == ColumnFamily::Scalar(s);
    if provider == Provider::MySql && (is(a, ScalarType::Json) || is(b, ScalarType::Json)) {
        return true;
    }
    // Prisma cannot compare a DateTime literal with another default (`now()`, another literal,
    // `dbgenerated`), so such a pair never differs; a literal appearing or going away still does.
    let datetime_value =
        |c: &Column| is(c, ScalarType::DateTime) && matches!(c.default, Some(SqlDefault::Value(_)));
    let list = |c: &Column| c.arity == ColumnArity::List;
    let scalar_datetime_value = |c: &Column| datetime_value(c) && !list(c);
    match (&a.default, &b.default) {
        (_, Some(SqlDefault::DbGenerated(e))) if e.is_empty() => true,
        // PostgreSQL's autoincrement default is its sequence, which matches any previous default.
        _ if provider == Provider::PostgreSql && b.auto_increment => true,
        (Some(_), Some(_)) if scalar_datetime_value(a) || scalar_datetime_value(b) => true,
        (Some(SqlDefault::DbGenerated(_)), Some(SqlDefault::Value(_)))
        | (Some(SqlDefault::Value(_)), Some(SqlDefault::DbGenerated(_)))
            if datetime_value(a) || datetime_value(b) =>
        {
            true
        }
        (Some(SqlDefault::Value(x)), Some(SqlDefault::Value(y))) => {
            if is(a, ScalarType::DateTime) || is(b, ScalarType::DateTime) {
                return true;
            }
            if is(a, ScalarType::Json) || is(b, ScalarType::Json) {
                let parse = |s: &str| {
                    serde_json::from_str::<serde_json::Value>(
                        &s.trim_matches('\'').replace("''", "'"),
                    )
                    .ok()
                };
                return match (parse(x), parse(y)) {
                    (Some(p), Some(q)) => p == q,
                    _ => true,
                };
            }
            let numeric = |c: &Column| {
                [
                    ScalarType::Int,
                    ScalarType::BigInt,
                    ScalarType::Float,
                    ScalarType::Decimal,
                ]
                .into_iter()
                .any(|s| is(c, s))
            };
            if numeric(a) && numeric(b) {
                return normalized_number(x) == normalized_number(y);
            }
            x == y
        }
        (Some(SqlDefault::DbGenerated(x)), Some(SqlDefault::DbGenerated(y))) => {
            x.eq_ignore_ascii_case(y)
        }
        (Some(SqlDefault::Sequence(_)), None) => true,
        (_, Some(SqlDefault::Sequence(_))) => true,
        (x, y) => x == y,
    }
}

/// Prisma compares numeric defaults as numbers (`1.5` equals `1.50`): the literal without trailing
/// fractional zeros.
fn normalized_number(literal: &str) -> &str {
    if literal.contains('.') && !literal.contains(['e', 'E']) {
        literal.trim_end_matches('0').trim_end_matches('.')
    } else {
        literal
    }
}
