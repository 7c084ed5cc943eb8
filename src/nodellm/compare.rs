//! The semantic comparison: for each reference role, what the user's model lacks, under the user's
//! names, and the edits that supply it. Comments never count (the resolved schema has none), extra
//! fields and models are fine, deprecated reference fields are not asked for.

use std::collections::HashMap;

use super::facts::{field_syntax, has_index_on, model_block, target_name, type_name, unique_on, Loaded};
use super::policy::{self, CORE_ROLES};
use super::report::{ChangeKind, Severity};
use super::roles::Assignment;
use crate::patch::{field_line, insert_field_attribute, Edit, FieldLine, NewLine, NewModel};
use crate::schema::{Arity, Field, IndexKind, Model, Provider, ReferentialAction};
use crate::syntax::tree::{self, Block, BlockItem, SchemaFile};

/// One gap, before `since`/`feature` are known. `key` names it independently of the user's names,
/// so the same gap can be looked up in the comparison against each release.
#[derive(Clone, Debug)]
pub struct Finding {
    pub key: String,
    pub kind: ChangeKind,
    pub role: String,
    pub model: String,
    pub field: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Edits for every required and recommended finding that can be patched.
    pub edits: Vec<Edit>,
}

struct Ctx<'a> {
    reference: &'a Loaded,
    user: &'a Loaded,
    roles: &'a [Assignment],
    provider: Provider,
    /// Roles whose model exists after patching.
    exists: Vec<bool>,
    findings: Vec<Finding>,
    edits: Vec<Edit>,
}

pub fn compare(reference: &Loaded, user: &Loaded, roles: &[Assignment], provider: Provider) -> Outcome {
    let has_feature_model = roles.iter().any(|a| a.user_model.is_some() && !CORE_ROLES.contains(&a.key.as_str()));
    let mut ctx = Ctx { reference, user, roles, provider, exists: vec![false; roles.len()], findings: Vec::new(), edits: Vec::new() };
    let mut added = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        if role.user_model.is_some() {
            ctx.exists[i] = true;
            continue;
        }
        let core = CORE_ROLES.contains(&role.key.as_str());
        let severity = if core {
            Severity::Required
        } else if has_feature_model || role.detected_by == super::report::DetectedBy::TableNames {
            Severity::Recommended
        } else {
            Severity::Optional
        };
        ctx.exists[i] = severity != Severity::Optional;
        added.push((i, severity));
    }
    for (i, severity) in added {
        ctx.missing_model(i, severity);
    }
    for (i, role) in roles.iter().enumerate() {
        if let Some(user_model) = &role.user_model {
            ctx.compare_model(i, user_model);
        }
    }
    Outcome { findings: ctx.findings, edits: ctx.edits }
}

fn arity_suffix(arity: Arity) -> &'static str {
    match arity {
        Arity::Required => "",
        Arity::Optional => "?",
        Arity::List => "[]",
    }
}

fn comment_text(file: &SchemaFile, comment: &tree::Comment) -> String {
    file.text[comment.span.range()].to_string()
}

