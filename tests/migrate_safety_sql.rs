//! Safe-by-default `generate_migration`: the exact SQL of each option (`allow_data_loss`, `renames`,
//! `backfill`, `mode`) on PostgreSQL, SQLite and MySQL, the unsafe list and its typed errors.

use node_llm_orm_native::sql::{generate_migration, Migration, MigrationMode, MigrationOptions};

fn fixture(name: &str) -> Vec<(String, String)> {
    let path = format!(
        "{}/tests/fixtures/safety/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    vec![(path.clone(), std::fs::read_to_string(&path).unwrap())]
}

fn migrate(pair: &str, provider: &str, options: MigrationOptions) -> Migration {
    let from = fixture(&format!("{pair}_a.prisma"));
    let to = fixture(&format!("{pair}_b.prisma"));
    let options = MigrationOptions {
        provider: Some(provider.into()),
        ..options
    };
    generate_migration(Some(&from), Some(&to), &options).unwrap()
}

fn map(entries: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn unsafe_changes_are_left_out_and_listed_with_prisma_messages() {
    let m = migrate("loss", "postgresql", MigrationOptions::default());
    assert_eq!(m.sql, "-- This is an empty migration.\n");
    assert!(m.steps().is_empty() && m.warnings.is_empty());
    let listed: Vec<(&str, &str, Option<&str>)> = m
        .unsafe_changes
        .iter()
        .map(|u| (u.kind.as_str(), u.table.as_str(), u.column.as_deref()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("removeEnumValues", "Kind", None),
            ("dropColumn", "User", Some("name")),
            ("addRequiredColumn", "User", Some("fullName")),
            ("addRequiredColumn", "User", Some("score")),
            ("makeRequired", "User", Some("email")),
            ("alterColumnType", "User", Some("age")),
            ("dropColumn", "Post", Some("title")),
            ("addRequiredColumn", "Post", Some("headline")),
            ("dropTable", "Old", None),
            ("addUnique", "User", Some("email")),
        ]
    );
    let drop = &m.unsafe_changes[1];
    assert_eq!(drop.message, "You are about to drop the column `name` on the `User` table. All the data in the column will be lost.");
    assert!(drop.alternatives[0].contains("mark it optional"));
    assert!(drop.alternatives[1].contains("renames: { \"User.name\": \"<newField>\" }"));
    assert!(drop.alternatives[1].contains("@map(\"name\")"));
    // Every message is one of Prisma's warnings for the same change.
    let prisma = migrate(
        "loss",
        "postgresql",
        MigrationOptions {
            allow_data_loss: true,
            ..MigrationOptions::default()
        },
    );
    for u in &m.unsafe_changes {
        assert!(prisma.warnings.contains(&u.message), "{}", u.message);
    }
    assert_eq!(prisma.unsafe_changes, m.unsafe_changes);
    assert!(prisma.sql.contains("DROP TABLE \"Old\";"));
    assert_eq!(
        m.likely_renames
            .iter()
            .map(|r| (r.model.as_str(), r.from.as_str(), r.to.as_str()))
            .collect::<Vec<_>>(),
        vec![("User", "name", "fullName"), ("Post", "title", "headline")]
    );
    assert!(m.likely_renames[1]
        .hint
        .contains("renames: { \"Post.title\": \"headline\" }"));
    assert!(m.likely_renames[1]
        .hint
        .contains("headline … @map(\"title\")"));
}

#[test]
fn safe_parts_of_a_diff_are_still_written() {
    // The new optional column and the index are safe; the dropped column is kept.
    let from = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel T {\n  id  Int    @id\n  old String\n}\n";
    let to = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel T {\n  id   Int     @id\n  note String?\n\n  @@index([note])\n}\n";
    let file = |s: &str| vec![("schema.prisma".to_string(), s.to_string())];
    let m = generate_migration(
        Some(&file(from)),
        Some(&file(to)),
        &MigrationOptions::default(),
    )
    .unwrap();
    assert_eq!(
        m.sql,
        "-- AlterTable\nALTER TABLE \"T\" ADD COLUMN     \"note\" TEXT;\n\n-- CreateIndex\nCREATE INDEX \"T_note_idx\" ON \"T\"(\"note\");\n"
    );
    assert_eq!(m.unsafe_changes.len(), 1);
    assert_eq!(m.unsafe_changes[0].kind, "dropColumn");
}

fn renames() -> MigrationOptions {
    MigrationOptions {
        renames: map(&[
            ("User", "Account"),
            ("User.name", "fullName"),
            ("Post.authorId", "writerId"),
        ]),
        ..MigrationOptions::default()
    }
}

#[test]
fn renames_on_postgresql_rename_columns_tables_sequences_keys_and_indexes() {
    let m = migrate("rename", "postgresql", renames());
    assert_eq!(
        m.sql,
        r#"-- RenameColumn
ALTER TABLE "Post" RENAME COLUMN "authorId" TO "writerId";

-- RenameColumn
ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";

-- RenameTable
ALTER TABLE "User" RENAME TO "Account";

-- RenameSequence
ALTER SEQUENCE IF EXISTS "User_id_seq" RENAME TO "Account_id_seq";

-- AlterTable
ALTER TABLE "Account" RENAME CONSTRAINT "User_pkey" TO "Account_pkey";

-- RenameForeignKey
ALTER TABLE "Post" RENAME CONSTRAINT "Post_authorId_fkey" TO "Post_writerId_fkey";

-- RenameIndex
ALTER INDEX "Post_authorId_idx" RENAME TO "Post_writerId_idx";
"#
    );
    assert!(m.unsafe_changes.is_empty() && m.warnings.is_empty());
}

#[test]
fn renames_on_sqlite_and_mysql() {
    assert_eq!(
        migrate("rename", "sqlite", renames()).sql,
        r#"-- RenameColumn
ALTER TABLE "Post" RENAME COLUMN "authorId" TO "writerId";

-- RenameColumn
ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";

-- RenameTable
ALTER TABLE "User" RENAME TO "Account";

-- RedefineIndex
DROP INDEX "Post_authorId_idx";
CREATE INDEX "Post_writerId_idx" ON "Post"("writerId");
"#
    );
    assert_eq!(
        migrate("rename", "mysql", renames()).sql,
        r#"-- RenameColumn
ALTER TABLE `Post` RENAME COLUMN `authorId` TO `writerId`;

-- RenameColumn
ALTER TABLE `User` RENAME COLUMN `name` TO `fullName`;

-- RenameTable
ALTER TABLE `User` RENAME TO `Account`;

-- DropForeignKey
ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`;

-- AddForeignKey
ALTER TABLE `Post` ADD CONSTRAINT `Post_writerId_fkey` FOREIGN KEY (`writerId`) REFERENCES `Account`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- RenameIndex
ALTER TABLE `Post` RENAME INDEX `Post_authorId_idx` TO `Post_writerId_idx`;
"#
    );
}

#[test]
fn unknown_rename_and_backfill_names_are_invalid_arguments() {
    for (renames, backfill) in [
        (map(&[("Nope", "Account")]), map(&[])),
        (map(&[("User.nope", "fullName")]), map(&[])),
        (map(&[("User.name", "nope")]), map(&[])),
        (map(&[]), map(&[("User.nope", "1")])),
        (map(&[]), map(&[("User", "1")])),
    ] {
        let from = fixture("rename_a.prisma");
        let to = fixture("rename_b.prisma");
        let options = MigrationOptions {
            renames,
            backfill,
            ..MigrationOptions::default()
        };
        let err = generate_migration(Some(&from), Some(&to), &options).unwrap_err();
        assert_eq!(err.code, "INVALID_ARGUMENT", "{}", err.message);
    }
}

fn backfill(email: &str) -> MigrationOptions {
    MigrationOptions {
        backfill: map(&[("User.score", "0"), ("User.email", email)]),
        ..MigrationOptions::default()
    }
}

#[test]
fn backfill_on_postgresql_goes_through_a_validated_check() {
    let m = migrate(
        "backfill",
        "postgresql",
        backfill("'user' || id || '@example.invalid'"),
    );
    assert_eq!(
        m.sql,
        r#"-- AlterTable
ALTER TABLE "User" ADD COLUMN     "score" INTEGER;

-- Backfill
UPDATE "User" SET "score" = (0) WHERE "score" IS NULL;
ALTER TABLE "User" ADD CONSTRAINT "User_score_not_null" CHECK ("score" IS NOT NULL) NOT VALID;

-- SetNotNull
ALTER TABLE "User" VALIDATE CONSTRAINT "User_score_not_null";
ALTER TABLE "User" ALTER COLUMN "score" SET NOT NULL;
ALTER TABLE "User" DROP CONSTRAINT "User_score_not_null";

-- Backfill
UPDATE "User" SET "email" = ('user' || id || '@example.invalid') WHERE "email" IS NULL;
ALTER TABLE "User" ADD CONSTRAINT "User_email_not_null" CHECK ("email" IS NOT NULL) NOT VALID;

-- SetNotNull
ALTER TABLE "User" VALIDATE CONSTRAINT "User_email_not_null";
ALTER TABLE "User" ALTER COLUMN "email" SET NOT NULL;
ALTER TABLE "User" DROP CONSTRAINT "User_email_not_null";
"#
    );
    assert!(m.unsafe_changes.is_empty() && m.warnings.is_empty());
    // Without the backfill both changes are refused.
    let refused = migrate("backfill", "postgresql", MigrationOptions::default());
    assert_eq!(refused.sql, "-- This is an empty migration.\n");
    let kinds: Vec<&str> = refused
        .unsafe_changes
        .iter()
        .map(|u| u.kind.as_str())
        .collect();
    assert_eq!(kinds, ["addRequiredColumn", "makeRequired"]);
}

#[test]
fn backfill_on_sqlite_fills_the_rebuild_copy_and_on_mysql_updates_then_modifies() {
    assert_eq!(
        migrate(
            "backfill",
            "sqlite",
            backfill("'user' || id || '@example.invalid'")
        )
        .sql,
        r#"-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "score" INTEGER NOT NULL
);
INSERT INTO "new_User" ("email", "id", "name", "score") SELECT coalesce("email", ('user' || id || '@example.invalid')) AS "email", "id", "name", (0) AS "score" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
"#
    );
    assert_eq!(
        migrate(
            "backfill",
            "mysql",
            backfill("CONCAT('user', id, '@example.invalid')")
        )
        .sql,
        r#"-- AlterTable
ALTER TABLE `User` ADD COLUMN `score` INTEGER NULL;

-- Backfill
UPDATE `User` SET `score` = (0) WHERE `score` IS NULL;
ALTER TABLE `User` MODIFY `score` INTEGER NOT NULL;

-- Backfill
UPDATE `User` SET `email` = (CONCAT('user', id, '@example.invalid')) WHERE `email` IS NULL;
ALTER TABLE `User` MODIFY `email` VARCHAR(191) NOT NULL;
"#
    );
}

fn mode(mode: MigrationMode) -> MigrationOptions {
    MigrationOptions {
        mode,
        ..MigrationOptions::default()
    }
}

#[test]
fn idempotent_postgresql_guards_every_statement() {
    let m = migrate("online", "postgresql", mode(MigrationMode::Idempotent));
    assert_eq!(
        m.sql,
        r#"-- CreateTable
CREATE TABLE IF NOT EXISTS "Tag" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX IF NOT EXISTS "Tag_name_key" ON "Tag"("name");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "Post_authorId_idx" ON "Post"("authorId");

-- AddForeignKey
DO $$ BEGIN
    ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
EXCEPTION WHEN duplicate_object OR duplicate_table OR invalid_table_definition THEN NULL;
END $$;
"#
    );
    assert!(m.migrations.is_empty(), "one migration: `sql` itself");
}

#[test]
fn idempotent_sqlite_refuses_what_it_cannot_guard_and_mysql_uses_mariadb_guards() {
    let err = generate_migration(
        Some(&fixture("backfill_a.prisma")),
        Some(&fixture("backfill_b.prisma")),
        &MigrationOptions {
            provider: Some("sqlite".into()),
            allow_data_loss: true,
            ..mode(MigrationMode::Idempotent)
        },
    )
    .unwrap_err();
    assert_eq!(err.code, "UNSUPPORTED_MODE");
    let sqlite = generate_migration(
        None,
        Some(&fixture("online_b.prisma")),
        &MigrationOptions {
            provider: Some("sqlite".into()),
            ..mode(MigrationMode::Idempotent)
        },
    )
    .unwrap();
    assert!(sqlite.sql.contains("CREATE TABLE IF NOT EXISTS \"Tag\""));
    assert!(sqlite
        .sql
        .contains("CREATE INDEX IF NOT EXISTS \"Post_authorId_idx\""));
    let mysql = migrate(
        "rename",
        "mysql",
        MigrationOptions {
            allow_data_loss: true,
            ..mode(MigrationMode::Idempotent)
        },
    );
    assert_eq!(
        mysql.sql,
        r#"-- DropForeignKey
ALTER TABLE IF EXISTS `Post` DROP FOREIGN KEY IF EXISTS `Post_authorId_fkey`;

-- AlterTable
ALTER TABLE `Post` DROP COLUMN IF EXISTS `authorId`,
    ADD COLUMN IF NOT EXISTS `writerId` INTEGER NOT NULL;

-- DropTable
DROP TABLE IF EXISTS `User`;

-- CreateTable
CREATE TABLE IF NOT EXISTS `Account` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `fullName` VARCHAR(191) NOT NULL,
    `email` VARCHAR(191) NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateIndex
CREATE INDEX IF NOT EXISTS `Post_writerId_idx` ON `Post`(`writerId`);

-- AddForeignKey
ALTER TABLE `Post` ADD CONSTRAINT `Post_writerId_fkey` FOREIGN KEY IF NOT EXISTS (`writerId`) REFERENCES `Account`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
"#
    );
}

#[test]
fn online_postgresql_splits_concurrent_indexes_and_validation() {
    let m = migrate("online", "postgresql", mode(MigrationMode::Online));
    let parts: Vec<(&str, &str)> = m
        .migrations
        .iter()
        .map(|p| (p.suffix.as_str(), p.sql.as_str()))
        .collect();
    assert_eq!(
        parts,
        vec![
            (
                "",
                r#"-- LockTimeout
SET lock_timeout = '5s';

-- CreateTable
CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;
"#
            ),
            (
                "_index_1",
                "-- CreateIndex\nCREATE INDEX CONCURRENTLY \"User_email_idx\" ON \"User\"(\"email\");\n"
            ),
            (
                "_index_2",
                "-- CreateIndex\nCREATE INDEX CONCURRENTLY \"Post_authorId_idx\" ON \"Post\"(\"authorId\");\n"
            ),
            (
                "_validate",
                "-- LockTimeout\nSET lock_timeout = '5s';\n\n-- ValidateConstraint\nALTER TABLE \"Post\" VALIDATE CONSTRAINT \"Post_authorId_fkey\";\n"
            ),
        ]
    );
    let joined: Vec<&str> = parts.iter().map(|p| p.1).collect();
    assert_eq!(m.sql, joined.join("\n"));
    for provider in ["sqlite", "mysql"] {
        let err = generate_migration(
            Some(&fixture("online_a.prisma")),
            Some(&fixture("online_b.prisma")),
            &MigrationOptions {
                provider: Some(provider.into()),
                ..mode(MigrationMode::Online)
            },
        )
        .unwrap_err();
        assert_eq!(err.code, "UNSUPPORTED_MODE");
    }
    assert_eq!(
        MigrationMode::parse("fast").unwrap_err().code,
        "INVALID_ARGUMENT"
    );
}

#[test]
fn alternatives_name_renames_by_from_names_and_kept_fields_by_target_models() {
    let from = fixture("rename_a.prisma");
    let to = fixture("rename_drop_b.prisma");
    let options = MigrationOptions {
        renames: map(&[("User", "Account"), ("User.name", "fullName")]),
        ..MigrationOptions::default()
    };
    let m = generate_migration(Some(&from), Some(&to), &options).unwrap();
    let email = m
        .unsafe_changes
        .iter()
        .find(|u| u.column.as_deref() == Some("email"))
        .unwrap();
    assert_eq!(
        (email.kind.as_str(), email.table.as_str()),
        ("dropColumn", "Account")
    );
    assert!(email.alternatives[0].starts_with("keep field `Account.email`"));
    assert!(email.alternatives[1].contains("renames: { \"User.email\": \"<newField>\" }"));
    // `Post.authorId` → `writerId` was not declared: a likely rename of the same type.
    assert_eq!(m.likely_renames.len(), 1);
    assert_eq!(
        (
            m.likely_renames[0].from.as_str(),
            m.likely_renames[0].to.as_str()
        ),
        ("authorId", "writerId")
    );
}

#[test]
fn optional_to_required_with_a_default_suggests_the_default_as_backfill() {
    let pg = |body: &str| {
        vec![(
            "schema.prisma".to_string(),
            format!("datasource db {{\n  provider = \"postgresql\"\n}}\n\n{body}"),
        )]
    };
    let from = pg("model T {\n  id Int     @id\n  a  String?\n}\n");
    let to = pg("model T {\n  id Int    @id\n  a  String @default(\"x\")\n}\n");
    let m = generate_migration(Some(&from), Some(&to), &MigrationOptions::default()).unwrap();
    // The default is written; NOT NULL waits (PostgreSQL's SET NOT NULL ignores defaults).
    assert_eq!(
        m.sql,
        "-- AlterTable\nALTER TABLE \"T\" ALTER COLUMN \"a\" SET DEFAULT 'x';\n"
    );
    assert_eq!(m.unsafe_changes.len(), 1);
    assert_eq!(m.unsafe_changes[0].kind, "makeRequired");
    assert!(
        m.unsafe_changes[0].alternatives[0].contains("backfill: { \"T.a\": \"'x'\" }"),
        "{:?}",
        m.unsafe_changes[0].alternatives
    );
}

#[test]
fn a_client_side_default_does_not_make_a_required_column_safe() {
    let pg = |body: &str| {
        vec![(
            "schema.prisma".to_string(),
            format!("datasource db {{\n  provider = \"postgresql\"\n}}\n\n{body}"),
        )]
    };
    let from = pg("model T {\n  id Int @id\n}\n");
    let to = pg("model T {\n  id    Int    @id\n  token String @default(uuid())\n  n     Int    @default(0)\n}\n");
    let m = generate_migration(Some(&from), Some(&to), &MigrationOptions::default()).unwrap();
    assert_eq!(
        m.sql,
        "-- AlterTable\nALTER TABLE \"T\" ADD COLUMN     \"n\" INTEGER NOT NULL DEFAULT 0;\n"
    );
    let u = &m.unsafe_changes[0];
    assert_eq!(
        (u.kind.as_str(), u.column.as_deref()),
        ("addRequiredColumn", Some("token"))
    );
    assert!(u.message.contains("with a prisma-level default value"));
    assert!(u.alternatives[0].contains("dbgenerated"));
}

#[test]
fn a_kept_column_keeps_its_index_and_foreign_key() {
    for provider in ["postgresql", "sqlite", "mysql", "cockroachdb"] {
        let m = migrate("dependents", provider, MigrationOptions::default());
        assert_eq!(m.sql, "-- This is an empty migration.\n", "{provider}");
        assert_eq!(
            m.unsafe_changes
                .iter()
                .map(|u| (u.kind.as_str(), u.column.as_deref()))
                .collect::<Vec<_>>(),
            vec![("dropColumn", Some("authorId"))],
            "{provider}"
        );
    }
    let prisma = migrate(
        "dependents",
        "postgresql",
        MigrationOptions {
            allow_data_loss: true,
            ..MigrationOptions::default()
        },
    );
    assert_eq!(
        prisma.sql,
        "-- DropForeignKey\nALTER TABLE \"Post\" DROP CONSTRAINT \"Post_authorId_fkey\";\n\n-- DropIndex\nDROP INDEX \"Post_authorId_idx\";\n\n-- AlterTable\nALTER TABLE \"Post\" DROP COLUMN \"authorId\";\n"
    );
}
