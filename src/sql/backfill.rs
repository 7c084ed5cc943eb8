//! `backfill`: a required column filled from the caller's SQL expression, then made `NOT NULL`.
//! SQLite fills it in its table rebuild (`sqlite.rs`); here PostgreSQL and MySQL.

use super::{block, Block, Online, Statements};
use crate::diff::{Backfill, SqlSchema};
use crate::schema::{names, Provider};

/// PostgreSQL: `UPDATE`, then a `CHECK … NOT VALID` that is validated (without blocking writes) so
/// `SET NOT NULL` can use it instead of scanning the table under an exclusive lock, then the check
/// goes. MySQL: `UPDATE`, then `MODIFY` to the column's full definition.
pub(crate) fn backfill_blocks(
    b: &Backfill,
    next: &SqlSchema,
    provider: Provider,
    out: &mut Statements,
) -> Vec<Block> {
    let update_and = |table: &str, column: &str| {
        format!(
            "UPDATE {table} SET {column} = ({}) WHERE {column} IS NULL",
            b.expression
        )
    };
    match provider {
        Provider::MySql => {
            let def = next
                .tables
                .iter()
                .find(|t| t.name == b.table)
                .and_then(|t| t.column(&b.column))
                .map(super::mysql::column_def)
                .unwrap_or_default();
            let table = super::quote_ident(&b.table, Provider::MySql);
            let column = super::quote_ident(&b.column, Provider::MySql);
            let statements = [
                update_and(&table, &column),
                format!("ALTER TABLE {table} MODIFY {def}"),
            ];
            block("Backfill", Online::InPlace, out, |out| {
                out.extend(statements)
            })
            .into_iter()
            .collect()
        }
        _ => {
            let table = match &b.namespace {
                Some(ns) if ns != "public" => format!(
                    "{}.{}",
                    super::quote_ident(ns, provider),
                    super::quote_ident(&b.table, provider)
                ),
                _ => super::quote_ident(&b.table, provider),
            };
            let column = super::quote_ident(&b.column, provider);
            let check = format!("{}_{}_not_null", b.table, b.column);
            let check = super::quote_ident(
                names::cut(&check, provider.max_identifier_length()),
                provider,
            );
            let fill = [
                update_and(&table, &column),
                format!("ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID"),
            ];
            let set_not_null = [
                format!("ALTER TABLE {table} VALIDATE CONSTRAINT {check}"),
                format!("ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL"),
                format!("ALTER TABLE {table} DROP CONSTRAINT {check}"),
            ];
            block("Backfill", Online::InPlace, out, |out| out.extend(fill))
                .into_iter()
                .chain(block("SetNotNull", Online::Validate, out, |out| {
                    out.extend(set_not_null)
                }))
                .collect()
        }
    }
}
