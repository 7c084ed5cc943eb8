//! Reading attribute arguments off the syntax tree: positional or named, strings, constants, lists.

use compact_str::{format_compact, CompactString};

use crate::syntax::tree::{Argument, Attribute, Expr};

/// The argument called `name`, or else the `position`-th unnamed one (when `position` is given).
pub fn arg<'a>(attr: &'a Attribute, name: &str, position: Option<usize>) -> Option<&'a Expr> {
    let args: &[Argument] = attr
        .arguments
        .as_ref()
        .map(|a| &a.arguments[..])
        .unwrap_or(&[]);
    if let Some(found) = args
        .iter()
        .find(|a| a.name.as_ref().is_some_and(|n| n.name == name))
    {
        return found.value.as_ref();
    }
    let position = position?;
    args.iter()
        .filter(|a| a.name.is_none())
        .nth(position)
        .and_then(|a| a.value.as_ref())
}

pub fn string(expr: Option<&Expr>) -> Option<CompactString> {
    match expr? {
        Expr::String(s) => Some(s.value.clone()),
        _ => None,
    }
}

pub fn constant(expr: Option<&Expr>) -> Option<&str> {
    match expr? {
        Expr::Constant { name, .. } => Some(name),
        _ => None,
    }
}

pub fn boolean(expr: Option<&Expr>) -> Option<bool> {
    match constant(expr)? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `[a, b]` as names; a single bare constant counts as a one-element list, as Prisma allows.
pub fn name_list(expr: Option<&Expr>) -> Option<Vec<CompactString>> {
    match expr? {
        Expr::Array { items, .. } => Some(items.iter().filter_map(expr_name).collect()),
        Expr::Constant { name, .. } => Some(vec![name.clone()]),
        _ => None,
    }
}

/// The name of a constant or of a function call (`title(sort: Desc)` → `title`).
pub fn expr_name(expr: &Expr) -> Option<CompactString> {
    match expr {
        Expr::Constant { name, .. } => Some(name.clone()),
        Expr::Function(call) => Some(call.name.name.clone()),
        _ => None,
    }
}

/// The named argument `name` of a function call expression (`title(sort: Desc)`).
pub fn function_arg<'a>(expr: &'a Expr, name: &str) -> Option<&'a Expr> {
    match expr {
        Expr::Function(call) => call
            .arguments
            .arguments
            .iter()
            .find(|a| a.name.as_ref().is_some_and(|n| n.name == name))
            .and_then(|a| a.value.as_ref()),
        _ => None,
    }
}

/// Any expression printed back as source text (used for native-type arguments and sequence options).
pub fn expr_text(expr: &Expr) -> CompactString {
    match expr {
        Expr::Number { text, .. } => text.clone(),
        Expr::String(s) => s.value.clone(),
        Expr::Constant { name, .. } => name.clone(),
        Expr::Function(call) => {
            let inner: Vec<CompactString> = call
                .arguments
                .arguments
                .iter()
                .filter_map(|a| a.value.as_ref().map(expr_text))
                .collect();
            format_compact!("{}({})", call.name.name, inner.join(", "))
        }
        Expr::Array { items, .. } => format_compact!(
            "[{}]",
            items.iter().map(expr_text).collect::<Vec<_>>().join(", ")
        ),
    }
}
