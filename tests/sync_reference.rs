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
    assert!(report
        .changes
        .iter()
        .all(|c| c.feature == "reference schema"));
    let feedback = report.models.iter().find(|m| m.role == "feedback").unwrap();
    assert_eq!(feedback.model, "AssistantFeedback");
    let out = &report.schema[0].content;
    assert!(
        out.contains("model AssistantFeedback {\n  id     String        @id @default(uuid())\n"),
        "{out}"
    );
    assert!(
        out.contains("  chat   AssistantChat @relation(fields: [chatId], references: [id], onDelete: Cascade)\n"),
        "{out}"
    );

    let again = sync(SyncInput {
        files: patched(&report),
        reference: Some(vec![("schema.prisma".into(), future())]),
        target: None,
        table_names: None,
    })
    .unwrap();
    assert!(again.up_to_date, "{:?}", summary(&again));
    assert_eq!(
        again.level.as_deref(),
        Some("0.8.0"),
        "the newest released shape it fully has"
    );
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

/// A future release that types a field with a new enum: the enum comes with the field, and a user
/// who already has an enum of that name gets the values it lacks.
#[test]
fn a_future_enum_comes_with_the_field_that_uses_it() {
    let reference = shape("0.8.0").replace(
        "  updatedAt    DateTime         @updatedAt\n",
        "  updatedAt    DateTime         @updatedAt\n  status       ChatStatus       @default(active)\n",
    ) + "\nenum ChatStatus {\n  active\n  archived // kept for audits\n}\n";
    let with_reference = |files: Vec<(String, String)>| {
        sync(SyncInput {
            files,
            reference: Some(vec![("schema.prisma".into(), reference.clone())]),
            target: Some("0.9.0".into()),
            table_names: None,
        })
        .unwrap()
    };

    let user = shape("0.8.0").replace("Llm", "Assistant");
    let report = with_reference(one(&user));
    assert_eq!(
        summary(&report),
        [
            "missingField AssistantChat.status required 0.9.0",
            "missingEnum ChatStatus required 0.9.0"
        ]
    );
    let out = &report.schema[0].content;
    assert!(
        out.contains("  status       ChatStatus             @default(active)\n"),
        "{out}"
    );
    assert!(
        out.ends_with("}\n\nenum ChatStatus {\n  active\n  archived // kept for audits\n}\n"),
        "{out}"
    );
    let again = with_reference(patched(&report));
    assert!(
        again.up_to_date && again.changes.is_empty(),
        "{:?}",
        summary(&again)
    );

    // The user's own enum of that name, one value short.
    let partial = out.replace("  archived // kept for audits\n", "");
    let report = with_reference(one(&partial));
    assert_eq!(
        summary(&report),
        ["missingEnumValue ChatStatus.archived required 0.9.0"]
    );
    assert_eq!(
        report.schema[0].content,
        out.replace("  archived // kept for audits\n", "  archived\n")
    );

    // CRLF files get CRLF lines.
    let report = with_reference(one(&user.replace('\n', "\r\n")));
    let out = &report.schema[0].content;
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    assert!(out.contains("enum ChatStatus {\r\n  active\r\n"));
}
