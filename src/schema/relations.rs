//! Pairs relation fields into relations, as Prisma does: a field's opposite is the field on the target
//! model that points back with the same relation name (self-relations: another field of the same model).

use std::hash::BuildHasher;

use compact_str::{format_compact, CompactString};
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::types::*;
use crate::syntax::diagnostic::{Diagnostic, Severity};

/// The relation fields that could be a field's opposite: by (model holding them, model they point
/// to, hash of their relation name), each key's fields in field order, chained through `next`. A
/// search of the target model's fields instead grows with the fields of a model many others point
/// to: the 1,000-model synthetic schema's 40 hub models have ~40 fields each, so its ~2,000
/// pairings read ~45k 136-byte fields scattered over the schema (where `perf` put about a third of
/// `resolve_all`'s own samples); through the index, ~2k.
struct Opposites {
    first: FxHashMap<(ModelId, ModelId, u64), usize>,
    /// Per entry of `relation_fields`, the next with its key (`usize::MAX`: none).
    next: Vec<usize>,
}

impl Opposites {
    fn new(models: &[Model], relation_fields: &[(ModelId, usize)]) -> Self {
        let mut first =
            FxHashMap::with_capacity_and_hasher(relation_fields.len(), Default::default());
        let mut next = vec![usize::MAX; relation_fields.len()];
        // Backwards, so each key's chain runs in field order.
        for (i, &(model_id, field_id)) in relation_fields.iter().enumerate().rev() {
            if let Some(rf) = models[model_id].fields[field_id].relation() {
                let key = (model_id, rf.target, name_hash(&rf.name));
                next[i] = first.insert(key, i).unwrap_or(usize::MAX);
            }
        }
        Opposites { first, next }
    }

    /// The fields of `holder` pointing to `target` whose relation name may be `name`, in field order.
    fn candidates<'a>(
        &'a self,
        relation_fields: &'a [(ModelId, usize)],
        (holder, target): (ModelId, ModelId),
        name: &Option<CompactString>,
    ) -> impl Iterator<Item = usize> + 'a {
        let start = self.first.get(&(holder, target, name_hash(name))).copied();
        std::iter::successors(start, |&i| Some(self.next[i]).filter(|&n| n != usize::MAX))
            .map(|i| relation_fields[i].1)
    }
}

fn name_hash(name: &Option<CompactString>) -> u64 {
    FxBuildHasher.hash_one(name.as_deref())
}

/// `relation_fields` are the (model, field) positions of every relation field, in source order: the
/// walk visits only them, as reading every field of a large schema again costs more than pairing.
pub fn pair_relations(
    models: &mut [Model],
    relation_fields: &[(ModelId, usize)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Relation> {
    let mut relations = Vec::with_capacity(relation_fields.len());
    let opposites = Opposites::new(models, relation_fields);
    for &(model_id, field_id) in relation_fields {
        let found = (&opposites, relation_fields);
        let Some((relation, target, opposite)) =
            pair(models, model_id, field_id, found, diagnostics)
        else {
            continue;
        };
        relations.push(relation);
        let relation_id = relations.len() - 1;
        set_relation(&mut models[model_id].fields[field_id], relation_id);
        if let Some(o) = opposite {
            set_relation(&mut models[target].fields[o], relation_id);
        }
    }
    // Prisma numbers relations in the order it meets their forward side (model A's field), walking
    // models and fields in source order; join tables and walks follow that order.
    let mut order: Vec<usize> = (0..relations.len()).collect();
    order.sort_by_key(|&i| (relations[i].model_a, relations[i].field_a));
    let mut new_id = vec![0; relations.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new;
    }
    for &(model_id, field_id) in relation_fields {
        if let FieldKind::Relation(rf) = &mut models[model_id].fields[field_id].kind {
            rf.relation = rf.relation.map(|r| new_id[r]);
        }
    }
    let mut slots: Vec<Option<Relation>> = relations.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i].take().expect("each relation moves once"))
        .collect()
}

/// The relation a not-yet-paired relation field starts, with its target model and the opposite field
/// there, if any. Read-only, so nothing is copied out of the models to look at them.
fn pair(
    models: &[Model],
    model_id: ModelId,
    field_id: usize,
    (opposites, relation_fields): (&Opposites, &[(ModelId, usize)]),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Relation, ModelId, Option<usize>)> {
    let this_field = &models[model_id].fields[field_id];
    let rf = this_field.relation()?;
    check_field_lists(models, model_id, field_id, rf, diagnostics);
    if rf.relation.is_some() {
        return None;
    }
    let target = rf.target;
    let opposite = models.get(target).and_then(|t| {
        (opposites.candidates(relation_fields, (target, model_id), &rf.name)).find(|&o| {
            let candidate = &t.fields[o];
            let Some(other) = candidate.relation() else {
                return false;
            };
            other.target == model_id
                && other.name == rf.name
                && other.relation.is_none()
                && !(target == model_id && candidate.name == this_field.name)
        })
    });
    if opposite.is_none() && rf.fields.is_none() {
        diagnostics.push(Diagnostic {
            code: "UNRESOLVED_RELATION",
            message: format!(
                "Error validating field `{0}` in model `{1}`: The relation field `{0}` on model `{1}` is missing an opposite relation field on the model `{2}`. Either run `prisma format` or add it manually.",
                this_field.name,
                models[model_id].name,
                models.get(target).map(|m| m.name.as_str()).unwrap_or("?")
            ),
            span: this_field.span,
            severity: Severity::Error,
        });
        return None;
    }
    let opposite_field = opposite.map(|o| &models[target].fields[o]);
    let both_lists =
        this_field.arity == Arity::List && opposite_field.is_some_and(|o| o.arity == Arity::List);
    let (a, b) = if both_lists {
        // Implicit m:n: A is the model whose name sorts first (self-relations: by field name).
        let other = opposite.unwrap_or(field_id);
        let this_key = (models[model_id].name.as_str(), this_field.name.as_str());
        let other_key = (
            models[target].name.as_str(),
            models[target].fields[other].name.as_str(),
        );
        if this_key <= other_key {
            ((model_id, field_id), (target, opposite))
        } else {
            ((target, other), (model_id, Some(field_id)))
        }
    } else if rf.fields.is_none()
        && opposite_field
            .and_then(Field::relation)
            .is_some_and(|o| o.fields.is_some())
    {
        (
            (target, opposite.unwrap_or_default()),
            (model_id, Some(field_id)),
        )
    } else {
        ((model_id, field_id), (target, opposite))
    };
    let kind = if both_lists {
        RelationKind::ManyToMany
    } else {
        let back_is_list =
            b.1.is_some_and(|f| models[b.0].fields[f].arity == Arity::List);
        if back_is_list {
            RelationKind::OneToMany
        } else {
            RelationKind::OneToOne
        }
    };
    let name = rf.name.clone().unwrap_or_else(|| {
        let (x, y) = (&models[model_id].name, &models[target].name);
        if x < y {
            format_compact!("{x}To{y}")
        } else {
            format_compact!("{y}To{x}")
        }
    });
    let relation = Relation {
        name,
        kind,
        model_a: a.0,
        field_a: a.1,
        model_b: b.0,
        field_b: b.1,
    };
    Some((relation, target, opposite))
}

