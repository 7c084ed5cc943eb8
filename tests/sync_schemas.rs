//! Real and varied schemas: upstream's example app, a multi-file schema, MySQL and SQLite, type
//! mismatches, and an invalid schema.

mod sync_support;

use node_llm_orm_native::nodellm::{sync, ChangeKind, DetectedBy, Severity, SyncInput};
use sync_support::*;

/// Upstream's example app has agent sessions (0.5.0) and the thinking fields (0.2.0), lacks
/// `correctionRounds` (0.8.0) and five of the reference's indexes: it is at 0.5.0, and the patch adds
/// exactly the field and the indexes. (Its tool-call unique on `(messageId, toolCallId)` serves the
/// lookups by `messageId`, so that index is not asked for.)
#[test]
fn the_hr_chatbot_example_is_at_0_5_0_and_lacks_correction_rounds_and_indexes() {
    let text = shared("reference/nodellm/examples/hr-chatbot-rag/prisma/schema.prisma");
    let report = run(one(&text), None, None);
    let models: Vec<(&str, &str)> = report
        .models
        .iter()
        .map(|m| (m.role.as_str(), m.model.as_str()))
        .collect();
    assert_eq!(
        models,
        [
            ("chat", "AssistantChat"),
            ("agentSession", "AssistantAgentSession"),
            ("message", "AssistantMessage"),
            ("toolCall", "AssistantToolCall"),
            ("request", "AssistantRequest"),
        ]
    );
    assert!(report
        .models
        .iter()
        .all(|m| m.present && m.detected_by == DetectedBy::Suffix));
    assert_eq!(
        (
            report.level.as_deref(),
            report.target.as_str(),
            report.provider.as_str()
        ),
        (Some("0.5.0"), "0.8.0", "postgresql")
    );
    assert!(!report.up_to_date);
    let changes: Vec<(String, &str, &str, &str)> = summary(&report)
        .into_iter()
        .zip(&report.changes)
        .map(|(s, c)| (s, c.feature.as_str(), c.message.as_str(), c.fix.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "missingIndex AssistantMessage recommended 0.1.0".into(),
                "base models",
                "`AssistantMessage` has no index on (chatId).",
                "@@index([chatId])"
            ),
            (
                "missingIndex AssistantMessage recommended 0.1.0".into(),
                "base models",
                "`AssistantMessage` has no index on (createdAt).",
                "@@index([createdAt])"
            ),
            (
                "missingIndex AssistantToolCall recommended 0.1.0".into(),
                "base models",
                "`AssistantToolCall` has no index on (createdAt).",
                "@@index([createdAt])"
            ),
            (
                "missingIndex AssistantRequest recommended 0.1.0".into(),
                "base models",
                "`AssistantRequest` has no index on (chatId).",
                "@@index([chatId])"
            ),
            (
                "missingIndex AssistantRequest recommended 0.1.0".into(),
                "base models",
                "`AssistantRequest` has no index on (createdAt).",
                "@@index([createdAt])"
            ),
            (
                "missingField AssistantRequest.correctionRounds recommended 0.8.0".into(),
                "correction rounds",
                "`AssistantRequest` lacks `correctionRounds Int?`.",
                "correctionRounds Int?"
            ),
        ]
    );

    // The patch: the indexes after each model's fields, the field at the end of the request model's
    // fields (realigned as `prisma format` aligns it); every other byte as it was.
    let request_before = &text[text.find("model AssistantRequest {").unwrap()
        ..text.find("model monitoring_events").unwrap()];
    let request_after = "model AssistantRequest {
  id               String            @id @default(uuid())
  chatId           String
  messageId        String?
  provider         String
  model            String
  statusCode       Int
  duration         Int
  inputTokens      Int
  outputTokens     Int
  cost             Float?
  createdAt        DateTime          @default(now())
  chat             AssistantChat     @relation(fields: [chatId], references: [id], onDelete: Cascade)
  message          AssistantMessage? @relation(fields: [messageId], references: [id], onDelete: Cascade)
  correctionRounds Int? // Number of self-correction retries (v0.7.0+)

  @@index([chatId])
  @@index([createdAt])
}

";
    let expected = text
        .replace(
            "  toolCalls         AssistantToolCall[]\n}\n",
            "  toolCalls         AssistantToolCall[]\n\n  @@index([chatId])\n  @@index([createdAt])\n}\n",
        )
        .replace("  @@unique([messageId, toolCallId])\n}\n", "  @@unique([messageId, toolCallId])\n  @@index([createdAt])\n}\n")
        .replace(request_before, request_after);
    assert_ne!(expected, text);
    assert_eq!(report.schema[0].content, expected);

    let again = run(patched(&report), None, None);
    assert!(
        again.up_to_date && again.changes.is_empty(),
        "{:?}",
        summary(&again)
    );
    assert_eq!(again.level.as_deref(), Some("0.8.0"));
}

