//! The `datasource` and `generator` blocks: provider, relation mode, schemas, extensions, preview features.

use super::attributes::{expr_name, function_arg, string};
use super::types::{Datasource, Extension, Provider, RelationMode};
use crate::syntax::diagnostic::{Diagnostic, Severity};
use crate::syntax::tree::{Block, BlockItem, Expr};

fn property<'a>(block: &'a Block, key: &str) -> Option<&'a Expr> {
    block.items.iter().find_map(|item| match item {
        BlockItem::Property(p) if p.key.name == key => p.value.as_ref(),
        _ => None,
    })
}

pub fn datasource(block: &Block, diagnostics: &mut Vec<Diagnostic>) -> Option<Datasource> {
    let provider_name = string(property(block, "provider"));
    let provider = match provider_name.as_deref().and_then(Provider::parse) {
        Some(p) => p,
        None => {
            diagnostics.push(Diagnostic {
                code: "UNKNOWN_PROVIDER",
                message: format!(
                    "Datasource provider not known: \"{}\".",
                    provider_name.unwrap_or_default()
                ),
                span: block.name.span,
                severity: Severity::Error,
            });
            return None;
        }
    };
    let mode = string(property(block, "relationMode"))
        .or_else(|| string(property(block, "referentialIntegrity")));
    let relation_mode = match mode.as_deref() {
        Some("prisma") => RelationMode::Prisma,
        _ => RelationMode::ForeignKeys,
    };
    let schemas = match property(block, "schemas") {
        Some(Expr::Array { items, .. }) => items
            .iter()
            .filter_map(|e| match e {
                Expr::String(s) => Some(s.value.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let extensions = match property(block, "extensions") {
        Some(Expr::Array { items, .. }) => items
            .iter()
            .filter_map(|e| {
                Some(Extension {
                    name: expr_name(e)?.into(),
                    schema: string(function_arg(e, "schema")).map(String::from),
                    version: string(function_arg(e, "version")).map(String::from),
                    map: string(function_arg(e, "map")).map(String::from),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(Datasource {
        name: block.name.name.to_string(),
        provider,
        relation_mode,
        schemas,
        extensions,
        span: block.span,
    })
}

pub fn preview_features(block: &Block) -> Vec<String> {
    match property(block, "previewFeatures") {
        Some(Expr::Array { items, .. }) => items
            .iter()
            .filter_map(|e| match e {
                Expr::String(s) => Some(s.value.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
