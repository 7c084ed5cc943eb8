//! The semantic comparison: for each reference role, what the user's model lacks, under the user's
//! names, and the edits that supply it. Comments never count (the resolved schema has none), extra
//! fields and models are fine, deprecated reference fields are not asked for.

use std::collections::HashMap;

mod additions;

use super::facts::{
    field_syntax, has_index_on, model_block, target_name, type_name, unique_on, Loaded,
};
use super::policy::{self, CORE_ROLES};
use super::report::{ChangeKind, Severity};
use super::roles::Assignment;
use crate::patch::{
    field_line, insert_field_attribute, relation_with_on_delete, unique_without_name, Edit,
    FieldLine,
};
use crate::schema::{
    Arity, FieldKind, IndexKind, Model, Provider, ReferentialAction, RelationMode,
};
use crate::syntax::tree::{self, Block, SchemaFile};

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
    relation_mode: RelationMode,
    /// Roles whose model exists after patching.
    exists: Vec<bool>,
    /// Reference enums the patched fields use: name, the most pressing severity, the first role.
    enums: Vec<(String, Severity, usize)>,
    findings: Vec<Finding>,
    edits: Vec<Edit>,
}

pub fn compare(
    reference: &Loaded,
    user: &Loaded,
    roles: &[Assignment],
    provider: Provider,
) -> Outcome {
    let has_feature_model = roles
        .iter()
        .any(|a| a.user_model.is_some() && !CORE_ROLES.contains(&a.key.as_str()));
    let relation_mode = user
        .schema
        .datasource
        .as_ref()
        .map(|d| d.relation_mode)
        .unwrap_or_default();
    let mut ctx = Ctx {
        reference,
        user,
        roles,
        provider,
        relation_mode,
        exists: vec![false; roles.len()],
        enums: Vec::new(),
        findings: Vec::new(),
        edits: Vec::new(),
    };
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
    ctx.compare_enums();
    Outcome {
        findings: ctx.findings,
        edits: ctx.edits,
    }
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
        self.reference
            .schema
            .models
            .iter()
            .find(|m| m.name == name)
            .expect("roles come from the reference")
    }

    fn ref_block(&self, i: usize) -> Option<(&SchemaFile, &Block)> {
        model_block(&self.reference.files, &self.roles[i].reference_model)
    }

    fn role_of_ref_model(&self, name: &str) -> Option<usize> {
        self.roles.iter().position(|a| a.reference_model == name)
    }

    /// A reference type under the user's names.
    fn rename(&self, name: &str) -> String {
        self.role_of_ref_model(name)
            .map(|i| self.roles[i].name.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// Records a gap; `text` is its message and its fix.
    fn push(
        &mut self,
        i: usize,
        key: String,
        kind: ChangeKind,
        field: Option<&str>,
        severity: Severity,
        text: (String, String),
    ) {
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

    /// A missing `@@index`/`@@unique`: the finding, and the block attribute that patches it.
    fn missing_block_attribute(
        &mut self,
        i: usize,
        key: String,
        kind: ChangeKind,
        severity: Severity,
        message: String,
        text: String,
    ) {
        self.push(i, key, kind, None, severity, (message, text.clone()));
        self.edits.push(Edit::AddBlockAttribute {
            model: self.roles[i].name.clone(),
            text,
        });
    }

    fn deprecated(&self, i: usize, field: &str) -> bool {
        self.ref_block(i)
            .and_then(|(_, b)| field_syntax(b, field))
            .and_then(|f| f.trailing_comment.as_ref())
            .is_some_and(|c| policy::is_deprecated(&c.text))
    }

    fn compare_model(&mut self, i: usize, user_model: &str) {
        let Some(model) = self
            .user
            .schema
            .models
            .iter()
            .find(|m| m.name == user_model)
        else {
            return;
        };
        let ref_model = self.ref_model(i).clone();
        let role = self.roles[i].role.clone();
        let user_block = model_block(&self.user.files, user_model);
        // The line each user field gets, when a change rewrites it.
        let mut rewrites: HashMap<String, FieldLine> = HashMap::new();
        let line_of =
            |rewrites: &mut HashMap<String, FieldLine>, field: &str| -> Option<FieldLine> {
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
            let target_role = rf
                .relation()
                .and_then(|_| target_name(&self.reference.schema, rf))
                .and_then(|t| self.role_of_ref_model(t));
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
            // Key types (ids, foreign keys) and relations that point at another model of the
            // user's are the user's design. A scalar where the runtime needs a relation (or the
            // reverse) involves the other model: the runtime needs it, the user changes it.
            let key_type =
                rf.is_id || is_fk(model, &rf.name) || (uf.is_relation() && rf.relation().is_some());
            let relation = uf.is_relation() != rf.relation().is_some();
            // Whether the user's `@default` goes with the old type or list-ness (a default is a value
            // of that type): the reference's default, if any, is then asked for below.
            let mut default_dropped = false;
            // The type the field has once patched.
            let mut patched_base = have_base.clone();
            if want_base != have_base {
                // An enum in place of a String works while it holds the values the runtime writes.
                let enum_for_string =
                    matches!(uf.kind, FieldKind::Enum(_)) && want_base == "String";
                let severity = if !relation && (key_type || enum_for_string) {
                    Severity::Optional
                } else {
                    Severity::Required
                };
                let note = if relation {
                    ": change the relation by hand"
                } else if want_base == "Json" {
                    policy::json_note(self.provider)
                } else if enum_for_string {
                    " (fine while the enum has every value the runtime writes)"
                } else {
                    ""
                };
                let mut message = format!(
                    "`{user_model}.{}` is `{have}` but NodeLLM needs `{want}`{note}.",
                    rf.name
                );
                // A required scalar type is retyped in place (the migration then carries the cast,
                // and Prisma's warning where it can fail); native types and the default belong to
                // the old type. Anything else is only reported.
                let retyped = severity == Severity::Required && !relation;
                if retyped {
                    if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                        line.field_type = want.clone();
                        line.remove_attributes(|name| name.starts_with("db."));
                        let dropped = line.remove_attributes(|name| name == "default");
                        if let Some(old) = dropped.first() {
                            message.push_str(&format!(" Its `{old}` goes with the old type."));
                        }
                        default_dropped = !dropped.is_empty();
                        rewrites.insert(rf.name.to_string(), line);
                    }
                    patched_base = want_base.clone();
                    self.need_enum(i, rf, severity);
                }
                self.push(
                    i,
                    format!("type:{key}"),
                    ChangeKind::TypeMismatch,
                    Some(&rf.name),
                    severity,
                    (message, format!("{} {want}", rf.name)),
                );
                if !retyped {
                    continue;
                }
            } else {
                // The same enum by name: its values are compared.
                self.need_enum(i, rf, Severity::Required);
            }
            if want_base == have_base && rf.arity != uf.arity {
                let list = rf.arity == Arity::List || uf.arity == Arity::List;
                let stricter = rf.arity == Arity::Optional && uf.arity == Arity::Required;
                // A scalar's list-ness is retyped like its type. A back-relation list becomes the
                // reference's 1:1 (whose foreign key's `@unique` is asked for on the other side);
                // the other way round the other side's `@unique` must go, which is left to the user.
                let relation_list = list
                    && (uf.is_relation() || rf.relation().is_some())
                    && rf.arity == Arity::List;
                let severity = if list || stricter {
                    Severity::Required
                } else {
                    Severity::Optional
                };
                let message = if stricter {
                    format!("`{user_model}.{}` is required but the runtime may leave it empty: make it `{want}`.", rf.name)
                } else if relation_list {
                    format!("`{user_model}.{}` is `{have}`; the runtime needs `{want}`: change the relation by hand.", rf.name)
                } else if list {
                    format!(
                        "`{user_model}.{}` is `{have}` but the runtime reads and writes `{want}`.",
                        rf.name
                    )
                } else {
                    format!(
                        "`{user_model}.{}` is `{have}`; the reference declares `{want}`.",
                        rf.name
                    )
                };
                self.push(
                    i,
                    format!("arity:{key}"),
                    ChangeKind::ArityMismatch,
                    Some(&rf.name),
                    severity,
                    (message, format!("{} {want}", rf.name)),
                );
                if stricter || (list && !relation_list) {
                    if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                        line.field_type = want.clone();
                        if list {
                            default_dropped =
                                !line.remove_attributes(|name| name == "default").is_empty();
                        }
                        rewrites.insert(rf.name.to_string(), line);
                    }
                }
            }
            let ref_attr = |name: &str| -> Option<String> {
                let (file, block) = model_block(&self.reference.files, &ref_model.name)?;
                let f = field_syntax(block, &rf.name)?;
                f.attributes
                    .iter()
                    .find(|a| a.name.name == name)
                    .map(|a| file.text[a.span.range()].to_string())
            };
            let mut missing_attrs: Vec<(&str, bool)> = Vec::new();
            // `@@id([id])` is the same primary key as `id … @id`.
            let single_id = model
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.fields.len() == 1 && pk.fields[0].field == rf.name);
            if rf.is_id && !uf.is_id && !single_id {
                missing_attrs.push(("id", model.primary_key.is_none()));
            }
            if rf.default.is_some() && (uf.default.is_none() || default_dropped) {
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
                self.push(
                    i,
                    format!("attr:{key}.{attr}"),
                    ChangeKind::MissingAttribute,
                    Some(&rf.name),
                    Severity::Required,
                    (message, text.clone()),
                );
                if patchable {
                    if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                        insert_field_attribute(&mut line.attributes, text);
                        rewrites.insert(rf.name.to_string(), line);
                    }
                }
            }
            if let (Some(want_rel), Some(have_rel)) = (rf.relation(), uf.relation()) {
                if want_rel.fields.is_some()
                    && (want_rel.fields != have_rel.fields
                        || want_rel.references != have_rel.references)
                {
                    let message = format!(
                        "`{user_model}.{}` must relate by fields {:?} referencing {:?}.",
                        rf.name,
                        want_rel.fields.clone().unwrap_or_default(),
                        want_rel.references.clone().unwrap_or_default()
                    );
                    let fix = ref_attr("relation").unwrap_or_default();
                    self.push(
                        i,
                        format!("relation:{key}"),
                        ChangeKind::RelationMismatch,
                        Some(&rf.name),
                        Severity::Required,
                        (message, fix),
                    );
                } else if want_rel.on_delete.is_some() && want_rel.on_delete != have_rel.on_delete {
                    let action = on_delete_name(want_rel.on_delete.expect("checked"));
                    let message = format!(
                        "`{user_model}.{}` needs `onDelete: {action}`: deleting a chat must remove its rows.",
                        rf.name
                    );
                    self.push(
                        i,
                        format!("onDelete:{key}"),
                        ChangeKind::RelationMismatch,
                        Some(&rf.name),
                        Severity::Required,
                        (message, format!("onDelete: {action}")),
                    );
                    if let (Some(mut line), Some((file, block))) =
                        (line_of(&mut rewrites, &rf.name), user_block)
                    {
                        if let Some(new_attr) = field_syntax(block, &rf.name)
                            .and_then(|f| relation_with_on_delete(&file.text, f, action))
                        {
                            if let Some(slot) = line
                                .attributes
                                .iter_mut()
                                .find(|a| a.starts_with("@relation"))
                            {
                                *slot = new_attr;
                                rewrites.insert(rf.name.to_string(), line);
                            }
                        }
                    }
                }
            }
            let native_type = uf.native_type.is_some() && patched_base == have_base;
            if policy::needs_long_text(self.provider, &rf.name)
                && patched_base == "String"
                && !native_type
            {
                let message = format!("`{user_model}.{}` is VARCHAR(191) on MySQL, too short for model output: use `@db.Text`.", rf.name);
                self.push(
                    i,
                    format!("native:{key}"),
                    ChangeKind::NativeType,
                    Some(&rf.name),
                    Severity::Recommended,
                    (message, "@db.Text".into()),
                );
                if let Some(mut line) = line_of(&mut rewrites, &rf.name) {
                    insert_field_attribute(&mut line.attributes, "@db.Text".to_string());
                    rewrites.insert(rf.name.to_string(), line);
                }
            }
        }

        for fields in self.emulated_key_indexes(i) {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            if !has_index_on(model, &fields) {
                let list = fields.join(", ");
                let text = format!("@@index([{list}])");
                let message = format!(
                    "`{user_model}` has no index on ({list}): with relationMode = \"prisma\" there is no foreign key to look rows up by."
                );
                self.missing_block_attribute(
                    i,
                    format!("index:{role}({list})"),
                    ChangeKind::MissingIndex,
                    Severity::Recommended,
                    message,
                    text,
                );
            }
        }

        for index in ref_model.indexes.iter().filter(|x| !x.field_level) {
            let fields: Vec<&str> = index.fields.iter().map(|f| f.field.as_str()).collect();
            let list = fields.join(", ");
            match index.kind {
                IndexKind::Normal if !has_index_on(model, &fields) => {
                    let text = format!("@@index([{list}])");
                    let message = format!("`{user_model}` has no index on ({list}).");
                    self.missing_block_attribute(
                        i,
                        format!("index:{role}({list})"),
                        ChangeKind::MissingIndex,
                        Severity::Recommended,
                        message,
                        text,
                    );
                }
                IndexKind::Unique => match unique_on(model, &fields) {
                    None => {
                        let text = format!("@@unique([{list}])");
                        let message =
                            format!("`{user_model}` needs a unique constraint on ({list}).");
                        self.missing_block_attribute(
                            i,
                            format!("unique:{role}({list})"),
                            ChangeKind::MissingUnique,
                            Severity::Required,
                            message,
                            text,
                        );
                    }
                    Some(Some(name)) if index.name.is_none() => {
                        let default_name = fields.join("_");
                        let message = format!(
                            "`{user_model}`'s unique constraint on ({list}) is named `{name}`; the runtime looks it up as `{default_name}`: drop `name:`."
                        );
                        let renamed = user_block.and_then(|(file, block)| {
                            unique_without_name(&file.text, block, &fields)
                        });
                        let fix = renamed
                            .as_ref()
                            .map(|(_, new)| new.clone())
                            .unwrap_or_else(|| format!("@@unique([{list}])"));
                        self.push(
                            i,
                            format!("uniqueName:{role}({list})"),
                            ChangeKind::UniqueName,
                            None,
                            Severity::Required,
                            (message, fix),
                        );
                        if let Some((old, text)) = renamed {
                            self.edits.push(Edit::ReplaceBlockAttribute {
                                model: user_model.to_string(),
                                old,
                                text,
                            });
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }

        // Rewrites in field order, so the patch is deterministic.
        for f in &model.fields {
            if let Some(line) = rewrites.remove(f.name.as_str()) {
                self.edits.push(Edit::ReplaceField {
                    model: user_model.to_string(),
                    field: f.name.to_string(),
                    line,
                });
            }
        }
    }
}

impl Ctx<'_> {
    /// Notes that a patched field of role `i` uses reference field `rf`'s type, if it is an enum.
    fn need_enum(&mut self, i: usize, rf: &crate::schema::Field, severity: Severity) {
        let FieldKind::Enum(id) = rf.kind else { return };
        let Some(name) = self
            .reference
            .schema
            .enums
            .get(id)
            .map(|e| e.name.to_string())
        else {
            return;
        };
        match self.enums.iter_mut().find(|(n, _, _)| *n == name) {
            Some(entry) => entry.1 = entry.1.min(severity),
            None => self.enums.push((name, severity, i)),
        }
    }

    /// The reference enums the patched fields use: added when the user has none of that name, else
    /// the values the user's enum lacks are added (the runtime may write any of them).
    fn compare_enums(&mut self) {
        for (name, severity, i) in std::mem::take(&mut self.enums) {
            let Some(reference) = self.reference.schema.enums.iter().find(|e| e.name == name)
            else {
                continue;
            };
            let role = self.roles[i].key.clone();
            let finding =
                |kind, key: String, field: Option<String>, message: String, fix: String| Finding {
                    key,
                    kind,
                    role: role.clone(),
                    model: name.clone(),
                    field,
                    severity,
                    message,
                    fix,
                };
            match self.user.schema.enums.iter().find(|e| e.name == name) {
                None => {
                    let Some(text) = enum_text(&self.reference.files, &name) else {
                        continue;
                    };
                    if self.user.schema.models.iter().any(|m| m.name == name)
                        || self
                            .user
                            .schema
                            .composite_types
                            .iter()
                            .any(|c| c.name == name)
                    {
                        continue;
                    }
                    let message = format!("Enum `{name}` is missing.");
                    self.findings.push(finding(
                        ChangeKind::MissingEnum,
                        format!("enum:{name}"),
                        None,
                        message,
                        text.clone(),
                    ));
                    let near = self.roles.iter().find_map(|a| a.user_model.clone());
                    self.edits.push(Edit::AddEnum { near, text });
                }
                Some(user_enum) => {
                    let missing: Vec<String> = reference
                        .values
                        .iter()
                        .filter(|v| !user_enum.values.iter().any(|u| u.name == v.name))
                        .map(|v| v.name.to_string())
                        .collect();
                    for value in &missing {
                        let message = format!("Enum `{name}` lacks the value `{value}`.");
                        let key = format!("enumValue:{name}.{value}");
                        self.findings.push(finding(
                            ChangeKind::MissingEnumValue,
                            key,
                            Some(value.clone()),
                            message,
                            value.clone(),
                        ));
                    }
                    if !missing.is_empty() {
                        self.edits.push(Edit::AddEnumValues {
                            name: name.clone(),
                            values: missing,
                        });
                    }
                }
            }
        }
    }

    /// With `relationMode = "prisma"` the database has no foreign keys, so every relation's key
    /// fields need an index of their own (Prisma warns otherwise): the key field lists of role `i`'s
    /// reference model that no reference index starts with.
    fn emulated_key_indexes(&self, i: usize) -> Vec<Vec<String>> {
        if self.relation_mode != RelationMode::Prisma {
            return Vec::new();
        }
        let reference = self.ref_model(i);
        reference
            .fields
            .iter()
            .filter_map(|f| f.relation()?.fields.as_ref())
            .map(|fields| fields.iter().map(|f| f.as_str()).collect::<Vec<_>>())
            .filter(|fields| !has_index_on(reference, fields))
            .map(|fields| fields.into_iter().map(str::to_string).collect())
            .collect()
    }
}

/// An enum block as the reference writes it.
fn enum_text(files: &[SchemaFile], name: &str) -> Option<String> {
    files.iter().find_map(|f| {
        f.items.iter().find_map(|item| match item {
            tree::TopItem::Block(b) if b.kind == tree::BlockKind::Enum && b.name.name == name => {
                Some(f.text[b.span.range()].trim_end().to_string())
            }
            _ => None,
        })
    })
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
