//! The `conflict-timeline` binary: parses the command line and dispatches.

use std::process::ExitCode;

use clap::Parser as _;
use conflict_timeline::cli::{self, Action, Cli};

/// mimalloc serves the app. Loading a million events makes millions of
/// small strings on every core at once; the system allocator spent a tenth
/// of the load in its own locks and free lists, and returned memory to the
/// kernel only to ask for it again. With mimalloc a million events loaded
/// about a quarter faster and in less memory (see `docs/performance.md`).
/// It is built not to ask for transparent huge pages (`no_thp`): the
/// kernel's zeroing of whole 2 MiB pages was most of its time in a big
/// import, and partly used ones held memory nothing used.
/// The benchmarks that load big datasets use it too, to measure the app as
/// it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // A usage error quotes the arguments, which may come from a
        // dataset (a lane id, a file name): printed plain and escaped, as
        // everything else. Help and version are the program's own text.
        Err(error) if error.use_stderr() => {
            let text = error.render().to_string();
            eprint!("{}", cli::escape_for_terminal(&text));
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(cli::EXIT_USAGE));
        }
        Err(error) => error.exit(),
    };
    let action = cli::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    match action {
        Action::Exit(code) => ExitCode::from(code),
        Action::OpenApp(loaded, layers, options) => {
            match conflict_timeline::ui::run(*loaded, layers, options.profile) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!(
                        "error: could not open the window: {}",
                        cli::escape_for_terminal(&error.to_string())
                    );
                    ExitCode::from(cli::EXIT_DATA_ERROR)
                }
            }
        }
    }
}
