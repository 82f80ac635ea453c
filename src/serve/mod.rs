//! Live preview: serves a built site over HTTP and tells open pages when it
//! changes, and watches the folders a site is built from.
//!
//! The caller builds the site and hands over the result: the files of a
//! good build ([`Preview::publish`]) or the problems that stopped one
//! ([`Preview::fail`]). Pages hear about either through server-sent events
//! at `/__planwright/events`, via a small script that is added to HTML
//! responses as they are sent. The last good site keeps being served while
//! the content has problems.
//!
//! This module must not build the site or read the content tree, write to
//! disk, or serve anything but the files it was handed: requests are
//! answered from memory, so no path can reach the rest of the file system.
//! Nor may it change the site's files: the script lives only in responses,
//! so the built site stays byte-for-byte what `planwright build` writes.

mod http;
mod live;
mod watch;

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{Request, Resolved};

use crate::site::OutputFile;
pub use watch::Watch;

/// Where pages listen for build events.
const EVENTS_PATH: &str = "__planwright/events";
/// Where the live-reload script is served from.
const SCRIPT_PATH: &str = "__planwright/live.js";
/// Addresses under this prefix belong to the preview, not the site.
const RESERVED_PREFIX: &str = "__planwright/";
/// How long a connection may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle event stream gets a comment, which also notices
/// pages that have gone away.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Open connections beyond this are refused, so a flood of requests (or
/// of forgotten tabs) cannot start unbounded threads.
const MAX_CONNECTIONS: usize = 128;

/// A good build, as served.
#[derive(Default)]
struct Site {
    /// Counts good builds that changed something; 0 before the first.
    build: u64,
    files: HashMap<String, Vec<u8>>,
}

struct Shared {
    /// Tells pages from this run apart from pages of an earlier one.
    server_id: String,
    site: RwLock<Arc<Site>>,
    /// Whether the latest build failed (the last good site is still served).
    failing: AtomicBool,
    events: live::Channel,
    connections: AtomicUsize,
}

/// A running preview server. It stops when the process ends.
pub struct Preview {
    shared: Arc<Shared>,
    address: SocketAddr,
}

impl Preview {
    /// Listens on `address` (port 0 picks a free port) and answers requests
    /// on background threads. Until the first [`publish`](Self::publish),
    /// every page is a placeholder that waits for a build.
    pub fn start(address: SocketAddr) -> io::Result<Preview> {
        let listener = TcpListener::bind(address)?;
        let address = listener.local_addr()?;
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let server_id = format!("{:x}-{started:x}", std::process::id());
        let shared = Arc::new(Shared {
            events: live::Channel::new(built_frame(&server_id, 0, &[])),
            server_id,
            site: RwLock::new(Arc::new(Site::default())),
            failing: false.into(),
            connections: AtomicUsize::new(0),
        });
        let accepting = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("serve-accept".to_string())
            .spawn(move || accept(&listener, &accepting))?;
        Ok(Preview { shared, address })
    }

