//! Fields the user has, but not as the runtime needs them: which mismatches sync patches, and which
//! it only reports. The rule (docs/sync.md): a scalar's type and list-ness are rewritten to the
//! reference's (the migration then carries the cast, with Prisma's warning where it can fail), and
//! with them go the attributes that belong to the old type (`@db.*`, `@default`; the reference's
//! default comes instead). Ids, foreign keys, relations' other sides and primary keys are the user's
//! design: reported, never rewritten.

mod sync_support;

use node_llm_orm_native::nodellm::{ChangeKind, Severity};
use sync_support::*;

fn field_line<'a>(schema: &'a str, model: &str, field: &str) -> &'a str {
    let start = schema
        .find(&format!("model {model} {{"))
        .unwrap_or_else(|| panic!("no model {model}"));
    let body = &schema[start..start + schema[start..].find("\n}").unwrap()];
    body.lines()
        .find(|l| l.split_whitespace().next() == Some(field))
        .unwrap_or_else(|| panic!("no {model}.{field}"))
}

#[test]
fn a_retyped_field_loses_the_attributes_of_its_old_type_and_gets_the_reference_default() {
    let text = shape("0.8.0")
        .replace(
            "  metadata     Json? // JSON metadata",
            "  metadata     String? @default(\"{}\") @db.Text // JSON metadata",
        )
        .replace(
            "  createdAt         DateTime @default(now())\n",
            "  createdAt         String\n",
        )
        .replace(
            "  inputTokens       Int?\n",
            "  inputTokens       String? @default(\"0\")\n",
        );
    let report = run(one(&text), None, None);
    assert_eq!(
        summary(&report),
        [
            "typeMismatch LlmChat.metadata required 0.1.0",
            "typeMismatch LlmMessage.inputTokens required 0.1.0",
            "typeMismatch LlmMessage.createdAt required 0.1.0",
            "missingAttribute LlmMessage.createdAt required 0.1.0",
        ]
    );
    let messages: Vec<&str> = report.changes.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`LlmChat.metadata` is `String?` but NodeLLM needs `Json?`. Its `@default(\"{}\")` goes with the old type.",
            "`LlmMessage.inputTokens` is `String?` but NodeLLM needs `Int?`. Its `@default(\"0\")` goes with the old type.",
            "`LlmMessage.createdAt` is `String` but NodeLLM needs `DateTime`.",
            "`LlmMessage.createdAt` lacks `@default(now())`.",
        ]
    );
    let out = &report.schema[0].content;
    assert_eq!(
        field_line(out, "LlmChat", "metadata"),
        "  metadata     Json? // JSON metadata"
    );
    assert_eq!(
        field_line(out, "LlmMessage", "inputTokens"),
        "  inputTokens       Int?"
    );
    assert_eq!(
        field_line(out, "LlmMessage", "createdAt"),
        "  createdAt         DateTime @default(now())"
    );
    let again = run(patched(&report), None, None);
    assert!(
        again.up_to_date && again.changes.is_empty(),
        "{:?}",
        summary(&again)
    );
}

#[test]
fn a_field_retyped_to_string_on_mysql_gets_its_text_column() {
    let text = shape("0.8.0")
        .replace("\"postgresql\"", "\"mysql\"")
        .replace(
            "  thinkingText      String? // Extended thinking text",
            "  thinkingText      Int?    @db.SmallInt // Extended thinking text",
        );
    let report = run(one(&text), None, None);
    let thinking: Vec<String> = summary(&report)
        .into_iter()
        .filter(|s| s.contains("thinkingText"))
        .collect();
    assert_eq!(
        thinking,
        [
            "typeMismatch LlmMessage.thinkingText required 0.2.0",
            "nativeType LlmMessage.thinkingText recommended 0.2.0"
        ]
    );
    let out = &report.schema[0].content;
    assert_eq!(
        field_line(out, "LlmMessage", "thinkingText"),
        "  thinkingText      String?  @db.Text // Extended thinking text"
    );
    let again = run(patched(&report), None, None);
    assert!(
        !again
            .changes
            .iter()
            .any(|c| c.field.as_deref() == Some("thinkingText")),
        "{:?}",
        summary(&again)
    );
}

#[test]
fn a_scalar_list_takes_the_reference_arity_and_a_session_list_becomes_one_to_one() {
    let text = shape("0.8.0")
        .replace(
            "  content           String?\n",
            "  content           String[] @default([])\n",
        )
        .replace(
            "  agentSession LlmAgentSession?\n",
            "  agentSession LlmAgentSession[]\n",
        )
        .replace("  chatId     String   @unique\n", "  chatId     String\n");
    let report = run(one(&text), None, None);
    assert_eq!(
        summary(&report),
        [
            "arityMismatch LlmMessage.content required 0.1.0",
            "arityMismatch LlmChat.agentSession required 0.5.0",
            "missingAttribute LlmAgentSession.chatId required 0.5.0",
        ]
    );
    assert_eq!(
        report.changes[0].message,
        "`LlmMessage.content` is `String[]` but the runtime reads and writes `String?`."
    );
    let out = &report.schema[0].content;
    assert_eq!(
        field_line(out, "LlmMessage", "content"),
        "  content           String?"
    );
    assert_eq!(
        field_line(out, "LlmChat", "agentSession"),
        "  agentSession LlmAgentSession?"
    );
    assert_eq!(
        field_line(out, "LlmAgentSession", "chatId"),
        "  chatId     String   @unique"
    );
    let again = run(patched(&report), None, None);
    assert!(
        again.up_to_date && again.changes.is_empty(),
        "{:?}",
        summary(&again)
    );
    assert_eq!(again.level.as_deref(), Some("0.8.0"));
}

