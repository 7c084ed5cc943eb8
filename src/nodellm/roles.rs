//! Which user model plays which reference role.
//!
//! A role is a reference model's name without the `Llm` prefix (`LlmToolCall` → `ToolCall`, key
//! `toolCall`), so a future reference model gets a role with no code change. A user model takes a
//! role by the `tableNames` option, by carrying the reference name, or as the one model whose name
//! ends in the role and whose foreign keys point at the models of the roles the reference points at.

use super::facts::{find_model, target_name};
use super::report::{DetectedBy, TableNames};
use crate::error::{CoreError, CoreResult};
use crate::schema::{Model, Schema};

const REFERENCE_PREFIX: &str = "Llm";

#[derive(Clone, Debug)]
pub struct Assignment {
    /// `ToolCall`.
    pub role: String,
    /// `toolCall`: the `tableNames` key.
    pub key: String,
    pub reference_model: String,
    /// The user's model, when the schema has one.
    pub user_model: Option<String>,
    /// `user_model`, or the name a new model gets.
    pub name: String,
    pub detected_by: DetectedBy,
}

pub fn role_of(reference_model: &str) -> String {
    match reference_model.strip_prefix(REFERENCE_PREFIX) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => reference_model.to_string(),
    }
}

pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Foreign-key edges of the reference: (model, referenced model).
fn fk_edges(reference: &Schema) -> Vec<(String, String)> {
    let mut edges = Vec::new();
    for model in &reference.models {
        for field in &model.fields {
            if field.relation().is_some_and(|r| r.fields.is_some()) {
                if let Some(target) = target_name(reference, field) {
                    edges.push((model.name.to_string(), target.to_string()));
                }
            }
        }
    }
    edges
}

fn points_at(schema: &Schema, model: &Model, targets: &[String]) -> bool {
    model
        .fields
        .iter()
        .any(|f| target_name(schema, f).is_some_and(|t| targets.iter().any(|x| x == t)))
}

