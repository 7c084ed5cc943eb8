//! A caller-provided reference (a future ORM release) works with no code change: new models get a
//! role from their name, new fields and indexes are asked for under the user's names.

mod sync_support;

use node_llm_orm_native::nodellm::{sync, SyncInput};
use sync_support::*;

fn future() -> String {
    shape("0.8.0")
        .replace("  createdAt         DateTime @default(now())\n", "  createdAt         DateTime @default(now())\n  latencyMs         Int?\n")
        .replace("  agentSession LlmAgentSession?\n", "  agentSession LlmAgentSession?\n  feedback     LlmFeedback[]\n")
        + "\nmodel LlmFeedback {\n  id     String  @id @default(uuid())\n  chatId String\n  score  Int\n  chat   LlmChat @relation(fields: [chatId], references: [id], onDelete: Cascade)\n\n  @@index([chatId])\n}\n"
}

#[test]
fn a_future_reference_is_compared_under_the_users_names() {
    let user = shape("0.8.0").replace("Llm", "Assistant");
    let report = sync(SyncInput {
        files: one(&user),
        reference: Some(vec![("schema.prisma".into(), future())]),
        target: Some("0.9.0".into()),
        table_names: None,
    })
    .unwrap();
    assert_eq!(report.target, "0.9.0");
    assert_eq!(
        summary(&report),
        [
            "missingModel AssistantFeedback recommended 0.9.0",
            "missingBackRelation AssistantChat.feedback required 0.9.0",
            "missingField AssistantMessage.latencyMs required 0.9.0",
        ]
    );
    assert!(report.changes.iter().all(|c| c.feature == "reference schema"));
    let feedback = report.models.iter().find(|m| m.role == "feedback").unwrap();
    assert_eq!(feedback.model, "AssistantFeedback");
    let out = &report.schema[0].content;
    assert!(out.contains("model AssistantFeedback {\n  id     String        @id @default(uuid())\n"), "{out}");
    assert!(out.contains("  chat   AssistantChat @relation(fields: [chatId], references: [id], onDelete: Cascade)\n"), "{out}");

    let again = sync(SyncInput {
        files: patched(&report),
        reference: Some(vec![("schema.prisma".into(), future())]),
        target: None,
        table_names: None,
    })
    .unwrap();
    assert!(again.up_to_date, "{:?}", summary(&again));
    assert_eq!(again.level.as_deref(), Some("0.8.0"), "the newest released shape it fully has");
}

#[test]
fn a_broken_reference_is_reported_as_such() {
    let err = sync(SyncInput {
        files: one(&shape("0.8.0")),
        reference: Some(vec![("ref.prisma".into(), "model {".into())]),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code, "INVALID_REFERENCE");
}
