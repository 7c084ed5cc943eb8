//! The bundled quick-start apps in `examples/` are what their READMEs say.

mod sync_support;

use sync_support::*;

fn example(name: &str) -> String {
    let path = format!(
        "{}/examples/{name}/prisma/schema.prisma",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_thinking_era_app_is_at_0_2_0_and_keeps_its_own_models() {
    let text = example("thinking-era-app");
    let report = run(one(&text), None, None);
    assert_eq!(report.level.as_deref(), Some("0.2.0"));
    assert_eq!(
        summary(&report),
        [
            "missingModel LlmAgentSession recommended 0.5.0",
            "missingBackRelation LlmChat.agentSession required 0.5.0",
            "missingField LlmRequest.correctionRounds recommended 0.8.0",
        ]
    );
    let out = &report.schema[0].content;
    assert!(out.contains(
        &text[text.find("model User").unwrap()..text.find("// NodeLLM ORM Models").unwrap()]
    ));
    assert!(out.contains("  user         User?            @relation(fields: [userId], references: [id])\n  agentSession LlmAgentSession?\n}"), "{out}");
}

#[test]
fn the_assistant_app_is_detected_by_suffix_and_gets_an_assistant_agent_session() {
    let report = run(one(&example("assistant-app")), None, None);
    let names: Vec<&str> = report.models.iter().map(|m| m.model.as_str()).collect();
    assert_eq!(
        names,
        [
            "AssistantChat",
            "AssistantAgentSession",
            "AssistantMessage",
            "AssistantToolCall",
            "AssistantRequest"
        ]
    );
    let out = &report.schema[0].content;
    assert!(out.contains("  chat AssistantChat @relation(fields: [chatId], references: [id], onDelete: Cascade)\n"), "{out}");
    assert!(run(patched(&report), None, None).up_to_date);
}
