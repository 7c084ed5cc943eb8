//! What the checks across blocks (`names::check_schema`, `models::check_schema`) need from each
//! block, gathered by the parser as it builds the block, while its tree is still in cache: the
//! tree of a big schema is far larger than the cache, and walking it again for these checks cost
//! about a seventh of the parse.

use super::diagnostic::Diagnostic;
use super::models::{self, ModelFindings};
use super::names::{self, Members};
use super::tree::{Block, SchemaFile};

#[derive(Debug, Default)]
pub struct Gathered {
    members: Members,
    models: ModelFindings,
}

impl Gathered {
    /// Called once per built block, in file order.
    pub fn gather(&mut self, block: &Block) {
        self.members.gather(block);
        self.models.gather(block);
    }

    /// Continues with what was gathered from the blocks that follow (the next file).
    pub fn append(&mut self, mut next: Gathered) {
        self.members.append(&mut next.members);
        self.models.append(&mut next.models);
    }

    /// The checks across all files, after every file's own diagnostics: names, then the model
    /// rules (which look at the diagnostics before them).
    pub fn check_schema(self, files: &[SchemaFile], diags: &mut Vec<Diagnostic>) {
        let declarations = names::check_schema(files, self.members, diags);
        models::check_schema(files, &declarations, self.models, diags);
    }
}
