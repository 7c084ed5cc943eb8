//! The shape of the tree: what each construct parses into, spans, documentation, positions,
//! frames and the multi-file API.

use node_llm_orm_native::syntax::*;

fn one(text: &str) -> (SchemaFile, Vec<Diagnostic>) {
    parse_file(FileId(0), "schema.prisma", text)
}

#[test]
fn fields_types_attributes_and_arguments() {
    let text = "model User {\n  id    String  @id @default(uuid(7)) @db.Uuid\n  email String? @unique(map: \"u_email\")\n  tags  String[]\n  geo   Unsupported(\"geometry\")?\n  posts Post[]  @relation(\"UserPosts\", onDelete: Cascade)\n\n  @@index([email(sort: Desc), tags], type: Gin)\n  @@map(\"users\")\n}\n";
    let (file, diags) = one(text);
    assert!(diags.is_empty(), "{diags:?}");
    let user = file.blocks().next().unwrap();
    assert_eq!((user.kind, user.name()), (BlockKind::Model, "User"));
    let names: Vec<_> = user.fields().map(|f| f.name()).collect();
    assert_eq!(names, ["id", "email", "tags", "geo", "posts"]);

    let id = user.field("id").unwrap();
    assert_eq!(id.type_name(), Some("String"));
    assert_eq!(id.arity(), Arity::Required);
    let (call, args) = id
        .attribute("default")
        .unwrap()
        .argument(0)
        .unwrap()
        .as_function()
        .unwrap();
    assert_eq!(
        (call, args.argument(0).unwrap().as_number()),
        ("uuid", Some("7"))
    );
    assert!(id.attribute("db.Uuid").unwrap().arguments.is_none());

    let email = user.field("email").unwrap();
    assert!(email.is_optional());
    assert_eq!(
        email
            .attribute("unique")
            .unwrap()
            .argument("map")
            .unwrap()
            .as_str(),
        Some("u_email")
    );
    assert!(user.field("tags").unwrap().is_list());

    let geo = user.field("geo").unwrap();
    assert!(
        matches!(&geo.field_type.as_ref().unwrap().base, BaseType::Unsupported(s) if s.value == "geometry")
    );
    assert!(geo.is_optional());

    let relation = user.field("posts").unwrap().attribute("relation").unwrap();
    assert_eq!(
        relation.default_argument("name").unwrap().as_str(),
        Some("UserPosts")
    );
    assert_eq!(
        relation.argument("onDelete").unwrap().as_constant(),
        Some("Cascade")
    );

    let index = user.block_attribute("index").unwrap();
    let fields = index
        .default_argument("fields")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(
        fields
            .iter()
            .map(|f| f.reference_name().unwrap())
            .collect::<Vec<_>>(),
        ["email", "tags"]
    );
    assert_eq!(index.argument("type").unwrap().as_constant(), Some("Gin"));
    assert_eq!(
        user.block_attribute("map")
            .unwrap()
            .argument(0)
            .unwrap()
            .as_str(),
        Some("users")
    );
    assert_eq!(user.block_attributes().count(), 2);
}

#[test]
fn spans_point_at_the_source() {
    let text = "model A {\n  id Int @id // note\n}\n";
    let (file, _) = one(text);
    let a = file.blocks().next().unwrap();
    assert_eq!(file.slice(a.keyword), "model");
    assert_eq!(file.slice(a.name.span), "A");
    assert_eq!(file.slice(a.open), "{\n");
    assert_eq!(file.slice(a.close), "}");
    assert_eq!(file.slice(a.span), text);
    let id = a.fields().next().unwrap();
    assert_eq!(file.slice(id.span), "  id Int @id // note\n");
    assert_eq!(file.slice(id.content), "id Int @id // note");
    assert_eq!(file.slice(id.attributes[0].span), "@id");
    let comment = id.trailing_comment.as_ref().unwrap();
    assert_eq!(
        (comment.kind, file.slice(comment.span)),
        (CommentKind::Line, "// note")
    );
}