fn split(text: &str) -> Vec<(String, String)> {
    let cut = |from: &str, to: Option<&str>| {
        let start = text.find(from).unwrap();
        let end = to.map(|t| text.find(t).unwrap()).unwrap_or(text.len());
        text[start..end].to_string()
    };
    vec![
        (
            "prisma/schema/schema.prisma".into(),
            cut("generator client", Some("// NodeLLM ORM Models")),
        ),
        (
            "prisma/schema/chat.prisma".into(),
            cut("// NodeLLM ORM Models", Some("model LlmMessage")),
        ),
        (
            "prisma/schema/message.prisma".into(),
            cut("model LlmMessage", Some("model LlmRequest")),
        ),
        (
            "prisma/schema/request.prisma".into(),
            cut("model LlmRequest", None),
        ),
    ]
}

#[test]
fn a_multi_file_schema_is_patched_in_the_files_holding_the_models() {
    let report = run(split(&shape("0.5.0")), None, None);
    let changed: Vec<&str> = report
        .schema
        .iter()
        .filter(|f| f.changed)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(changed, ["prisma/schema/request.prisma"]);

    let report = run(split(&shape("0.1.0")), None, None);
    let changed: Vec<&str> = report
        .schema
        .iter()
        .filter(|f| f.changed)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "prisma/schema/chat.prisma",
            "prisma/schema/message.prisma",
            "prisma/schema/request.prisma"
        ]
    );
    let chat = &report.schema[1].content;
    assert!(
        chat.contains("model LlmAgentSession {")
            && chat.contains("  agentSession LlmAgentSession?\n")
    );
    assert!(report.schema[2].content.contains("thinkingText"));
    let again = run(patched(&report), None, None);
    assert!(again.up_to_date, "{:?}", summary(&again));
}

#[test]
fn mysql_gets_text_columns_for_model_output() {
    let text = shape("0.1.0").replace("\"postgresql\"", "\"mysql\"");
    let report = run(one(&text), None, None);
    assert_eq!(report.provider, "mysql");
    let native: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::NativeType)
        .filter_map(|c| c.field.as_deref())
        .collect();
    // `reasoning` is deprecated: nothing is asked of it.
    assert_eq!(
        native,
        [
            "instructions",
            "content",
            "contentRaw",
            "arguments",
            "thought",
            "result"
        ]
    );
    let out = &report.schema[0].content;
    assert!(
        out.contains("  thinkingText      String?       @db.Text // Extended thinking text\n"),
        "{out}"
    );
    assert!(out.contains("  content      String?  @db.Text\n"), "{out}");
    let again = run(patched(&report), None, None);
    assert!(again.up_to_date, "{:?}", summary(&again));

    // Database advice is not part of a released shape: the 0.8.0 schema on MySQL has level 0.8.0.
    let current = run(
        one(&shape("0.8.0").replace("\"postgresql\"", "\"mysql\"")),
        None,
        None,
    );
    assert_eq!(current.level.as_deref(), Some("0.8.0"));
    assert!(!current.up_to_date, "but @db.Text is still recommended");
}

#[test]
fn sqlite_and_cockroachdb_are_supported_and_json_gaps_say_what_sqlite_needs() {
    let text = shape("0.1.0")
        .replace("\"postgresql\"", "\"sqlite\"")
        .replace("metadata     Json?", "metadata     String?");
    let report = run(one(&text), None, None);
    assert_eq!(report.provider, "sqlite");
    let json = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::TypeMismatch)
        .unwrap();
    assert_eq!(json.field.as_deref(), Some("metadata"));
    assert_eq!(json.severity, Severity::Required);
    assert!(json.message.contains("Prisma 6.2"), "{}", json.message);
    assert!(report.schema[0]
        .content
        .contains("  metadata     Json? // JSON metadata\n"));
    let cockroach = run(
        one(&shape("0.8.0").replace("\"postgresql\"", "\"cockroachdb\"")),
        None,
        None,
    );
    assert!(cockroach.up_to_date);
    let err = sync(SyncInput {
        files: one(&shape("0.8.0").replace("\"postgresql\"", "\"sqlserver\"")),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code, "UNSUPPORTED_PROVIDER");
}

