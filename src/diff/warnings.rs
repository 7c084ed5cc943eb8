//! Prisma Migrate's data-loss warnings and unexecutable-step messages for a list of steps, in step
//! order, worded as Prisma words them when it has no database to count rows in.

use super::sql_schema::{ColumnArity, ColumnFamily, SqlIndexKind, SqlSchema};
use super::steps::{ColumnTypeChange, Step, TableChange};
use crate::schema::Provider;

fn type_name(c: &super::sql_schema::Column, provider: Provider) -> String {
    match &c.tpe.family {
        ColumnFamily::Enum { name, .. } => name.to_string(),
        ColumnFamily::Unsupported(t) => t.clone(),
        ColumnFamily::Scalar(s) if provider == Provider::Sqlite || c.tpe.native().is_empty() => {
            format!("{s:?}")
        }
        ColumnFamily::Scalar(_) if c.tpe.args().is_empty() => c.tpe.native().to_string(),
        ColumnFamily::Scalar(_) => format!("{}({})", c.tpe.native(), c.tpe.args().join(",")),
    }
}

/// Warnings (possible data loss) followed by unexecutable steps, as Prisma lists them.
pub fn warnings(
    steps: &[Step],
    prev: &SqlSchema,
    next: &SqlSchema,
    provider: Provider,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut unexecutable = Vec::new();
    let add_column = |table: &str, c: &super::sql_schema::Column, out: &mut Vec<String>| {
        if c.arity == ColumnArity::Required && c.default.is_none() {
            if c.prisma_level_default {
                out.push(format!("The required column `{}` was added to the `{table}` table with a prisma-level default value. This is not possible if the table is not empty. Please add this column as optional, then populate it before making it required.", c.name));
            } else {
                out.push(format!("Added the required column `{}` to the `{table}` table without a default value. This is not possible if the table is not empty.", c.name));
            }
        }
    };
    for step in steps {
        match step {
            Step::AlterTable { prev: p, next: n, changes } => {
                let (a, b) = (&prev.tables[*p], &next.tables[*n]);
                for change in changes {
                    match change {
                        TableChange::DropColumn { column } => warnings.push(format!(
                            "You are about to drop the column `{}` on the `{}` table. All the data in the column will be lost.",
                            a.columns[*column].name, a.name
                        )),
                        TableChange::AddColumn { column } => add_column(&b.name, &b.columns[*column], &mut unexecutable),
                        TableChange::DropPrimaryKey => warnings.push(format!(
                            "The primary key for the `{}` table will be changed. If it partially fails, the table could be left without primary key constraint.",
                            a.name
                        )),
                        TableChange::AlterColumn { prev: i, next: j, changes, .. } => {
                            let (pc, nc) = (&a.columns[*i], &b.columns[*j]);
                            if changes.arity && pc.arity == ColumnArity::Nullable && nc.arity == ColumnArity::Required {
                                unexecutable.push(format!("Made the column `{}` on table `{}` required. This step will fail if there are existing NULL values in that column.", pc.name, a.name));
                            }
                            if changes.arity && pc.arity != ColumnArity::List && nc.arity == ColumnArity::List {
                                unexecutable.push(format!("Changed the column `{}` on the `{}` table from a scalar field to a list field. If there are non-null values in that column, this step will fail.", pc.name, a.name));
                            }
                            let (pt, nt) = (type_name(pc, provider), type_name(nc, provider));
                            match changes.type_change {
                                Some(ColumnTypeChange::RiskyCast) => warnings.push(format!("You are about to alter the column `{}` on the `{}` table. The data in that column could be lost. The data in that column will be cast from `{pt}` to `{nt}`.", pc.name, a.name)),
                                Some(ColumnTypeChange::NotCastable) => warnings.push(format!("You are about to alter the column `{}` on the `{}` table. The data in that column will be cast from `{pt}` to `{nt}`. This cast may fail. Please make sure the data in the column can be cast.", pc.name, a.name)),
                                _ => {}
                            }
                        }
                        TableChange::DropAndRecreateColumn { prev: i, next: j, changes } => {
                            let (pc, nc) = (&a.columns[*i], &b.columns[*j]);
                            if changes.arity && pc.arity == ColumnArity::Nullable && nc.arity == ColumnArity::Required && nc.default.is_none() {
                                unexecutable.push(format!("Added the required column `{}` to the `{}` table without a default value. This is not possible if the table is not empty.", pc.name, a.name));
                            } else if nc.arity == ColumnArity::Required && nc.default.is_none() {
                                unexecutable.push(format!("Changed the type of `{}` on the `{}` table. No cast exists, the column would be dropped and recreated, which cannot be done if there is data, since the column is required.", pc.name, a.name));
                            } else {
                                warnings.push(format!("The `{}` column on the `{}` table would be dropped and recreated. This will lead to data loss if there is data in the column.", pc.name, a.name));
                            }
                        }
                        TableChange::AddPrimaryKey | TableChange::RenamePrimaryKey => {}
                    }
                }
            }
            Step::RedefineTables { tables } => {
                for r in tables {
                    let (a, b) = (&prev.tables[r.prev], &next.tables[r.next]);
                    if r.dropped_primary_key {
                        warnings.push(format!("The primary key for the `{}` table will be changed. If it partially fails, the table could be left without primary key constraint.", a.name));
                    }
                    for &c in &r.added_columns {
                        add_column(&b.name, &b.columns[c], &mut unexecutable);
                    }
                    for &c in &r.dropped_columns {
                        warnings.push(format!("You are about to drop the column `{}` on the `{}` table. All the data in the column will be lost.", a.columns[c].name, a.name));
                    }
                    for (i, j, changes) in &r.column_pairs {
                        let (pc, nc) = (&a.columns[*i], &b.columns[*j]);
                        let became_required = pc.arity == ColumnArity::Nullable && nc.arity == ColumnArity::Required;
                        if !changes.type_changed && !became_required {
                            continue;
                        }
                        if changes.arity && nc.arity == ColumnArity::Required && nc.default.is_none() {
                            unexecutable.push(format!("Made the column `{}` on table `{}` required. This step will fail if there are existing NULL values in that column.", pc.name, a.name));
                        }
                        let (pt, nt) = (type_name(pc, provider), type_name(nc, provider));
                        match changes.type_change {
                            Some(ColumnTypeChange::RiskyCast) => warnings.push(format!("You are about to alter the column `{}` on the `{}` table. The data in that column could be lost. The data in that column will be cast from `{pt}` to `{nt}`.", pc.name, a.name)),
                            Some(ColumnTypeChange::NotCastable) => warnings.push(format!("You are about to alter the column `{}` on the `{}` table. The data in that column will be cast from `{pt}` to `{nt}`. This cast may fail. Please make sure the data in the column can be cast.", pc.name, a.name)),
                            _ => {}
                        }
                    }
                }
            }
            Step::DropTable { table } => warnings.push(format!(
                "You are about to drop the `{}` table. If the table is not empty, all the data it contains will be lost.",
                prev.tables[*table].name
            )),
            Step::CreateIndex { prev_table: Some(_), table, index, from_recreate: false } => {
                let t = &next.tables[*table];
                let i = &t.indexes[*index];
                if i.kind == SqlIndexKind::Unique {
                    let cols: Vec<&str> = i.columns.iter().map(|c| c.name.as_str()).collect();
                    warnings.push(format!("A unique constraint covering the columns `[{}]` on the table `{}` will be added. If there are existing duplicate values, this will fail.", cols.join(","), t.name));
                }
            }
            Step::AlterEnum { next: n, dropped, .. } if !dropped.is_empty() => warnings.push(format!(
                "The values [{}] on the enum `{}` will be removed. If these variants are still used in the database, this will fail.",
                dropped.join(","),
                next.enums[*n].name
            )),
            _ => {}
        }
    }
    warnings.extend(unexecutable);
    warnings
}
