//! Custom model names: by the `tableNames` option, by detection, ambiguity, and names that appear
//! only in comments.

mod sync_support;

use node_llm_orm_native::nodellm::{sync, DetectedBy, SyncInput, TableNames};
use sync_support::*;

fn assistant(version: &str) -> String {
    shape(version).replace("Llm", "Assistant")
}

fn mapping(
    report: &node_llm_orm_native::nodellm::SyncReport,
) -> Vec<(String, String, DetectedBy, bool)> {
    report
        .models
        .iter()
        .map(|m| (m.role.clone(), m.model.clone(), m.detected_by, m.present))
        .collect()
}

#[test]
fn models_are_detected_by_suffix_and_new_ones_follow_the_users_prefix() {
    let report = run(one(&assistant("0.2.0")), None, None);
    let s = |x: &str| x.to_string();
    assert_eq!(
        mapping(&report),
        [
            (s("chat"), s("AssistantChat"), DetectedBy::Suffix, true),
            (
                s("agentSession"),
                s("AssistantAgentSession"),
                DetectedBy::NewName,
                false
            ),
            (
                s("message"),
                s("AssistantMessage"),
                DetectedBy::Suffix,
                true
            ),
            (
                s("toolCall"),
                s("AssistantToolCall"),
                DetectedBy::Suffix,
                true
            ),
            (
                s("request"),
                s("AssistantRequest"),
                DetectedBy::Suffix,
                true
            ),
        ]
    );
    assert_eq!(
        summary(&report),
        [
            "missingModel AssistantAgentSession recommended 0.5.0",
            "missingBackRelation AssistantChat.agentSession required 0.5.0",
            "missingField AssistantRequest.correctionRounds recommended 0.8.0",
        ]
    );
    let text = &report.schema[0].content;
    assert!(text.contains("model AssistantAgentSession {"));
    assert!(text.contains(
        "  chat AssistantChat @relation(fields: [chatId], references: [id], onDelete: Cascade)"
    ));
    assert!(text.contains("  agentSession AssistantAgentSession?\n"));
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn table_names_take_delegate_or_model_names_case_insensitively() {
    // Unrelated names a suffix search cannot find.
    let text = shape("0.5.0")
        .replace("LlmChat", "Conversation")
        .replace("LlmMessage", "Turn")
        .replace("LlmToolCall", "ToolUse")
        .replace("LlmRequest", "ApiCall")
        .replace("LlmAgentSession", "AgentRun");
    let names = TableNames {
        chat: Some("conversation".into()),
        message: Some("turn".into()),
        tool_call: Some("TOOLUSE".into()),
        request: Some("ApiCall".into()),
        agent_session: Some("agentRun".into()),
        other: vec![],
    };
    let report = run(one(&text), None, Some(names));
    assert!(
        report
            .models
            .iter()
            .all(|m| m.detected_by == DetectedBy::TableNames && m.present),
        "{:?}",
        mapping(&report)
    );
    assert_eq!(
        summary(&report),
        ["missingField ApiCall.correctionRounds recommended 0.8.0"]
    );

    // Without the option nothing is found: the two core models are missing.
    let guessed = run(one(&text), None, None);
    assert!(
        summary(&guessed).contains(&"missingModel LlmChat required 0.1.0".to_string()),
        "{:?}",
        summary(&guessed)
    );
}

#[test]
fn a_table_name_for_a_missing_model_names_the_model_sync_adds() {
    let names = TableNames {
        agent_session: Some("assistantSession".into()),
        ..Default::default()
    };
    let report = run(one(&assistant("0.2.0")), None, Some(names));
    assert!(report.schema[0]
        .content
        .contains("model AssistantSession {"));
    assert!(report.schema[0]
        .content
        .contains("  agentSession AssistantSession?\n"));
}

#[test]
fn two_model_sets_are_ambiguous_and_the_error_lists_the_candidates() {
    let text = format!(
        "{}\n{}",
        assistant("0.2.0"),
        shape("0.2.0")
            .replace("Llm", "Support")
            .split("model SupportChat")
            .nth(1)
            .map(|rest| format!("model SupportChat{rest}"))
            .unwrap()
    );
    let err = sync(SyncInput {
        files: one(&text),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code, "AMBIGUOUS_MODELS");
    assert!(
        err.message.contains("chat: AssistantChat, SupportChat"),
        "{}",
        err.message
    );
    // The option settles it.
    let names = TableNames {
        chat: Some("supportChat".into()),
        message: Some("supportMessage".into()),
        tool_call: Some("supportToolCall".into()),
        request: Some("supportRequest".into()),
        ..Default::default()
    };
    let report = run(one(&text), None, Some(names));
    assert!(report.schema[0]
        .content
        .contains("model SupportAgentSession {"));
}

#[test]
fn llm_names_win_over_suffix_matches() {
    let text = format!(
        "{}\nmodel GroupChat {{\n  id String @id\n}}\n",
        shape("0.8.0")
    );
    let report = run(one(&text), None, None);
    assert!(report.up_to_date);
    assert_eq!(report.models[0].model, "LlmChat");
    assert_eq!(report.models[0].detected_by, DetectedBy::ReferenceName);
}

#[test]
fn names_inside_comments_do_not_count() {
    let text = format!(
        "// thinkingText thinkingSignature thinkingTokens thoughtSignature correctionRounds\n/// model LlmAgentSession {{ }}\n{}",
        shape("0.1.0").replace("  reasoning    String?       // Chain of thought", "  reasoning    String?       // Chain of thought, see thinkingText")
    );
    let report = run(one(&text), None, None);
    let fields: Vec<&str> = report
        .changes
        .iter()
        .filter_map(|c| c.field.as_deref())
        .collect();
    for name in [
        "thinkingText",
        "thinkingSignature",
        "thinkingTokens",
        "thoughtSignature",
        "correctionRounds",
    ] {
        assert!(
            fields.contains(&name),
            "{name} must be reported: {:?}",
            summary(&report)
        );
    }
    assert!(report
        .changes
        .iter()
        .any(|c| c.model == "LlmAgentSession" && c.field.is_none()));
}

#[test]
fn a_minimal_chat_and_message_schema_is_legal() {
    let full = shape("0.8.0");
    let message_end = full.find("model LlmToolCall").unwrap();
    let text = full[..message_end]
        .replace("  requests     LlmRequest[]\n", "")
        .replace("  agentSession LlmAgentSession?\n", "")
        .replace("  toolCalls LlmToolCall[]\n", "")
        .replace("  requests  LlmRequest[]\n", "");
    let session_start = text.find("// Agent Session").unwrap();
    let session_end = text.find("model LlmMessage").unwrap();
    let text = format!("{}{}", &text[..session_start], &text[session_end..]);
    let report = run(one(&text), None, None);
    assert!(report.up_to_date, "{:?}", summary(&report));
    assert_eq!(report.level.as_deref(), Some("0.8.0"));
    let optional: Vec<String> = summary(&report);
    assert_eq!(
        optional,
        [
            "missingModel LlmToolCall optional 0.1.0",
            "missingModel LlmRequest optional 0.1.0",
            "missingModel LlmAgentSession optional 0.5.0",
        ]
    );
    assert!(!report.schema[0].changed);
}

#[test]
fn new_models_leave_out_relations_whose_other_side_points_elsewhere() {
    // Chat and message under names detection cannot see; the other models keep Llm names and point at them.
    let text = shape("0.5.0")
        .replace("LlmChat", "Thread")
        .replace("LlmMessage", "Post");
    let report = run(one(&text), None, None);
    let out = &report.schema[0].content;
    let chat = &out[out.find("model LlmChat {").expect("chat added")..];
    let chat = &chat[..chat.find('}').unwrap()];
    assert!(
        !chat.contains("LlmRequest") && !chat.contains("LlmAgentSession"),
        "{chat}"
    );
    assert!(chat.contains("messages     LlmMessage[]"), "{chat}");
    let relations: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == node_llm_orm_native::nodellm::ChangeKind::TypeMismatch)
        .map(|c| c.severity)
        .map(|s| {
            if s == node_llm_orm_native::nodellm::Severity::Optional {
                "optional"
            } else {
                "blocking"
            }
        })
        .collect();
    assert_eq!(
        relations, ["optional"; 4],
        "relations to Thread/Post are reported, not rewritten"
    );
    // The patched text parses and resolves (sync re-checks it), and is then up to date.
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn a_new_model_never_takes_the_name_of_an_unrelated_user_model() {
    // No prefix (`Chat`, `Message`, …), and an unrelated `AgentSession` already in the schema.
    let text = format!(
        "{}\nmodel AgentSession {{\n  id Int @id\n}}\n",
        shape("0.2.0").replace("Llm", "")
    );
    let report = run(one(&text), None, None);
    let session = report
        .models
        .iter()
        .find(|m| m.role == "agentSession")
        .unwrap();
    assert_eq!(
        (session.model.as_str(), session.present),
        ("LlmAgentSession", false)
    );
    assert!(report.schema[0].content.contains("model LlmAgentSession {"));
    assert!(report.schema[0]
        .content
        .contains("  agentSession LlmAgentSession?\n"));
    assert!(run(patched(&report), None, None).up_to_date);
}

#[test]
fn a_table_names_key_that_is_no_role_is_refused() {
    let names = TableNames {
        other: vec![("chats".into(), "assistantChat".into())],
        ..Default::default()
    };
    let err = sync(SyncInput {
        files: one(&shape("0.8.0")),
        table_names: Some(names),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code, "INVALID_ARGUMENT");
    assert!(
        err.message.contains("`chats`") && err.message.contains("agentSession"),
        "{}",
        err.message
    );
    // A role of a newer release is fine with an older target.
    let names = TableNames {
        agent_session: Some("llmAgentSession".into()),
        ..Default::default()
    };
    let report = run(one(&shape("0.2.0")), Some("0.2.0"), Some(names));
    assert!(report.up_to_date);
    assert_eq!(report.level.as_deref(), Some("0.2.0"));
}