#[test]
fn types_attributes_and_cascades_are_compared_not_just_names() {
    let text = shape("0.8.0")
        .replace("  metadata     Json? // JSON metadata", "  metadata     String? @db.Text // JSON metadata")
        .replace("  createdAt         DateTime @default(now())\n\n  chat      LlmChat", "  createdAt         DateTime\n\n  chat      LlmChat")
        .replace("  message LlmMessage @relation(fields: [messageId], references: [id], onDelete: Cascade)", "  message LlmMessage @relation(fields: [messageId], references: [id])")
        .replace("  @@unique([messageId, toolCallId])", "  @@unique([messageId, toolCallId], name: \"byCall\")");
    let report = run(one(&text), None, None);
    assert_eq!(
        summary(&report),
        [
            "typeMismatch LlmChat.metadata required 0.1.0",
            "missingAttribute LlmMessage.createdAt required 0.1.0",
            "relationMismatch LlmToolCall.message required 0.1.0",
            "uniqueName LlmToolCall required 0.1.0",
        ]
    );
    let out = &report.schema[0].content;
    assert!(
        out.contains("  metadata     Json? // JSON metadata\n"),
        "{out}"
    );
    assert!(
        out.contains("  createdAt         DateTime @default(now())\n"),
        "{out}"
    );
    assert!(out.contains("  message LlmMessage @relation(fields: [messageId], references: [id], onDelete: Cascade)\n"), "{out}");
    assert!(
        out.contains("  @@unique([messageId, toolCallId])\n"),
        "{out}"
    );
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn an_invalid_schema_is_a_typed_error_with_its_place() {
    let text = "model LlmChat {\n  id String @id\n  this is not a field (\n}\n";
    let err = sync(SyncInput {
        files: one(text),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code, "SCHEMA_SYNTAX");
    let location = err.location.expect("a syntax error points into the schema");
    assert_eq!(
        (location.file.as_str(), location.line),
        ("schema.prisma", 3)
    );

    let one_sided = "model LlmChat {\n  id String @id\n  owner Person\n}\n\nmodel Person {\n  id String @id\n}\n";
    let err = sync(SyncInput {
        files: one(one_sided),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code, "SCHEMA_INVALID", "{err:?}");
    assert_eq!(err.location.unwrap().line, 3);

    let err = sync(SyncInput::default()).unwrap_err();
    assert_eq!(err.code, "INVALID_ARGUMENT");
}

#[test]
fn crlf_files_get_crlf_lines() {
    let text = shape("0.2.0").replace('\n', "\r\n");
    let report = run(one(&text), None, None);
    let out = &report.schema[0].content;
    assert!(out.len() > text.len());
    assert_eq!(
        out.matches('\n').count(),
        out.matches("\r\n").count(),
        "every new line ends in CRLF"
    );
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn an_enum_role_is_left_alone() {
    let text = shape("0.8.0").replace(
        "  role              String // user, assistant, system, tool",
        "  role              Role // user, assistant, system, tool",
    ) + "\nenum Role {\n  user\n  assistant\n  system\n  tool\n}\n";
    let report = run(one(&text), None, None);
    assert!(report.up_to_date, "{:?}", summary(&report));
    assert_eq!(
        summary(&report),
        ["typeMismatch LlmMessage.role optional 0.1.0"]
    );
    assert!(!report.schema[0].changed);
}

#[test]
fn new_foreign_keys_share_the_native_type_of_the_key_they_reference() {
    let text = shape("0.2.0")
        .replace("@id @default(uuid())", "@id @default(uuid()) @db.Uuid")
        .replace(
            "  chatId            String\n",
            "  chatId            String        @db.Uuid\n",
        );
    let report = run(one(&text), None, None);
    let out = &report.schema[0].content;
    let session = &out[out.find("model LlmAgentSession {").unwrap()..];
    assert!(
        session.contains("  chatId     String   @unique @db.Uuid\n"),
        "{session}"
    );
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn relation_mode_prisma_gets_an_index_on_every_relation_key() {
    let text = shape("0.8.0").replace(
        "  provider = \"postgresql\"\n",
        "  provider     = \"mysql\"\n  relationMode = \"prisma\"\n",
    );
    let report = run(one(&text), None, None);
    let indexes: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::MissingIndex)
        .map(|c| c.model.as_str())
        .collect();
    assert_eq!(indexes, ["LlmRequest"]);
    assert!(report.schema[0]
        .content
        .contains("  @@index([chatId])\n  @@index([createdAt])\n  @@index([messageId])\n}"));
    assert!(run(patched(&report), None, None).up_to_date);

    // A new request model comes with the index too.
    let minimal = shape("0.8.0").replace(
        "  provider = \"postgresql\"\n",
        "  provider     = \"mysql\"\n  relationMode = \"prisma\"\n",
    );
    let cut = minimal.find("model LlmRequest").unwrap();
    let without_request = minimal[..cut]
        .replace("  requests     LlmRequest[]\n", "")
        .replace("  requests  LlmRequest[]\n", "");
    let report = run(one(&without_request), None, None);
    let out = &report.schema[0].content;
    let request = &out[out.find("model LlmRequest {").expect("request model added")..];
    assert!(
        request.contains("  @@index([chatId])\n  @@index([createdAt])\n  @@index([messageId])\n"),
        "{request}"
    );
    assert!(run(patched(&report), None, None).up_to_date);
}