#[test]
fn config_blocks_and_enums() {
    let text = "datasource db {\n  provider     = \"postgresql\"\n  url          = env(\"DATABASE_URL\")\n  extensions   = [pg_trgm, postgis(version: \"3.4\")]\n  schemas      = [\"public\", \"auth\"]\n}\n\ngenerator client {\n  provider = \"prisma-client-js\"\n  output   =\n}\n\nenum Role {\n  ADMIN @map(\"admin\")\n  USER\n  @@schema(\"auth\")\n}\n";
    let (file, diags) = one(text);
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["MISSING_VALUE"]);
    let db = file.blocks_of(BlockKind::Datasource).next().unwrap();
    assert_eq!(
        db.property("provider")
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .as_str(),
        Some("postgresql")
    );
    let (env, args) = db
        .property("url")
        .unwrap()
        .value
        .as_ref()
        .unwrap()
        .as_function()
        .unwrap();
    assert_eq!(
        (env, args.argument(0).unwrap().as_str()),
        ("env", Some("DATABASE_URL"))
    );
    let ext = db
        .property("extensions")
        .unwrap()
        .value
        .as_ref()
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(ext.len(), 2);
    let generator = file.blocks_of(BlockKind::Generator).next().unwrap();
    assert!(generator.property("output").unwrap().value.is_none());
    let role = file.blocks_of(BlockKind::Enum).next().unwrap();
    let values: Vec<_> = role.enum_values().map(|v| v.name()).collect();
    assert_eq!(values, ["ADMIN", "USER"]);
    assert_eq!(
        role.enum_values()
            .next()
            .unwrap()
            .attribute("map")
            .unwrap()
            .argument(0)
            .unwrap()
            .as_str(),
        Some("admin")
    );
    assert_eq!(
        role.block_attribute("schema")
            .unwrap()
            .argument(0)
            .unwrap()
            .as_str(),
        Some("auth")
    );
}

#[test]
fn documentation_follows_prismas_attachment_rules() {
    let text = "/// doc for datasource\ndatasource db {\n  provider = \"sqlite\"\n}\n\n/// A\n// plain\n/* block */\nmodel A {\n  /// above\n  a Int /// trailing\n  b Int // plain is dropped\n  /// meant for the index\n  @@index([a])\n  c Int\n}\n\n/// floating\n\nenum E {\n  /// x doc\n  X /* more */\n}\n";
    let (file, diags) = one(text);
    assert!(diags.is_empty(), "{diags:?}");
    let a = file.blocks_of(BlockKind::Model).next().unwrap();
    assert_eq!(a.doc.as_deref(), Some("A\nblock"));
    assert_eq!(
        a.field("a").unwrap().doc.as_deref(),
        Some("above\ntrailing")
    );
    assert_eq!(a.field("b").unwrap().doc, None);
    assert_eq!(
        a.field("c").unwrap().doc.as_deref(),
        Some("meant for the index")
    );
    let e = file.blocks_of(BlockKind::Enum).next().unwrap();
    assert_eq!(e.doc, None, "a blank line separates the floating comment");
    assert_eq!(
        e.enum_values().next().unwrap().doc.as_deref(),
        Some("x doc\nmore")
    );

    let (leak, _) =
        one("/// leaks\ngenerator g {\n  provider = \"x\"\n}\nmodel B {\n  id Int @id\n}\n");
    assert_eq!(
        leak.blocks_of(BlockKind::Model)
            .next()
            .unwrap()
            .doc
            .as_deref(),
        Some("leaks")
    );
}

#[test]
fn line_and_column_handle_lf_crlf_cr_and_unicode() {
    let (file, _) = one("a\r\nbé\rc\nd");
    assert_eq!(file.line_col(0), (1, 1));
    assert_eq!(file.line_col(3), (2, 1));
    assert_eq!(
        file.line_col(6),
        (2, 3),
        "columns count characters, not bytes"
    );
    assert_eq!(
        file.line_col(5),
        (2, 2),
        "an offset inside a character counts as that character"
    );
    assert_eq!(file.line_col(7), (3, 1));
    assert_eq!(file.line_col(9), (4, 1));
    assert_eq!(
        file.line_col(100),
        (4, 2),
        "offsets past the end clamp to the end"
    );
}

#[test]
fn crlf_and_cr_files_parse_and_print_back() {
    for nl in ["\r\n", "\r"] {
        let text = format!("model A {{{nl}  id Int @id{nl}}}{nl}enum E {{{nl}  X{nl}}}{nl}");
        let (file, diags) = one(&text);
        assert!(diags.is_empty(), "{nl:?}: {diags:?}");
        assert_eq!(file.blocks().count(), 2);
        assert_eq!(file.print(), text);
    }
}

