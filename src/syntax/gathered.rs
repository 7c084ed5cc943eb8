//! What the checks across blocks (`names::check_schema`, `models::check_schema`) need from each
//! block, gathered by the parser as it builds the block, while its tree is still in cache: the
//! tree of a big schema is far larger than the cache, and walking it again for these checks cost
//! about a seventh of the parse.

use super::diagnostic::Diagnostic;
use super::models::{self, ModelFindings};
use super::names::{self, is_scalar_type, Members};
use super::tree::{BaseType, Block, BlockItem, SchemaFile};

/// Names copied out of the tree into one buffer, in order. Cloning a `CompactString` for each
/// (they were tens of thousands) stalled on store forwarding, and these names are only looked up.
#[derive(Debug, Default)]
pub struct NameList {
    text: String,
    ends: Vec<u32>,
}

impl NameList {
    pub fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len() as u32);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, index: usize) -> &str {
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] as usize,
        };
        &self.text[start..self.ends[index] as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    pub fn append(&mut self, next: &mut NameList) {
        let base = self.text.len() as u32;
        self.text.push_str(&next.text);
        self.ends.extend(next.ends.iter().map(|end| end + base));
    }
}

#[derive(Debug, Default)]
pub struct Gathered {
    members: Members,
    models: ModelFindings,
}

impl Gathered {
    /// Called once per built block, in file order: one walk over its members for both checks.
    pub fn gather(&mut self, block: &Block) {
        self.members.start(block);
        let mut model = self.models.start(block);
        for item in &block.items {
            match item {
                BlockItem::Field(field) => {
                    self.members.member(field.name());
                    let tpe = match field.field_type.as_ref().map(|t| &t.base) {
                        Some(BaseType::Named(tpe)) => Some(tpe),
                        _ => None,
                    };
                    if let Some(tpe) = tpe.filter(|t| !is_scalar_type(&t.name)) {
                        self.members.field_type(tpe);
                    }
                    if let Some(model) = &mut model {
                        self.models.field(block, field, tpe, model);
                    }
                }
                BlockItem::Property(property) => self.members.member(&property.key.name),
                BlockItem::EnumValue(value) => self.members.member(value.name()),
                BlockItem::Attribute(line) => {
                    if let Some(model) = &mut model {
                        model.block_attribute(&line.attribute);
                    }
                }
                _ => {}
            }
        }
        self.members.finish(block);
        self.models.finish(block, model);
    }

    /// Whether a datasource block was gathered.
    pub fn declares_datasource(&self) -> bool {
        self.members.declares_datasource()
    }

    /// Continues with what was gathered from the blocks that follow (the next file).
    pub fn append(&mut self, mut next: Gathered) {
        // Nothing gathered yet (the first file of `parse_all`): the next file's lists are taken
        // as they are instead of copied into empty ones (~1% of a 1,000-model parse's
        // instructions, cachegrind).
        if self.members.is_empty() {
            *self = next;
            return;
        }
        self.members.append(&mut next.members);
        self.models.append(&mut next.models);
    }

    /// The checks across all files, after every file's own diagnostics: names, then the model
    /// rules (which look at the diagnostics before them).
    pub fn check_schema(self, files: &[SchemaFile], diags: &mut Vec<Diagnostic>) {
        let declarations = names::check_schema(&self.members, diags);
        models::check_schema(files, &declarations, self.models, diags);
    }
}
