//! The database-level schema a resolved schema maps to, for one provider. Vectors are in Prisma's
//! order (models, then implicit many-to-many tables), which decides step order within a kind.
//!
//! Names and short texts (native types, rendered defaults) are `CompactString`s, copied from the
//! resolved schema or made from `&'static str`s without allocating.

use compact_str::CompactString;

use crate::schema::{Provider, ReferentialAction, ScalarType, SortOrder};

#[derive(Clone, Debug, Default)]
pub struct SqlSchema {
    pub provider: Option<Provider>,
    /// Namespaces to create (`CREATE SCHEMA`), sorted by name.
    pub namespaces: Vec<CompactString>,
    pub enums: Vec<SqlEnum>,
    pub tables: Vec<Table>,
    /// PostgreSQL extensions (`extensions = [...]` with `postgresqlExtensions`).
    pub extensions: Vec<SqlExtension>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlExtension {
    /// The database name (`map:` or the PSL name).
    pub name: String,
    pub schema: Option<String>,
    pub version: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlEnum {
    pub name: CompactString,
    pub namespace: Option<CompactString>,
    pub values: Vec<CompactString>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnFamily {
    Scalar(ScalarType),
    /// Index into `SqlSchema::enums`, plus its name (for comparisons across schemas).
    Enum {
        name: CompactString,
        namespace: Option<CompactString>,
    },
    Unsupported(String),
}

/// A column's type: its family plus the native type (name and arguments) it has in the database.
#[derive(Clone, Debug)]
pub struct ColumnType {
    pub family: ColumnFamily,
    native: NativeType,
}

/// `[name, args…]` behind one pointer: 16 bytes where a name and arguments held inline took 48, so
/// a `Column` fits in 128 bytes (calculating a schema mostly moves and drops columns). Static for a
/// provider's defaults (`Timestamp(3)`), which most columns use; one allocation otherwise, as the
/// arguments alone took before. The static side is a thin pointer to a slice so the enum needs no
/// tag beside the box's non-null pointer.
#[derive(Clone, Debug)]
enum NativeType {
    Static(&'static &'static [CompactString]),
    Owned(Box<[CompactString]>),
}

impl ColumnType {
    /// `native` is `[name, args…]`, e.g. a provider's default type.
    pub fn new_static(family: ColumnFamily, native: &'static &'static [CompactString]) -> Self {
        ColumnType {
            family,
            native: NativeType::Static(native),
        }
    }

    pub fn new(
        family: ColumnFamily,
        name: CompactString,
        args: impl IntoIterator<Item = CompactString>,
    ) -> Self {
        ColumnType {
            family,
            native: NativeType::Owned(std::iter::once(name).chain(args).collect()),
        }
    }

    fn parts(&self) -> &[CompactString] {
        match &self.native {
            NativeType::Static(parts) => parts,
            NativeType::Owned(parts) => parts,
        }
    }

    /// Native type name as in `@db.X` (`Text`, `VarChar`, `Timestamp`…); empty for
    /// enums/unsupported/SQLite.
    pub fn native(&self) -> &str {
        &self.parts()[0]
    }

    /// The native type's arguments; a MySQL enum's values.
    pub fn args(&self) -> &[CompactString] {
        &self.parts()[1..]
    }
}

/// By content: a static and an owned native type with the same name and arguments are equal.
impl PartialEq for ColumnType {
    fn eq(&self, other: &Self) -> bool {
        self.family == other.family && self.parts() == other.parts()
    }
}

impl Eq for ColumnType {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnArity {
    Required,
    Nullable,
    List,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SqlDefault {
    Now,
    /// A value rendered as SQL for this provider (`'text'`, `42`, `true`, `ARRAY[...]`…).
    Value(CompactString),
    /// `dbgenerated("expr")`.
    DbGenerated(String),
    /// CockroachDB sequence options.
    Sequence(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: CompactString,
    pub tpe: ColumnType,
    pub arity: ColumnArity,
    pub default: Option<SqlDefault>,
    /// Default for comparisons that ignores rendering details (the PSL literal text, e.g. JSON).
    pub auto_increment: bool,
    /// `uuid()`, `cuid()`… : a client-side default (matters for warnings only).
    pub prisma_level_default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexColumn {
    pub name: CompactString,
    pub sort: Option<SortOrder>,
    pub length: Option<u32>,
    pub ops: Option<CompactString>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlIndexKind {
    Normal,
    Unique,
    Fulltext,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlIndex {
    pub name: CompactString,
    pub kind: SqlIndexKind,
    pub columns: Vec<IndexColumn>,
    /// PostgreSQL access method (`Gin`, `Hash`…); `None` is BTree.
    pub algorithm: Option<CompactString>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlPrimaryKey {
    pub name: CompactString,
    pub columns: Vec<IndexColumn>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    pub name: CompactString,
    pub columns: Vec<CompactString>,
    pub referenced_table: CompactString,
    pub referenced_namespace: Option<CompactString>,
    pub referenced_columns: Vec<CompactString>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: CompactString,
    pub namespace: Option<CompactString>,
    pub columns: Vec<Column>,
    pub primary_key: Option<SqlPrimaryKey>,
    pub indexes: Vec<SqlIndex>,
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The single-column primary key's column, if the key has exactly one column.
    pub fn single_pk_column(&self) -> Option<&str> {
        match &self.primary_key {
            Some(pk) if pk.columns.len() == 1 => Some(&pk.columns[0].name),
            _ => None,
        }
    }
}
