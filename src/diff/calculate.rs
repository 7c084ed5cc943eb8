//! Resolved schema → database schema for one provider (Prisma's `sql_schema_calculator`): tables from
//! models, columns from scalar fields with their default native types, indexes, foreign keys with the
//! default referential actions, and the join tables of implicit many-to-many relations.

use base64::Engine;
use compact_str::{format_compact, CompactString};

use super::sql_schema::*;
use crate::schema::{
    names, Arity, DefaultValue, Field, FieldKind, IndexField, IndexKind, Literal, Model, Provider,
    ReferentialAction, RelationKind, RelationMode, ScalarType, Schema,
};

/// A `CompactString` built at compile time: `CompactString::const_new` run at run time writes the
/// inline buffer byte by byte, and moving it right after stalls on store forwarding (half of the
/// time `column` took).
macro_rules! name {
    ($s:literal) => {
        const { CompactString::const_new($s) }
    };
}

/// The database schema `schema` creates on `provider`.
pub fn calculate(schema: &Schema, provider: Provider) -> SqlSchema {
    let datasource = schema.datasource.as_ref();
    let multi_schema =
        datasource.is_some_and(|d| !d.schemas.is_empty()) && provider.is_postgres_like();
    let foreign_keys = datasource.map(|d| d.relation_mode) != Some(RelationMode::Prisma);
    let namespace_of = |s: &Option<CompactString>| if multi_schema { s.clone() } else { None };

    let mut out = SqlSchema {
        provider: Some(provider),
        ..SqlSchema::default()
    };
    if provider.is_postgres_like() {
        out.namespaces = if multi_schema {
            let mut all: Vec<CompactString> = (datasource.iter().flat_map(|d| &d.schemas))
                .map(|s| CompactString::from(s.as_str()))
                .collect();
            all.sort();
            all.dedup();
            all
        } else {
            vec![name!("public")]
        };
        out.extensions = datasource
            .map(|d| {
                d.extensions
                    .iter()
                    .map(|e| SqlExtension {
                        name: e.map.clone().unwrap_or_else(|| e.name.clone()),
                        schema: e.schema.clone(),
                        version: e.version.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
    }
    {
        out.enums = schema
            .enums
            .iter()
            .map(|e| SqlEnum {
                name: e.db_name.clone(),
                namespace: namespace_of(&e.schema),
                values: e.values.iter().map(|v| v.db_name.clone()).collect(),
            })
            .collect();
    }

    let join_tables = schema
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::ManyToMany)
        .count();
    out.tables.reserve_exact(schema.models.len() + join_tables);
    // The model's field names, decoded from their `CompactString`s once: keys, indexes and foreign
    // keys look their fields up by name, ten times per model or so, and a scan of `&str`s mostly
    // compares lengths.
    let mut field_names: Vec<&str> = Vec::new();
    for model in schema.models.iter().filter(|m| !m.is_view) {
        field_names.clear();
        field_names.extend(model.fields.iter().map(|f| f.name.as_str()));
        let field_named = |name: &str| {
            let i = field_names.iter().position(|n| *n == name)?;
            Some(&model.fields[i])
        };
        let is_column = |f: &&Field| !f.is_relation() && !matches!(f.kind, FieldKind::Composite(_));
        let mut columns = Vec::with_capacity(model.fields.iter().filter(is_column).count());
        columns.extend(
            model
                .fields
                .iter()
                .filter(is_column)
                .map(|f| column(schema, f, provider)),
        );
        let column_name =
            |field: &CompactString| field_named(field).map_or(field, |f| &f.db_name).clone();
        let index_columns = |fields: &[IndexField]| {
            fields
                .iter()
                .map(|f| IndexColumn {
                    name: column_name(&f.field),
                    sort: f.sort,
                    length: f.length,
                    ops: f.ops.clone(),
                })
                .collect::<Vec<_>>()
        };
        let primary_key = model.primary_key.as_ref().map(|pk| SqlPrimaryKey {
            name: pk.db_name.clone(),
            columns: index_columns(&pk.fields),
        });
        let indexes = model
            .indexes
            .iter()
            .map(|i| SqlIndex {
                name: i.db_name.clone(),
                kind: match i.kind {
                    IndexKind::Normal => SqlIndexKind::Normal,
                    IndexKind::Unique => SqlIndexKind::Unique,
                    IndexKind::Fulltext => SqlIndexKind::Fulltext,
                },
                columns: index_columns(&i.fields),
                algorithm: i.algorithm.clone().filter(|a| a != "BTree"),
            })
            .collect();
        let mut fks = Vec::new();
        if foreign_keys {
            for field in &model.fields {
                let Some(rel) = field.relation() else {
                    continue;
                };
                let (Some(fields), Some(target)) = (&rel.fields, schema.models.get(rel.target))
                else {
                    continue;
                };
                if target.is_view {
                    continue;
                }
                let mut required = false;
                let columns: Vec<CompactString> = fields
                    .iter()
                    .map(|name| match field_named(name) {
                        Some(f) => {
                            required |= f.arity == Arity::Required;
                            f.db_name.clone()
                        }
                        None => name.clone(),
                    })
                    .collect();
                let referenced_columns = rel
                    .references
                    .iter()
                    .flatten()
                    .map(|r| target.field(r).map_or(r, |f| &f.db_name).clone())
                    .collect();
                let name = match &rel.constraint_name {
                    Some(name) => name.clone(),
                    None => names::constraint_name(
                        &model.db_name,
                        columns.iter().map(CompactString::as_str),
                        "_fkey",
                        provider,
                    ),
                };
                fks.push(ForeignKey {
                    name,
                    columns,
                    referenced_table: target.db_name.clone(),
                    referenced_namespace: namespace_of(&target.schema),
                    referenced_columns,
                    on_delete: rel.on_delete.unwrap_or(if required {
                        if provider == Provider::SqlServer {
                            ReferentialAction::NoAction
                        } else {
                            ReferentialAction::Restrict
                        }
                    } else {
                        ReferentialAction::SetNull
                    }),
                    on_update: rel.on_update.unwrap_or(ReferentialAction::Cascade),
                });
            }
        }
        out.tables.push(Table {
            name: model.db_name.clone(),
            namespace: namespace_of(&model.schema),
            columns,
            primary_key,
            indexes,
            foreign_keys: fks,
        });
    }

    for relation in schema
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::ManyToMany)
    {
        if let Some(table) = join_table(
            schema,
            relation.model_a,
            relation.model_b,
            &relation.name,
            provider,
            foreign_keys,
        ) {
            let namespace = namespace_of(&schema.models[relation.model_a].schema);
            out.tables.push(Table { namespace, ..table });
        }
    }
    out
}

fn join_table(
    schema: &Schema,
    a: usize,
    b: usize,
    name: &str,
    provider: Provider,
    foreign_keys: bool,
) -> Option<Table> {
    let (model_a, model_b) = (schema.models.get(a)?, schema.models.get(b)?);
    let table = names::join_table_name(name, provider);
    let id_column = |model: &Model, column: &'static str| -> Option<(Column, CompactString)> {
        let pk = model.primary_key.as_ref()?;
        let field = model.field(&pk.fields.first()?.field)?;
        let mut col = self::column(schema, field, provider);
        col.name = CompactString::const_new(column);
        col.arity = ColumnArity::Required;
        col.default = None;
        col.auto_increment = false;
        col.prisma_level_default = false;
        Some((col, field.db_name.clone()))
    };
    let (col_a, ref_a) = id_column(model_a, "A")?;
    let (col_b, ref_b) = id_column(model_b, "B")?;
    let plain = |n: &'static str| IndexColumn {
        name: CompactString::const_new(n),
        sort: None,
        length: None,
        ops: None,
    };
    let cut = |suffix: &str| {
        format_compact!(
            "{}{suffix}",
            names::cut(&table, provider.max_identifier_length() - suffix.len())
        )
    };
    let (primary_key, mut indexes) = if provider == Provider::PostgreSql {
        (
            Some(SqlPrimaryKey {
                name: cut("_AB_pkey"),
                columns: vec![plain("A"), plain("B")],
            }),
            Vec::new(),
        )
    } else {
        let unique = SqlIndex {
            name: cut("_AB_unique"),
            kind: SqlIndexKind::Unique,
            columns: vec![plain("A"), plain("B")],
            algorithm: None,
        };
        (None, vec![unique])
    };
    indexes.push(SqlIndex {
        name: cut("_B_index"),
        kind: SqlIndexKind::Normal,
        columns: vec![plain("B")],
        algorithm: None,
    });
    let multi = schema
        .datasource
        .as_ref()
        .is_some_and(|d| !d.schemas.is_empty())
        && provider.is_postgres_like();
    let fk = |col: &'static str, target: &Model, referenced: CompactString| ForeignKey {
        name: cut(&format!("_{col}_fkey")),
        columns: vec![CompactString::const_new(col)],
        referenced_table: target.db_name.clone(),
        referenced_namespace: if multi { target.schema.clone() } else { None },
        referenced_columns: vec![referenced],
        on_delete: ReferentialAction::Cascade,
        on_update: ReferentialAction::Cascade,
    };
    let foreign_keys = if foreign_keys {
        vec![fk("A", model_a, ref_a), fk("B", model_b, ref_b)]
    } else {
        Vec::new()
    };
    Some(Table {
        name: table,
        namespace: None,
        columns: vec![col_a, col_b],
        primary_key,
        indexes,
        foreign_keys,
    })
}

