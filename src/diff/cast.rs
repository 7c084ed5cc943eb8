//! How a column type change can be applied: a safe cast, a risky cast, or only by dropping and
//! recreating the column (Prisma's `column_type_change` per flavour; PostgreSQL's table of casts).

use super::sql_schema::{Column, ColumnArity, ColumnFamily, ColumnType};
use super::steps::ColumnTypeChange::{self, *};
use crate::schema::{Provider, ScalarType};

pub fn column_type_change(a: &Column, b: &Column, provider: Provider) -> Option<ColumnTypeChange> {
    match provider {
        Provider::Sqlite => sqlite(a, b),
        Provider::PostgreSql => postgres(a, b),
        Provider::CockroachDb => cockroach(a, b, false),
        // MySQL (the only other provider with SQL migrations).
        _ => super::cast_mysql::mysql(a, b),
    }
}

/// CockroachDB's rules (Prisma's `cockroach_column_type_change`); `indexed`: the column is part of an
/// index or the primary key on both sides, which forbids some in-place casts.
pub fn cockroach(a: &Column, b: &Column, indexed: bool) -> Option<ColumnTypeChange> {
    match (&a.tpe.family, &b.tpe.family) {
        (ColumnFamily::Enum { .. }, ColumnFamily::Enum { .. }) => {
            return if a.tpe.family == b.tpe.family {
                None
            } else {
                Some(NotCastable)
            };
        }
        (ColumnFamily::Enum { .. }, _) | (_, ColumnFamily::Enum { .. }) => {
            return Some(NotCastable)
        }
        _ => {}
    }
    let (prev, next) = (&a.tpe, &b.tpe);
    let to_scalar = a.arity == ColumnArity::List && b.arity != ColumnArity::List;
    let to_list = a.arity != ColumnArity::List && b.arity == ColumnArity::List;
    if to_scalar {
        match next.native() {
            "String" if next.args().is_empty() => return Some(SafeCast),
            "String" | "Char" => return Some(RiskyCast),
            _ => {}
        }
    }
    if to_list || to_scalar {
        return Some(NotCastable);
    }
    let unsupported = |t: &ColumnType| matches!(t.family, ColumnFamily::Unsupported(_));
    match (unsupported(prev), unsupported(next)) {
        (true, true) => return None,
        (true, false) | (false, true) => return Some(RiskyCast),
        (false, false) => {}
    }
    let precision_default = |t: &ColumnType| {
        matches!(t.native(), "Time" | "Timetz" | "Timestamptz" | "Timestamp")
            && (t.args().is_empty() || *t.args() == ["6"])
    };
    match (prev.native(), next.native()) {
        ("Int4", "String") if next.args().is_empty() && !indexed => Some(SafeCast),
        ("Int8", "Int4") if !indexed => Some(RiskyCast),
        _ if prev.native() == next.native() && prev.args() == next.args() => None,
        (p, n) if p == n && precision_default(prev) && precision_default(next) => None,
        _ => Some(NotCastable),
    }
}

fn sqlite_family(t: &ColumnType) -> ColumnFamily {
    match &t.family {
        ColumnFamily::Enum { .. } => ColumnFamily::Scalar(ScalarType::String),
        other => other.clone(),
    }
}

fn sqlite(a: &Column, b: &Column) -> Option<ColumnTypeChange> {
    let (x, y) = (sqlite_family(&a.tpe), sqlite_family(&b.tpe));
    if x == y {
        None
    } else if y == ColumnFamily::Scalar(ScalarType::String) {
        Some(SafeCast)
    } else {
        Some(RiskyCast)
    }
}

fn arg(t: &ColumnType, i: usize) -> Option<u32> {
    t.args().get(i).and_then(|s| s.trim().parse().ok())
}

fn postgres(a: &Column, b: &Column) -> Option<ColumnTypeChange> {
    match (&a.tpe.family, &b.tpe.family) {
        (ColumnFamily::Enum { .. }, ColumnFamily::Enum { .. }) => {
            return if a.tpe.family == b.tpe.family {
                None
            } else {
                Some(NotCastable)
            };
        }
        (ColumnFamily::Enum { .. }, _) | (_, ColumnFamily::Enum { .. }) => {
            return Some(NotCastable)
        }
        _ => {}
    }
    let (prev, next) = (&a.tpe, &b.tpe);
    let to_scalar = a.arity == ColumnArity::List && b.arity != ColumnArity::List;
    let to_list = a.arity != ColumnArity::List && b.arity == ColumnArity::List;
    if to_scalar {
        match next.native() {
            "Text" => return Some(SafeCast),
            "VarChar" if next.args().is_empty() => return Some(SafeCast),
            "VarChar" | "Char" => return Some(RiskyCast),
            _ => {}
        }
    }
    if to_list || to_scalar {
        return Some(NotCastable);
    }
    // Prisma compares an `Unsupported` column's type with itself (a known upstream slip), so a change
    // between two unsupported types is never seen; one to or from a known type is a risky cast.
    let unsupported = |t: &ColumnType| matches!(t.family, ColumnFamily::Unsupported(_));
    match (unsupported(prev), unsupported(next)) {
        (true, true) => return None,
        (true, false) | (false, true) => return Some(RiskyCast),
        (false, false) => {}
    }
    if prev.native() == next.native() && prev.args() == next.args() {
        return None;
    }
    native_cast(prev, next)
}

