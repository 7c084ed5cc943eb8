//! The resolved schema: kinds, arities, defaults, names, relations, and the diagnostics of resolution.

use node_llm_orm_native::schema::*;
use node_llm_orm_native::syntax::parse_str;

fn resolved(text: &str) -> (Schema, Vec<String>) {
    let parsed = parse_str(text);
    assert!(parsed.first_error().is_none(), "{:?}", parsed.first_error());
    let (schema, diagnostics) = resolve(&parsed.files);
    (
        schema,
        diagnostics
            .into_iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect(),
    )
}

const BLOG: &str = r#"
datasource db {
  provider     = "postgresql"
  relationMode = "prisma"
  schemas      = ["base"]
  extensions   = [pgcrypto, uuid_ossp(map: "uuid-ossp", schema: "ext")]
}

model User {
  id        String   @id @default(uuid()) @db.Uuid
  email     String   @unique(map: "user_email")
  name      String?  @map("full_name")
  role      Role     @default(USER)
  tags      String[]
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
  posts     Post[]
  groups    Group[]
  geo       Unsupported("geometry")?

  @@index([name(sort: Desc)], type: Hash)
  @@map("users")
  @@schema("base")
}

model Post {
  id       Int    @id @default(autoincrement())
  authorId String @db.Uuid
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
  score    Float  @default(1.5)

  @@unique([authorId, score], name: "byAuthor")
  @@schema("base")
}

model Group {
  id    Int    @id
  users User[]

  @@schema("base")
}

enum Role {
  USER  @map("user")
  ADMIN

  @@map("roles")
  @@schema("base")
}
"#;

#[test]
fn resolves_datasource_models_fields_and_enums() {
    let (schema, diagnostics) = resolved(BLOG);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let ds = schema.datasource.as_ref().unwrap();
    assert_eq!(ds.provider, Provider::PostgreSql);
    assert_eq!(ds.relation_mode, RelationMode::Prisma);
    assert_eq!(ds.schemas, vec!["base"]);
    assert_eq!(ds.extensions[1].map.as_deref(), Some("uuid-ossp"));
    assert_eq!(ds.extensions[1].schema.as_deref(), Some("ext"));

    let user = &schema.models[0];
    assert_eq!(
        (
            user.name.as_str(),
            user.db_name.as_str(),
            user.schema.as_deref()
        ),
        ("User", "users", Some("base"))
    );
    let field = |n: &str| user.field(n).unwrap();
    assert_eq!(
        field("id").native_type.as_deref(),
        Some(&NativeType {
            name: "Uuid".into(),
            args: vec![]
        })
    );
    assert_eq!(field("id").default, Some(DefaultValue::Uuid));
    assert_eq!(field("name").db_name, "full_name");
    assert_eq!(field("name").arity, Arity::Optional);
    assert_eq!(field("tags").arity, Arity::List);
    assert_eq!(field("role").kind, FieldKind::Enum(0));
    assert_eq!(
        field("role").default,
        Some(DefaultValue::Literal(Literal::Constant("USER".into())))
    );
    assert_eq!(field("createdAt").default, Some(DefaultValue::Now));
    assert!(field("updatedAt").updated_at);
    assert_eq!(field("geo").kind, FieldKind::Unsupported("geometry".into()));
    assert_eq!(schema.enums[0].db_name, "roles");
    assert_eq!(schema.enums[0].values[0].db_name, "user");
}

#[test]
fn resolves_keys_and_indexes_with_prisma_names() {
    let (schema, _) = resolved(BLOG);
    let user = &schema.models[0];
    assert_eq!(user.primary_key.as_ref().unwrap().db_name, "users_pkey");
    // Field-level `@unique` first, then `@@index`.
    assert_eq!(user.indexes[0].db_name, "user_email");
    assert_eq!(user.indexes[1].db_name, "users_full_name_idx");
    assert_eq!(user.indexes[1].algorithm.as_deref(), Some("Hash"));
    assert_eq!(user.indexes[1].fields[0].sort, Some(SortOrder::Desc));
    let post = &schema.models[1];
    assert_eq!(
        post.field("id").unwrap().default,
        Some(DefaultValue::Autoincrement)
    );
    assert_eq!(post.indexes[0].db_name, "Post_authorId_score_key");
    assert_eq!(post.indexes[0].name.as_deref(), Some("byAuthor"));
}