    /// The address the server listens on, with the port it got.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The address to open in a browser on this machine. When listening
    /// on every interface (`0.0.0.0`, `::`) that is loopback: browsers
    /// cannot all open the "unspecified" address.
    pub fn url(&self) -> String {
        let mut shown = self.address;
        if shown.ip().is_unspecified() {
            shown.set_ip(match shown.ip() {
                IpAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
                IpAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("http://{shown}/")
    }

    /// Serves `files` from now on and tells open pages. Returns the paths
    /// that differ from the site served before (added, changed or
    /// removed), in order; when nothing differs and the previous build was
    /// good, pages are left alone.
    pub fn publish(&self, files: Vec<OutputFile>) -> Vec<String> {
        let files: HashMap<String, Vec<u8>> =
            files.into_iter().map(|f| (f.path, f.bytes)).collect();
        // Holding the lock while the event goes out means a page served
        // from the new site never meets an event older than itself.
        let mut site = self
            .shared
            .site
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let mut changed: Vec<String> = files
            .iter()
            .filter(|(path, bytes)| site.files.get(*path) != Some(*bytes))
            .map(|(path, _)| path.clone())
            .chain(
                site.files
                    .keys()
                    .filter(|path| !files.contains_key(*path))
                    .cloned(),
            )
            .collect();
        changed.sort();
        let was_failing = self.shared.failing.swap(false, Ordering::SeqCst);
        if changed.is_empty() && !was_failing {
            return changed;
        }
        let build = if changed.is_empty() {
            site.build
        } else {
            site.build + 1
        };
        *site = Arc::new(Site { build, files });
        self.shared
            .events
            .send(built_frame(&self.shared.server_id, build, &changed));
        changed
    }

    /// Tells open pages that the latest build failed, with a one-line
    /// summary and each problem as the terminal shows it. The last good
    /// site stays up.
    pub fn fail(&self, summary: &str, problems: &[String]) {
        let site = self
            .shared
            .site
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        self.shared.failing.store(true, Ordering::SeqCst);
        let data = serde_json::json!({
            "server": self.shared.server_id,
            "build": site.build,
            "summary": summary,
            "problems": problems,
        });
        self.shared.events.send(live::frame("failed", &data));
    }
}

fn built_frame(server_id: &str, build: u64, changed: &[String]) -> String {
    let data = serde_json::json!({
        "server": server_id,
        "build": build,
        "changed": changed,
    });
    live::frame("built", &data)
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        // A failed accept (the peer gave up, or too many open files) only
        // loses that connection.
        let Ok(mut stream) = stream else {
            // Running out of file handles makes every accept fail at once;
            // a pause lets open connections finish instead of spinning.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            let _ = http::respond_text(&mut stream, http::UNAVAILABLE, &[], false);
            continue;
        }
        let connection = Arc::clone(shared);
        let spawned = std::thread::Builder::new()
            .name("serve-connection".to_string())
            .spawn(move || {
                // A client that hangs up mid-response is not an error here.
                let _ = handle(stream, &connection);
                connection.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(REQUEST_TIMEOUT))?;
    stream.set_write_timeout(Some(REQUEST_TIMEOUT))?;
    let request = match http::read_head(&mut stream).and_then(|head| http::parse(&head)) {
        Ok(request) => request,
        Err(status) if status == http::METHOD_NOT_ALLOWED => {
            return http::respond_text(&mut stream, status, &[("Allow", "GET, HEAD")], false);
        }
        Err(status) => return http::respond_text(&mut stream, status, &[], false),
    };
    match request.path.as_str() {
        EVENTS_PATH => events(stream, shared, request.head_only),
        SCRIPT_PATH => http::respond(
            &mut stream,
            http::OK,
            &[("Content-Type", "text/javascript; charset=utf-8")],
            live::SCRIPT.as_bytes(),
            request.head_only,
        ),
        path if path.starts_with(RESERVED_PREFIX) => {
            http::respond_text(&mut stream, http::NOT_FOUND, &[], request.head_only)
        }
        _ => page(&mut stream, shared, &request),
    }
}

/// Answers a request for a file of the site.
fn page(stream: &mut TcpStream, shared: &Shared, request: &Request) -> io::Result<()> {
    let site = Arc::clone(&shared.site.read().unwrap_or_else(PoisonError::into_inner));
    if site.build == 0 {
        return waiting(stream, shared, request.head_only);
    }
    let (status, path) = match http::resolve(&request.path, |p| site.files.contains_key(p)) {
        Resolved::File(path) => (http::OK, path),
        Resolved::AddSlash => {
            let location = format!("{}/", request.raw_path);
            return http::respond_text(
                stream,
                http::MOVED,
                &[("Location", &location)],
                request.head_only,
            );
        }
        Resolved::Missing if site.files.contains_key("404.html") => {
            (http::NOT_FOUND, "404.html".to_string())
        }
        Resolved::Missing => {
            return http::respond_text(stream, http::NOT_FOUND, &[], request.head_only);
        }
    };
    let bytes = &site.files[&path];
    let content_type = http::content_type(&path);
    if !http::is_html(content_type) {
        return http::respond(
            stream,
            status,
            &[("Content-Type", content_type)],
            bytes,
            request.head_only,
        );
    }
    // A not-found page stands in for an address that may appear with the
    // next build, so any change reloads it.
    let (watched, html) = if status == http::NOT_FOUND {
        ("*", http::with_root_base(bytes))
    } else {
        (path.as_str(), bytes.clone())
    };
    let body = http::inject_before_body_end(&html, &script_tag(shared, site.build, watched));
    http::respond(
        stream,
        status,
        &[("Content-Type", content_type)],
        &body,
        request.head_only,
    )
}

/// The page shown before any build has succeeded: it carries the script,
/// so the problems appear over it and it reloads once a build works.
fn waiting(stream: &mut TcpStream, shared: &Shared, head_only: bool) -> io::Result<()> {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <title>Waiting for a build · planwright</title></head>\n<body>\n\
         <h1>Waiting for a build</h1>\n<p>The content has problems, so there is no site \
         to show yet. They are listed in the terminal; this page reloads once a build \
         works.</p>\n{}</body>\n</html>\n",
        script_tag(shared, 0, "*")
    );
    http::respond(
        stream,
        http::UNAVAILABLE,
        &[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Retry-After", "1"),
        ],
        html.as_bytes(),
        head_only,
    )
}

fn script_tag(shared: &Shared, build: u64, page: &str) -> String {
    format!(
        "<script src=\"/{SCRIPT_PATH}\" data-server=\"{}\" data-build=\"{build}\" \
         data-page=\"{}\"></script>\n",
        http::escape_attribute(&shared.server_id),
        http::escape_attribute(page),
    )
}

/// Streams build events to one page until it goes away.
fn events(mut stream: TcpStream, shared: &Shared, head_only: bool) -> io::Result<()> {
    // The response has no length: it lasts until either side closes.
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    if head_only {
        return stream.flush();
    }
    // Write timeouts would cut a quiet stream: only keep-alives bound it.
    stream.set_write_timeout(None)?;
    let (mut seen, frame) = shared.events.current();
    // `retry` makes a page reconnect quickly when the server comes back.
    stream.write_all(format!("retry: 1000\n\n{frame}").as_bytes())?;
    stream.flush()?;
    loop {
        let text = match shared.events.next(seen, KEEP_ALIVE) {
            Some((generation, frame)) => {
                seen = generation;
                frame
            }
            None => ": keep-alive\n\n".to_string(),
        };
        stream.write_all(text.as_bytes())?;
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_one_a_local_browser_can_open() {
        for (listen, url) in [
            ("127.0.0.1:0", "http://127.0.0.1:"),
            ("0.0.0.0:0", "http://127.0.0.1:"),
            ("[::1]:0", "http://[::1]:"),
            ("[::]:0", "http://[::1]:"),
        ] {
            // A machine without IPv6 cannot listen on it; nothing to check there.
            let Ok(preview) = Preview::start(listen.parse().unwrap()) else {
                continue;
            };
            let port = preview.address().port();
            assert_eq!(preview.url(), format!("{url}{port}/"));
        }
    }
}
