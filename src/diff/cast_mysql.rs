//! MySQL's classification of a native type change (Prisma's MySQL `column_type_change`): widening
//! changes such as `VARCHAR(191)` → `TEXT` or `INT` → `BIGINT` are safe casts Prisma writes with no
//! warning; narrowing or lossy ones are risky; some have no cast at all and recreate the column.

use compact_str::CompactString;

use super::sql_schema::{Column, ColumnFamily, ColumnType};
use super::steps::ColumnTypeChange::{self, *};

const TEXTS: [&str; 4] = ["TinyText", "Text", "MediumText", "LongText"];
const BLOBS: [&str; 4] = ["TinyBlob", "Blob", "MediumBlob", "LongBlob"];
/// Types with a length argument that hold text or bytes.
const SIZED: [&str; 4] = ["Binary", "Char", "VarBinary", "VarChar"];
const UNSIGNED: [&str; 5] = [
    "UnsignedTinyInt",
    "UnsignedSmallInt",
    "UnsignedMediumInt",
    "UnsignedInt",
    "UnsignedBigInt",
];
const DATES: [&str; 3] = ["Date", "DateTime", "Timestamp"];

fn arg(t: &ColumnType) -> Option<u32> {
    t.args().first().and_then(|s| s.trim().parse().ok())
}

/// Any type that stores the value's text or bytes.
fn stringish(n: &str) -> bool {
    SIZED.contains(&n) || TEXTS.contains(&n) || BLOBS.contains(&n)
}

fn signed_int(n: &str) -> bool {
    matches!(n, "TinyInt" | "SmallInt" | "MediumInt" | "Int" | "BigInt")
}

pub fn mysql(a: &Column, b: &Column) -> Option<ColumnTypeChange> {
    fn enum_values(c: &Column) -> Option<&[CompactString]> {
        match c.tpe.family {
            ColumnFamily::Enum { .. } => Some(c.tpe.args()),
            _ => None,
        }
    }
    match (enum_values(a), enum_values(b)) {
        (Some(p), Some(n)) if p.len() == n.len() && p.iter().zip(n).all(|(x, y)| x == y) => {
            return None
        }
        (Some(p), Some(n)) if p.iter().all(|v| n.contains(v)) => return Some(SafeCast),
        (Some(_), _) | (_, Some(_)) => return Some(RiskyCast),
        (None, None) => {}
    }
    // Prisma only compares native types; an `Unsupported` column has none.
    if a.tpe.native().is_empty() || b.tpe.native().is_empty() {
        return None;
    }
    native(&a.tpe, &b.tpe)
}

