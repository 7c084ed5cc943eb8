//! The ORM's released schema shapes, embedded as data. Every published @node-llm/orm version's
//! `schema.prisma` equals one of these four (or differs only in whitespace), so a version maps to the
//! newest shape released at or before it.

/// One distinct released shape and the feature it introduced.
#[derive(Clone, Copy, Debug)]
pub struct Release {
    pub version: &'static str,
    pub feature: &'static str,
    pub schema: &'static str,
}

/// Oldest first.
pub const RELEASES: &[Release] = &[
    Release {
        version: "0.1.0",
        feature: "base models",
        schema: include_str!("shapes/0.1.0.prisma"),
    },
    Release {
        version: "0.2.0",
        feature: "Extended Thinking",
        schema: include_str!("shapes/0.2.0.prisma"),
    },
    Release {
        version: "0.5.0",
        feature: "AgentSession",
        schema: include_str!("shapes/0.5.0.prisma"),
    },
    Release {
        version: "0.8.0",
        feature: "correction rounds",
        schema: include_str!("shapes/0.8.0.prisma"),
    },
];

pub fn latest() -> &'static Release {
    RELEASES.last().expect("at least one release")
}

/// The shape in force at `version` (`0.7.1` → the 0.5.0 shape). `None` when `version` is not a
/// `major.minor.patch` string or predates the first release.
pub fn at(version: &str) -> Option<&'static Release> {
    let wanted = parse_version(version)?;
    RELEASES
        .iter()
        .rev()
        .find(|r| parse_version(r.version).is_some_and(|v| v <= wanted))
}

fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let v = v.trim().trim_start_matches('v');
    let core = v.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let version = (
        parts.next()??,
        parts.next().unwrap_or(Some(0))?,
        parts.next().unwrap_or(Some(0))?,
    );
    parts.next().is_none().then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_map_to_the_shape_in_force() {
        assert_eq!(at("0.7.1").unwrap().version, "0.5.0");
        assert_eq!(at("v0.2.3").unwrap().version, "0.2.0");
        assert_eq!(at("0.8.0").unwrap().version, "0.8.0");
        assert_eq!(at("1.0").unwrap().version, "0.8.0");
        assert!(at("0.0.9").is_none());
        assert!(at("latest").is_none());
    }
}