impl Ctx<'_> {
    fn ref_model(&self, i: usize) -> &Model {
        let name = &self.roles[i].reference_model;
        self.reference.schema.models.iter().find(|m| &m.name == name).expect("roles come from the reference")
    }

    fn ref_block(&self, i: usize) -> Option<(&SchemaFile, &Block)> {
        model_block(&self.reference.files, &self.roles[i].reference_model)
    }

    fn role_of_ref_model(&self, name: &str) -> Option<usize> {
        self.roles.iter().position(|a| a.reference_model == name)
    }

    /// A reference type under the user's names.
    fn rename(&self, name: &str) -> String {
        self.role_of_ref_model(name).map(|i| self.roles[i].name.clone()).unwrap_or_else(|| name.to_string())
    }

    /// Records a gap; `text` is its message and its fix.
    fn push(&mut self, i: usize, key: String, kind: ChangeKind, field: Option<&str>, severity: Severity, text: (String, String)) {
        let (message, fix) = text;
        let role = &self.roles[i];
        self.findings.push(Finding {
            key,
            kind,
            role: role.key.clone(),
            model: role.name.clone(),
            field: field.map(str::to_string),
            severity,
            message,
            fix,
        });
    }

    fn deprecated(&self, i: usize, field: &str) -> bool {
        self.ref_block(i)
            .and_then(|(_, b)| field_syntax(b, field))
            .and_then(|f| f.trailing_comment.as_ref())
            .is_some_and(|c| policy::is_deprecated(&c.text))
    }

    /// The reference field as a line for the user's schema: renamed types, the reference's
    /// attributes and comment, `@db.Text` where MySQL needs it.
    fn new_field_line(&self, file: &SchemaFile, field: &tree::Field, resolved: &Field) -> FieldLine {
        let mut line = field_line(&file.text, field);
        let base = match resolved.relation() {
            Some(_) => self.rename(target_name(&self.reference.schema, resolved).unwrap_or_default()),
            None => type_name(&self.reference.schema, resolved),
        };
        line.field_type = format!("{base}{}", arity_suffix(resolved.arity));
        if policy::needs_long_text(self.provider, &line.name)
            && base == "String"
            && !line.attributes.iter().any(|a| a.starts_with("@db."))
        {
            insert_field_attribute(&mut line.attributes, "@db.Text".to_string());
        }
        line
    }

    fn missing_model(&mut self, i: usize, severity: Severity) {
        let name = self.roles[i].name.clone();
        let Some((file, block)) = self.ref_block(i) else { return };
        let ref_model = self.ref_model(i);
        let mut sections: Vec<Vec<NewLine>> = vec![Vec::new()];
        let mut attributes = Vec::new();
        for item in &block.items {
            match item {
                BlockItem::Field(f) => {
                    let Some(resolved) = ref_model.field(&f.name.name) else { continue };
                    let skip = resolved.relation().is_some_and(|_| {
                        let target = target_name(&self.reference.schema, resolved).unwrap_or_default();
                        self.role_of_ref_model(target).is_some_and(|t| !self.exists[t]) || !self.relation_fits(i, resolved)
                    });
                    if !skip {
                        sections.last_mut().expect("non-empty").push(NewLine::Field(self.new_field_line(file, f, resolved)));
                    }
                }
                BlockItem::Comment(c) => {
                    let section = sections.last_mut().expect("non-empty");
                    section.extend(c.comments.iter().map(|c| NewLine::Comment(comment_text(file, c))));
                }
                BlockItem::Blank(_) => sections.push(Vec::new()),
                BlockItem::Attribute(a) => attributes.push(file.text[a.content.range()].to_string()),
                _ => {}
            }
        }
        sections.retain(|s| !s.is_empty());
        let model = NewModel { name: name.clone(), sections, attributes };
        let fix = crate::patch::render_model(&model, "\n");
        let role = self.roles[i].key.clone();
        let message = match severity {
            Severity::Optional => format!("No `{role}` model: optional, add `{name}` to use this feature."),
            _ => format!("Model `{name}` (the `{role}` model) is missing."),
        };
        self.push(i, format!("model:{}", self.roles[i].role), ChangeKind::MissingModel, None, severity, (message, fix));
        if severity != Severity::Optional {
            let near = self.roles.iter().find_map(|a| a.user_model.clone());
            self.edits.push(Edit::AddModel { near, model });
        }
    }

    fn compare_model(&mut self, i: usize, user_model: &str) {
        let Some(model) = self.user.schema.models.iter().find(|m| m.name == user_model) else { return };
        let ref_model = self.ref_model(i).clone();
        let role = self.roles[i].role.clone();
        let user_block = model_block(&self.user.files, user_model);
        // The line each user field gets, when a change rewrites it.
        let mut rewrites: HashMap<String, FieldLine> = HashMap::new();
        let line_of = |rewrites: &mut HashMap<String, FieldLine>, field: &str| -> Option<FieldLine> {
            if let Some(line) = rewrites.get(field) {
                return Some(line.clone());
            }
            let (file, block) = user_block?;
            Some(field_line(&file.text, field_syntax(block, field)?))
        };

        for rf in &ref_model.fields {
            if self.deprecated(i, &rf.name) {
                continue;
            }
            let target_role = rf.relation().and_then(|_| target_name(&self.reference.schema, rf)).and_then(|t| self.role_of_ref_model(t));
            if target_role.is_some_and(|t| !self.exists[t]) {
                continue;
            }
            let key = format!("{role}.{}", rf.name);
            let Some(uf) = model.field(&rf.name) else {
                self.missing_field(i, user_model, rf, key);
                continue;
            };
            let want_base = match rf.relation() {
                Some(_) => self.rename(target_name(&self.reference.schema, rf).unwrap_or_default()),
                None => type_name(&self.reference.schema, rf),
            };
            let want = format!("{want_base}{}", arity_suffix(rf.arity));
            let have_base = type_name(&self.user.schema, uf);
            let have = format!("{have_base}{}", arity_suffix(uf.arity));
            let structural = rf.is_id || uf.is_relation() || is_fk(model, &rf.name);
            if want_base != have_base {
                let severity = if structural { Severity::Optional } else { Severity::Required };
                let note = if want_base == "Json" { policy::json_note(self.provider) } else { "" };
                let message = format!("`{user_model}.{}` is `{have}` but NodeLLM needs `{want}`{note}.", rf.name);
                self.push(i, format!("type:{key}"), ChangeKind::TypeMismatch, Some(&rf.name), severity, (message, format!("{} {want}", rf.name)));
                if severity == Severity::Required {
                    if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                        line.field_type = want.clone();
                        line.attributes.retain(|a| !a.starts_with("@db."));
                        rewrites.insert(rf.name.clone(), line);
                    }
                }
                continue;
            }
            if rf.arity != uf.arity {
                let list = rf.arity == Arity::List || uf.arity == Arity::List;
                let stricter = rf.arity == Arity::Optional && uf.arity == Arity::Required;
                let severity = if list || stricter { Severity::Required } else { Severity::Optional };
                let message = if stricter {
                    format!("`{user_model}.{}` is required but the runtime may leave it empty: make it `{want}`.", rf.name)
                } else {
                    format!("`{user_model}.{}` is `{have}`; the reference declares `{want}`.", rf.name)
                };
                self.push(i, format!("arity:{key}"), ChangeKind::ArityMismatch, Some(&rf.name), severity, (message, format!("{} {want}", rf.name)));
                if stricter {
                    if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                        line.field_type = want.clone();
                        rewrites.insert(rf.name.clone(), line);
                    }
                }
            }
            let ref_attr = |name: &str| -> Option<String> {
                let (file, block) = model_block(&self.reference.files, &ref_model.name)?;
                let f = field_syntax(block, &rf.name)?;
                f.attributes.iter().find(|a| a.name.name == name).map(|a| file.text[a.span.range()].to_string())
            };
            let mut missing_attrs: Vec<(&str, bool)> = Vec::new();
            if rf.is_id && !uf.is_id {
                missing_attrs.push(("id", model.primary_key.is_none()));
            }
            if rf.default.is_some() && uf.default.is_none() {
                missing_attrs.push(("default", true));
            }
            if rf.is_unique && !uf.is_unique && unique_on(model, &[rf.name.as_str()]).is_none() {
                missing_attrs.push(("unique", true));
            }
            if rf.updated_at && !uf.updated_at {
                missing_attrs.push(("updatedAt", true));
            }
            for (attr, patchable) in missing_attrs {
                let Some(text) = ref_attr(attr) else { continue };
                let message = format!("`{user_model}.{}` lacks `{text}`.", rf.name);
                self.push(i, format!("attr:{key}.{attr}"), ChangeKind::MissingAttribute, Some(&rf.name), Severity::Required, (message, text.clone()));
                if patchable {
                    if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                        insert_field_attribute(&mut line.attributes, text);
                        rewrites.insert(rf.name.clone(), line);
                    }
                }
            }
            if let (Some(want_rel), Some(have_rel)) = (rf.relation(), uf.relation()) {
                if want_rel.fields.is_some() && (want_rel.fields != have_rel.fields || want_rel.references != have_rel.references) {
                    let message = format!(
                        "`{user_model}.{}` must relate by fields {:?} referencing {:?}.",
                        rf.name,
                        want_rel.fields.clone().unwrap_or_default(),
                        want_rel.references.clone().unwrap_or_default()
                    );
                    let fix = ref_attr("relation").unwrap_or_default();
                    self.push(i, format!("relation:{key}"), ChangeKind::RelationMismatch, Some(&rf.name), Severity::Required, (message, fix));
                } else if want_rel.on_delete.is_some() && want_rel.on_delete != have_rel.on_delete {
                    let action = on_delete_name(want_rel.on_delete.expect("checked"));
                    let message = format!(
                        "`{user_model}.{}` needs `onDelete: {action}`: deleting a chat must remove its rows.",
                        rf.name
                    );
                    self.push(i, format!("onDelete:{key}"), ChangeKind::RelationMismatch, Some(&rf.name), Severity::Required, (message, format!("onDelete: {action}")));
                    if let (Some(mut line), Some((file, block))) = (line_of(&mut rewrites, &rf.name), user_block) {
                        if let Some(new_attr) = field_syntax(block, &rf.name).and_then(|f| with_on_delete(&file.text, f, action)) {
                            if let Some(slot) = line.attributes.iter_mut().find(|a| a.starts_with("@relation")) {
                                *slot = new_attr;
                                rewrites.insert(rf.name.clone(), line);
                            }
                        }
                    }
                }
            }
            if policy::needs_long_text(self.provider, &rf.name) && have_base == "String" && uf.native_type.is_none() {
                let message = format!("`{user_model}.{}` is VARCHAR(191) on MySQL, too short for model output: use `@db.Text`.", rf.name);
                self.push(i, format!("native:{key}"), ChangeKind::NativeType, Some(&rf.name), Severity::Recommended, (message, "@db.Text".into()));
                if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                    insert_field_attribute(&mut line.attributes, "@db.Text".to_string());
                    rewrites.insert(rf.name.clone(), line);
                }
            }
        }

        for index in ref_model.indexes.iter().filter(|x| !x.field_level) {
            let fields: Vec<&str> = index.fields.iter().map(|f| f.field.as_str()).collect();
            let list = fields.join(", ");
            match index.kind {
                IndexKind::Normal if !has_index_on(model, &fields) => {
                    let text = format!("@@index([{list}])");
                    let message = format!("`{user_model}` has no index on ({list}).");
                    self.push(i, format!("index:{role}({list})"), ChangeKind::MissingIndex, None, Severity::Recommended, (message, text.clone()));
                    self.edits.push(Edit::AddBlockAttribute { model: user_model.to_string(), text });
                }
                IndexKind::Unique => match unique_on(model, &fields) {
                    None => {
                        let text = format!("@@unique([{list}])");
                        let message = format!("`{user_model}` needs a unique constraint on ({list}).");
                        self.push(i, format!("unique:{role}({list})"), ChangeKind::MissingUnique, None, Severity::Required, (message, text.clone()));
                        self.edits.push(Edit::AddBlockAttribute { model: user_model.to_string(), text });
                    }
                    Some(Some(name)) if index.name.is_none() => {
                        let default_name = fields.join("_");
                        let message = format!(
                            "`{user_model}`'s unique constraint on ({list}) is named `{name}`; the runtime looks it up as `{default_name}`: drop `name:`."
                        );
                        self.push(i, format!("uniqueName:{role}({list})"), ChangeKind::UniqueName, None, Severity::Required, (message, format!("@@unique([{list}])")));
                    }
                    _ => {}
                },
                _ => {}
            }
        }

        // Rewrites in field order, so the patch is deterministic.
        for f in &model.fields {
            if let Some(line) = rewrites.remove(&f.name) {
                self.edits.push(Edit::ReplaceField { model: user_model.to_string(), field: f.name.clone(), line });
            }
        }
    }

    /// Whether adding relation field `rf` to role `i`'s model keeps the schema valid: the opposite
    /// field, in the user's model of the other role, is absent (sync adds it) or already points here.
    fn relation_fits(&self, i: usize, rf: &Field) -> bool {
        let reference = &self.reference.schema;
        let here = &self.roles[i].reference_model;
        let Some(t) = target_name(reference, rf).and_then(|name| self.role_of_ref_model(name)) else { return true };
        let Some(user_model) = &self.roles[t].user_model else { return true };
        let name = rf.relation().and_then(|r| r.name.clone());
        let opposite = self.ref_model(t).fields.iter().find(|f| {
            target_name(reference, f) == Some(here.as_str()) && f.relation().and_then(|r| r.name.clone()) == name
        });
        let Some(opposite) = opposite else { return true };
        let Some(model) = self.user.schema.models.iter().find(|m| &m.name == user_model) else { return true };
        match model.field(&opposite.name) {
            None => true,
            Some(existing) => target_name(&self.user.schema, existing) == Some(self.roles[i].name.as_str()),
        }
    }

    fn missing_field(&mut self, i: usize, user_model: &str, rf: &Field, key: String) {
        if rf.relation().is_some() && !self.relation_fits(i, rf) {
            return;
        }
        let Some((file, block)) = self.ref_block(i) else { return };
        let Some(syntax) = field_syntax(block, &rf.name) else { return };
        let line = self.new_field_line(file, syntax, rf);
        let (kind, severity) = match rf.relation() {
            Some(r) if r.fields.is_some() => (ChangeKind::MissingRelation, Severity::Required),
            Some(_) => (ChangeKind::MissingBackRelation, Severity::Required),
            None if policy::is_schema_only(&rf.name) => (ChangeKind::MissingField, Severity::Recommended),
            None => (ChangeKind::MissingField, Severity::Required),
        };
        let mut bare = line.clone();
        bare.comment = None;
        let fix = bare.render(Default::default());
        let note = if type_name(&self.reference.schema, rf) == "Json" { policy::json_note(self.provider) } else { "" };
        let message = format!("`{user_model}` lacks `{}`{note}.", fix);
        self.push(i, format!("field:{key}"), kind, Some(&rf.name), severity, (message, fix));
        self.edits.push(Edit::AddField { model: user_model.to_string(), line });
    }
}