#[test]
fn pairs_relations_and_names_implicit_many_to_many() {
    let (schema, _) = resolved(BLOG);
    assert_eq!(schema.relations.len(), 2);
    let one_to_many = schema
        .relations
        .iter()
        .find(|r| r.kind == RelationKind::OneToMany)
        .unwrap();
    assert_eq!((one_to_many.model_a, one_to_many.model_b), (1, 0));
    assert_eq!(one_to_many.name, "PostToUser");
    let m2m = schema
        .relations
        .iter()
        .find(|r| r.kind == RelationKind::ManyToMany)
        .unwrap();
    assert_eq!(m2m.name, "GroupToUser");
    assert_eq!(m2m.model_a, 2, "model A is the first by name");
    let rel = schema.models[1]
        .field("author")
        .unwrap()
        .relation()
        .unwrap();
    assert_eq!(rel.on_delete, Some(ReferentialAction::Cascade));
    assert_eq!(rel.fields.as_deref(), Some(&["authorId".into()][..]));
}

#[test]
fn reports_unknown_types_unresolved_relations_and_duplicates() {
    let (_, diagnostics) = resolved(
        "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel A {\n  id Int @id\n  b  Nope\n  c  C\n  id2 Int\n  id2 Int\n}\n\nmodel C {\n  id Int @id\n}\n",
    );
    let text = diagnostics.join("\n");
    assert!(
        text.contains("UNKNOWN_TYPE: Type \"Nope\" is neither a built-in type"),
        "{text}"
    );
    assert!(
        text.contains("missing an opposite relation field on the model `C`"),
        "{text}"
    );
    assert!(text.contains("DUPLICATE_FIELD"), "{text}");
}

#[test]
fn provider_override_changes_name_truncation() {
    let long = format!("datasource db {{\n  provider = \"postgresql\"\n}}\n\nmodel {} {{\n  id Int @id\n  abcdefghij Int @unique\n}}\n", "M".repeat(60));
    let parsed = parse_str(&long);
    let (pg, _) = resolve(&parsed.files);
    assert_eq!(pg.models[0].indexes[0].db_name.len(), 63);
    let (sqlite, _) = resolve_for(&parsed.files, Some(Provider::Sqlite));
    assert_eq!(
        sqlite.models[0].indexes[0].db_name,
        format!("{}_abcdefghij_key", "M".repeat(60))
    );
}

#[test]
fn foreign_key_names_and_lookups() {
    let (schema, _) = resolved(BLOG);
    let post = schema.model("Post").unwrap();
    assert_eq!(
        post.field("author")
            .unwrap()
            .relation()
            .unwrap()
            .constraint_name
            .as_deref(),
        Some("Post_authorId_fkey")
    );
    assert_eq!(
        schema
            .model("User")
            .unwrap()
            .field("posts")
            .unwrap()
            .relation()
            .unwrap()
            .constraint_name,
        None
    );
    assert_eq!(
        schema.model_by_db_name("users", Some("base")).unwrap().name,
        "User"
    );
    assert!(schema.model_by_db_name("users", Some("other")).is_none());
    assert_eq!(
        schema
            .model("User")
            .unwrap()
            .field_by_db_name("full_name")
            .unwrap()
            .name,
        "name"
    );
    assert_eq!(schema.enum_by_name("Role").unwrap().db_name, "roles");
    assert_eq!(schema.provider(), Some(Provider::PostgreSql));
}
