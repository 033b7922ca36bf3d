//! Which links may be opened: web links only.
//!
//! A source's `url` comes from a dataset anyone can write. Handed to the
//! system, a `javascript:`, `file:`, `data:`, `smb:` or `ms-msdt:` link, a
//! UNC path (`\\host\share`, which on Windows can send the user's
//! credentials to that host) or a relative path may run or open something
//! other than a web page. So the app makes a link clickable, and `check`
//! keeps quiet about it, only when [`web_link`] accepts it; everything else
//! is shown as plain text.

/// The link to open for `url`, or `None` when it is not a web link.
///
/// A web link is `https://` or `http://` (the scheme in any case) followed
/// by a host, with no spaces, backslashes, control or bidi
/// characters anywhere; surrounding
/// whitespace is ignored. Protocol-relative (`//host/…`), relative and
/// every other scheme are refused.
///
/// ```text
/// web_link(" HTTPS://example.org/a ") == Some("HTTPS://example.org/a")
/// web_link("javascript:alert(1)") == None
/// web_link(r"\\host\share") == None
/// ```
pub(crate) fn web_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return None;
    }
    // Bidi controls could make the shown link read as another one.
    let hidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || c == '\\'
            || matches!(
                c,
                // Bidi marks and controls, then zero-width characters that
                // would hide part of the address.
                '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                    | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
            )
    };
    if url.chars().any(hidden) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // `user:password@host:port` → `host`; a bracketed IPv6 address keeps its colons.
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if host_port.starts_with('[') {
        host_port
            .split_once(']')
            .map_or("", |(address, _)| address.trim_start_matches('['))
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    (!host.is_empty()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_are_kept_as_written() {
        for url in [
            "https://example.org",
            "http://example.org/a?b=c#d",
            "HTTPS://EXAMPLE.ORG/",
            "HtTp://example.org:8080/x",
            "https://user@example.org/",
            "https://[::1]:8443/",
            "https://example.org?q",
        ] {
            assert_eq!(web_link(url), Some(url), "{url}");
        }
        assert_eq!(
            web_link("  https://example.org/a\n"),
            Some("https://example.org/a")
        );
    }

    #[test]
    fn every_other_link_is_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript://example.org/%0aalert(1)",
            "file:///etc/passwd",
            "file://host/share",
            "data:text/html,<script>alert(1)</script>",
            "smb://host/share",
            "ms-msdt:/id PCWDiagnostic",
            "ftp://example.org/file",
            r"\\host\share",
            r"\\?\C:\Windows",
            "//example.org/path",
            "example.org",
            "docs/report.pdf",
            "/etc/passwd",
            "C:\\report.pdf",
            "https:example.org",
            "https:/example.org",
            "https://",
            "https:///path",
            "https://@/",
            "https://:443/",
            "https://[]/",
            r"https://\\host\share",
            r"https:\\example.org",
            "https://exa mple.org",
            "https://example.org/\u{1b}]0;x\u{7}",
            "https://example.org/\u{202e}",
            "https://exa\u{200b}mple.org/",
            "https://example.org/\u{61c}a",
            "",
            "   ",
        ] {
            assert_eq!(web_link(url), None, "{url:?}");
        }
    }
}
