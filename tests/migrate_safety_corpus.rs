//! Every corpus file to its neighbour, on every provider and in every mode, safe by default: a
//! migration or a typed error, never a panic; the default migration writes no drop, and the
//! `unsafe` list is the same whether or not data loss is accepted.

#[path = "support/corpus.rs"]
mod corpus;

use node_llm_orm_native::sql::{generate_migration, MigrationMode, MigrationOptions};

#[test]
fn corpus_neighbours_in_every_mode_are_safe_migrations_or_typed_errors() {
    let files = corpus::corpus_files();
    let (mut ok, mut held_back, mut refused_modes) = (0, 0, 0);
    for provider in ["postgresql", "sqlite", "mysql", "cockroachdb"] {
        for mode in [
            MigrationMode::Default,
            MigrationMode::Idempotent,
            MigrationMode::Online,
        ] {
            let options = MigrationOptions {
                provider: Some(provider.into()),
                mode,
                ..MigrationOptions::default()
            };
            for (i, file) in files.iter().enumerate() {
                let neighbour = &files[(i + 1) % files.len()];
                match generate_migration(Some(neighbour), Some(file), &options) {
                    Ok(m) => {
                        ok += 1;
                        assert!(m.sql.ends_with('\n'));
                        assert!(
                            !m.steps()
                                .iter()
                                .any(|s| s.kind == "dropTable" || s.kind == "dropColumn"),
                            "{}: a drop without consent",
                            file[0].0
                        );
                        if !m.unsafe_changes.is_empty() {
                            held_back += 1;
                        }
                        if mode == MigrationMode::Default {
                            let lossy = generate_migration(
                                Some(neighbour),
                                Some(file),
                                &MigrationOptions {
                                    allow_data_loss: true,
                                    ..options.clone()
                                },
                            )
                            .unwrap();
                            assert_eq!(lossy.unsafe_changes, m.unsafe_changes, "{}", file[0].0);
                        }
                    }
                    Err(e) if e.code == "UNSUPPORTED_MODE" => refused_modes += 1,
                    Err(e) => assert!(
                        [
                            "SCHEMA_SYNTAX",
                            "SCHEMA_INVALID",
                            "UNSUPPORTED_PROVIDER",
                            "INVALID_ARGUMENT"
                        ]
                        .contains(&e.code),
                        "{e:?}"
                    ),
                }
            }
        }
    }
    println!(
        "{ok} migrations ({held_back} holding back unsafe changes), {refused_modes} refused modes"
    );
    assert!(ok > 500 && held_back > 50);
}