/// `fields:` must name scalar fields of this model and `references:` fields of the target, in
/// Prisma's words (found by fuzzing: a foreign key over a missing or relation field made a schema
/// differ from itself).
fn check_field_lists(
    models: &[Model],
    model_id: ModelId,
    field_id: usize,
    rf: &RelationField,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let model = &models[model_id];
    let (mut missing_fields, mut relation_fields) = (Vec::new(), Vec::new());
    for name in rf.fields.iter().flatten() {
        match model.field(name) {
            None => missing_fields.push(name.as_str()),
            Some(f) if f.is_relation() => relation_fields.push(name.as_str()),
            Some(_) => {}
        }
    }
    let target = models.get(rf.target);
    let missing_references: Vec<&str> = match target {
        Some(target) => (rf.references.iter().flatten())
            .filter(|name| target.field(name).is_none())
            .map(|n| n.as_str())
            .collect(),
        None => Vec::new(),
    };
    let field = &model.fields[field_id];
    let mut report = |message: String| {
        diagnostics.push(Diagnostic {
            code: "UNKNOWN_RELATION_FIELD",
            message,
            span: field.span,
            severity: Severity::Error,
        });
    };
    if !missing_fields.is_empty() {
        report(format!(
            "Error validating: The argument fields must refer only to existing fields. The following fields do not exist in this model: {}",
            missing_fields.join(", ")
        ));
    }
    if !relation_fields.is_empty() {
        report(format!(
            "Error validating: The argument fields must refer only to scalar fields. But it is referencing the following relation fields: {}",
            relation_fields.join(", ")
        ));
    }
    if !missing_references.is_empty() {
        report(format!(
            "Error validating: The argument `references` must refer only to existing fields in the related model `{}`. The following fields do not exist in the related model: {}",
            target.map(|m| m.name.as_str()).unwrap_or("?"),
            missing_references.join(", ")
        ));
    }
}

fn set_relation(field: &mut Field, id: RelationId) {
    if let FieldKind::Relation(rf) = &mut field.kind {
        rf.relation = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::resolve;
    use crate::syntax::{parse_files, DEFAULT_PATH};

    /// Each relation as `Model.field <-> Model.field`, by name.
    fn pairs(text: &str) -> Vec<String> {
        let parsed = parse_files(&[(DEFAULT_PATH.to_string(), text.to_string())]);
        let (schema, diagnostics) = resolve(&parsed.files);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let side = |m: usize, f: Option<usize>| {
            let model = &schema.models[m];
            format!(
                "{}.{}",
                model.name,
                f.map_or("-", |f| model.fields[f].name.as_str())
            )
        };
        (schema.relations.iter())
            .map(|r| {
                let (a, b) = (side(r.model_a, Some(r.field_a)), side(r.model_b, r.field_b));
                format!("{} {a} <-> {b}", r.name)
            })
            .collect()
    }

    #[test]
    fn fields_pair_with_the_opposite_of_the_same_name_and_target() {
        // A hub pointed to under several names (its fields out of the pointing order), a relation
        // without a name, and a named self-relation, whose two fields must not pair with themselves.
        let schema = "model Hub {\n  id Int @id\n  zs A[] @relation(\"z\")\n  bs B[] @relation(\"x\")\n  xs A[] @relation(\"x\")\n  cs C[]\n}\n\
            model A {\n  id Int @id\n  x Int\n  hx Hub @relation(\"x\", fields: [x], references: [id])\n  z Int\n  hz Hub @relation(\"z\", fields: [z], references: [id])\n}\n\
            model B {\n  id Int @id\n  x Int\n  hx Hub @relation(\"x\", fields: [x], references: [id])\n}\n\
            model C {\n  id Int @id\n  h Int\n  hub Hub @relation(fields: [h], references: [id])\n  up Int?\n  parent C? @relation(\"t\", fields: [up], references: [id])\n  kids C[] @relation(\"t\")\n}\n";
        assert_eq!(
            pairs(schema),
            [
                "x A.hx <-> Hub.xs",
                "z A.hz <-> Hub.zs",
                "x B.hx <-> Hub.bs",
                "CToHub C.hub <-> Hub.cs",
                "t C.parent <-> C.kids",
            ]
        );
    }
}
