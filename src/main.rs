//! The `lscb` binary: parses the command line, runs the subcommand, prints errors as one line
//! and sets the exit status (0 success, 1 problems found or `--strict` stopped the run, 2
//! usage or unreadable input).

mod cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cmd::{Cli, Command};

/// polars allocates and frees large buffers constantly; mimalloc keeps them for reuse where
/// the system allocator hands them back and faults them in again (a third of the run's time
/// at national scale was the kernel's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match &cli.command {
        Command::Validate(args) => cmd::validate::run(args, &mut out),
        Command::Indicators(args) => cmd::indicators::run(args, &mut out),
        Command::Benchmark(args) => cmd::benchmark::run(args, &mut out),
        Command::Drill(args) => cmd::drill::run(args, &mut out),
        Command::Report(args) => cmd::report::run(args, &mut out),
        Command::Synth(args) => cmd::synth::run(args, &mut out),
        Command::Reference(command) => cmd::reference::run(command, &mut out),
    };
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(true), Ok(())) => ExitCode::SUCCESS,
        (Ok(false), Ok(())) => ExitCode::from(1),
        (Err(error), _) => {
            eprintln!("lscb: error: {error:#}");
            if error.downcast_ref::<cmd::StrictFailure>().is_some() {
                ExitCode::from(1)
            } else {
                ExitCode::from(2)
            }
        }
        (Ok(_), Err(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Ok(_), Err(error)) => {
            eprintln!("lscb: error: cannot write output: {error}");
            ExitCode::from(2)
        }
    }
}