/// Whether `field` holds (part of) a foreign key of `model`.
fn is_fk(model: &Model, field: &str) -> bool {
    model
        .fields
        .iter()
        .filter_map(|f| f.relation().and_then(|r| r.fields.as_ref()))
        .any(|fields| fields.iter().any(|f| f == field))
}

fn on_delete_name(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::Cascade => "Cascade",
        ReferentialAction::Restrict => "Restrict",
        ReferentialAction::NoAction => "NoAction",
        ReferentialAction::SetNull => "SetNull",
        ReferentialAction::SetDefault => "SetDefault",
    }
}

/// The field's `@relation(…)` text with `onDelete` set to `action`: an existing `onDelete:` argument
/// is replaced, otherwise one is appended after the last argument.
fn with_on_delete(text: &str, field: &tree::Field, action: &str) -> Option<String> {
    let attr = field.attributes.iter().find(|a| a.name.name == "relation")?;
    let start = attr.span.start as usize;
    let original = &text[attr.span.range()];
    let relative = |at: u32| at as usize - start;
    let list = attr.arguments.as_ref()?;
    if let Some(arg) = list.arguments.iter().find(|a| a.name.as_ref().is_some_and(|n| n.name == "onDelete")) {
        let (s, e) = (relative(arg.span.start), relative(arg.span.end));
        return Some(format!("{}onDelete: {action}{}", &original[..s], &original[e..]));
    }
    let close = relative(list.span.end) - 1;
    let insert_at = list.arguments.last().map(|a| relative(a.span.end)).unwrap_or(close);
    let separator = if list.arguments.is_empty() { "" } else { ", " };
    Some(format!("{}{separator}onDelete: {action}{}", &original[..insert_at], &original[insert_at..]))
}
