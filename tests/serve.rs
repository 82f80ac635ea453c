//! `planwright serve` run as a user would: the real binary on a free
//! loopback port, against a scratch copy of a fixture project, spoken to
//! with plain HTTP over a TcpStream. Every wait is bounded, all traffic
//! stays on 127.0.0.1, and each server is killed when its test ends.

mod common;

use common::{collect, copy_dir};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take: a rebuild, a response, the server starting.
const PATIENCE: Duration = Duration::from_secs(10);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch copy of the `basic` site fixture (content and templates).
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planwright-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fixture = repo().join("tests/fixtures/site/basic");
    copy_dir(&fixture.join("content"), &dir.join("content"));
    copy_dir(&fixture.join("templates"), &dir.join("templates"));
    dir
}

/// Edits a file by replacing text, checking the text was there. The new
/// text is written beside it and renamed over it, as many editors save,
/// so the server never sees a half-written file however slow the machine.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "`{from}` is not in {}", path.display());
    let name = path.file_name().unwrap().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.saving"));
    std::fs::write(&temporary, text.replacen(from, to, 1)).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// Polls `check` until it gives a value or PATIENCE runs out.
fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A running `planwright serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    project: PathBuf,
}

impl Server {
    fn start(project: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planwright"))
            .arg("serve")
            .arg("--content")
            .arg(project.join("content"))
            .arg("--output")
            .arg(project.join("output"))
            .args(["--port", "0", "--color=never"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the planwright binary runs");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
            project: project.to_path_buf(),
        };
        server.port = eventually("the server's address", || {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "serve exited with {status}: {}{}",
                    server.stdout(),
                    server.stderr()
                );
            }
            let out = server.stdout();
            let rest = out.split("http://127.0.0.1:").nth(1)?;
            rest.split('/').next()?.parse().ok()
        });
        server
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.project.join(rel)
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Sends `method target` and returns the whole response.
    fn request(&self, method: &str, target: &str) -> Response {
        let mut stream = self.connect();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        Response::parse(&bytes)
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    /// Opens the live-reload event stream.
    fn events(&self) -> EventStream {
        let mut stream = self.connect();
        write!(
            stream,
            "GET /__planwright/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        EventStream {
            reader: BufReader::new(stream),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.project);
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(": ")?;
            key.eq_ignore_ascii_case(name).then_some(value)
        })
    }
}

/// A raw server-sent event stream.
struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// Reads events until one named `name` arrives; returns its data.
    fn next(&mut self, name: &str) -> String {
        let started = Instant::now();
        let mut event = String::new();
        loop {
            assert!(started.elapsed() < PATIENCE, "no `{name}` event arrived");
            let mut line = String::new();
            let read = self
                .reader
                .read_line(&mut line)
                .expect("the stream stays open");
            assert!(read > 0, "the event stream closed");
            let line = line.trim_end();
            if let Some(value) = line.strip_prefix("event: ") {
                event = value.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if event == name {
                    return data.to_string();
                }
            }
        }
    }
}

#[test]
fn serves_the_site_and_shows_each_save() {
    let project = project("save");
    // Any other file in the content folder is copied into the site as it is.
    std::fs::create_dir_all(project.join("content/extra")).unwrap();
    std::fs::write(project.join("content/extra/index.html"), "<p>extra</p>").unwrap();
    let server = Server::start(&project, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("Fixture program"), "{}", home.body);
    assert!(home.body.contains("/__planwright/live.js"));
    assert_eq!(server.get("/index.html").body, home.body);

    // The script is added to responses only: the files on disk are what
    // `planwright build` writes.
    let on_disk = std::fs::read_to_string(server.file("output/site/index.html")).unwrap();
    assert!(!on_disk.contains("__planwright"));
    let tag_start = home.body.find("<script src=\"/__planwright/").unwrap();
    let tag_end = tag_start + home.body[tag_start..].find("</script>\n").unwrap() + 10;
    let without_tag = format!("{}{}", &home.body[..tag_start], &home.body[tag_end..]);
    assert_eq!(without_tag, on_disk);

    let css = server.get("/assets/extra.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        server.get("/images/press.svg").header("Content-Type"),
        Some("image/svg+xml")
    );
    assert_eq!(
        server.get("/sitemap.xml").header("Content-Type"),
        Some("application/xml")
    );

    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(
        head.header("Content-Length"),
        Some(home.body.len().to_string().as_str())
    );

    let folder = server.get("/extra");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location"), Some("/extra/"));
    assert!(server
        .get("/extra/")
        .body
        .starts_with("<p>extra</p><script"));

    let missing = server.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    assert!(missing.body.contains("<base href=\"/\">"));
    assert_eq!(server.get("/exercises/press%2Ehtml").status, 200);
    assert_eq!(server.request("POST", "/").status, 405);
    for escape in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/a/..%2F..%2Fetc/passwd",
    ] {
        let status = server.get(escape).status;
        assert!(status == 400 || status == 404, "{escape}: {status}");
    }

    // A content edit is served by the next request once rebuilt.
    edit(
        &server.file("content/program.yaml"),
        "Lifting",
        "Careful lifting",
    );
    eventually("the edited stage title", || {
        server
            .get("/index.html")
            .body
            .contains("Careful lifting")
            .then_some(())
    });
    // So is a template edit.
    edit(
        &server.file("templates/assets/extra.css"),
        "italic",
        "oblique",
    );
    eventually("the edited stylesheet", || {
        server
            .get("/assets/extra.css")
            .body
            .contains("oblique")
            .then_some(())
    });
    let on_disk = std::fs::read_to_string(server.file("output/site/assets/extra.css")).unwrap();
    assert!(
        on_disk.contains("oblique"),
        "the site on disk is rebuilt too"
    );
    assert!(
        server.file("output/plans").is_dir(),
        "output/ holds what `build` writes, printable plans included"
    );
    assert!(
        server.stdout().contains("rebuilt in "),
        "{}",
        server.stdout()
    );
}

#[test]
fn a_broken_file_is_reported_and_the_last_good_site_stays_up() {
    let server = Server::start(&project("broken"), &[]);
    let mut events = server.events();
    let first = events.next("built");
    assert!(first.contains("\"build\":1"), "{first}");

    let press = server.file("content/exercises/press.md");
    edit(&press, "reps: 10-20", "reps: 20-10");
    let failed = events.next("failed");
    assert!(failed.contains("press.md:10:9: error:"), "{failed}");
    assert!(failed.contains("runs backwards"), "{failed}");
    eventually("the diagnostic in the terminal", || {
        let stderr = server.stderr();
        (stderr.contains("press.md:10:9: error:") && stderr.contains("still serving")).then_some(())
    });

    let home = server.get("/");
    assert_eq!(home.status, 200, "the last good site is still served");
    assert!(home.body.contains("Fixture program"));

    // A new page load learns about the problem as soon as it connects.
    assert!(server.events().next("failed").contains("runs backwards"));

    edit(&press, "reps: 20-10", "reps: 10-20");
    let fixed = events.next("built");
    assert!(
        fixed.contains("\"build\":1"),
        "same site as before: {fixed}"
    );
    edit(&press, "reps: 10-20", "reps: 8-20");
    let changed = events.next("built");
    assert!(changed.contains("\"build\":2"), "{changed}");
    assert!(changed.contains("exercises/press.html"), "{changed}");
}

#[test]
fn content_that_never_built_gets_a_waiting_page_until_fixed() {
    let project = project("waiting");
    let config = project.join("content/planwright.yaml");
    edit(&config, "target: 7.5%", "target: lots");
    let server = Server::start(&project, &[]);
    let waiting = server.get("/");
    assert_eq!(waiting.status, 503);
    assert!(waiting.body.contains("/__planwright/live.js"));
    assert!(
        server.stderr().contains("planwright.yaml:"),
        "{}",
        server.stderr()
    );

    edit(&config, "target: lots", "target: 7.5%");
    eventually("the first good build", || {
        (server.get("/").status == 200).then_some(())
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let mut server = Server::start(&project("stop"), &[]);
    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = eventually("serve to stop", || server.child.try_wait().unwrap());
    assert_eq!(status.code(), Some(0));
    eventually("the goodbye", || {
        server.stdout().contains("stopped").then_some(())
    });
}

#[test]
fn a_port_in_use_is_explained() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let project = project("port");
    let output = Command::new(env!("CARGO_BIN_EXE_planwright"))
        .arg("serve")
        .arg("--content")
        .arg(project.join("content"))
        .arg("--output")
        .arg(project.join("output"))
        .args(["--port", &port, "--color=never"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&project);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("--port 0"), "{stderr}");
}
