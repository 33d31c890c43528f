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

/// mimalloc's `mi_option_purge_delay`: its position in `mi_option_t` in the version pinned in
/// Cargo.toml, whose Rust bindings do not name it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory freed is kept for reuse for the rest of the run, not handed back to the system a
/// second later (mimalloc's default): a run builds its lists one after another, and memory
/// handed back had to be faulted in afresh, page by page, for the next. The peak is then a
/// little higher (a sixth at ten years of history); the system takes the memory back when the
/// run ends.
fn keep_freed_memory() {
    // SAFETY: setting an option is a plain store mimalloc reads when it next frees memory.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    if let Some(threads) = cli.threads {
        lscb::threads::set(threads);
    }
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
        // The reader went away (`lscb drill … | head -1`): nothing more to say, as ripgrep
        // and xsv do.
        (Err(error), _) if is_broken_pipe(&error) => ExitCode::SUCCESS,
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

/// Whether writing failed because standard output was closed, anywhere in the error's chain
/// (an I/O error, or one inside a CSV writer's error).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = |error: &std::io::Error| error.kind() == std::io::ErrorKind::BrokenPipe;
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(broken)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_named() {
        // A second is the purge delay's default, and no other option has that default.
        // SAFETY: reading an option.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
    }

    #[test]
    fn a_closed_pipe_anywhere_in_the_chain_is_recognised() {
        let pipe = || std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let wrapped = anyhow::Error::from(pipe()).context("writing the table");
        assert!(is_broken_pipe(&wrapped));
        assert!(is_broken_pipe(&anyhow::Error::from(csv::Error::from(
            pipe()
        ))));
        let other = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert!(!is_broken_pipe(&other));
    }
}
