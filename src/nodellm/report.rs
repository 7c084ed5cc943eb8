//! What a caller gives `sync` and what it gets back.

use serde::Serialize;

/// A schema as `(path, content)` pairs: one pair for `schema.prisma`, several for a `prisma/schema/` folder.
pub type SchemaFiles = Vec<(String, String)>;

#[derive(Clone, Debug, Default)]
pub struct SyncInput {
    pub files: SchemaFiles,
    /// Another reference schema (a future ORM release); defaults to the embedded shapes.
    pub reference: Option<SchemaFiles>,
    /// A released version (`0.5.0`, `0.7.1`); defaults to the newest. With `reference`, only a label.
    pub target: Option<String>,
    pub table_names: Option<TableNames>,
}

/// The runtime's `tableNames` option: Prisma client delegate names (`assistantMessage`) or model
/// names, matched case-insensitively. Roles beyond the five (a future reference model `LlmFoo`) go
/// in `other` under their delegate key (`foo`).
#[derive(Clone, Debug, Default)]
pub struct TableNames {
    pub chat: Option<String>,
    pub message: Option<String>,
    pub tool_call: Option<String>,
    pub request: Option<String>,
    pub agent_session: Option<String>,
    pub other: Vec<(String, String)>,
}

impl TableNames {
    /// The name given for a role key (`chat`, `toolCall`, …).
    pub fn get(&self, key: &str) -> Option<&str> {
        let fixed = match key {
            "chat" => &self.chat,
            "message" => &self.message,
            "toolCall" => &self.tool_call,
            "request" => &self.request,
            "agentSession" => &self.agent_session,
            _ => &None,
        };
        fixed.as_deref().or_else(|| {
            self.other
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// No required or recommended change is left against `target`.
    pub up_to_date: bool,
    /// The newest released shape the schema fully has, if any.
    pub level: Option<String>,
    pub target: String,
    pub provider: String,
    pub models: Vec<ModelMapping>,
    pub changes: Vec<Change>,
    /// The schema with every required and recommended change applied, file by file.
    pub schema: Vec<PatchedFile>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelMapping {
    /// Delegate key of the role: `chat`, `message`, `toolCall`, `request`, `agentSession`.
    pub role: String,
    /// The user's model for the role, or the name sync gives it when adding it.
    pub model: String,
    pub detected_by: DetectedBy,
    /// Whether the schema declares the model (false: missing, added by the patch or optional).
    pub present: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DetectedBy {
    /// From the `tableNames` option.
    TableNames,
    /// The reference's own name (`LlmChat`).
    ReferenceName,
    /// The one model ending in the role's suffix whose relations fit.
    Suffix,
    /// Not in the schema: named after the chat model's prefix.
    NewName,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Required,
    Recommended,
    Optional,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    MissingModel,
    MissingField,
    /// A relation field holding the foreign key (`chat LlmChat @relation(…)`).
    MissingRelation,
    /// The list/optional side of a relation (`messages LlmMessage[]`).
    MissingBackRelation,
    TypeMismatch,
    ArityMismatch,
    MissingAttribute,
    RelationMismatch,
    MissingIndex,
    MissingUnique,
    UniqueName,
    NativeType,
    /// An enum a new or retyped field uses (`model` is the enum's name).
    MissingEnum,
    /// A value the reference's enum has and the user's lacks (`field` is the value).
    MissingEnumValue,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub kind: ChangeKind,
    /// The user's model name (or the name it gets when added).
    pub model: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub feature: String,
    pub since: String,
    pub severity: Severity,
    pub message: String,
    /// The schema text that resolves it.
    pub fix: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchedFile {
    pub path: String,
    pub content: String,
    pub changed: bool,
}
