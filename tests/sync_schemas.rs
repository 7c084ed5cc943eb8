//! Real and varied schemas: upstream's example app, a multi-file schema, MySQL and SQLite, type
//! mismatches, and an invalid schema.

mod sync_support;

use node_llm_orm_native::nodellm::{sync, ChangeKind, DetectedBy, Severity, SyncInput};
use sync_support::*;

#[test]
fn the_hr_chatbot_example_lacks_correction_rounds_and_indexes() {
    let text = shared("reference/nodellm/examples/hr-chatbot-rag/prisma/schema.prisma");
    let report = run(one(&text), None, None);
    assert!(report.models.iter().all(|m| m.present && m.detected_by == DetectedBy::Suffix));
    assert_eq!(report.models[0].model, "AssistantChat");
    assert_eq!(
        summary(&report),
        [
            "missingIndex AssistantMessage recommended 0.1.0",
            "missingIndex AssistantMessage recommended 0.1.0",
            "missingIndex AssistantToolCall recommended 0.1.0",
            "missingIndex AssistantToolCall recommended 0.1.0",
            "missingIndex AssistantRequest recommended 0.1.0",
            "missingIndex AssistantRequest recommended 0.1.0",
            "missingField AssistantRequest.correctionRounds recommended 0.8.0",
        ]
    );
    assert_eq!(report.level, None, "the 0.1.0 indexes are missing");
    let out = &report.schema[0].content;
    // The unrelated models and the Unsupported column are untouched.
    let tail = &text[text.find("model DocumentChunk").unwrap()..text.find("model AssistantRequest").unwrap()];
    assert!(out.contains(tail));
    assert!(out.contains(&text[text.find("model monitoring_events").unwrap()..]));
    assert!(out.contains("  correctionRounds Int? // Number of self-correction retries (v0.7.0+)\n\n  @@index([chatId])\n  @@index([createdAt])\n}"), "{out}");
    assert!(out.contains("  @@unique([messageId, toolCallId])\n  @@index([messageId])\n  @@index([createdAt])\n}"), "{out}");
    assert!(run(patched(&report), None, None).up_to_date);
}

fn split(text: &str) -> Vec<(String, String)> {
    let cut = |from: &str, to: Option<&str>| {
        let start = text.find(from).unwrap();
        let end = to.map(|t| text.find(t).unwrap()).unwrap_or(text.len());
        text[start..end].to_string()
    };
    vec![
        ("prisma/schema/schema.prisma".into(), cut("generator client", Some("// NodeLLM ORM Models"))),
        ("prisma/schema/chat.prisma".into(), cut("// NodeLLM ORM Models", Some("model LlmMessage"))),
        ("prisma/schema/message.prisma".into(), cut("model LlmMessage", Some("model LlmRequest"))),
        ("prisma/schema/request.prisma".into(), cut("model LlmRequest", None)),
    ]
}

#[test]
fn a_multi_file_schema_is_patched_in_the_files_holding_the_models() {
    let report = run(split(&shape("0.5.0")), None, None);
    let changed: Vec<&str> = report.schema.iter().filter(|f| f.changed).map(|f| f.path.as_str()).collect();
    assert_eq!(changed, ["prisma/schema/request.prisma"]);

    let report = run(split(&shape("0.1.0")), None, None);
    let changed: Vec<&str> = report.schema.iter().filter(|f| f.changed).map(|f| f.path.as_str()).collect();
    assert_eq!(changed, ["prisma/schema/chat.prisma", "prisma/schema/message.prisma", "prisma/schema/request.prisma"]);
    let chat = &report.schema[1].content;
    assert!(chat.contains("model LlmAgentSession {") && chat.contains("  agentSession LlmAgentSession?\n"));
    assert!(report.schema[2].content.contains("thinkingText"));
    let again = run(patched(&report), None, None);
    assert!(again.up_to_date, "{:?}", summary(&again));
}

#[test]
fn mysql_gets_text_columns_for_model_output() {
    let text = shape("0.1.0").replace("\"postgresql\"", "\"mysql\"");
    let report = run(one(&text), None, None);
    assert_eq!(report.provider, "mysql");
    let native: Vec<&str> =
        report.changes.iter().filter(|c| c.kind == ChangeKind::NativeType).filter_map(|c| c.field.as_deref()).collect();
    // `reasoning` is deprecated: nothing is asked of it.
    assert_eq!(native, ["instructions", "content", "contentRaw", "arguments", "thought", "result"]);
    let out = &report.schema[0].content;
    assert!(out.contains("  thinkingText      String?       @db.Text // Extended thinking text\n"), "{out}");
    assert!(out.contains("  content      String?  @db.Text\n"), "{out}");
    let again = run(patched(&report), None, None);
    assert!(again.up_to_date, "{:?}", summary(&again));

    // Database advice is not part of a released shape: the 0.8.0 schema on MySQL has level 0.8.0.
    let current = run(one(&shape("0.8.0").replace("\"postgresql\"", "\"mysql\"")), None, None);
    assert_eq!(current.level.as_deref(), Some("0.8.0"));
    assert!(!current.up_to_date, "but @db.Text is still recommended");
}

