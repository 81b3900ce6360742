//! The `OptPlatform` query parameter: which kind of client caused the callback.

use std::fmt;

/// The platform that triggered a callback (`OptPlatform`).
///
/// Tencent spells these inconsistently (`iOS`, `IOS`, `IPad`, `macOS`, …), so matching is
/// case-insensitive and the documented alternative spellings map to one variant. Values no
/// page lists are kept as given in [`Platform::Other`].
///
/// ```
/// use tencent_im_callback::query::Platform;
///
/// assert_eq!(Platform::from_wire("IOS"), Platform::Ios);
/// assert_eq!(Platform::from_wire("ios").as_str(), "iOS");
/// assert_eq!(Platform::from_wire("HarmonyOS"), Platform::Other("HarmonyOS".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// `RESTAPI`: the app's own server called Tencent's REST API.
    RestApi,
    /// `Web`.
    Web,
    /// `Android`.
    Android,
    /// `iOS` (also sent as `IOS`).
    Ios,
    /// `Windows`.
    Windows,
    /// `Mac` (also written `macOS`).
    Mac,
    /// `iPad` (also written `IPad`).
    IPad,
    /// `Linux`.
    Linux,
    /// `Unknown`: Tencent itself did not know the platform.
    Unknown,
    /// Any other value, exactly as received.
    Other(String),
}

/// Canonical spelling first; every spelling is compared without regard to case.
const SPELLINGS: &[(&str, Platform)] = &[
    ("RESTAPI", Platform::RestApi),
    ("Web", Platform::Web),
    ("Android", Platform::Android),
    ("iOS", Platform::Ios),
    ("Windows", Platform::Windows),
    ("Mac", Platform::Mac),
    ("macOS", Platform::Mac),
    ("iPad", Platform::IPad),
    ("Linux", Platform::Linux),
    ("Unknown", Platform::Unknown),
];

impl Platform {
    /// Reads an `OptPlatform` value; never fails.
    pub fn from_wire(value: &str) -> Platform {
        SPELLINGS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(value))
            .map(|(_, platform)| platform.clone())
            .unwrap_or_else(|| Platform::Other(value.to_owned()))
    }

    /// The canonical spelling (`iOS`, `RESTAPI`, …), or the value as received.
    pub fn as_str(&self) -> &str {
        match self {
            Platform::RestApi => "RESTAPI",
            Platform::Web => "Web",
            Platform::Android => "Android",
            Platform::Ios => "iOS",
            Platform::Windows => "Windows",
            Platform::Mac => "Mac",
            Platform::IPad => "iPad",
            Platform::Linux => "Linux",
            Platform::Unknown => "Unknown",
            Platform::Other(value) => value,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casings_seen_in_tencent_pages_are_one_value() {
        for spelling in ["iOS", "IOS", "ios"] {
            assert_eq!(Platform::from_wire(spelling), Platform::Ios);
        }
        assert_eq!(Platform::from_wire("IPad"), Platform::IPad);
        assert_eq!(Platform::from_wire("macOS"), Platform::Mac);
        assert_eq!(Platform::from_wire("restapi"), Platform::RestApi);
    }

    #[test]
    fn canonical_spellings_round_trip() {
        for (name, platform) in SPELLINGS {
            assert_eq!(&Platform::from_wire(name), platform);
        }
        assert_eq!(Platform::from_wire("IOS").to_string(), "iOS");
    }

    #[test]
    fn unlisted_values_are_kept() {
        assert_eq!(Platform::from_wire("Car").as_str(), "Car");
    }
}
