//! What sync adds from the reference, under the user's names: new fields (with the reference's
//! attributes and comments, `@db.Text` where MySQL needs it, the native type of the key a foreign key
//! references) and whole new models, leaving out relations whose other side points elsewhere.

use super::{arity_suffix, comment_text, Ctx};
use crate::nodellm::facts::{field_syntax, model_block, target_name, type_name};
use crate::nodellm::policy;
use crate::nodellm::report::{ChangeKind, Severity};
use crate::patch::{field_line, insert_field_attribute, Edit, FieldLine, NewLine, NewModel};
use crate::schema::Field;
use crate::syntax::tree::{self, BlockItem, SchemaFile};

impl Ctx<'_> {
    /// The reference field as a line for the user's schema: renamed types, the reference's
    /// attributes and comment, `@db.Text` where MySQL needs it.
    fn new_field_line(
        &self,
        i: usize,
        file: &SchemaFile,
        field: &tree::Field,
        resolved: &Field,
    ) -> FieldLine {
        let mut line = field_line(&file.text, field);
        if let Some(native) = self.referenced_native_type(i, &resolved.name) {
            if !line.attributes.iter().any(|a| a.starts_with("@db.")) {
                insert_field_attribute(&mut line.attributes, native);
            }
        }
        let base = match resolved.relation() {
            Some(_) => {
                self.rename(target_name(&self.reference.schema, resolved).unwrap_or_default())
            }
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

    /// For a foreign-key field of role `i`'s reference model: the native type (`@db.Uuid`) of the
    /// user's field it references, which the database needs the key column to share.
    fn referenced_native_type(&self, i: usize, scalar: &str) -> Option<String> {
        let reference = &self.reference.schema;
        self.ref_model(i).fields.iter().find_map(|f| {
            let relation = f.relation()?;
            let position = relation.fields.as_ref()?.iter().position(|x| x == scalar)?;
            let referenced = relation.references.as_ref()?.get(position)?;
            let t = self.role_of_ref_model(target_name(reference, f)?)?;
            let (file, block) = model_block(&self.user.files, self.roles[t].user_model.as_ref()?)?;
            let field = field_syntax(block, referenced)?;
            let native = field
                .attributes
                .iter()
                .find(|a| a.name.name.starts_with("db."))?;
            Some(file.text[native.span.range()].to_string())
        })
    }

    pub(super) fn missing_model(&mut self, i: usize, severity: Severity) {
        let name = self.roles[i].name.clone();
        let Some((file, block)) = self.ref_block(i) else {
            return;
        };
        let ref_model = self.ref_model(i);
        let mut sections: Vec<Vec<NewLine>> = vec![Vec::new()];
        let mut attributes = Vec::new();
        // The added fields, for the enums they use.
        let mut typed = Vec::new();
        for item in &block.items {
            match item {
                BlockItem::Field(f) => {
                    let Some(resolved) = ref_model.field(&f.name.name) else {
                        continue;
                    };
                    let skip = resolved.relation().is_some_and(|_| {
                        let target =
                            target_name(&self.reference.schema, resolved).unwrap_or_default();
                        self.role_of_ref_model(target)
                            .is_some_and(|t| !self.exists[t])
                            || !self.relation_fits(i, resolved)
                    });
                    if !skip {
                        sections
                            .last_mut()
                            .expect("non-empty")
                            .push(NewLine::Field(self.new_field_line(i, file, f, resolved)));
                        typed.push(resolved.clone());
                    }
                }
                BlockItem::Comment(c) => {
                    let section = sections.last_mut().expect("non-empty");
                    section.extend(
                        c.comments
                            .iter()
                            .map(|c| NewLine::Comment(comment_text(file, c))),
                    );
                }
                BlockItem::Blank(_) => sections.push(Vec::new()),
                BlockItem::Attribute(a) => {
                    attributes.push(file.text[a.content.range()].to_string())
                }
                _ => {}
            }
        }
        sections.retain(|s| !s.is_empty());
        for fields in self.emulated_key_indexes(i) {
            attributes.push(format!("@@index([{}])", fields.join(", ")));
        }
        attributes.sort_by_key(|a| crate::patch::block_attribute_rank(a));
        let model = NewModel {
            name: name.clone(),
            sections,
            attributes,
        };
        let fix = crate::patch::render_model(&model, "\n");
        let role = self.roles[i].key.clone();
        let message = match severity {
            Severity::Optional => {
                format!("No `{role}` model: optional, add `{name}` to use this feature.")
            }
            _ => format!("Model `{name}` (the `{role}` model) is missing."),
        };
        self.push(
            i,
            format!("model:{}", self.roles[i].role),
            ChangeKind::MissingModel,
            None,
            severity,
            (message, fix),
        );
        if severity != Severity::Optional {
            let near = self.roles.iter().find_map(|a| a.user_model.clone());
            self.edits.push(Edit::AddModel { near, model });
            for field in &typed {
                self.need_enum(i, field, severity);
            }
        }
    }

    /// Whether adding relation field `rf` to role `i`'s model keeps the schema valid: the opposite
    /// field, in the user's model of the other role, is absent (sync adds it) or already points here.
    fn relation_fits(&self, i: usize, rf: &Field) -> bool {
        let reference = &self.reference.schema;
        let here = &self.roles[i].reference_model;
        let Some(t) = target_name(reference, rf).and_then(|name| self.role_of_ref_model(name))
        else {
            return true;
        };
        let Some(user_model) = &self.roles[t].user_model else {
            return true;
        };
        let name = rf.relation().and_then(|r| r.name.clone());
        let opposite = self.ref_model(t).fields.iter().find(|f| {
            target_name(reference, f) == Some(here.as_str())
                && f.relation().and_then(|r| r.name.clone()) == name
        });
        let Some(opposite) = opposite else {
            return true;
        };
        let Some(model) = self
            .user
            .schema
            .models
            .iter()
            .find(|m| m.name == user_model)
        else {
            return true;
        };
        match model.field(&opposite.name) {
            None => true,
            Some(existing) => {
                target_name(&self.user.schema, existing) == Some(self.roles[i].name.as_str())
            }
        }
    }

    pub(super) fn missing_field(&mut self, i: usize, user_model: &str, rf: &Field, key: String) {
        if rf.relation().is_some() && !self.relation_fits(i, rf) {
            return;
        }
        let Some((file, block)) = self.ref_block(i) else {
            return;
        };
        let Some(syntax) = field_syntax(block, &rf.name) else {
            return;
        };
        let line = self.new_field_line(i, file, syntax, rf);
        let (kind, severity) = match rf.relation() {
            Some(r) if r.fields.is_some() => (ChangeKind::MissingRelation, Severity::Required),
            Some(_) => (ChangeKind::MissingBackRelation, Severity::Required),
            None if policy::is_schema_only(&rf.name) => {
                (ChangeKind::MissingField, Severity::Recommended)
            }
            None => (ChangeKind::MissingField, Severity::Required),
        };
        let mut bare = line.clone();
        bare.comment = None;
        let fix = bare.render(Default::default());
        let note = if type_name(&self.reference.schema, rf) == "Json" {
            policy::json_note(self.provider)
        } else {
            ""
        };
        let message = format!("`{user_model}` lacks `{}`{note}.", fix);
        self.need_enum(i, rf, severity);
        self.push(
            i,
            format!("field:{key}"),
            kind,
            Some(&rf.name),
            severity,
            (message, fix),
        );
        self.edits.push(Edit::AddField {
            model: user_model.to_string(),
            line,
        });
    }
}