#[test]
fn unicode_identifiers_and_space_separators() {
    let (file, diags) = one("model Lööps {\n\u{a0}\u{3000}läder\tBoolean\u{2003}@id\n}\n");
    assert!(diags.is_empty(), "{diags:?}");
    let model = file.blocks().next().unwrap();
    assert_eq!(
        (model.name(), model.fields().next().unwrap().name()),
        ("Lööps", "läder")
    );
}

#[test]
fn each_invalid_line_is_one_diagnostic_and_siblings_survive() {
    let text = "model A {\n  id Int @id\n  @@index([\n    a,\n  ])\n  name\n  b String[]?\n  c Int\n}\nfoo bar\nUser {\n  x\n}\n";
    let parsed = parse_str(text);
    let found: Vec<(u32, &str)> = parsed
        .diagnostics
        .iter()
        .zip(parsed.locations())
        .map(|(d, l)| (l.line, d.code))
        .collect();
    assert_eq!(
        found,
        [
            (3, "INVALID_FIELD_LINE"),
            (4, "INVALID_FIELD_LINE"),
            (5, "INVALID_FIELD_LINE"),
            (6, "FIELD_MISSING_TYPE"),
            (7, "OPTIONAL_LIST"),
            (10, "INVALID_LINE"),
            (11, "INVALID_BLOCK"),
        ]
    );
    let model = parsed.files[0].blocks().next().unwrap();
    assert_eq!(
        model.fields().map(|f| f.name()).collect::<Vec<_>>(),
        ["id", "c"]
    );
}

#[test]
fn locations_carry_a_plain_code_frame_and_first_error_is_typed() {
    let parsed = parse_str("model A {\n  id Int @id\n  foo Bar Baz\n}\n");
    let error = parsed.first_error().expect("an error");
    assert_eq!(error.code, "SCHEMA_SYNTAX");
    assert_eq!(
        error.message,
        "Error validating: This line is not a valid field or attribute definition."
    );
    let loc = error.location.unwrap();
    assert_eq!(
        (
            loc.file.as_str(),
            loc.line,
            loc.column,
            loc.end_line,
            loc.end_column
        ),
        ("schema.prisma", 3, 3, 3, 14)
    );
    assert!(loc.frame.contains("3 |   foo Bar Baz"), "{}", loc.frame);
    assert!(loc.frame.contains("^^^^^^^^^^^"), "{}", loc.frame);
    assert!(!loc.frame.contains('\u{1b}'));
    assert!(parse_str("model A {\n  id Int @id\n}\n")
        .first_error()
        .is_none());
}

#[test]
fn multi_file_schemas_resolve_names_across_files() {
    let files = vec![
        ("a.prisma".to_string(), "model A {\n  id Int @id\n  b  B\n  r  Role\n}\n".to_string()),
        (
            "b.prisma".to_string(),
            "model B {\n  id Int @id\n}\nenum Role {\n  X\n}\nmodel A {\n  id Int @id\n  c  Cee\n}\n".to_string(),
        ),
    ];
    let parsed = parse_files(&files);
    let found: Vec<(String, u32, &str)> = parsed
        .diagnostics
        .iter()
        .zip(parsed.locations())
        .map(|(d, l)| (l.file, l.line, d.code))
        .collect();
    assert_eq!(
        found,
        [
            ("b.prisma".to_string(), 7, "DUPLICATE_NAME"),
            ("b.prisma".to_string(), 9, "UNKNOWN_TYPE")
        ]
    );
    assert_eq!(parsed.diagnostics[0].span.file, FileId(1));
    assert_eq!(
        parsed.diagnostics[1].message,
        "Type \"Cee\" is neither a built-in type, nor refers to another model, composite type, or enum."
    );
}

#[test]
fn name_checks_use_prismas_words() {
    let parsed =
        parse_str("model 1A {\n  id Int @id\n  a-b Int\n}\nenum class {\n  X\n  X\n}\nmodel c {\n  d datetime\n}\n");
    let messages: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages.contains(&"Error validating: The name of a Model must not start with a number.")
    );
    assert!(
        messages.contains(&"Error validating: The character `-` is not allowed in Field names.")
    );
    assert!(
        messages
            .iter()
            .any(|m| m
                .starts_with("Error validating enum `class`: The enum name `class` is invalid."))
    );
    assert!(messages.contains(&"Value \"X\" is already defined on enum \"class\"."));
    assert!(messages.contains(
        &"Type \"datetime\" is neither a built-in type, nor refers to another model, composite type, or enum. Did you mean \"DateTime\"?"
    ));
}

