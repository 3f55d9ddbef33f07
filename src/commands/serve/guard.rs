//! The checks and rules every request passes, whatever it asks for.
//!
//! - **Host** (on loopback): a page on another site can make a browser resolve its own name to
//!   127.0.0.1 (DNS rebinding) and then read this server as if it were that site. Its requests
//!   carry that site's name as `Host`; only the loopback names are served.
//! - **Origin** (requests that change or compute something, every POST): a browser names the
//!   page that sends a request; one from another origin is refused, so no other site can post
//!   figures here in the visitor's name. Programs (curl, another system) send no `Origin`.
//! - **Errors as JSON** under `/api/`, whatever layer made them (a timeout, a body too large).
//! - **The access log**: method, path (no query: it may name a company) and status.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Config;
use super::api::error_response;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_requests: usize,
    pub timeout: Duration,
}

/// The policy of every page: only this server's own files, no inline script, no framing.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The printable sheet and summary carry their own `<style>` and no script at all.
pub const PRINT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `METHOD /path STATUS ms` on stderr for every request.
pub async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path: String = request.uri().path().chars().take(200).collect();
    let start = Instant::now();
    let response = next.run(request).await;
    let ms = start.elapsed().as_millis();
    let path = crate::diag::visible(&path).into_owned();
    crate::stderr::eprint_line(format!(
        "{method} {path} {} {ms}ms",
        response.status().as_u16()
    ));
    response
}

/// Refuses a request to a foreign `Host` on loopback, and a POST from a foreign `Origin`.
pub async fn origin(State(config): State<Arc<Config>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if config.loopback && !is_loopback_host(host, config.port) {
        let shown = crate::diag::visible(host).into_owned();
        return error_response(
            StatusCode::MISDIRECTED_REQUEST,
            "bad-host",
            crate::tr!(
                "拒绝：请求的主机名 `{shown}` 不是本机（本服务只接受 127.0.0.1、localhost 或 [::1]）",
                "refused: the host `{shown}` is not this machine (only 127.0.0.1, localhost or [::1] are served)"
            ),
        );
    }
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !same_origin(headers, host) {
        return error_response(
            StatusCode::FORBIDDEN,
            "bad-origin",
            crate::tr!(
                "拒绝：请求来自其他网站的页面",
                "refused: the request comes from another site's page"
            ),
        );
    }
    next.run(request).await
}

/// `localhost`, `127.x.x.x` or `[::1]`, with this server's port (or none, on port 80).
fn is_loopback_host(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(':') && p.chars().all(|c| c.is_ascii_digit()) => {
            (name, p.parse::<u16>().ok())
        }
        _ => (host, None),
    };
    let port_ok = match given_port {
        Some(p) => p == port,
        None => port == 80 && !host.ends_with(':'),
    };
    let name = name.to_ascii_lowercase();
    let loopback = name == "localhost"
        || name == "[::1]"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    port_ok && loopback
}

/// No `Origin` (a program), or exactly `http://HOST` or `https://HOST`; and no browser's word that it is a
/// cross-site request.
fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let cross = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site");
    let origin_ok = match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            // `https://` too: behind a TLS proxy the page's origin is https, its Host the same.
            let origin = origin.as_bytes();
            let rest = origin
                .strip_prefix(b"http://")
                .or_else(|| origin.strip_prefix(b"https://"));
            rest == Some(host.as_bytes()) && !host.is_empty()
        }
    };
    origin_ok && !cross
}

/// Under `/api/`, an error answer made by a layer (a timeout, a body too large, a bad query) is
/// given the API's JSON form; elsewhere a plain-text one in words.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = words_for(status);
    if api {
        return error_response(status, code, message);
    }
    let mut plain = (status, message).into_response();
    plain.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    plain
}

/// The code and the words of an error status made outside the handlers.
fn words_for(status: StatusCode) -> (&'static str, String) {
    match status {
        StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            crate::tr!(
                "请求超时：数据未能在时限内收到并处理，请重试",
                "the request took too long to arrive and be handled: try again"
            ),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too-large",
            crate::tr!(
                "上传的内容过大：数据文件上限 {} MiB，压缩包上限 {} MiB",
                "the upload is too large: a data file may be {} MiB, a zip {} MiB",
                super::BODY_LIMIT >> 20,
                super::BUNDLE_LIMIT >> 20
            ),
        ),
        StatusCode::NOT_FOUND => ("not-found", crate::tr!("没有这个页面", "no such page")),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method",
            crate::tr!(
                "此地址不接受这种请求方法",
                "this address does not take that method"
            ),
        ),
        _ => (
            "bad-request",
            crate::tr!(
                "请求无效（HTTP {}）",
                "bad request (HTTP {})",
                status.as_u16()
            ),
        ),
    }
}

/// Past the limit on requests at once: 503 with `Retry-After`, at once rather than queued.
pub async fn overloaded(error: tower::BoxError) -> Response {
    if !error.is::<tower::load_shed::error::Overloaded>() {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            crate::tr!("内部错误", "internal error"),
        );
    }
    let mut response = error_response(
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
        crate::tr!(
            "服务器正忙（同时处理的请求已达上限），请稍后重试",
            "the server is busy (at its limit of requests at once): try again shortly"
        ),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_with_our_port_are_served() {
        for host in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST:8000",
            "[::1]:8000",
        ] {
            assert!(is_loopback_host(host, 8000), "{host}");
        }
        for host in [
            "evil.example:8000",
            "127.0.0.1:9000",
            "127.0.0.1",
            "",
            "127.0.0.1.evil.example:8000",
            "localhost.:8000",
        ] {
            assert!(!is_loopback_host(host, 8000), "{host}");
        }
        assert!(is_loopback_host("localhost", 80));
    }

    #[test]
    fn a_foreign_origin_is_refused() {
        let mut headers = HeaderMap::new();
        assert!(same_origin(&headers, "127.0.0.1:8000"));
        headers.insert(header::ORIGIN, "http://127.0.0.1:8000".parse().unwrap());
        assert!(same_origin(&headers, "127.0.0.1:8000"));
        headers.insert(header::ORIGIN, "https://127.0.0.1:8000".parse().unwrap());
        assert!(same_origin(&headers, "127.0.0.1:8000"));
        headers.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(!same_origin(&headers, "127.0.0.1:8000"));
        headers.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(!same_origin(&headers, "127.0.0.1:8000"));
        headers.remove(header::ORIGIN);
        headers.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(!same_origin(&headers, "127.0.0.1:8000"));
    }
}
