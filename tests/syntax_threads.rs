//! A big schema parses the same on several threads as on one: tree, documentation and every
//! diagnostic in order, whatever goes wrong where (`syntax::split` and the checks run side by side).

use node_llm_orm_native::syntax::{self, DEFAULT_PATH};

/// About 200 KiB: over the size where the parse uses threads.
fn big_schema(models: usize) -> String {
    let mut text = String::from("datasource db {\n  provider = \"postgresql\"\n}\n\n");
    for n in 0..models {
        text.push_str(&format!(
            "/// Model {n}.\nmodel M{n} {{\n  id     String @id @default(cuid())\n  title  String @db.VarChar(200)\n  rank   Int    @default(0)\n  tags   String[]\n  prevId String?\n  prev   M{p}?  @relation(\"Prev{n}\", fields: [prevId], references: [id])\n  next   M{x}[] @relation(\"Prev{x}\")\n\n  @@index([rank])\n}}\n\n",
            p = (n + models - 1) % models,
            x = (n + 1) % models,
        ));
    }
    text
}

fn assert_same_on_threads(text: &str) {
    assert!(text.len() >= 192 * 1024, "{} bytes", text.len());
    assert_files_same_on_threads(&[(DEFAULT_PATH.to_string(), text.to_string())]);
}

fn assert_files_same_on_threads(files: &[(String, String)]) {
    let one = syntax::parse_files_on_one_thread(files);
    let many = syntax::parse_files(files);
    assert_eq!(format!("{many:#?}"), format!("{one:#?}"));
}

/// The big schema in `parts` files, cut before models.
fn in_files(text: &str, parts: usize) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut rest = text;
    for part in 0..parts {
        let at = match part + 1 < parts {
            true => {
                rest[rest.len() / (parts - part)..]
                    .find("\nmodel ")
                    .unwrap()
                    + rest.len() / (parts - part)
                    + 1
            }
            false => rest.len(),
        };
        files.push((format!("schema/{part}.prisma"), rest[..at].to_string()));
        rest = &rest[at..];
    }
    files
}

/// `what` written into the middle of the big schema, at the start of a line.
fn with_middle(what: &str) -> String {
    let text = big_schema(700);
    let at = text[text.len() / 2..].find("\nmodel ").unwrap() + text.len() / 2 + 1;
    format!("{}{what}{}", &text[..at], &text[at..])
}

#[test]
fn a_clean_schema() {
    let text = big_schema(700);
    let parsed = syntax::parse_files(&[(DEFAULT_PATH.to_string(), text.clone())]);
    assert!(!parsed.has_errors());
    assert_eq!(
        parsed.files[0].blocks().filter(|b| b.doc.is_some()).count(),
        700
    );
    assert_same_on_threads(&text);
}

#[test]
fn name_errors_hide_the_model_rules() {
    // A duplicate name (a name check across the file) on a model that breaks a model rule too.
    let text = with_middle("model M3 {\n  id Int\n}\n");
    let parsed = syntax::parse_files(&[(DEFAULT_PATH.to_string(), text.clone())]);
    let codes: Vec<&str> = parsed.errors().map(|d| d.code).collect();
    assert_eq!(codes, ["DUPLICATE_NAME"]);
    assert_same_on_threads(&text);
}

#[test]
fn model_rule_errors_alone() {
    let text = with_middle("model NoKey {\n  name String\n  at String @updatedAt\n}\n");
    let parsed = syntax::parse_files(&[(DEFAULT_PATH.to_string(), text.clone())]);
    assert!(parsed.has_errors());
    assert_same_on_threads(&text);
}

#[test]
fn grammar_errors_and_broken_blocks_across_the_cuts() {
    for broken in [
        "/* never closed\n}\n",
        "model Open {\n  id Int @id\n\n",
        "}\nmodel X {\n  ?? no\n}\n",
        "enum E {\r\n  A\r\n}\r\n",
    ] {
        assert_same_on_threads(&with_middle(broken));
    }
}

#[test]
fn a_multi_file_schema_with_problems_across_files() {
    let text = format!("{}model M3 {{\n  id Int\n}}\n", big_schema(1000));
    assert!(text.len() >= 2 * 128 * 1024, "{} bytes", text.len());
    for parts in [2, 5] {
        let files = in_files(&text, parts);
        let parsed = syntax::parse_files(&files);
        let codes: Vec<&str> = parsed.errors().map(|d| d.code).collect();
        assert_eq!(codes, ["DUPLICATE_NAME"]);
        assert_eq!(parsed.files.len(), parts);
        assert_files_same_on_threads(&files);
        let broken = in_files(&with_middle("model Open {\n  id Int @id\n\n"), parts);
        assert_files_same_on_threads(&broken);
    }
}
