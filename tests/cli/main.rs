//! The `tim-callback` tool as a process, each subcommand as a user runs it: `serve` and
//! `simulate` against each other, `replay` from one `serve` to another, `inspect` on good and
//! bad input, `sign` against Tencent's published vector, and the conventions every subcommand
//! keeps (help, exit codes, secrets, completions).

#[path = "../binaries/mod.rs"]
mod binaries;

mod conventions;
mod inspect;
mod replay;
mod round_trip;
mod sign;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

use binaries::Running;

/// The token these tests configure; it must never appear in any output.
pub const TOKEN: &str = "cli-test-token-7f3a";
/// The demo app id the tool defaults to.
pub const APP: u64 = 1400000000;
/// How long a stopped server may take to exit: its grace periods, with room for a busy machine.
const EXIT_LIMIT: Duration = Duration::from_secs(40);

/// The tool, with none of its environment variables set and colour off.
pub fn tool() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tim-callback"));
    for variable in [
        "TIM_SDKAPPID",
        "TIM_CALLBACK_TOKEN",
        "TIM_BIND",
        "TIM_CALLBACK_URL",
    ] {
        command.env_remove(variable);
    }
    command.env("NO_COLOR", "1");
    command
}

/// What a finished run of the tool said.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: Option<i32>,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

impl Run {
    /// Asserts the run exited with `code`, showing its stderr otherwise.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts the configured token appears nowhere in the output.
    pub fn assert_no_token(&self) -> &Run {
        assert!(!self.stdout.contains(TOKEN), "token on stdout");
        assert!(!self.stderr.contains(TOKEN), "token on stderr");
        self
    }

    /// Every stdout line as JSON.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"))
            })
            .collect()
    }
}

/// Runs `command` to its end with `stdin` as its input.
pub fn finish(mut command: Command, stdin: &[u8]) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tim-callback");
    let mut input = child.stdin.take().expect("stdin is piped");
    // A usage error exits without reading stdin: a failed write is no failure of the test.
    let _ = input.write_all(stdin);
    drop(input);
    let output = child.wait_with_output().expect("the tool's output");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the tool with `args` and `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut command = tool();
    command.args(args);
    finish(command, stdin)
}

/// `tim-callback serve` on a free loopback port, its stdout read as it comes.
pub struct Server {
    running: Running,
    stdout: Option<JoinHandle<String>>,
}

impl Server {
    /// Starts `serve` with these extra arguments and waits until it listens.
    pub fn start(args: &[&str]) -> Server {
        let mut command = tool();
        command
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped());
        let mut running = Running::spawn("tim-callback serve", command);
        let mut pipe = running.child.stdout.take().expect("stdout is piped");
        let stdout = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        });
        Server {
            running,
            stdout: Some(stdout),
        }
    }

    /// The URL it serves callbacks on.
    pub fn url(&self) -> String {
        format!("http://{}/callback", self.running.address)
    }

    /// Stops it with SIGTERM and gives its exit status and all it wrote.
    pub fn stop(mut self) -> (ExitStatus, Run) {
        self.running.terminate();
        let Some(status) = self.running.wait(EXIT_LIMIT) else {
            panic!(
                "serve still runs {EXIT_LIMIT:?} after SIGTERM:\n{}",
                self.running.stderr()
            );
        };
        let stdout = self
            .stdout
            .take()
            .expect("stopped once")
            .join()
            .expect("the stdout reader");
        let run = Run {
            code: status.code(),
            stdout,
            stderr: self.running.stderr_to_end(),
        };
        (status, run)
    }
}

/// A file holding `content` in a directory of this test's own, removed when dropped.
pub struct TempFile {
    dir: PathBuf,
    /// The file.
    pub path: PathBuf,
}

impl TempFile {
    /// Writes `content` to a new file named after `name`.
    pub fn new(name: &str, content: &str) -> TempFile {
        let dir =
            std::env::temp_dir().join(format!("tim-callback-cli-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write a temporary file");
        TempFile { dir, path }
    }

    /// The path as an argument.
    pub fn arg(&self) -> &str {
        self.path.to_str().expect("a UTF-8 temporary path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
