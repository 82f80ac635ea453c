//! Whether a site address leads anywhere.
//!
//! A printed plan sends people to the guide by its address and a QR code.
//! An address on a host that is reserved for examples or that names the
//! reader's own machine prints fine and scans fine, and then leads nowhere,
//! on a sheet that may stay on a fridge for months. This is the one place
//! that decides what counts as such a placeholder, for `check`'s warning
//! and for the printed plan alike.

/// Why `url` (an `http://` or `https://` address) is a placeholder rather
/// than a real address (`` `planwright.example` is reserved for examples
/// and leads nowhere ``), or `None` when it may be real.
///
/// Placeholders are the hosts RFC 2606 and RFC 6761 reserve: `example.com`,
/// `example.org`, `example.net` and their subdomains, any name under the
/// `.example`, `.test`, `.invalid` and `.localhost` top-level domains, and
/// `localhost`; and loopback addresses (`127.x.x.x`, `[::1]`, `0.0.0.0`).
pub fn placeholder(url: &str) -> Option<String> {
    let host = host(url);
    if host.is_empty() {
        return Some("it names no host".to_string());
    }
    let under = |domain: &str| {
        host == domain
            || host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.ends_with('.'))
    };
    let why = if ["example.com", "example.org", "example.net", "example"]
        .iter()
        .any(|d| under(d))
    {
        "is reserved for examples and leads nowhere"
    } else if under("test") || under("invalid") {
        "is reserved for tests and leads nowhere"
    } else if under("localhost") || host.starts_with("127.") || host == "[::1]" || host == "0.0.0.0"
    {
        "is the reader's own computer, not a site on the web"
    } else {
        return None;
    };
    Some(format!("`{host}` {why}"))
}

/// The host of `url`, lower-case and without a final dot: what comes after
/// `://`, before any path, query or fragment, without user information or
/// a port. An IPv6 host keeps its brackets (`[::1]`).
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if authority.starts_with('[') {
        authority
            .find(']')
            .map_or(authority, |end| &authority[..=end])
    } else {
        authority.split(':').next().unwrap_or("")
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_and_local_hosts_are_placeholders() {
        for url in [
            "https://example.com/",
            "https://EXAMPLE.org/guide/",
            "http://www.example.net/",
            "https://planwright.example/thoracic/",
            "https://clinic.test/",
            "https://x.invalid/",
            "http://localhost:1111/",
            "http://app.localhost/",
            "http://127.0.0.1:8080/site/",
            "http://[::1]:1111/",
            "http://0.0.0.0/",
            "https://user:pw@example.com./a",
            "https:///path-only/",
        ] {
            assert!(placeholder(url).is_some(), "{url}");
        }
    }

    #[test]
    fn real_looking_hosts_are_not() {
        for url in [
            "https://exercises.riverside-physio.co.uk/thoracic/",
            "https://example.co.uk/",
            "https://myexample.com/",
            "https://example.com.au/",
            "https://examples.org/",
            "https://testing.org/",
            "http://10.0.0.5/intranet/",
            "https://[2a00:1450:4009::1]/",
            "https://host.example.com.evil.org/",
        ] {
            assert_eq!(placeholder(url), None, "{url}");
        }
    }

    #[test]
    fn the_reason_names_the_host() {
        assert_eq!(
            placeholder("https://planwright.example/thoracic/").as_deref(),
            Some("`planwright.example` is reserved for examples and leads nowhere")
        );
        assert_eq!(
            placeholder("http://localhost:1111/").as_deref(),
            Some("`localhost` is the reader's own computer, not a site on the web")
        );
    }

    #[test]
    fn the_host_is_found_among_user_port_path_and_query() {
        assert_eq!(host("https://a:b@Host.org:8443/x?y#z"), "host.org");
        assert_eq!(host("https://host.org?x=/y"), "host.org");
        assert_eq!(host("http://[::1]:80/"), "[::1]");
        assert_eq!(host("https://"), "");
    }
}
