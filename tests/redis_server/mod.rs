//! A real `redis-server` on loopback for the durable tests: the one `REDIS_URL` names, or one
//! started here on a free port with the durability the crate documents. Starting fails loudly;
//! no test passes by skipping.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A Redis this process started. It runs under a small shell watchdog that stops it (and
/// removes its directory) when its standard input closes: when [`RedisServer::stop`] is
/// called, when the value is dropped, or when the test process exits, however it exits.
pub struct RedisServer {
    port: u16,
    dir: PathBuf,
    watchdog: Option<(Child, ChildStdin)>,
}

/// The URL of the Redis most tests share: `REDIS_URL`, or one started for this test binary.
pub fn shared_url() -> String {
    static SHARED: OnceLock<String> = OnceLock::new();
    static SERVER: OnceLock<RedisServer> = OnceLock::new();
    SHARED
        .get_or_init(|| match std::env::var("REDIS_URL") {
            Ok(url) if !url.is_empty() => url,
            _ => SERVER.get_or_init(RedisServer::start).url(),
        })
        .clone()
}

/// A name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("test:{prefix}:{}:{nanos}", std::process::id())
}

impl RedisServer {
    /// Starts a Redis on a free loopback port, in a fresh directory that goes with it.
    pub fn start() -> RedisServer {
        RedisServer::start_in(&fresh_dir(), true)
    }

    /// Starts a Redis on a free loopback port with its data in `dir`; with `remove_dir`, the
    /// directory is removed as soon as Redis stops.
    pub fn start_in(dir: &Path, remove_dir: bool) -> RedisServer {
        for _ in 0..3 {
            // A failed attempt with `remove_dir` took the directory with it.
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            let port = free_port();
            if let Some(server) = RedisServer::launch(port, dir, remove_dir) {
                return server;
            }
        }
        panic!(
            "redis-server did not start in {} (its log is above). The durable tests need a real \
             Redis: run `bash scripts/test.sh`, which installs Debian's redis-server, or set \
             REDIS_URL.",
            dir.display()
        );
    }

    /// Starts a Redis on `port` with its data in `dir` (kept there, so a restart on the same
    /// directory reads the append-only file back). `None` when it does not answer PING.
    pub fn start_on(port: u16, dir: &Path) -> Option<RedisServer> {
        RedisServer::launch(port, dir, false)
    }

    fn launch(port: u16, dir: &Path, remove_dir: bool) -> Option<RedisServer> {
        let script = r#"
            redis-server --port "$1" --bind 127.0.0.1 --appendonly yes --appendfsync everysec \
                --dir "$2" --save '' --daemonize no >>"$2/redis.log" 2>&1 </dev/null &
            pid=$!
            read -r _
            exec 2>/dev/null
            kill -9 "$pid"
            wait "$pid"
            if [ "$3" = remove ]; then rm -rf "$2"; fi
            exit 0
        "#;
        let mut child = Command::new("bash")
            .arg("-c")
            .arg(script)
            .arg("bash")
            .arg(port.to_string())
            .arg(dir)
            .arg(if remove_dir { "remove" } else { "keep" })
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run bash to start redis-server: {e}"));
        let stdin = child.stdin.take().expect("piped stdin");
        let mut server = RedisServer {
            port,
            dir: dir.to_owned(),
            watchdog: Some((child, stdin)),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if ping(port) {
                return Some(server);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!(
            "redis-server on port {port} did not answer PING; its log:\n{}",
            std::fs::read_to_string(dir.join("redis.log"))
                .unwrap_or_else(|e| format!("(no log: {e})"))
        );
        server.stop();
        None
    }

    /// `redis://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Kills Redis (SIGKILL, as a crash) and waits until it is gone. The directory stays.
    pub fn stop(&mut self) {
        if let Some((mut child, stdin)) = self.watchdog.take() {
            drop(stdin);
            let _ = child.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A new, empty directory for a Redis's data.
pub fn fresh_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(unique("redis").replace(':', "-"));
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Whether a Redis on `port` answers PING.
pub fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    if stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut reply = [0u8; 7];
    stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
}

/// A loopback port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|e| panic!("cannot find a free loopback port: {e}"))
}