/// PostgreSQL's cast table between native types (Prisma's `postgres_native_type_change_riskyness`).
fn native_cast(prev: &ColumnType, next: &ColumnType) -> Option<ColumnTypeChange> {
    let n = next.native();
    let next_len = arg(next, 0);
    let next_is_char = n == "Char";
    let string_len = |limit: u32| match next_len {
        Some(len) if len < limit => RiskyCast,
        None if next_is_char => RiskyCast,
        _ => SafeCast,
    };
    let decimal = |t: &ColumnType| match (arg(t, 0), arg(t, 1)) {
        (Some(p), Some(s)) => Some((p, s)),
        _ => None,
    };
    let int_to = |digits: u32, char_limit: u32, smaller: &[&str]| match n {
        _ if smaller.contains(&n) => RiskyCast,
        "SmallInt" | "Integer" | "BigInt" | "Real" | "DoublePrecision" | "Text" => SafeCast,
        "Decimal" => match decimal(next) {
            Some((p, s)) if p.saturating_sub(s) < digits => RiskyCast,
            _ => SafeCast,
        },
        "VarChar" | "Char" => string_len(char_limit),
        _ => NotCastable,
    };
    let time_like =
        |a: Option<u32>, same: &str, char_limit: u32, safe: &[&str]| -> Option<ColumnTypeChange> {
            Some(match n {
                "Text" => SafeCast,
                "VarChar" if next_len.is_none() => SafeCast,
                "Char" | "VarChar" if next_len.is_some_and(|l| l > char_limit) => SafeCast,
                _ if n == same && (next_len.is_none() || a.is_none() || a == next_len) => {
                    return None
                }
                _ if safe.contains(&n) => SafeCast,
                _ => NotCastable,
            })
        };
    let p_len = arg(prev, 0);
    Some(match prev.native() {
        "Inet" => match n {
            "Citext" | "Text" | "VarChar" => SafeCast,
            _ => NotCastable,
        },
        "Money" => match n {
            "Citext" | "Text" | "VarChar" => SafeCast,
            _ => RiskyCast,
        },
        "Citext" => match n {
            "Text" | "VarChar" => SafeCast,
            _ => RiskyCast,
        },
        "Oid" => match n {
            "Text" | "VarChar" | "BigInt" | "Integer" => SafeCast,
            _ => NotCastable,
        },
        "SmallInt" => int_to(3, 4, &[]),
        "Integer" => int_to(10, 11, &["SmallInt"]),
        "BigInt" => int_to(19, 20, &["SmallInt", "Integer"]),
        "Decimal" => {
            let old = decimal(prev);
            match n {
                "SmallInt" | "Integer" | "BigInt" => {
                    let max = match n {
                        "SmallInt" => 2,
                        "Integer" => 9,
                        _ => 18,
                    };
                    match old {
                        None => RiskyCast,
                        Some((_, s)) if s > 0 => RiskyCast,
                        Some((p, _)) if p > max => RiskyCast,
                        _ => SafeCast,
                    }
                }
                "Decimal" => match (old, decimal(next)) {
                    (Some(_), None) => SafeCast,
                    (None, Some(_)) => RiskyCast,
                    (Some((po, so)), Some((pn, sn)))
                        if po.saturating_sub(so) > pn.saturating_sub(sn) || so > sn =>
                    {
                        RiskyCast
                    }
                    _ => SafeCast,
                },
                "Real" | "DoublePrecision" => RiskyCast,
                "VarChar" | "Char" => match (next_len, old) {
                    (Some(len), Some((p, 0))) if p + 1 > len => RiskyCast,
                    (Some(len), Some((p, s))) if s > 0 && p + 2 > len => RiskyCast,
                    (Some(len), None) if len < 131073 => RiskyCast,
                    (None, _) if next_is_char => RiskyCast,
                    _ => SafeCast,
                },
                "Text" => SafeCast,
                _ => NotCastable,
            }
        }
        "Real" => match n {
            "SmallInt" | "Integer" | "BigInt" | "Decimal" => RiskyCast,
            "Real" | "DoublePrecision" | "Text" => SafeCast,
            "VarChar" | "Char" => string_len(47),
            _ => NotCastable,
        },
        "DoublePrecision" => match n {
            "SmallInt" | "Integer" | "BigInt" | "Decimal" | "Real" => RiskyCast,
            "DoublePrecision" | "Text" => SafeCast,
            "VarChar" | "Char" => string_len(317),
            _ => NotCastable,
        },
        "VarChar" | "Char" => match n {
            "Text" => SafeCast,
            "VarChar" | "Char" => match (p_len, next_len) {
                (None, None) if next_is_char && prev.native() == "VarChar" => RiskyCast,
                (None, Some(_)) if prev.native() == "VarChar" => RiskyCast,
                (None, _) => SafeCast,
                (Some(1), None) => SafeCast,
                (Some(_), None) if next_is_char => RiskyCast,
                (Some(_), None) => SafeCast,
                (Some(o), Some(nw)) if o > nw => RiskyCast,
                _ => SafeCast,
            },
            _ => NotCastable,
        },
        "Text" => match n {
            "Citext" => SafeCast,
            "VarChar" if next_len.is_none() => SafeCast,
            "VarChar" | "Char" => RiskyCast,
            _ => NotCastable,
        },
        "ByteA" => match n {
            "Text" => SafeCast,
            "VarChar" if next_len.is_none() => SafeCast,
            "VarChar" | "Char" if next_len.is_some_and(|l| l > 2) => RiskyCast,
            _ => NotCastable,
        },
        "Timestamp" => {
            return time_like(
                p_len,
                "Timestamp",
                22,
                &["Timestamp", "Timestamptz", "Date", "Time", "Timetz"],
            )
        }
        "Timestamptz" => {
            return time_like(
                p_len,
                "Timestamptz",
                27,
                &["Timestamp", "Timestamptz", "Date", "Time", "Timetz"],
            )
        }
        "Date" => match n {
            "Text" => SafeCast,
            "VarChar" if next_len.is_none() => SafeCast,
            "Char" | "VarChar" if next_len.is_some_and(|l| l > 27) => SafeCast,
            "Timestamp" | "Timestamptz" => SafeCast,
            _ => NotCastable,
        },
        "Time" => return time_like(p_len, "Time", 13, &["Timetz"]),
        "Timetz" => return time_like(p_len, "Timetz", 18, &["Timetz", "Time"]),
        "Boolean" => match n {
            "Text" | "VarChar" => SafeCast,
            "Char" if next_len.is_some_and(|l| l > 4) => SafeCast,
            "Char" if next_len.is_some_and(|l| l > 3) => RiskyCast,
            _ => NotCastable,
        },
        "Bit" => match (p_len, n) {
            (None, "Text" | "VarChar" | "Char" | "VarBit") => SafeCast,
            (None, _) => NotCastable,
            (Some(_), "Text") => SafeCast,
            (Some(_), "VarChar" | "VarBit") if next_len.is_none() => SafeCast,
            (Some(len), "VarChar" | "VarBit" | "Char") if next_len.is_some_and(|l| l >= len) => {
                SafeCast
            }
            _ => NotCastable,
        },
        "VarBit" => match (p_len, n) {
            (None, "Text") => SafeCast,
            (None, "VarChar") if next_len.is_none() => SafeCast,
            (None, "VarChar" | "Char" | "Bit") => RiskyCast,
            (None, _) => NotCastable,
            (Some(_), "Text") => SafeCast,
            (Some(_), "VarChar" | "VarBit") if next_len.is_none() => SafeCast,
            (Some(len), "VarBit") if next_len.is_some_and(|l| l > len) => SafeCast,
            (Some(len), "VarChar" | "Char") if next_len.is_some_and(|l| l >= len) => SafeCast,
            (Some(len), "Bit") if next_len.is_none_or(|l| l <= len) => RiskyCast,
            (Some(_), "Char" | "VarChar") => RiskyCast,
            _ => NotCastable,
        },
        "Uuid" => match n {
            "Text" => SafeCast,
            "VarChar" if next_len.is_none() => SafeCast,
            "VarChar" | "Char" if next_len.is_some_and(|l| l > 31) => SafeCast,
            _ => NotCastable,
        },
        "Xml" => match n {
            "Text" => SafeCast,
            "VarChar" if next_len.is_none() => SafeCast,
            "VarChar" | "Char" => RiskyCast,
            _ => NotCastable,
        },
        "Json" | "JsonB" => match n {
            "Text" | "Json" | "JsonB" => SafeCast,
            "VarChar" if next_len.is_none() => SafeCast,
            "VarChar" | "Char" => RiskyCast,
            _ => NotCastable,
        },
        _ => NotCastable,
    })
}
