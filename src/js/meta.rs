//! Facts about the addon itself, so JS can check it loaded the build it expects.

use napi_derive::napi;

use super::guard;

/// The version of the native core (the crate version, equal to the npm package version).
#[napi]
pub fn version() -> napi::Result<String> {
    guard(|| Ok(env!("CARGO_PKG_VERSION").to_string()))
}

#[cfg(test)]
mod tests {
    /// npm and Cargo must publish the same version: `version()` is how JS tells which core it loaded.
    #[test]
    fn the_crate_and_the_npm_package_share_one_version() {
        let manifest =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/package.json")).unwrap();
        let package: serde_json::Value = serde_json::from_str(&manifest).unwrap();
        assert_eq!(
            super::version().unwrap(),
            package["version"].as_str().unwrap()
        );
    }
}
