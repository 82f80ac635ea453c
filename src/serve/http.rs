//! Just enough HTTP/1.1 for a local preview: read a request head, answer
//! with one response and close the connection. Pure helpers (parsing,
//! path resolution, content types, script injection) are kept apart from
//! the socket code so they can be tested without one.

use std::io::{self, Read, Write};
use std::net::TcpStream;

/// The longest request head accepted; browsers send well under 2 KiB.
const MAX_HEAD_BYTES: usize = 8 * 1024;

/// A status line's code and reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Status(pub(super) u16, pub(super) &'static str);

pub(super) const OK: Status = Status(200, "OK");
pub(super) const MOVED: Status = Status(301, "Moved Permanently");
pub(super) const BAD_REQUEST: Status = Status(400, "Bad Request");
pub(super) const NOT_FOUND: Status = Status(404, "Not Found");
pub(super) const METHOD_NOT_ALLOWED: Status = Status(405, "Method Not Allowed");
pub(super) const HEAD_TOO_LARGE: Status = Status(431, "Request Header Fields Too Large");
pub(super) const UNAVAILABLE: Status = Status(503, "Service Unavailable");

/// A request the server will answer.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Request {
    /// HEAD asks for the headers of a GET without its body.
    pub(super) head_only: bool,
    /// The path as sent (still percent-encoded), without query or fragment;
    /// safe to echo in a `Location` header.
    pub(super) raw_path: String,
    /// The decoded path inside the site, without the leading `/`: `""` for
    /// the root, `stages/` for a folder, `stages/x.html` for a file.
    pub(super) path: String,
}

/// Reads the request head (request line and headers) from `stream`.
pub(super) fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Status> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD_BYTES {
            return Err(HEAD_TOO_LARGE);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(BAD_REQUEST),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Where the blank line that ends a request head starts, if it has arrived.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    crlf.into_iter().chain(lf).min()
}

/// Parses a request line. Only GET and HEAD are served: the preview is
/// read-only.
pub(super) fn parse(head: &[u8]) -> Result<Request, Status> {
    let text = std::str::from_utf8(head).map_err(|_| BAD_REQUEST)?;
    let line = text.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BAD_REQUEST);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(BAD_REQUEST);
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(METHOD_NOT_ALLOWED),
    };
    let raw_path = target.split(['?', '#']).next().unwrap_or_default();
    if !raw_path.starts_with('/') || !raw_path.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(BAD_REQUEST);
    }
    let path = site_path(raw_path).ok_or(BAD_REQUEST)?;
    Ok(Request {
        head_only,
        raw_path: raw_path.to_string(),
        path,
    })
}

/// Decodes a URL path into a path inside the site. Refuses anything that
/// could name a file outside it (`..`, `.`, backslashes, NUL, empty
/// segments in the middle), even encoded, and anything not UTF-8.
fn site_path(raw: &str) -> Option<String> {
    let decoded = String::from_utf8(percent_decode(raw)?).ok()?;
    let inner = decoded.strip_prefix('/')?;
    let folder = inner.is_empty() || inner.ends_with('/');
    let trimmed = inner.strip_suffix('/').unwrap_or(inner);
    if !trimmed.is_empty() {
        let plain = trimmed.split('/').all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && !segment.contains(['\\', '\0'])
        });
        if !plain {
            return None;
        }
    }
    Some(if folder && !trimmed.is_empty() {
        format!("{trimmed}/")
    } else {
        trimmed.to_string()
    })
}

fn percent_decode(raw: &str) -> Option<Vec<u8>> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// What a site path leads to.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Resolved {
    /// Serve this file of the site.
    File(String),
    /// A folder asked for without its final `/`: send the browser to the
    /// address with it, so the index page's relative links work.
    AddSlash,
    /// Nothing here.
    Missing,
}

/// Maps a decoded site path to a file, with `index.html` for the root and
/// for folders. `exists` says whether the site has a file.
pub(super) fn resolve(path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return if exists(&index) {
            Resolved::File(index)
        } else {
            Resolved::Missing
        };
    }
    if exists(path) {
        Resolved::File(path.to_string())
    } else if exists(&format!("{path}/index.html")) {
        Resolved::AddSlash
    } else {
        Resolved::Missing
    }
}

/// The `Content-Type` for a file, from its extension.
pub(super) fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// True when a response of this type is a page the live-reload script
/// should be added to.
pub(super) fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

