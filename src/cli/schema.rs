//! `planwright schema`: writes the JSON Schemas of planwright's files, for
//! editors that check YAML as it is typed (`docs/editor.md`).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Output, EXIT_FAILURE};

/// Arguments of `planwright schema`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Writes planwright.schema.json, program.schema.json, exercise.schema.json,
guide.schema.json and patient.schema.json (JSON Schema draft-07).
docs/editor.md shows how to use them in VS Code."
)]
pub(crate) struct Args {
    /// The folder to write the schemas into (created if missing).
    #[arg(long, short, default_value = "schemas", value_name = "DIR")]
    output: PathBuf,
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        out.error(
            &format!("cannot create `{}`: {e}", args.output.display()),
            None,
        );
        return ExitCode::from(EXIT_FAILURE);
    }
    let schemas = crate::schema::schemas();
    for (name, schema) in &schemas {
        let path = args.output.join(name);
        let text = serde_json::to_string_pretty(schema).unwrap_or_default() + "\n";
        if let Err(e) = crate::output::replace_file(&path, text.as_bytes()) {
            out.error(&e.to_string(), e.hint());
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    out.status(&format!(
        "wrote {} schemas to {}",
        schemas.len(),
        args.output.display()
    ));
    ExitCode::SUCCESS
}
