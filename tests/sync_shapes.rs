//! Every (user at released shape X, target Y) pair, with the reference schemas themselves as input.

mod sync_support;

use node_llm_orm_native::nodellm::shapes;
use sync_support::*;

fn index(version: &str) -> usize {
    RELEASED
        .iter()
        .position(|v| *v == shapes::at(version).unwrap().version)
        .unwrap()
}

#[test]
fn every_shape_against_every_target() {
    let mut pairs = 0;
    for from in SHAPES {
        for to in SHAPES {
            let report = run(one(&shape(from)), Some(to), None);
            let (f, t) = (index(from), index(to));
            if f >= t {
                assert!(report.up_to_date, "{from} → {to}: {:?}", summary(&report));
                assert!(
                    report.changes.is_empty(),
                    "{from} → {to}: {:?}",
                    summary(&report)
                );
                assert!(
                    report.schema.iter().all(|s| !s.changed),
                    "{from} → {to} must not patch"
                );
            } else {
                assert!(!report.up_to_date, "{from} → {to}");
                for change in &report.changes {
                    let since = index(&change.since);
                    assert!(
                        since > f && since <= t,
                        "{from} → {to}: {change:?} dated {}",
                        change.since
                    );
                }
                let again = run(patched(&report), Some(to), None);
                assert!(
                    again.up_to_date,
                    "{from} → {to} patched still lacks {:?}",
                    summary(&again)
                );
                assert_eq!(
                    again.level.as_deref(),
                    Some(RELEASED[t]),
                    "{from} → {to} patched level"
                );
            }
            assert_eq!(
                report.level.as_deref(),
                Some(RELEASED[f]),
                "level of {from}"
            );
            assert_eq!(report.target, to);
            pairs += 1;
        }
    }
    assert_eq!(pairs, 25);
}

#[test]
fn thinking_fields_are_what_0_1_0_lacks_for_0_2_0() {
    let report = run(one(&shape("0.1.0")), Some("0.2.0"), None);
    assert_eq!(
        summary(&report),
        [
            "missingField LlmMessage.thinkingText required 0.2.0",
            "missingField LlmMessage.thinkingSignature required 0.2.0",
            "missingField LlmMessage.thinkingTokens required 0.2.0",
            "missingField LlmToolCall.thoughtSignature required 0.2.0",
        ]
    );
    assert!(report
        .changes
        .iter()
        .all(|c| c.feature == "Extended Thinking"));
}

#[test]
fn agent_session_and_correction_rounds_come_with_their_versions() {
    let report = run(one(&shape("0.2.0")), None, None);
    assert_eq!(report.target, "0.8.0");
    assert_eq!(
        summary(&report),
        [
            "missingModel LlmAgentSession recommended 0.5.0",
            "missingBackRelation LlmChat.agentSession required 0.5.0",
            "missingField LlmRequest.correctionRounds recommended 0.8.0",
        ]
    );
    let agent = &report.changes[0];
    assert_eq!(agent.feature, "AgentSession");
    assert!(
        agent.fix.starts_with("model LlmAgentSession {"),
        "{}",
        agent.fix
    );
    assert_eq!(report.changes[2].feature, "correction rounds");
    let text = &report.schema[0].content;
    assert!(text.contains("  agentSession LlmAgentSession?\n"), "{text}");
    assert!(text.contains("model LlmAgentSession {"));
    assert!(
        text.contains(
            "  chat LlmChat @relation(fields: [chatId], references: [id], onDelete: Cascade)\n"
        ),
        "{text}"
    );
}

#[test]
fn the_whitespace_variant_0_7_1_is_the_0_5_0_shape() {
    let report = run(one(&shape("0.7.1")), None, None);
    assert_eq!(report.level.as_deref(), Some("0.5.0"));
    assert_eq!(
        summary(&report),
        ["missingField LlmRequest.correctionRounds recommended 0.8.0"]
    );
    let against_0_7_1 = run(one(&shape("0.7.1")), Some("0.7.1"), None);
    assert!(against_0_7_1.up_to_date);
}

#[test]
fn only_the_touched_lines_change() {
    let before = shape("0.5.0");
    let report = run(one(&before), None, None);
    let after = &report.schema[0].content;
    let added = "  correctionRounds Int? // Number of self-correction retries (v0.7.0+)\n";
    assert_eq!(after.matches(added).count(), 1);
    let without = after.replacen(added, "", 1);
    assert_eq!(
        without.len(),
        before.len() + 2 * 9,
        "two lines widen by 9 spaces"
    );
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(without.lines())
        .filter(|(a, b)| a != b)
        .collect();
    // The request's relation section is realigned for the longer name, nothing else moves.
    assert_eq!(
        changed,
        [
            (
                "  chat    LlmChat     @relation(fields: [chatId], references: [id], onDelete: Cascade)",
                "  chat             LlmChat     @relation(fields: [chatId], references: [id], onDelete: Cascade)"
            ),
            (
                "  message LlmMessage? @relation(fields: [messageId], references: [id], onDelete: Cascade)",
                "  message          LlmMessage? @relation(fields: [messageId], references: [id], onDelete: Cascade)"
            ),
        ]
    );
    assert!(after.contains(
        "  message          LlmMessage? @relation(fields: [messageId], references: [id], onDelete: Cascade)\n  correctionRounds Int? // Number of self-correction retries (v0.7.0+)\n\n  @@index([chatId])"
    ));
}

#[test]
fn deprecated_reasoning_is_not_required_and_unknown_targets_are_refused() {
    let without = shape("0.8.0").replace(
        "  reasoning         String? // Chain of thought (deprecated)\n",
        "",
    );
    assert_ne!(without, shape("0.8.0"));
    assert!(run(one(&without), None, None).up_to_date);
    let err = node_llm_orm_native::nodellm::sync(node_llm_orm_native::nodellm::SyncInput {
        files: one(&shape("0.8.0")),
        target: Some("0.0.1".into()),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code, "INVALID_ARGUMENT");
}