#[test]
fn a_one_to_one_where_the_runtime_needs_many_is_reported_for_the_user_to_change() {
    // One message per chat, enforced by a unique foreign key: making `messages` a list would keep
    // that unique and still allow only one message, so sync leaves the relation to the user.
    let text = shape("0.8.0")
        .replace(
            "  messages     LlmMessage[]\n",
            "  messages     LlmMessage?\n",
        )
        .replace(
            "  chatId            String\n",
            "  chatId            String   @unique\n",
        );
    let report = run(one(&text), None, None);
    let change = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::ArityMismatch)
        .expect("reported");
    assert_eq!(
        (
            change.model.as_str(),
            change.field.as_deref(),
            change.severity
        ),
        ("LlmChat", Some("messages"), Severity::Required)
    );
    assert_eq!(
        change.message,
        "`LlmChat.messages` is `LlmMessage?`; the runtime needs `LlmMessage[]`: change the relation by hand."
    );
    assert_eq!(
        field_line(&report.schema[0].content, "LlmChat", "messages"),
        "  messages     LlmMessage?"
    );
    assert!(!report.up_to_date);
    assert_eq!(report.level, None);
}

#[test]
fn a_single_field_primary_key_is_the_id_and_a_compound_one_is_reported() {
    let single = shape("0.8.0").replace(
        "  toolCallId       String // ID from the provider",
        "  toolCallId       String // ID from the provider\n\n  @@id([id])",
    );
    let single = single.replacen(
        "model LlmToolCall {\n  id               String   @id @default(uuid())",
        "model LlmToolCall {\n  id               String   @default(uuid())",
        1,
    );
    assert!(
        single.contains("@@id([id])")
            && !single.contains("model LlmToolCall {\n  id               String   @id")
    );
    let report = run(one(&single), None, None);
    assert!(
        report.up_to_date && report.changes.is_empty(),
        "{:?}",
        summary(&report)
    );

    let compound = single.replace("@@id([id])", "@@id([id, messageId])");
    let report = run(one(&compound), None, None);
    assert_eq!(
        summary(&report),
        ["missingAttribute LlmToolCall.id required 0.1.0"]
    );
    assert!(
        !report.schema[0].changed,
        "a second primary key would be invalid: left to the user"
    );
}

#[test]
fn an_index_that_starts_with_the_fields_serves_them() {
    let compound = shape("0.8.0").replace(
        "  @@index([chatId])\n  @@index([createdAt])\n}\n\nmodel LlmToolCall",
        "  @@index([chatId, createdAt])\n  @@index([createdAt])\n}\n\nmodel LlmToolCall",
    );
    assert_ne!(compound, shape("0.8.0"));
    let report = run(one(&compound), None, None);
    assert!(
        report.up_to_date && report.changes.is_empty(),
        "{:?}",
        summary(&report)
    );

    let reversed = compound.replace(
        "@@index([chatId, createdAt])",
        "@@index([createdAt, chatId])",
    );
    let report = run(one(&reversed), None, None);
    assert_eq!(
        summary(&report),
        ["missingIndex LlmMessage recommended 0.1.0"]
    );
    assert_eq!(report.changes[0].fix, "@@index([chatId])");
    assert_eq!(
        report.level.as_deref(),
        Some("0.8.0"),
        "a missing index does not lower the level"
    );
}

#[test]
fn a_missing_id_updated_at_and_unique_are_added_to_the_field() {
    let text = shape("0.8.0")
        .replace(
            "  updatedAt    DateTime         @updatedAt\n",
            "  updatedAt    DateTime\n",
        )
        .replace(
            "model LlmToolCall {\n  id               String   @id @default(uuid())",
            "model LlmToolCall {\n  id               String   @unique @default(uuid())",
        )
        .replace("  chatId     String   @unique\n", "  chatId     String\n");
    let report = run(one(&text), None, None);
    assert_eq!(
        summary(&report),
        [
            "missingAttribute LlmChat.updatedAt required 0.1.0",
            "missingAttribute LlmToolCall.id required 0.1.0",
            "missingAttribute LlmAgentSession.chatId required 0.5.0",
        ]
    );
    let out = &report.schema[0].content;
    assert_eq!(
        field_line(out, "LlmChat", "updatedAt"),
        "  updatedAt    DateTime         @updatedAt"
    );
    assert_eq!(
        field_line(out, "LlmToolCall", "id"),
        "  id               String   @id @unique @default(uuid())"
    );
    assert_eq!(
        field_line(out, "LlmAgentSession", "chatId"),
        "  chatId     String   @unique"
    );
    assert_eq!(
        report.level.as_deref(),
        None,
        "the base models lack what the runtime uses"
    );
    let again = run(patched(&report), None, None);
    assert!(
        again.up_to_date && again.changes.is_empty(),
        "{:?}",
        summary(&again)
    );
}

#[test]
fn a_scalar_where_the_runtime_needs_a_relation_is_reported_for_the_user_to_change() {
    let text = shape("0.8.0")
        .replace(
            "  chat    LlmChat     @relation(fields: [chatId], references: [id], onDelete: Cascade)\n  message LlmMessage?",
            "  chat    String?\n  message LlmMessage?",
        )
        .replace("  requests     LlmRequest[]\n", "");
    let report = run(one(&text), None, None);
    assert_eq!(
        summary(&report),
        ["typeMismatch LlmRequest.chat required 0.1.0"]
    );
    assert_eq!(
        report.changes[0].message,
        "`LlmRequest.chat` is `String?` but NodeLLM needs `LlmChat`: change the relation by hand."
    );
    assert!(
        !report.schema[0].changed,
        "the back-relation cannot be added while `chat` is a String"
    );
    assert!(!report.up_to_date);
}