/// A static native type `[name, args…]` (see `ColumnType::new_static`).
macro_rules! native {
    ($($part:literal),+) => {
        const { &(&[$(CompactString::const_new($part)),+] as &[CompactString]) }
    };
}

/// No native type: SQLite, enums (but MySQL's), unsupported types.
const NO_NATIVE: &&[CompactString] = native!("");

/// Prisma's default native type for a scalar type on `provider` (empty on SQLite, which has none).
fn default_native(scalar: ScalarType, provider: Provider) -> &'static &'static [CompactString] {
    match provider {
        Provider::PostgreSql => match scalar {
            ScalarType::String => native!("Text"),
            ScalarType::Int => native!("Integer"),
            ScalarType::BigInt => native!("BigInt"),
            ScalarType::Float => native!("DoublePrecision"),
            ScalarType::Decimal => native!("Decimal", "65", "30"),
            ScalarType::Boolean => native!("Boolean"),
            ScalarType::DateTime => native!("Timestamp", "3"),
            ScalarType::Json => native!("JsonB"),
            ScalarType::Bytes => native!("ByteA"),
        },
        Provider::CockroachDb => match scalar {
            ScalarType::String => native!("String"),
            ScalarType::Int => native!("Int4"),
            ScalarType::BigInt => native!("Int8"),
            ScalarType::Float => native!("Float8"),
            ScalarType::Decimal => native!("Decimal", "65", "30"),
            ScalarType::Boolean => native!("Bool"),
            ScalarType::DateTime => native!("Timestamp", "3"),
            ScalarType::Json => native!("JsonB"),
            ScalarType::Bytes => native!("Bytes"),
        },
        Provider::MySql => match scalar {
            ScalarType::String => native!("VarChar", "191"),
            ScalarType::Int => native!("Int"),
            ScalarType::BigInt => native!("BigInt"),
            ScalarType::Float => native!("Double"),
            ScalarType::Decimal => native!("Decimal", "65", "30"),
            ScalarType::Boolean => native!("TinyInt", "1"),
            ScalarType::DateTime => native!("DateTime", "3"),
            ScalarType::Json => native!("Json"),
            ScalarType::Bytes => native!("LongBlob"),
        },
        _ => NO_NATIVE,
    }
}