#[test]
fn sqlite_and_cockroachdb_are_supported_and_json_gaps_say_what_sqlite_needs() {
    let text = shape("0.1.0").replace("\"postgresql\"", "\"sqlite\"").replace("metadata     Json?", "metadata     String?");
    let report = run(one(&text), None, None);
    assert_eq!(report.provider, "sqlite");
    let json = report.changes.iter().find(|c| c.kind == ChangeKind::TypeMismatch).unwrap();
    assert_eq!(json.field.as_deref(), Some("metadata"));
    assert_eq!(json.severity, Severity::Required);
    assert!(json.message.contains("Prisma 6.2"), "{}", json.message);
    assert!(report.schema[0].content.contains("  metadata     Json? // JSON metadata\n"));
    let cockroach = run(one(&shape("0.8.0").replace("\"postgresql\"", "\"cockroachdb\"")), None, None);
    assert!(cockroach.up_to_date);
    let err = sync(SyncInput { files: one(&shape("0.8.0").replace("\"postgresql\"", "\"sqlserver\"")), ..Default::default() }).unwrap_err();
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
    assert!(out.contains("  metadata     Json? // JSON metadata\n"), "{out}");
    assert!(out.contains("  createdAt         DateTime @default(now())\n"), "{out}");
    assert!(out.contains("  message LlmMessage @relation(fields: [messageId], references: [id], onDelete: Cascade)\n"), "{out}");
    assert!(out.contains("  @@unique([messageId, toolCallId])\n"), "{out}");
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn an_invalid_schema_is_a_typed_error_with_its_place() {
    let text = "model LlmChat {\n  id String @id\n  this is not a field (\n}\n";
    let err = sync(SyncInput { files: one(text), ..Default::default() }).unwrap_err();
    assert_eq!(err.code, "SCHEMA_SYNTAX");
    let location = err.location.expect("a syntax error points into the schema");
    assert_eq!((location.file.as_str(), location.line), ("schema.prisma", 3));

    let one_sided = "model LlmChat {\n  id String @id\n  owner Person\n}\n\nmodel Person {\n  id String @id\n}\n";
    let err = sync(SyncInput { files: one(one_sided), ..Default::default() }).unwrap_err();
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
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count(), "every new line ends in CRLF");
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn an_enum_role_is_left_alone() {
    let text = shape("0.8.0").replace("  role              String // user, assistant, system, tool", "  role              Role // user, assistant, system, tool")
        + "\nenum Role {\n  user\n  assistant\n  system\n  tool\n}\n";
    let report = run(one(&text), None, None);
    assert!(report.up_to_date, "{:?}", summary(&report));
    assert_eq!(summary(&report), ["typeMismatch LlmMessage.role optional 0.1.0"]);
    assert!(!report.schema[0].changed);
}

#[test]
fn new_foreign_keys_share_the_native_type_of_the_key_they_reference() {
    let text = shape("0.2.0")
        .replace("@id @default(uuid())", "@id @default(uuid()) @db.Uuid")
        .replace("  chatId            String\n", "  chatId            String        @db.Uuid\n");
    let report = run(one(&text), None, None);
    let out = &report.schema[0].content;
    let session = &out[out.find("model LlmAgentSession {").unwrap()..];
    assert!(session.contains("  chatId     String   @unique @db.Uuid\n"), "{session}");
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn relation_mode_prisma_gets_an_index_on_every_relation_key() {
    let text = shape("0.8.0").replace("  provider = \"postgresql\"\n", "  provider     = \"mysql\"\n  relationMode = \"prisma\"\n");
    let report = run(one(&text), None, None);
    let indexes: Vec<&str> =
        report.changes.iter().filter(|c| c.kind == ChangeKind::MissingIndex).map(|c| c.model.as_str()).collect();
    assert_eq!(indexes, ["LlmRequest"]);
    assert!(report.schema[0].content.contains("  @@index([chatId])\n  @@index([createdAt])\n  @@index([messageId])\n}"));
    assert!(run(patched(&report), None, None).up_to_date);

    // A new request model comes with the index too.
    let minimal = shape("0.8.0").replace("  provider = \"postgresql\"\n", "  provider     = \"mysql\"\n  relationMode = \"prisma\"\n");
    let cut = minimal.find("model LlmRequest").unwrap();
    let without_request = minimal[..cut]
        .replace("  requests     LlmRequest[]\n", "")
        .replace("  requests  LlmRequest[]\n", "");
    let report = run(one(&without_request), None, None);
    let out = &report.schema[0].content;
    let request = &out[out.find("model LlmRequest {").expect("request model added")..];
    assert!(request.contains("  @@index([chatId])\n  @@index([createdAt])\n  @@index([messageId])\n"), "{request}");
    assert!(run(patched(&report), None, None).up_to_date);
}