fn native(prev: &ColumnType, next: &ColumnType) -> Option<ColumnTypeChange> {
    let (p, n) = (prev.native(), next.native());
    let (p_len, n_len) = (arg(prev), arg(next));
    let bit = |min: u32| match n_len {
        Some(len) if len >= min => SafeCast,
        _ => RiskyCast,
    };
    Some(match p {
        _ if p == n
            && !matches!(p, "DateTime" | "Timestamp" | "Time" | "Decimal")
            && !SIZED.contains(&p)
            && p != "Bit" =>
        {
            return None
        }
        "BigInt" => match n {
            "Decimal" => match (
                arg(next),
                next.args()
                    .get(1)
                    .and_then(|s| s.trim().parse::<u32>().ok()),
            ) {
                (Some(digits), Some(scale)) if digits.saturating_sub(scale) >= 20 => SafeCast,
                _ => NotCastable,
            },
            _ if stringish(n) || matches!(n, "Bit" | "Double" | "Float" | "Time") => SafeCast,
            _ if signed_int(n) || UNSIGNED.contains(&n) || n == "Year" => RiskyCast,
            _ => NotCastable,
        },
        "Binary" => match n {
            "Binary" if n_len == p_len => return None,
            "Binary" if n_len > p_len => SafeCast,
            "Binary" => RiskyCast,
            "Bit" if n_len.unwrap_or(0) >= p_len.unwrap_or(0) * 8 => SafeCast,
            _ if stringish(n) || matches!(n, "Decimal" | "Double" | "Float" | "MediumInt") => {
                SafeCast
            }
            _ if DATES.contains(&n) || n == "Json" => NotCastable,
            _ => RiskyCast,
        },
        "Bit" => match n {
            "Bit" if n_len == p_len => return None,
            "Bit" if p_len < n_len => SafeCast,
            "Bit" => RiskyCast,
            "BigInt" | "UnsignedBigInt" if p_len == Some(64) => SafeCast,
            "BigInt" | "UnsignedBigInt" => RiskyCast,
            "Binary" if p_len.unwrap_or(0) >= 8 * n_len.unwrap_or(0) => SafeCast,
            "Binary" => NotCastable,
            "Decimal" | "Double" | "Float" => RiskyCast,
            _ if stringish(n) || signed_int(n) || UNSIGNED.contains(&n) || n == "Year" => SafeCast,
            _ => NotCastable,
        },
        _ if BLOBS.contains(&p) => match n {
            _ if BLOBS.contains(&n) => SafeCast,
            _ if TEXTS.contains(&n)
                || matches!(n, "Binary" | "Bit" | "Char" | "VarBinary" | "VarChar") =>
            {
                RiskyCast
            }
            _ => NotCastable,
        },
        "Char" | "VarChar" => match n {
            _ if n == p && n_len == p_len => return None,
            _ if SIZED.contains(&n) && n_len >= p_len => SafeCast,
            _ if TEXTS.contains(&n) || BLOBS.contains(&n) => SafeCast,
            _ => RiskyCast,
        },
        "Date" => match n {
            _ if stringish(n) => SafeCast,
            "DateTime" | "BigInt" | "UnsignedBigInt" | "Int" | "UnsignedInt" | "Decimal"
            | "Float" | "Double" | "Bit" => SafeCast,
            _ => NotCastable,
        },
        "DateTime" | "Timestamp" => match n {
            _ if n == p && p_len < n_len => SafeCast,
            _ if n == p && p_len > n_len => RiskyCast,
            _ if n == p => return None,
            _ if stringish(n)
                || DATES.contains(&n)
                || matches!(n, "Time" | "BigInt" | "UnsignedBigInt") =>
            {
                SafeCast
            }
            "Bit" if n_len == Some(64) => SafeCast,
            _ => NotCastable,
        },
        "Decimal" => match n {
            "Decimal" if prev.args() == next.args() => return None,
            _ if stringish(n) => SafeCast,
            _ if DATES.contains(&n) => NotCastable,
            _ => RiskyCast,
        },
        "Double" | "Float" => match n {
            "Double" | "Float" => SafeCast,
            "Bit" => {
                if n_len >= Some(if p == "Double" { 64 } else { 32 }) {
                    SafeCast
                } else {
                    NotCastable
                }
            }
            _ if SIZED.contains(&n) => {
                if n_len.unwrap_or(0) >= 32 {
                    RiskyCast
                } else {
                    NotCastable
                }
            }
            _ if DATES.contains(&n) => NotCastable,
            _ => SafeCast,
        },
        "Int" | "MediumInt" => match n {
            "BigInt" => SafeCast,
            _ if stringish(n) => SafeCast,
            "Bit" => bit(32),
            _ if DATES.contains(&n) || matches!(n, "Time" | "Json") => NotCastable,
            _ => RiskyCast,
        },
        "SmallInt" | "TinyInt" => match n {
            _ if signed_int(n) && rank(n) > rank(p) => SafeCast,
            "Time" => SafeCast,
            _ if DATES.contains(&n) || matches!(n, "Decimal" | "Json") => NotCastable,
            _ => RiskyCast,
        },
        "Json" => match n {
            _ if stringish(n) => SafeCast,
            _ => NotCastable,
        },
        _ if TEXTS.contains(&p) => match n {
            "TinyText" | "TinyBlob" => RiskyCast,
            _ if stringish(n) || n == "Bit" => SafeCast,
            _ => RiskyCast,
        },
        "Time" => match n {
            "Time" if p_len.unwrap_or(0) == n_len.unwrap_or(0) => return None,
            "Time" => SafeCast,
            _ if DATES.contains(&n) => RiskyCast,
            "Json" | "Year" => NotCastable,
            _ => SafeCast,
        },
        _ if UNSIGNED.contains(&p) => match n {
            _ if UNSIGNED.contains(&n) && rank(n) > rank(p) && rank(p) <= 1 => SafeCast,
            _ if DATES.contains(&n) || matches!(n, "Decimal" | "Json") => NotCastable,
            _ => RiskyCast,
        },
        "VarBinary" => match n {
            "VarBinary" if p_len > n_len => RiskyCast,
            "VarBinary" if p_len < n_len => SafeCast,
            "VarBinary" => return None,
            "LongBlob" | "Blob" | "MediumBlob" => SafeCast,
            "Binary" if n_len > p_len => SafeCast,
            _ if stringish(n) || n == "Bit" => RiskyCast,
            _ => NotCastable,
        },
        "Year" => match n {
            _ if stringish(n) => SafeCast,
            "Decimal" | "Json" => RiskyCast,
            _ if DATES.contains(&n) || matches!(n, "Time" | "TinyInt" | "UnsignedTinyInt") => {
                NotCastable
            }
            _ => SafeCast,
        },
        _ => RiskyCast,
    })
}

/// Width order of the integer types (signed and unsigned alike).
fn rank(n: &str) -> usize {
    ["TinyInt", "SmallInt", "MediumInt", "Int", "BigInt"]
        .iter()
        .position(|t| n.trim_start_matches("Unsigned") == *t)
        .unwrap_or(0)
}