fn column(schema: &Schema, field: &Field, provider: Provider) -> Column {
    let tpe = match &field.kind {
        FieldKind::Scalar(scalar) => {
            let family = ColumnFamily::Scalar(*scalar);
            match (&field.native_type, provider) {
                (_, Provider::Sqlite) => ColumnType::new_static(family, NO_NATIVE),
                (Some(nt), _) => ColumnType::new(family, nt.name.clone(), nt.args.iter().cloned()),
                (None, _) => ColumnType::new_static(family, default_native(*scalar, provider)),
            }
        }
        FieldKind::Enum(id) => {
            let e = &schema.enums[*id];
            let multi = schema
                .datasource
                .as_ref()
                .is_some_and(|d| !d.schemas.is_empty())
                && provider.is_postgres_like();
            let family = ColumnFamily::Enum {
                name: e.db_name.clone(),
                namespace: if multi { e.schema.clone() } else { None },
            };
            // MySQL has no enum types: each column holds its own `ENUM(...)`, so the values are part
            // of the column type.
            if provider == Provider::MySql {
                let values = e.values.iter().map(|v| v.db_name.clone());
                ColumnType::new(family, CompactString::default(), values)
            } else {
                ColumnType::new_static(family, NO_NATIVE)
            }
        }
        FieldKind::Unsupported(t) => {
            ColumnType::new_static(ColumnFamily::Unsupported(t.clone()), NO_NATIVE)
        }
        FieldKind::Relation(_) | FieldKind::Composite(_) => {
            ColumnType::new_static(ColumnFamily::Unsupported(String::new()), NO_NATIVE)
        }
    };
    let arity = match field.arity {
        Arity::Required => ColumnArity::Required,
        Arity::Optional => ColumnArity::Nullable,
        Arity::List => ColumnArity::List,
    };
    let mut auto_increment = false;
    let mut prisma_level_default = false;
    let default = match &field.default {
        None => None,
        // CockroachDB has no SERIAL: Prisma gives the column `DEFAULT unique_rowid()`.
        Some(DefaultValue::Autoincrement) if provider == Provider::CockroachDb => {
            Some(SqlDefault::Value(name!("unique_rowid()")))
        }
        Some(DefaultValue::Autoincrement) => {
            auto_increment = true;
            None
        }
        Some(DefaultValue::Now) => Some(SqlDefault::Now),
        Some(
            DefaultValue::Uuid
            | DefaultValue::Cuid
            | DefaultValue::Nanoid
            | DefaultValue::Ulid
            | DefaultValue::Auto,
        ) => {
            prisma_level_default = true;
            None
        }
        Some(DefaultValue::DbGenerated(expr)) => expr.clone().map(SqlDefault::DbGenerated),
        Some(DefaultValue::Sequence(_)) => {
            auto_increment = true;
            None
        }
        Some(DefaultValue::Literal(lit)) => {
            literal_default(schema, field, &tpe, arity, lit, provider).map(SqlDefault::Value)
        }
    };
    Column {
        name: field.db_name.clone(),
        tpe,
        arity,
        default,
        auto_increment,
        prisma_level_default,
    }
}