#[test]
fn string_escapes_are_decoded_and_bad_ones_reported_once() {
    let (file, diags) =
        one("model A {\n  a String @default(\"x\\ty \\u00e9 \\ud83d\\ude44\")\n  b String @default(\"bad \\q\")\n}\n");
    let a = file.blocks().next().unwrap();
    let value = |name: &str| {
        a.field(name)
            .unwrap()
            .attribute("default")
            .unwrap()
            .argument(0)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(value("a"), "x\ty é 🙄");
    assert_eq!(value("b"), "bad ");
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["UNKNOWN_ESCAPE"]
    );
}

#[test]
fn composite_types_reject_model_only_attributes() {
    let parsed =
        parse_str("type T {\n  a Int @id\n  b Int @unique\n  c Int @map(\"x\")\n  @@map(\"t\")\n  @@index([a])\n}\n");
    let found: Vec<(u32, &str)> = parsed
        .diagnostics
        .iter()
        .zip(parsed.locations())
        .map(|(d, l)| (l.line, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (5, "Error validating: The name of a composite type is not persisted in the database, therefore it does not need a mapped database name."),
            (6, "Error validating: An index should be defined in the model containing the embed."),
            (2, "Error validating: Defining `@id` attribute for a field in a composite type is not allowed."),
            (3, "Error validating: Defining `@unique` attribute for a field in a composite type is not allowed."),
        ]
    );
}

#[test]
fn a_rejected_field_declaration_still_consumes_the_pending_doc() {
    let (file, diags) = one("model A {\n  /// for x\n  x: Int\n  y Int\n}\n");
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["LEGACY_COLON"]
    );
    assert_eq!(file.blocks().next().unwrap().field("y").unwrap().doc, None);
    let (file, _) = one("model A {\n  /// for y\n  x Int Int\n  y Int\n}\n");
    assert_eq!(
        file.blocks()
            .next()
            .unwrap()
            .field("y")
            .unwrap()
            .doc
            .as_deref(),
        Some("for y"),
        "a catch-all line does not"
    );
}

#[test]
fn first_error_leaves_declaration_problems_to_the_schema_stage() {
    let parsed = parse_str("model A {\n  id Int @id\n  b  Nope\n}\nmodel A {\n  id Int @id\n}\n");
    let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["DUPLICATE_NAME", "UNKNOWN_TYPE"]);
    assert!(parsed.first_error().is_none());
    let broken = parse_str("model A {\n  id Int @id\n  b  Nope\n  c Int Int\n}\n");
    assert_eq!(broken.first_error().unwrap().location.unwrap().line, 4);
}

#[test]
fn a_file_locates_its_own_diagnostics() {
    let (file, diags) = one("model A {\r  id Int @id\r  x\r}\r");
    let loc = file.location(&diags[0]);
    assert_eq!((loc.line, loc.column, loc.end_column), (3, 3, 4));
    assert!(loc.frame.contains("3 |   x"), "{}", loc.frame);
}

#[test]
fn compound_id_and_unique_names_are_client_identifiers() {
    let parsed = parse_str("model A {\n  a Int\n  b Int\n  @@id([a, b], name: \"x-y\")\n  @@unique([a], name: \"ok_1\")\n  @@index([a], name: \"a-b\")\n}\n");
    let found: Vec<(u32, &str)> = parsed
        .diagnostics
        .iter()
        .zip(parsed.locations())
        .map(|(d, l)| (l.line, d.message.as_str()))
        .collect();
    assert_eq!(found, [(4, "Error validating model \"A\": The `name` property within the `@@id` attribute only allows for the following characters: `_a-zA-Z0-9`.")]);
}

#[test]
fn more_than_one_datasource_counts_those_with_a_provider() {
    let two =
        "datasource a {\n  provider = \"sqlite\"\n}\ndatasource b {\n  provider = \"sqlite\"\n}\n";
    let codes: Vec<_> = parse_str(two).diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["MULTIPLE_DATASOURCES", "MULTIPLE_DATASOURCES"]);
    let one_broken = "datasource a {\n  provider = \"sqlite\"\n}\ndatasource b {\n}\n";
    assert!(parse_str(one_broken).diagnostics.is_empty());
}