/// Returns `html` with `tag` inserted before its last `</body>` (or at
/// the end when there is none). Only responses change; the site's files
/// are never touched.
pub(super) fn inject_before_body_end(html: &[u8], tag: &str) -> Vec<u8> {
    let at = rfind_ignore_case(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Adds `<base href="/">` at the start of `<head>` when the page has none,
/// so a not-found page answered at a nested address still finds its
/// stylesheet through its root-relative links.
pub(super) fn with_root_base(html: &[u8]) -> Vec<u8> {
    if find_ignore_case(html, b"<base").is_some() {
        return html.to_vec();
    }
    let Some(head) = find_ignore_case(html, b"<head") else {
        return html.to_vec();
    };
    let Some(close) = html[head..].iter().position(|&b| b == b'>') else {
        return html.to_vec();
    };
    let at = head + close + 1;
    let mut out = Vec::with_capacity(html.len() + 20);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(b"<base href=\"/\">");
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// Escapes text for a double-quoted HTML attribute.
pub(super) fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes a complete response and leaves the connection to be closed.
/// Every response is `no-store`: a preview must never show a stale copy.
pub(super) fn respond(
    stream: &mut TcpStream,
    status: Status,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        status.0,
        status.1,
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// A short plain-text response for errors that have no page.
pub(super) fn respond_text(
    stream: &mut TcpStream,
    status: Status,
    headers: &[(&str, &str)],
    head_only: bool,
) -> io::Result<()> {
    let mut all = vec![("Content-Type", "text/plain; charset=utf-8")];
    all.extend_from_slice(headers);
    let body = format!("{} {}\n", status.0, status.1);
    respond(stream, status, &all, body.as_bytes(), head_only)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(line: &str) -> Result<String, Status> {
        parse(format!("{line}\r\nHost: x\r\n").as_bytes()).map(|r| r.path)
    }

    #[test]
    fn parses_get_and_head() {
        let get = parse(b"GET /stages/a.html?x=1#top HTTP/1.1\r\nHost: x").unwrap();
        assert_eq!(
            get,
            Request {
                head_only: false,
                raw_path: "/stages/a.html".to_string(),
                path: "stages/a.html".to_string(),
            }
        );
        assert!(parse(b"HEAD / HTTP/1.0").unwrap().head_only);
        assert_eq!(parse(b"POST / HTTP/1.1"), Err(METHOD_NOT_ALLOWED));
        assert_eq!(parse(b"GET /"), Err(BAD_REQUEST));
        assert_eq!(parse(b"GET / SPDY/3"), Err(BAD_REQUEST));
        assert_eq!(parse(b"GET http://x/ HTTP/1.1"), Err(BAD_REQUEST));
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(path_of("GET / HTTP/1.1").unwrap(), "");
        assert_eq!(path_of("GET /stages/ HTTP/1.1").unwrap(), "stages/");
        assert_eq!(
            path_of("GET /images/my%20photo.png HTTP/1.1").unwrap(),
            "images/my photo.png"
        );
        assert_eq!(
            path_of("GET /caf%C3%A9.html HTTP/1.1").unwrap(),
            "café.html"
        );
        for bad in ["%zz", "%4", "%FF", "%00"] {
            assert_eq!(path_of(&format!("GET /{bad} HTTP/1.1")), Err(BAD_REQUEST));
        }
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        for bad in [
            "/..",
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/x",
            "/a/%2e%2e%2fb",
            "/..%2f..%2fetc",
            "/.",
            "/a/./b",
            "/a%5c..%5cb",
            "//etc/passwd",
            "/a//b",
        ] {
            assert_eq!(
                path_of(&format!("GET {bad} HTTP/1.1")),
                Err(BAD_REQUEST),
                "{bad}"
            );
        }
        // Dots inside a name are ordinary.
        assert_eq!(path_of("GET /a..b.html HTTP/1.1").unwrap(), "a..b.html");
    }

    #[test]
    fn resolves_indexes_and_folders() {
        let files = ["index.html", "stages/a.html", "docs/index.html"];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(resolve("", exists), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("stages/a.html", exists),
            Resolved::File("stages/a.html".into())
        );
        assert_eq!(
            resolve("docs/", exists),
            Resolved::File("docs/index.html".into())
        );
        assert_eq!(resolve("docs", exists), Resolved::AddSlash);
        assert_eq!(resolve("stages/", exists), Resolved::Missing);
        assert_eq!(resolve("nope.html", exists), Resolved::Missing);
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/reader.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("plan.pdf"), "application/pdf");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let page = b"<html><body><p>\"</body>\" in text</p></BODY></html>";
        let out = inject_before_body_end(page, "<script></script>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>\"</body>\" in text</p><script></script></BODY></html>"
        );
        assert_eq!(inject_before_body_end(b"<p>x", "<s>"), b"<p>x<s>");
    }

    #[test]
    fn adds_a_root_base_only_when_missing() {
        let page = b"<html><head lang=\"en\"><title>x</title></head></html>";
        assert_eq!(
            String::from_utf8(with_root_base(page)).unwrap(),
            "<html><head lang=\"en\"><base href=\"/\"><title>x</title></head></html>"
        );
        let based = b"<head><base href=\"/x/\"></head>";
        assert_eq!(with_root_base(based), based.to_vec());
    }

    #[test]
    fn escapes_attributes() {
        assert_eq!(
            escape_attribute("a\"><script>&"),
            "a&quot;&gt;&lt;script&gt;&amp;"
        );
    }
}
