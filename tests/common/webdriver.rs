//! Just enough of the W3C WebDriver protocol to drive headless Chromium through Debian's
//! `chromedriver`: a session, navigation, elements (find, type, click, read), windows and print
//! to PDF. Plain HTTP and JSON over a socket, as the protocol is; no async runtime in the tests.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::server::read_reply;

/// The key WebDriver names an element by in its answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Driver {
    child: Child,
    addr: SocketAddr,
    session: String,
}

impl Driver {
    /// Starts `chromedriver` on a free port and a headless session of `chromium`.
    pub fn start(chromedriver: &Path, chromium: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let start = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut driver = Driver {
            child,
            addr,
            session: String::new(),
        };
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN"],
            },
        }}});
        let answer = driver.call("POST", "/session", &capabilities);
        driver.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        driver
    }

    /// One command; its `value`. A WebDriver error fails the test with the driver's message.
    pub fn call(&self, method: &str, path: &str, body: &Value) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|answer| panic!("{method} {path}: {answer}"))
    }

    /// One command; its `value`, or the driver's error.
    pub fn try_call(&self, method: &str, path: &str, body: &Value) -> Result<Value, Value> {
        let body = if method == "GET" {
            String::new()
        } else {
            body.to_string()
        };
        let mut stream = TcpStream::connect(self.addr).expect("chromedriver reachable");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        std::io::Write::write_all(&mut stream, request.as_bytes()).unwrap();
        let reply = read_reply(&mut stream);
        let answer: Value = serde_json::from_slice(&reply.body)
            .unwrap_or_else(|_| panic!("{method} {path}: {}", reply.text()));
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if reply.status < 400 {
            Ok(value)
        } else {
            Err(value)
        }
    }

    fn session_call(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), &body)
    }

    pub fn goto(&self, url: &str) {
        self.session_call("POST", "/url", json!({ "url": url }));
    }

    /// The elements a CSS selector finds now.
    pub fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.session_call(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        found
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn find(&self, css: &str) -> String {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element `{css}`"))
    }

    /// Clears a text field and types `text` into it, key by key as a person would.
    pub fn type_into(&self, element: &str, text: &str) {
        self.session_call("POST", &format!("/element/{element}/clear"), json!({}));
        self.session_call(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        );
    }

    pub fn click(&self, element: &str) {
        self.session_call("POST", &format!("/element/{element}/click"), json!({}));
    }

    pub fn text(&self, element: &str) -> String {
        self.session_call("GET", &format!("/element/{element}/text"), json!({}))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// An element's DOM property (`value` of a field), as text.
    pub fn property(&self, element: &str, name: &str) -> String {
        match self.session_call(
            "GET",
            &format!("/element/{element}/property/{name}"),
            json!({}),
        ) {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }

    /// The text of the first element `css` finds, once `wanted` holds of it (or the last text
    /// seen, after `limit`).
    pub fn wait_text(&self, css: &str, limit: Duration, wanted: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < limit {
            // The page may replace the element between finding and reading it: then again.
            if let Some(element) = self.find_all(css).into_iter().next() {
                let path = format!("/session/{}/element/{element}/text", self.session);
                if let Ok(Value::String(text)) = self.try_call("GET", &path, &json!({})) {
                    last = text;
                    if wanted(&last) {
                        return last;
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        last
    }

    pub fn windows(&self) -> Vec<String> {
        self.session_call("GET", "/window/handles", json!({}))
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|h| h.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn switch_to(&self, handle: &str) {
        self.session_call("POST", "/window", json!({ "handle": handle }));
    }

    pub fn source(&self) -> String {
        self.session_call("GET", "/source", json!({}))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The page printed to PDF on A4, as the browser's print dialogue would.
    pub fn print_pdf(&self) -> Vec<u8> {
        let answer = self.session_call(
            "POST",
            "/print",
            json!({"page": {"width": 21.0, "height": 29.7}, "background": true}),
        );
        let encoded = answer.as_str().expect("base64 PDF");
        decode_base64(encoded)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.call("DELETE", &path, &json!({}))
            }));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (d << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}
