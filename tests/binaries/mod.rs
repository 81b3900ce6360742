//! The examples and the `tim-callback` tool as processes: examples built with the cargo, target
//! directory and profile of the test run (a no-op when `cargo test` has just built them),
//! started, spoken to over loopback and stopped with signals.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Every example these tests run, built in one go.
const EXAMPLES: [&str; 3] = ["server", "hyper", "tonic_web"];
/// How long a server may take to say where it listens.
const STARTUP: Duration = Duration::from_secs(60);

/// The path of an example's executable, built if needed.
pub fn example(name: &str) -> PathBuf {
    let path = examples_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "the {name} example is not at {} although cargo built it",
        path.display()
    );
    path
}

/// `target/<profile>/examples`, once cargo has built [`EXAMPLES`] there.
fn examples_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // This test runs as target/<profile>/deps/<name>-<hash>.
        let exe = std::env::current_exe().expect("the test's own path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("the test binary is in target/<profile>/deps");
        let target_dir = profile_dir.parent().expect("a target directory");
        let profile = profile_dir
            .file_name()
            .and_then(|name| name.to_str())
            .expect("a profile directory");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--all-features", "--target-dir"])
            .arg(target_dir);
        if profile != "debug" {
            build.args(["--profile", profile]);
        }
        for name in EXAMPLES {
            build.args(["--example", name]);
        }
        let status = build
            .status()
            .expect("cannot run cargo to build the examples");
        assert!(status.success(), "building the examples failed: {status}");
        profile_dir.join("examples")
    })
}

/// A server running on a free loopback port: an example with no token and the demo app id, or
/// the tool's `serve`. It is killed, if still running, when dropped.
pub struct Running {
    pub child: Child,
    pub address: SocketAddr,
    stderr: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
}

impl Running {
    /// Starts the example and waits until it says where it listens. Its stdout goes to
    /// `stdout`; a pipe stays open, unread, until the test takes `child.stdout`.
    pub fn start(name: &str, stdout: Stdio) -> Running {
        let mut command = Command::new(example(name));
        command
            .env_remove("TIM_SDKAPPID")
            .env_remove("TIM_CALLBACK_TOKEN")
            .env("TIM_BIND", "127.0.0.1:0")
            .stdout(stdout);
        Running::spawn(name, command)
    }

    /// Starts `command`, a server that says where it listens on stderr
    /// (`listening on http://ADDRESS/...`), and waits until it has said so. Its stdin is
    /// closed and its stderr collected.
    pub fn spawn(name: &str, mut command: Command) -> Running {
        let mut child = command
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {name}: {error}"));
        let stderr = Arc::new(Mutex::new(String::new()));
        let reader = {
            let lines = BufReader::new(child.stderr.take().expect("stderr is piped"));
            let stderr = Arc::clone(&stderr);
            std::thread::spawn(move || {
                for line in lines.lines().map_while(Result::ok) {
                    let mut stderr = stderr.lock().unwrap();
                    stderr.push_str(&line);
                    stderr.push('\n');
                }
            })
        };
        let mut running = Running {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr,
            reader: Some(reader),
        };
        let deadline = Instant::now() + STARTUP;
        running.address = loop {
            let listening = running.stderr().lines().find_map(|line| {
                let url = line.strip_prefix("listening on http://")?;
                url.split('/').next()?.parse().ok()
            });
            if let Some(address) = listening {
                break address;
            }
            if let Ok(Some(status)) = running.child.try_wait() {
                panic!("{name} exited ({status}):\n{}", running.stderr_to_end());
            }
            assert!(
                Instant::now() < deadline,
                "{name} did not say where it listens within {STARTUP:?}:\n{}",
                running.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        running
    }

    /// What the server has written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// All the server wrote to stderr, once it has exited.
    pub fn stderr_to_end(&mut self) -> String {
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the stderr reader");
        }
        self.stderr()
    }

    /// Sends SIGTERM, as a service manager would.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("cannot run kill");
        assert!(status.success(), "kill -TERM failed: {status}");
    }

    /// Waits for the server to exit, for at most `limit`.
    pub fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server's status") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The path and query Tencent would post a callback to, unsigned.
pub fn callback_path(command: &str) -> String {
    format!("/callback?SdkAppid=1400000000&CallbackCommand={command}&contenttype=json")
}

/// POSTs `body` on a connection of its own and returns the response's status and body.
pub fn post(address: SocketAddr, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send the request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");
    parse_response(&response)
}

/// The status and body of a whole HTTP/1.1 response.
pub fn parse_response(response: &str) -> (u16, String) {
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
    let body = response.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, body.to_owned())
}

/// Reads until the peer closes the connection; false if it is still open after `limit`.
pub fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).expect("read timeout");
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => true,
        Err(error) => !matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}
