//! Inputs `cargo fuzz` found (see the README's "Fuzzing"), kept as tests. Each fixture under
//! `tests/fixtures/fuzz/` is the minimal schema of one finding; the message is Prisma's
//! (`../shared/oracle/validate.mjs` on the fixture).

use node_llm_orm_native::sql::{generate_migration, MigrationOptions};

fn fixture(name: &str) -> Vec<(String, String)> {
    let path = format!("{}/tests/fixtures/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    vec![(name.to_string(), std::fs::read_to_string(path).unwrap())]
}

/// `migrate`: a relation whose `fields:` names a missing column resolved to a foreign key over
/// nothing, and the schema then differed from itself (drop and re-add of that key). Prisma rejects
/// the schema; so do we.
#[test]
fn relation_fields_and_references_must_exist() {
    let schema = fixture("migrate-missing-fk-column.prisma");
    let err =
        generate_migration(Some(&schema), Some(&schema), &MigrationOptions::default()).unwrap_err();
    assert_eq!(err.code, "SCHEMA_INVALID");
    assert_eq!(
        err.message,
        "Error validating: The argument fields must refer only to existing fields. The following fields do not exist in this model: authorId"
    );
    assert_eq!(err.location.as_ref().map(|l| l.line), Some(13));

    let references = vec![(
        "schema.prisma".to_string(),
        schema[0]
            .1
            .replace("aukhorId", "authorId")
            .replace("references: [id]", "references: [idx, id]"),
    )];
    let err =
        generate_migration(None, Some(&references), &MigrationOptions::default()).unwrap_err();
    assert_eq!(
        err.message,
        "Error validating: The argument `references` must refer only to existing fields in the related model `User`. The following fields do not exist in the related model: idx"
    );
}

/// `migrate`: `fields: [user]` naming the relation field itself gave a foreign key that made the
/// table differ from itself (a redefinition of `Profile`). Prisma rejects it; so do we.
#[test]
fn relation_fields_must_be_scalar() {
    let schema = fixture("migrate-fk-over-relation-field.prisma");
    let err =
        generate_migration(Some(&schema), Some(&schema), &MigrationOptions::default()).unwrap_err();
    assert_eq!(err.code, "SCHEMA_INVALID");
    assert_eq!(
        err.message,
        "Error validating: The argument fields must refer only to scalar fields. But it is referencing the following relation fields: user"
    );
    assert_eq!(err.location.as_ref().map(|l| l.line), Some(17));
}
