//! The `planwright` binary: parses arguments and hands over to [`planwright::cli`].

fn main() -> std::process::ExitCode {
    planwright::cli::main()
}
