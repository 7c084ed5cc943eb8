//! Checks Prisma runs right after parsing (`parser-database` names and context checks) that users
//! experience as syntax errors.

use super::diagnostic::Diagnostic;
use super::tree::SchemaFile;

/// Checks that need only one file.
pub fn check_file(_file: &SchemaFile, _diags: &mut Vec<Diagnostic>) {}

/// Checks across all files of a schema.
pub fn check_schema(_files: &[SchemaFile], _diags: &mut Vec<Diagnostic>) {}