/// Refuses `tableNames` keys that name no role of any of `references` (a typo like `chats`).
pub fn check_table_names(references: &[&Schema], names: &TableNames) -> CoreResult<()> {
    let mut keys: Vec<String> = Vec::new();
    for reference in references {
        for model in reference.models.iter().filter(|m| !m.is_view) {
            let key = lower_first(&role_of(&model.name));
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    let fixed = ["chat", "message", "toolCall", "request", "agentSession"];
    let given = fixed
        .iter()
        .copied()
        .filter(|k| names.get(k).is_some())
        .chain(names.other.iter().map(|(k, _)| k.as_str()));
    for key in given {
        if !keys.iter().any(|k| k == key) {
            return Err(CoreError::new(
                "INVALID_ARGUMENT",
                format!(
                    "tableNames has no role `{key}`; the roles are {}",
                    keys.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

pub fn assign(
    reference: &Schema,
    user: &Schema,
    names: Option<&TableNames>,
) -> CoreResult<Vec<Assignment>> {
    let refs: Vec<&Model> = reference.models.iter().filter(|m| !m.is_view).collect();
    let mut fixed: Vec<Option<(Option<String>, DetectedBy, String)>> = vec![None; refs.len()];

    for (i, model) in refs.iter().enumerate() {
        let key = lower_first(&role_of(&model.name));
        if let Some(given) = names.and_then(|n| n.get(&key)) {
            let found = user
                .models
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(given))
                .map(|m| m.name.to_string());
            let name = found.clone().unwrap_or_else(|| upper_first(given));
            fixed[i] = Some((found, DetectedBy::TableNames, name));
        } else if find_model(user, &model.name).is_some() {
            fixed[i] = Some((
                Some(model.name.to_string()),
                DetectedBy::ReferenceName,
                model.name.to_string(),
            ));
        }
    }
    let taken: Vec<String> = fixed
        .iter()
        .flatten()
        .filter_map(|(m, _, _)| m.clone())
        .collect();

    let mut candidates: Vec<Vec<String>> = refs
        .iter()
        .enumerate()
        .map(|(i, model)| match &fixed[i] {
            Some((Some(m), _, _)) => vec![m.clone()],
            Some((None, _, _)) => vec![],
            None => {
                let role = role_of(&model.name);
                user.models
                    .iter()
                    .filter(|m| {
                        !m.is_view && m.name.ends_with(&role) && !taken.iter().any(|t| *t == m.name)
                    })
                    .map(|m| m.name.to_string())
                    .collect()
            }
        })
        .collect();

    let index_of = |name: &str| refs.iter().position(|m| m.name == name);
    let edges = fk_edges(reference);
    // Forward: a candidate must point at a candidate of every role its reference model points at.
    loop {
        let mut changed = false;
        for (from, to) in &edges {
            let (Some(f), Some(t)) = (index_of(from), index_of(to)) else {
                continue;
            };
            // With no candidate to point at, nothing can be shown to fit: a lone `ResetPasswordRequest`
            // in a schema without a chat model is not NodeLLM's request model.
            if fixed[f].is_some() {
                continue;
            }
            let targets = candidates[t].clone();
            let before = candidates[f].len();
            candidates[f]
                .retain(|c| find_model(user, c).is_some_and(|m| points_at(user, m, &targets)));
            changed |= candidates[f].len() != before;
        }
        if !changed {
            break;
        }
    }
    // Backward, only to break ties: prefer the candidates that the models pointing at this role point at.
    for (from, to) in &edges {
        let (Some(f), Some(t)) = (index_of(from), index_of(to)) else {
            continue;
        };
        if candidates[t].len() < 2 {
            continue;
        }
        let sources: Vec<&Model> = candidates[f]
            .iter()
            .filter_map(|c| find_model(user, c))
            .collect();
        let kept: Vec<String> = candidates[t]
            .iter()
            .filter(|c| {
                sources
                    .iter()
                    .any(|s| points_at(user, s, std::slice::from_ref(c)))
            })
            .cloned()
            .collect();
        if !kept.is_empty() {
            candidates[t] = kept;
        }
    }

    let ambiguous: Vec<String> = refs
        .iter()
        .enumerate()
        .filter(|(i, _)| fixed[*i].is_none() && candidates[*i].len() > 1)
        .map(|(i, m)| {
            format!(
                "{}: {}",
                lower_first(&role_of(&m.name)),
                candidates[i].join(", ")
            )
        })
        .collect();
    if !ambiguous.is_empty() {
        return Err(CoreError::new(
            "AMBIGUOUS_MODELS",
            format!(
                "Several models could play the same NodeLLM role ({}). Pass tableNames (e.g. --table-names chat=…,message=…) to choose.",
                ambiguous.join("; ")
            ),
        ));
    }

    let mut out: Vec<Assignment> = refs
        .iter()
        .enumerate()
        .map(|(i, model)| {
            let role = role_of(&model.name);
            let (user_model, detected_by, name) = match fixed[i].clone() {
                Some(f) => f,
                None => match candidates[i].first() {
                    Some(c) => (Some(c.clone()), DetectedBy::Suffix, c.clone()),
                    None => (None, DetectedBy::NewName, String::new()),
                },
            };
            Assignment {
                key: lower_first(&role),
                role,
                reference_model: model.name.to_string(),
                user_model,
                name,
                detected_by,
            }
        })
        .collect();

    let prefix = out
        .iter()
        .find_map(|a| {
            a.user_model
                .as_ref()
                .and_then(|m| m.strip_suffix(a.role.as_str()).map(str::to_string))
        })
        .unwrap_or_else(|| REFERENCE_PREFIX.to_string());
    // A new model must not take the name of one the user already has (an unrelated `AgentSession`).
    let taken = |name: &str, out: &[Assignment]| {
        user.models.iter().any(|m| m.name == name) || out.iter().any(|a| a.name == name)
    };
    for i in 0..out.len() {
        if !out[i].name.is_empty() {
            continue;
        }
        let preferred = [
            format!("{prefix}{}", out[i].role),
            out[i].reference_model.clone(),
        ];
        let name = preferred
            .into_iter()
            .chain((2..).map(|n| format!("{}{n}", out[i].reference_model)))
            .find(|candidate| !taken(candidate, &out))
            .expect("an unbounded list of names has a free one");
        out[i].name = name;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_drop_the_reference_prefix() {
        assert_eq!(role_of("LlmToolCall"), "ToolCall");
        assert_eq!(role_of("Llmish"), "Llmish");
        assert_eq!(lower_first(&role_of("LlmAgentSession")), "agentSession");
    }
}