/// `'…'` with `'` doubled.
fn quote_string(value: &str) -> CompactString {
    let mut quoted = CompactString::with_capacity(value.len() + 2);
    // Nearly every value holds no quote: copied whole, not split (416 -> 315 instructions a
    // value; a 1,000-model schema has 1,000 enum defaults).
    if !value.as_bytes().contains(&b'\'') {
        quoted.push('\'');
        quoted.push_str(value);
        quoted.push('\'');
        return quoted;
    }
    quoted.push('\'');
    for (i, part) in value.split('\'').enumerate() {
        if i > 0 {
            quoted.push_str("''");
        }
        quoted.push_str(part);
    }
    quoted.push('\'');
    quoted
}

fn literal_default(
    schema: &Schema,
    field: &Field,
    tpe: &ColumnType,
    arity: ColumnArity,
    lit: &Literal,
    provider: Provider,
) -> Option<CompactString> {
    // MySQL reads `\` in a string as an escape (unless `NO_BACKSLASH_ESCAPES`): a value ending in
    // one would swallow the closing quote.
    let quote_string = |value: &str| match provider {
        Provider::MySql => quote_string(&value.replace('\\', "\\\\")),
        _ => quote_string(value),
    };
    let single = |lit: &Literal| -> Option<CompactString> {
        Some(match (&tpe.family, lit) {
            (ColumnFamily::Enum { .. }, Literal::Constant(c)) => {
                let FieldKind::Enum(id) = field.kind else {
                    return None;
                };
                let value = schema.enums[id]
                    .values
                    .iter()
                    .find(|v| v.name == c)
                    .map_or(c, |v| &v.db_name);
                quote_string(value)
            }
            // MySQL: Prisma renders no default for `Bytes`.
            (ColumnFamily::Scalar(ScalarType::Bytes), Literal::String(_))
                if provider == Provider::MySql =>
            {
                return None
            }
            (ColumnFamily::Scalar(ScalarType::DateTime), Literal::String(s))
                if provider == Provider::MySql =>
            {
                quote_string(&mysql_datetime(s))
            }
            (ColumnFamily::Scalar(ScalarType::Bytes), Literal::String(s)) => {
                let bytes = base64::engine::general_purpose::STANDARD.decode(s).ok()?;
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                match provider {
                    Provider::Sqlite => format_compact!("'{hex}'"),
                    _ => format_compact!("'\\x{hex}'"),
                }
            }
            (ColumnFamily::Scalar(ScalarType::DateTime), Literal::String(s)) => {
                quote_string(&datetime_display(s))
            }
            // Prisma prints a JSON default unquoted on SQLite (its `PrismaValue::Json` display).
            (ColumnFamily::Scalar(ScalarType::Json), Literal::String(s))
                if provider == Provider::Sqlite =>
            {
                s.clone()
            }
            (_, Literal::String(s)) => quote_string(s),
            (_, Literal::Number(n)) => n.clone(),
            (_, Literal::Boolean(true)) => name!("true"),
            (_, Literal::Boolean(false)) => name!("false"),
            (_, Literal::Constant(c)) => c.clone(),
            (_, Literal::List(_)) => return None,
        })
    };
    match lit {
        Literal::List(items) if arity == ColumnArity::List && provider.is_postgres_like() => {
            let rendered: Option<Vec<CompactString>> = items.iter().map(single).collect();
            Some(format_compact!(
                "ARRAY[{}]::{}",
                rendered?.join(", "),
                crate::sql::postgres_column_type(tpe, arity, false)
            ))
        }
        Literal::List(_) => None,
        other => single(other),
    }
}

