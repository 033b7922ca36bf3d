//! The `conflict-timeline` binary: parses the command line and dispatches.

use std::process::ExitCode;

use clap::Parser as _;
use conflict_timeline::cli::{self, Action, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let action = cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    match action {
        Action::Exit(code) => ExitCode::from(code),
        Action::OpenApp(loaded) => match conflict_timeline::ui::run(*loaded) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!(
                    "error: could not open the window: {}",
                    cli::escape_for_terminal(&error.to_string())
                );
                ExitCode::from(cli::EXIT_DATA_ERROR)
            }
        },
    }
}
