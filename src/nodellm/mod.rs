//! NodeLLM ORM sync: compares a user's Prisma schema with the ORM's reference shapes (embedded data,
//! or a reference the caller passes) and patches in what is missing.

mod compare;
mod facts;
pub mod files;
mod policy;
mod report;
mod roles;
pub mod shapes;

pub use report::{
    Change, ChangeKind, DetectedBy, ModelMapping, PatchedFile, SchemaFiles, Severity, SyncInput,
    SyncReport, TableNames,
};

use std::sync::OnceLock;

use crate::error::{CoreError, CoreResult};
use crate::schema::Provider;
use compare::{compare, Finding};
use facts::{load, Loaded};
use shapes::{Release, RELEASES};

/// The embedded releases, parsed and resolved once per process.
fn releases() -> CoreResult<&'static [(&'static Release, Loaded)]> {
    static LOADED: OnceLock<CoreResult<Vec<(&'static Release, Loaded)>>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            RELEASES
                .iter()
                .map(|r| {
                    load(&[(format!("{}.prisma", r.version), r.schema.to_string())]).map(|l| (r, l))
                })
                .collect()
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// Compares `input.files` with the target reference and returns the gaps and the patched schema.
pub fn sync(input: SyncInput) -> CoreResult<SyncReport> {
    if input.files.is_empty() {
        return Err(CoreError::new(
            "INVALID_ARGUMENT",
            "sync needs at least one schema file",
        ));
    }
    let user = load(&input.files)?;
    let provider = policy::check_provider(
        user.schema
            .datasource
            .as_ref()
            .map(|d| d.provider)
            .unwrap_or(Provider::PostgreSql),
    )?;
    let names = input.table_names.as_ref();

    let releases = releases()?;

    let custom;
    let (target, reference): (String, &Loaded) = match &input.reference {
        Some(files) => {
            custom = load(files).map_err(|e| CoreError {
                code: "INVALID_REFERENCE",
                ..e
            })?;
            (
                input
                    .target
                    .clone()
                    .unwrap_or_else(|| "reference".to_string()),
                &custom,
            )
        }
        None => {
            let release = match &input.target {
                Some(v) => shapes::at(v).ok_or_else(|| {
                    let known: Vec<&str> = RELEASES.iter().map(|r| r.version).collect();
                    CoreError::new(
                        "INVALID_ARGUMENT",
                        format!(
                            "unknown target version `{v}` (released shapes: {})",
                            known.join(", ")
                        ),
                    )
                })?,
                None => shapes::latest(),
            };
            let label = input
                .target
                .clone()
                .unwrap_or_else(|| release.version.to_string());
            let loaded = releases
                .iter()
                .find(|(r, _)| r.version == release.version)
                .map(|(_, l)| l)
                .expect("every release is loaded");
            (label, loaded)
        }
    };

    if let Some(names) = names {
        let all: Vec<&crate::schema::Schema> = std::iter::once(&reference.schema)
            .chain(releases.iter().map(|(_, l)| &l.schema))
            .collect();
        roles::check_table_names(&all, names)?;
    }
    let roles = roles::assign(&reference.schema, &user.schema, names)?;
    let outcome = compare(reference, &user, &roles, provider);

    // Each release's gaps, to date every change and to find the level the schema fully has.
    // `None` where the models cannot be told apart under that release's roles: not had, dates nothing.
    let per_release: Vec<Option<Vec<Finding>>> = releases
        .iter()
        .map(|(_, loaded)| {
            roles::assign(&loaded.schema, &user.schema, names)
                .ok()
                .map(|r| compare(loaded, &user, &r, provider).findings)
        })
        .collect();
    // A shape is had when its features find everything they use: models, fields, types, attributes,
    // relations, unique constraints. Indexes (speed) and database advice (`@db.Text` on MySQL) are
    // still recommended, but do not lower the level: an app with agent sessions and none of the
    // message indexes is at 0.5.0, not at "no shape".
    let blocking = |f: &Finding| {
        f.severity != Severity::Optional
            && !matches!(f.kind, ChangeKind::NativeType | ChangeKind::MissingIndex)
    };
    let level = releases
        .iter()
        .zip(&per_release)
        .filter(|(_, findings)| findings.as_ref().is_some_and(|f| !f.iter().any(blocking)))
        .map(|((r, _), _)| r.version.to_string())
        .next_back();

    let mut changes: Vec<(usize, Change)> = outcome
        .findings
        .iter()
        .map(|f| {
            let first = per_release
                .iter()
                .position(|found| found.iter().flatten().any(|g| g.key == f.key));
            let (since, feature) = match first {
                Some(i) => (
                    RELEASES[i].version.to_string(),
                    RELEASES[i].feature.to_string(),
                ),
                None => (target.clone(), "reference schema".to_string()),
            };
            let change = Change {
                kind: f.kind,
                model: f.model.clone(),
                role: f.role.clone(),
                field: f.field.clone(),
                feature,
                since,
                severity: f.severity,
                message: f.message.clone(),
                fix: f.fix.clone(),
            };
            (first.unwrap_or(RELEASES.len()), change)
        })
        .collect();
    changes.sort_by_key(|(order, _)| *order);
    let changes: Vec<Change> = changes.into_iter().map(|(_, c)| c).collect();

    let patched = crate::patch::apply(&user.files, &outcome.edits)?;
    let schema: Vec<PatchedFile> = input
        .files
        .iter()
        .zip(patched)
        .map(|((path, before), content)| PatchedFile {
            path: path.clone(),
            changed: *before != content,
            content,
        })
        .collect();
    if schema.iter().any(|f| f.changed) {
        let files: Vec<(String, String)> = schema
            .iter()
            .map(|f| (f.path.clone(), f.content.clone()))
            .collect();
        load(&files).map_err(|e| {
            CoreError::new(
                "INTERNAL_ERROR",
                format!(
                    "the patched schema does not parse, please report this: {}",
                    e.message
                ),
            )
        })?;
    }

    Ok(SyncReport {
        up_to_date: !changes.iter().any(|c| c.severity != Severity::Optional),
        level,
        target,
        provider: provider.as_str().to_string(),
        models: roles
            .iter()
            .map(|a| ModelMapping {
                role: a.key.clone(),
                model: a.name.clone(),
                detected_by: a.detected_by,
                present: a.user_model.is_some(),
            })
            .collect(),
        changes,
        schema,
    })
}