/// An RFC 3339 timestamp as a MySQL `DATETIME` literal (`2020-01-02 03:04:05.000`): MySQL and
/// MariaDB reject an offset in a column default.
fn mysql_datetime(value: &str) -> String {
    let Some((date, rest)) = value.split_once('T') else {
        return value.to_string();
    };
    let time = rest.trim_end_matches('Z');
    let time = match time.rfind(['+', '-']) {
        Some(pos) => &time[..pos],
        None => time,
    };
    format!("{date} {time}")
}

/// An RFC 3339 timestamp as chrono displays a `DateTime<FixedOffset>`: `2020-01-01 00:00:00 +00:00`.
fn datetime_display(value: &str) -> String {
    let Some((date, rest)) = value.split_once('T') else {
        return value.to_string();
    };
    let (time, offset) = if let Some(t) = rest.strip_suffix('Z') {
        (t, "+00:00".to_string())
    } else if let Some(pos) = rest.rfind(['+', '-']) {
        (&rest[..pos], rest[pos..].to_string())
    } else {
        (rest, "+00:00".to_string())
    };
    let time = match time.split_once('.') {
        Some((whole, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                whole.to_string()
            } else {
                format!("{whole}.{frac}")
            }
        }
        None => time.to_string(),
    };
    format!("{date} {time} {offset}")
}
