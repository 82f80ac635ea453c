//! Outputs are all or nothing, and confined to the output folder.
//!
//! Every writing command (a site build, one plan, a roster batch) is made
//! to fail half-way, by an injected write error, a crash (`abort`) or a
//! broken template, and the previous output must be byte-for-byte what it
//! was. Then hostile ids, names, roster rows, paths and symbolic links try
//! to make planwright write or delete outside the output folder; the whole
//! scratch tree outside that folder must stay exactly as it was.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use common::{command, copy_dir, planwright, repo, scratch, snapshot, stderr};

fn with_failpoint(point: &str, args: &[&str]) -> Output {
    command()
        .env("PLANWRIGHT_FAILPOINT", point)
        .args(args)
        .output()
        .unwrap()
}

fn build_args<'a>(content: &'a Path, output: &'a Path) -> Vec<&'a str> {
    vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]
}

/// What a folder holds, leftovers of an interrupted run aside: its
/// staging folders and the record of its swap.
fn settled(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(path, _)| {
            !path.starts_with(".site.")
                && !path.starts_with(".plans.")
                && !path.starts_with(".planwright.")
        })
        .collect()
}

#[test]
fn a_site_build_failing_or_dying_half_way_changes_nothing() {
    let root = scratch("atomic-build");
    let out = root.join("output");
    let content = repo().join("content");
    let args = build_args(&content, &out);
    let first = planwright(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&out);
    assert!(before.keys().any(|k| k.starts_with("plans/")));

    // Another build on other content, so "unchanged" cannot mean "rebuilt
    // the same".
    let other = repo().join("tests/fixtures/site/basic/content");
    let other_args = build_args(&other, &out);
    let new_out = root.join("fresh");
    assert!(planwright(&build_args(&other, &new_out)).status.success());
    let new = snapshot(&new_out);
    let last = format!("write:{}", new.len());
    for point in ["write:1", "write:7", &last] {
        let result = with_failpoint(point, &other_args);
        assert_eq!(
            result.status.code(),
            Some(1),
            "{point}: {}",
            stderr(&result)
        );
        assert!(
            stderr(&result).contains("injected failure"),
            "{}",
            stderr(&result)
        );
        assert!(stderr(&result).contains("previous site was left as it was"));
        assert_eq!(snapshot(&out), before, "{point} left no trace");
    }
    let middle = format!("abort:{}", new.len() / 2);
    for point in ["abort:3", &middle] {
        let result = with_failpoint(point, &other_args);
        assert_eq!(result.status.code(), None, "{point}: killed by a signal");
        assert_eq!(
            settled(&out),
            before,
            "a crash at {point} keeps the old output"
        );
    }
    // The narrowest window: the site swapped in, the plans not yet. Each
    // folder is whole, and the record of the swap is there.
    let result = with_failpoint("abort:swap", &other_args);
    assert_eq!(result.status.code(), None);
    let after_crash = settled(&out);
    let folder_of =
        |files: &BTreeMap<String, Vec<u8>>, folder: &str| -> BTreeMap<String, Vec<u8>> {
            files
                .iter()
                .filter(|(k, _)| k.starts_with(folder))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
    assert_eq!(folder_of(&after_crash, "site/"), folder_of(&new, "site/"));
    assert_eq!(
        folder_of(&after_crash, "plans/"),
        folder_of(&before, "plans/")
    );
    assert!(out.join(planwright::output::JOURNAL).is_file());

    // The next run, whatever it is, first completes that swap: even one
    // that then fails (a broken template) leaves the whole new generation,
    // and no leftovers.
    let broken = repo().join("tests/fixtures/site/broken-template/templates");
    let mut broken_args = build_args(&content, &out);
    broken_args.extend(["--templates", broken.to_str().unwrap()]);
    let result = planwright(&broken_args);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(snapshot(&out), new, "the swap completed, nothing left over");

    // A broken template fails the build before anything is replaced.
    let result = planwright(&broken_args);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(snapshot(&out), new);
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn one_plan_failing_half_way_keeps_the_old_file() {
    let root = scratch("atomic-plan");
    let path = root.join("plan.pdf");
    let plan = |stage: &str, point: Option<&str>| {
        let mut cmd = command();
        if let Some(point) = point {
            cmd.env("PLANWRIGHT_FAILPOINT", point);
        }
        cmd.args([
            "plan",
            "--stage",
            stage,
            "--start",
            "2026-06-01",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap()
    };
    assert!(plan("1", None).status.success());
    let before = snapshot(&root);
    let failed = plan("4", Some("write:1"));
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(snapshot(&root), before);
    let crashed = plan("4", Some("abort:1"));
    assert_eq!(crashed.status.code(), None);
    assert_eq!(
        snapshot(&root),
        before,
        "a crash before the rename keeps the old plan"
    );
    assert!(plan("4", None).status.success());
    assert_ne!(snapshot(&root), before);
    assert_eq!(
        snapshot(&root).len(),
        1,
        "no partial file left beside the plan"
    );
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_roster_batch_failing_half_way_keeps_the_previous_batch() {
    let root = scratch("atomic-roster");
    let out = root.join("plans");
    let roster = repo().join("tests/fixtures/rosters/clinic.yaml");
    let args = [
        "plans",
        roster.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    let first = planwright(&args);
    // clinic.yaml has one row asking for 13 weeks: exit 1, the rest printed.
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let before = snapshot(&out);
    assert!(before.len() >= 3, "{before:?}");
    std::fs::write(root.join("sibling.txt"), "keep me").unwrap();
    for point in ["write:2", "abort:2"] {
        let other = repo().join("tests/fixtures/rosters/clinic.csv");
        let result = with_failpoint(
            point,
            &[
                "plans",
                other.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ],
        );
        assert_ne!(result.status.code(), Some(0), "{point}");
        assert_eq!(settled(&out), before, "{point}");
    }
    assert_eq!(
        std::fs::read_to_string(root.join("sibling.txt")).unwrap(),
        "keep me"
    );
    std::fs::remove_dir_all(root).unwrap();
}

/// Runs `attack` inside a scratch tree and checks that nothing outside
/// `work/output/` changed. The attack keeps its own inputs in `work/input/`.
fn confined(name: &str, attack: impl FnOnce(&Path) -> Vec<Output>) -> Vec<Output> {
    let root = scratch(name);
    std::fs::create_dir_all(root.join("outside")).unwrap();
    std::fs::create_dir_all(root.join("work/input")).unwrap();
    std::fs::write(root.join("outside/precious.txt"), "do not touch").unwrap();
    std::fs::write(root.join("outside/passwd"), "root:x:0:0").unwrap();
    copy_dir(&repo().join("content"), &root.join("work/content"));
    let guarded = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        snapshot(root)
            .into_iter()
            .filter(|(k, _)| !k.starts_with("work/output/") && !k.starts_with("work/input/"))
            .collect()
    };
    let before = guarded(&root);
    let results = attack(&root);
    let after = guarded(&root);
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "{name} changed files outside the output: {changed:?}"
    );
    for r in &results {
        assert!(!stderr(r).contains("panicked"), "{}", stderr(r));
    }
    std::fs::remove_dir_all(root).unwrap();
    results
}

#[test]
fn hostile_paths_and_names_never_reach_outside_the_output() {
    // Roster rows whose names and fields look like paths.
    let results = confined("confine-roster", |root| {
        let roster = root.join("work/input/roster.yaml");
        std::fs::write(
            &roster,
            "- name: ../../outside/precious\n  stage: 1\n\
             - name: /etc/passwd\n  stage: 1\n\
             - name: '..'\n  stage: 1\n\
             - name: 'a/../../b\\\\c:d'\n  stage: 1\n\
             - name: \"nul\\0byte\"\n  stage: 1\n\
             - name: ../outside\n  stage: ../../outside\n",
        )
        .unwrap();
        let out = root.join("work/output/plans");
        let result = planwright(&[
            "plans",
            roster.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        let names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for name in &names {
            assert!(
                name == common::OUTPUT_MARKER
                    || (name.ends_with(".pdf")
                        && name.chars().all(|c| c.is_ascii_lowercase()
                            || c.is_ascii_digit()
                            || c == '-'
                            || c == '.')),
                "{name}"
            );
        }
        assert_eq!(names.len(), 5, "four plans and the marker: {names:?}");
        assert_eq!(result.status.code(), Some(1), "the bad rows are reported");
        vec![result]
    });
    let reported = stderr(&results[0]);
    assert!(
        reported.contains("`../../outside` is neither a stage number nor a stage id"),
        "{reported}"
    );
    assert!(reported.contains("U+0000"), "{reported}");

    // `--output` pointing at a folder planwright did not write, at a file,
    // and through a symbolic link: all refused, nothing deleted.
    confined("confine-output", |root| {
        let mut results = Vec::new();
        for target in ["outside", "outside/precious.txt", "work/content"] {
            let dir = root.join(target);
            let r = planwright(&[
                "plans",
                "tests/fixtures/rosters/clinic.yaml",
                "--output",
                dir.to_str().unwrap(),
            ]);
            assert_eq!(r.status.code(), Some(1), "{target}");
            assert!(stderr(&r).contains("refusing to replace"), "{}", stderr(&r));
            results.push(r);
        }
        std::fs::create_dir_all(root.join("work/output")).unwrap();
        #[cfg(unix)]
        {
            let link = root.join("work/output/site");
            std::os::unix::fs::symlink(root.join("outside"), &link).unwrap();
            let content = root.join("work/content");
            let r = planwright(&build_args(&content, &root.join("work/output")));
            assert_eq!(r.status.code(), Some(1));
            assert!(stderr(&r).contains("symbolic link"), "{}", stderr(&r));
            std::fs::remove_file(link).unwrap();
            let plan = root.join("work/input/link.pdf");
            std::os::unix::fs::symlink(root.join("outside/precious.txt"), &plan).unwrap();
            let r = planwright(&[
                "plan",
                "--stage",
                "1",
                "--format",
                "pdf",
                "-o",
                plan.to_str().unwrap(),
            ]);
            assert_eq!(
                r.status.code(),
                Some(1),
                "a plan is not written through a link"
            );
            std::fs::remove_file(plan).unwrap();
            results.push(r);
        }
        results
    });

    // Content that points outside itself: `..` and absolute paths in
    // config and front matter, a symbolic link to a file outside, and a
    // linked folder. Links are ignored with a warning; paths are refused.
    confined("confine-content", |root| {
        let content = root.join("work/input/content");
        copy_dir(&repo().join("content"), &content);
        let config = content.join("planwright.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str("clinic:\n  name: A\n  logo: ../../outside/passwd\n");
        let logo_line = text.lines().count();
        std::fs::write(&config, text).unwrap();
        let exercise = content.join("exercises/cat-cow.md");
        let text = std::fs::read_to_string(&exercise).unwrap().replace(
            "id: cat-cow",
            "id: ../../outside/x\nmedia:\n  image: /etc/passwd\n  alt: x",
        );
        std::fs::write(&exercise, text).unwrap();
        let out = root.join("work/output");
        let result = planwright(&build_args(&content, &out));
        assert_eq!(result.status.code(), Some(1));
        let reported = stderr(&result);
        for problem in [
            format!("planwright.yaml:{logo_line}:9: error: `clinic.logo` `../../outside/passwd` points outside the content folder"),
            "`media.image` `/etc/passwd` points outside the content folder".to_string(),
            "cat-cow.md:2:5: error: `id` `../../outside/x` is not a safe id".to_string(),
        ] {
            assert!(reported.contains(&problem), "{problem}\n{reported}");
        }
        assert!(!out.exists(), "a failed build writes nothing");

        let content = root.join("work/input/linked");
        copy_dir(&repo().join("content"), &content);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                root.join("outside/passwd"),
                content.join("exercises/leak.md"),
            )
            .unwrap();
            std::os::unix::fs::symlink(root.join("outside"), content.join("images")).unwrap();
        }
        let out = root.join("work/output");
        let result = planwright(&build_args(&content, &out));
        assert!(result.status.success(), "{}", stderr(&result));
        assert!(
            stderr(&result).contains("symbolic link ignored"),
            "{}",
            stderr(&result)
        );
        let site = snapshot(&out);
        assert!(
            !site
                .keys()
                .any(|k| k.contains("passwd") || k.contains("precious")),
            "{:?}",
            site.keys()
        );
        assert!(!site
            .values()
            .any(|v| v.windows(10).any(|w| w == b"root:x:0:0")));
        std::fs::remove_dir_all(&content).unwrap();
        vec![result]
    });
}

/// Prints stage 1's plan as `format` into `path`.
fn plan_into(path: &Path, format: &str) -> Output {
    planwright(&[
        "plan",
        "--stage",
        "1",
        "--start",
        "2026-06-01",
        "--format",
        format,
        "-o",
        path.to_str().unwrap(),
    ])
}

#[cfg(target_os = "linux")]
#[test]
fn one_plan_is_written_to_a_plain_file_only() {
    use rustix::fs::{mknodat, FileType, Mode, CWD};
    use std::os::unix::fs::PermissionsExt;
    let root = scratch("atomic-single");
    let precious = root.join("precious.txt");
    std::fs::write(&precious, "keep").unwrap();

    // Links planted at the names the partial file once had, and at the
    // names a careless writer might use, are never followed.
    for planted in [
        ".plan.pdf.partial",
        ".plan.pdf.tmp",
        ".plan.pdf~",
        "plan.pdf.tmp",
    ] {
        std::os::unix::fs::symlink(&precious, root.join(planted)).unwrap();
    }
    let plan = root.join("plan.pdf");
    let result = plan_into(&plan, "pdf");
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(std::fs::read(&plan).unwrap().starts_with(b"%PDF-"));
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep");

    // A new file has the permissions any new file has here (0666 less the
    // umask), not a temporary file's 0600; a replaced one keeps its own.
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let usual = root.join("usual");
    std::fs::write(&usual, "").unwrap();
    assert_eq!(mode(&plan), mode(&usual));
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(plan_into(&plan, "text").status.success());
    assert_eq!(mode(&plan), 0o640);

    // A link to a plain file, a pipe and a device are refused, and stay
    // what they were; the link's target is untouched.
    let link = root.join("link.txt");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let fifo = root.join("fifo.txt");
    mknodat(CWD, &fifo, FileType::Fifo, Mode::from(0o644), 0).unwrap();
    let mut refused = vec![(link, "symbolic link"), (fifo, "named pipe (FIFO)")];
    let null = root.join("null.txt");
    // Like /dev/null, made here where the system allows it (as root).
    if mknodat(
        CWD,
        &null,
        FileType::CharacterDevice,
        Mode::from(0o666),
        rustix::fs::makedev(1, 3),
    )
    .is_ok()
    {
        refused.push((null, "device"));
    }
    for (path, what) in &refused {
        let kind = std::fs::symlink_metadata(path).unwrap().file_type();
        let result = plan_into(path, "text");
        assert_eq!(result.status.code(), Some(1), "{}", path.display());
        let said = stderr(&result);
        assert!(said.contains(what), "{said}");
        assert!(
            said.contains("hint: planwright writes a new plain file"),
            "{said}"
        );
        assert_eq!(std::fs::symlink_metadata(path).unwrap().file_type(), kind);
    }
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep");

    // `-o -` is standard output, not a file named `-`.
    let result = planwright(&["plan", "--stage", "1", "--start", "2026-06-01", "-o", "-"]);
    assert!(result.status.success());
    assert!(common::stdout(&result).contains("Starts Monday 1 June 2026"));
    assert!(!repo().join("-").exists());

    let hidden: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial") && n != ".plan.pdf.partial")
        .collect();
    assert!(hidden.is_empty(), "no partial file left: {hidden:?}");
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn output_inside_the_content_is_refused_and_never_read() {
    let root = scratch("atomic-inside");
    let content = root.join("content");
    copy_dir(&repo().join("tests/fixtures/generations/one"), &content);
    let before = snapshot(&content);
    let inside = [
        (content.clone(), "it is the content folder"),
        (content.join("output"), "it is inside the content folder"),
        (
            content.join("not/there/yet"),
            "it is inside the content folder",
        ),
        (
            content.join("exercises/../output"),
            "it is inside the content folder",
        ),
    ];
    for (output, why) in &inside {
        let result = planwright(&build_args(&content, output));
        assert_eq!(result.status.code(), Some(1), "{}", output.display());
        let said = stderr(&result);
        assert!(said.contains(why), "{said}");
        assert!(
            said.contains("hint: choose an output folder outside"),
            "{said}"
        );
        assert_eq!(snapshot(&content), before, "{}", output.display());
    }

    // The case that nested `output/site/output/site/…` a level deeper on
    // every run: `build --content .` in the content folder itself.
    let result = command()
        .current_dir(&content)
        .args(["build", "--content", "."])
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert_eq!(snapshot(&content), before);

    // `serve` and a roster batch refuse the same, before anything else.
    let output = content.join("output");
    let result = planwright(&[
        "serve",
        "--content",
        content.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--port",
        "0",
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("inside the content folder"));
    let result = planwright(&[
        "plans",
        "tests/fixtures/rosters/clinic.csv",
        "--content",
        content.to_str().unwrap(),
        "--output",
        content.join("plans").to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("inside the content folder"));
    // …and a content folder inside a folder the build would replace.
    let site = root.join("elsewhere/site");
    copy_dir(&content, &site.join("content"));
    let result = planwright(&build_args(&site.join("content"), &root.join("elsewhere")));
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("would replace the folder that holds the content folder"),
        "{}",
        stderr(&result)
    );
    assert_eq!(snapshot(&content), before);

    // Output an older planwright left inside the content is never taken
    // in as content: the site built now is the same as without it.
    let clean = root.join("clean");
    assert!(planwright(&build_args(&content, &clean)).status.success());
    copy_dir(&clean, &content.join("output"));
    let again = root.join("again");
    let result = planwright(&build_args(&content, &again));
    assert!(result.status.success(), "{}", stderr(&result));
    assert_eq!(snapshot(&again), snapshot(&clean));
    std::fs::remove_dir_all(root).unwrap();
}
