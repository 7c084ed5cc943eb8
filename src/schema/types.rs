//! The resolved schema's data types. Indices (`ModelId`, `EnumId`, …) are positions in `Schema`'s
//! vectors, in source order (files in input order), which is also the order Prisma walks them in.
//!
//! Names are `CompactString`s, as in the syntax tree: nearly all fit in its 24 inline bytes, so
//! copying one from the tree (or on to the SQL schema) is no allocation.

use compact_str::CompactString;

use crate::syntax::span::Span;

pub type ModelId = usize;
pub type EnumId = usize;
pub type CompositeId = usize;
pub type RelationId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    PostgreSql,
    CockroachDb,
    MySql,
    Sqlite,
    SqlServer,
    MongoDb,
}

impl Provider {
    /// Parses a datasource `provider` value (`postgres` is Prisma's accepted alias).
    pub fn parse(name: &str) -> Option<Provider> {
        Some(match name {
            "postgresql" | "postgres" => Provider::PostgreSql,
            "cockroachdb" => Provider::CockroachDb,
            "mysql" => Provider::MySql,
            "sqlite" => Provider::Sqlite,
            "sqlserver" => Provider::SqlServer,
            "mongodb" => Provider::MongoDb,
            _ => return None,
        })
    }

    /// The name written in `migration_lock.toml` and datasource blocks.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::PostgreSql => "postgresql",
            Provider::CockroachDb => "cockroachdb",
            Provider::MySql => "mysql",
            Provider::Sqlite => "sqlite",
            Provider::SqlServer => "sqlserver",
            Provider::MongoDb => "mongodb",
        }
    }

    /// `max_identifier_length` of Prisma's connector: constraint names are cut to fit it.
    pub fn max_identifier_length(self) -> usize {
        match self {
            Provider::PostgreSql | Provider::CockroachDb => 63,
            Provider::MySql => 64,
            Provider::SqlServer => 128,
            Provider::Sqlite | Provider::MongoDb => 10000,
        }
    }

    pub fn is_postgres_like(self) -> bool {
        matches!(self, Provider::PostgreSql | Provider::CockroachDb)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RelationMode {
    #[default]
    ForeignKeys,
    /// `relationMode = "prisma"`: relations are emulated by the client, no foreign keys in the database.
    Prisma,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    pub schema: Option<String>,
    pub version: Option<String>,
    pub map: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Datasource {
    pub name: String,
    pub provider: Provider,
    pub relation_mode: RelationMode,
    /// `schemas = [...]` (multiSchema); empty when absent.
    pub schemas: Vec<String>,
    pub extensions: Vec<Extension>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub datasource: Option<Datasource>,
    /// `previewFeatures` of all generators, merged.
    pub preview_features: Vec<String>,
    /// Models and views, in source order (`Model::is_view` tells them apart).
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    pub composite_types: Vec<CompositeType>,
    pub relations: Vec<Relation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    String,
    Int,
    BigInt,
    Float,
    Decimal,
    Boolean,
    DateTime,
    Json,
    Bytes,
}

impl ScalarType {
    pub fn parse(name: &str) -> Option<ScalarType> {
        Some(match name {
            "String" => ScalarType::String,
            "Int" => ScalarType::Int,
            "BigInt" => ScalarType::BigInt,
            "Float" => ScalarType::Float,
            "Decimal" => ScalarType::Decimal,
            "Boolean" => ScalarType::Boolean,
            "DateTime" => ScalarType::DateTime,
            "Json" => ScalarType::Json,
            "Bytes" => ScalarType::Bytes,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    Required,
    Optional,
    List,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Scalar(ScalarType),
    Enum(EnumId),
    /// Boxed: a quarter of the fields are relations, and inline it would double every field's size.
    Relation(Box<RelationField>),
    Composite(CompositeId),
    /// `Unsupported("type")`: the database type, verbatim.
    Unsupported(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferentialAction {
    Cascade,
    Restrict,
    NoAction,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn parse(name: &str) -> Option<ReferentialAction> {
        Some(match name {
            "Cascade" => ReferentialAction::Cascade,
            "Restrict" => ReferentialAction::Restrict,
            "NoAction" => ReferentialAction::NoAction,
            "SetNull" => ReferentialAction::SetNull,
            "SetDefault" => ReferentialAction::SetDefault,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationField {
    pub target: ModelId,
    /// `@relation("Name")` / `name:`.
    pub name: Option<CompactString>,
    /// `fields: [...]`: present on the side that holds the foreign key.
    pub fields: Option<Vec<CompactString>>,
    pub references: Option<Vec<CompactString>>,
    pub on_delete: Option<ReferentialAction>,
    pub on_update: Option<ReferentialAction>,
    /// `map:`: the foreign key's constraint name.
    pub map: Option<CompactString>,
    /// The foreign key's name in the database: `map:` or Prisma's `{table}_{columns}_fkey`, cut to the
    /// provider's limit. `None` on the side without `fields:`.
    pub constraint_name: Option<CompactString>,
    /// Set once relations are paired.
    pub relation: Option<RelationId>,
}

/// A `@db.X(args)` attribute; `args` are kept as written (numbers, `MAX`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeType {
    pub name: CompactString,
    pub args: Vec<CompactString>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Autoincrement,
    Now,
    /// Client-side generators: no database default.
    Uuid,
    Cuid,
    Nanoid,
    Ulid,
    /// `dbgenerated("expr")`, `None` for `dbgenerated()`.
    DbGenerated(Option<String>),
    /// CockroachDB `sequence(...)`, arguments as written.
    Sequence(Vec<(String, String)>),
    /// `auto()` (MongoDB).
    Auto,
    Literal(Literal),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    String(CompactString),
    /// As written (`-1`, `1.5`).
    Number(CompactString),
    Boolean(bool),
    /// A bare constant: an enum value name.
    Constant(CompactString),
    List(Vec<Literal>),
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: CompactString,
    /// `@map("col")` or the field name.
    pub db_name: CompactString,
    pub kind: FieldKind,
    pub arity: Arity,
    pub default: Option<DefaultValue>,
    /// Boxed: most fields have none, and inline it would make every field a quarter bigger.
    pub native_type: Option<Box<NativeType>>,
    pub is_id: bool,
    pub is_unique: bool,
    pub updated_at: bool,
    pub ignored: bool,
    pub span: Span,
}

impl Field {
    pub fn is_relation(&self) -> bool {
        matches!(self.kind, FieldKind::Relation(_))
    }

    pub fn relation(&self) -> Option<&RelationField> {
        match &self.kind {
            FieldKind::Relation(r) => Some(r),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortOrder {
    Asc,
    Desc,
}

/// One field of an index or primary key, with its per-column options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexField {
    /// The field name (a composite path joined with `.` for MongoDB).
    pub field: CompactString,
    pub sort: Option<SortOrder>,
    pub length: Option<u32>,
    /// PostgreSQL operator class (`ops: raw("…")` or a named class).
    pub ops: Option<CompactString>,
}

#[derive(Clone, Debug)]
pub struct PrimaryKey {
    pub fields: Vec<IndexField>,
    /// `name:` (client-side only).
    pub name: Option<CompactString>,
    /// The constraint name: `map:` or `{table}_pkey`.
    pub db_name: CompactString,
    /// Whether `map:` was given.
    pub mapped: bool,
    pub clustered: Option<bool>,
    /// True for `@id` on a field, false for `@@id`.
    pub field_level: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexKind {
    Normal,
    Unique,
    Fulltext,
}

#[derive(Clone, Debug)]
pub struct Index {
    pub kind: IndexKind,
    pub fields: Vec<IndexField>,
    pub name: Option<CompactString>,
    /// `map:` or Prisma's default name (`_key`, `_idx`).
    pub db_name: CompactString,
    pub mapped: bool,
    /// `type:` (PostgreSQL access method: `BTree`, `Hash`, `Gin`, `Gist`, `SpGist`, `Brin`).
    pub algorithm: Option<CompactString>,
    pub clustered: Option<bool>,
    /// `@unique` on a field rather than `@@unique`/`@@index`.
    pub field_level: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub name: CompactString,
    /// `@@map("tbl")` or the model name.
    pub db_name: CompactString,
    pub schema: Option<CompactString>,
    pub is_view: bool,
    pub ignored: bool,
    pub fields: Vec<Field>,
    pub primary_key: Option<PrimaryKey>,
    /// In Prisma's walking order: field-level `@unique` first, then `@@index`, `@@unique`, `@@fulltext`.
    pub indexes: Vec<Index>,
    pub span: Span,
}

impl Schema {
    /// A model or view by its schema name.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// A model or view by its table name (`@@map`), in an optional database schema (`@@schema`).
    pub fn model_by_db_name(&self, db_name: &str, schema: Option<&str>) -> Option<&Model> {
        self.models
            .iter()
            .find(|m| m.db_name == db_name && (schema.is_none() || m.schema.as_deref() == schema))
    }

    pub fn enum_by_name(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn provider(&self) -> Option<Provider> {
        self.datasource.as_ref().map(|d| d.provider)
    }
}

impl Model {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// A field by its column name (`@map`).
    pub fn field_by_db_name(&self, db_name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| !f.is_relation() && f.db_name == db_name)
    }

    pub fn scalar_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.is_relation())
    }
}

#[derive(Clone, Debug)]
pub struct EnumValue {
    pub name: CompactString,
    pub db_name: CompactString,
}

#[derive(Clone, Debug)]
pub struct Enum {
    pub name: CompactString,
    pub db_name: CompactString,
    pub schema: Option<CompactString>,
    pub values: Vec<EnumValue>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct CompositeType {
    pub name: CompactString,
    pub fields: Vec<Field>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    OneToOne,
    OneToMany,
    /// Implicit many-to-many: both sides are lists without `fields`, stored in a `_Name` join table.
    ManyToMany,
}

/// A relation between two models: the two fields that name it, paired.
#[derive(Clone, Debug)]
pub struct Relation {
    /// `@relation("Name")`, or Prisma's default `{A}To{B}` (model names in byte order).
    pub name: CompactString,
    pub kind: RelationKind,
    /// The side holding `fields:` (the foreign key) for 1:1/1:n; for m:n, model A (the first by name).
    pub model_a: ModelId,
    pub field_a: usize,
    /// The back-relation side (`None` when the back-relation field is missing).
    pub model_b: ModelId,
    pub field_b: Option<usize>,
}
