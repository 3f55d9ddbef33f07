//! `score serve`: the four tables as web pages and an HTTP API, for people who never open a
//! terminal. One binary serves everything it needs (pages, script, styles: no CDN, no internet).
//!
//! The stack is axum on tokio and hyper, with tower's load shedding and tower-http's timeout,
//! body limit and response headers: the standard, well-kept Rust web stack, so the parts that
//! keep a county's server up under bad input (slow clients, floods, huge bodies) are not ours
//! to get wrong. Every request's figures live in memory for that request only; the access log
//! has the method, the path and the status, never a body or a query.
//!
//! `work` does the scoring with the library, `bundle` a bureau's zip, `guard` the checks
//! every request passes, `api` and `pages` the answers.

mod api;
mod bundle;
mod guard;
mod pages;
mod work;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use axum::Router;
use axum::http::header;
use axum::routing::{get, post};
use tower::ServiceBuilder;

use crate::cli::ServeArgs;

/// Largest data file a request may carry (as `score` reads from disk).
pub const BODY_LIMIT: usize = crate::read::DATA_LIMIT as usize;
/// Largest upload of a bureau's files (a zip or many files at once).
pub const BUNDLE_LIMIT: usize = 64 << 20;
/// How long a client may take to send its request line and headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Most connections open at once; further ones are closed at once.
const MAX_CONNECTIONS: usize = 1024;
/// How long open requests may take to finish once the server is told to stop.
const DRAIN: Duration = Duration::from_secs(5);

/// What every handler may need to know.
#[derive(Debug, Clone)]
pub struct Config {
    /// Listening on a loopback address: only requests to a loopback name are served.
    pub loopback: bool,
    pub port: u16,
}

pub fn run(args: &ServeArgs) -> Result<bool> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(crate::batch::threads().max(2))
        .enable_all()
        .build()?;
    runtime.block_on(serve(args))
}

async fn serve(args: &ServeArgs) -> Result<bool> {
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| {
            let at = args.listen;
            let reason = crate::i18n::io_reason(&e);
            anyhow::anyhow!(crate::tr!(
                "无法在 {at} 上监听：{reason}（端口是否已被占用？可换一个，如 --listen 127.0.0.1:8001）",
                "cannot listen on {at}: {reason} (is the port taken? try another, e.g. --listen 127.0.0.1:8001)"
            ))
        })?;
    let addr = listener.local_addr()?;
    let url = url_of(addr);
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{url}")?;
        out.flush()?;
    }
    crate::stderr::eprint_line(crate::tr!(
        "评分网页已启动：{url}（按 Ctrl+C 停止）",
        "serving the tables at {url} (Ctrl+C stops)"
    ));
    if !addr.ip().is_loopback() {
        crate::stderr::eprint_line(crate::tr!(
            "注意：监听 {addr}，本机以外的计算机也可访问",
            "note: listening on {addr}: other computers can reach it"
        ));
    }
    if args.open {
        open_browser(&url);
    }
    let config = Config {
        loopback: addr.ip().is_loopback(),
        port: addr.port(),
    };
    let limits = guard::Limits {
        max_requests: args.max_requests.max(1),
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    accept(listener, app(config, limits)).await;
    crate::stderr::eprint_line(crate::tr!("评分网页已停止", "stopped"));
    Ok(true)
}

/// The address as a browser takes it: `http://127.0.0.1:8000/`, `http://[::1]:8000/`.
fn url_of(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
    }
}

/// Every route, behind the guards (outermost first): the access log, the security headers, the
/// Host and Origin checks, the limit on requests at once (503 past it), the timeout (408).
fn app(config: Config, limits: guard::Limits) -> Router {
    let config = Arc::new(config);
    let routes = Router::new()
        .route("/", get(pages::start))
        .route("/form/{id}", get(pages::form))
        .route("/bureau", get(pages::bureau))
        .route("/assets/{name}", get(pages::asset))
        .route("/api/rubrics", get(api::rubrics))
        .route("/api/score", post(api::score))
        .route("/api/sheet", post(api::sheet))
        .route("/api/fill", post(api::fill))
        .route("/api/data", post(api::data_file))
        .route("/api/advise", post(api::advise))
        .route("/api/checklist", post(api::checklist))
        .route(
            "/api/summary",
            post(api::summary).layer(axum::extract::DefaultBodyLimit::max(BUNDLE_LIMIT)),
        )
        .fallback(api::not_found)
        .with_state(config.clone());
    // One service around all the routes: `Router::layer` gives each route its own copy of a
    // layer, and the limit on requests at once is for the whole server.
    Router::new().fallback_service(routes).layer(
        ServiceBuilder::new()
            .layer(axum::middleware::from_fn(guard::log))
            .layer(header(
                header::CONTENT_SECURITY_POLICY,
                guard::PAGE_CSP,
                false,
            ))
            .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff", true))
            .layer(header(header::X_FRAME_OPTIONS, "DENY", true))
            // `same-origin`, not `no-referrer`: under the latter a form posted to this very
            // server says `Origin: null`, which the Origin check must refuse.
            .layer(header(header::REFERRER_POLICY, "same-origin", true))
            // Applicants' figures are confidential: no cache keeps a copy of an answer.
            .layer(header(header::CACHE_CONTROL, "no-store", true))
            .layer(axum::middleware::from_fn_with_state(config, guard::origin))
            .layer(axum::middleware::from_fn(guard::json_errors))
            .layer(axum::error_handling::HandleErrorLayer::new(
                guard::overloaded,
            ))
            .load_shed()
            .concurrency_limit(limits.max_requests)
            .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                limits.timeout,
            ))
            .layer(tower_http::limit::RequestBodyLimitLayer::new(BUNDLE_LIMIT)),
    )
}

/// A response header: `always` sets it over any the handler set, else only where it set none
/// (the printable sheet brings its own CSP).
fn header(
    name: axum::http::HeaderName,
    value: &'static str,
    always: bool,
) -> tower_http::set_header::SetResponseHeaderLayer<axum::http::HeaderValue> {
    let value = axum::http::HeaderValue::from_static(value);
    match always {
        true => tower_http::set_header::SetResponseHeaderLayer::overriding(name, value),
        false => tower_http::set_header::SetResponseHeaderLayer::if_not_present(name, value),
    }
}

/// Accepts connections until Ctrl+C or SIGTERM, then lets open requests finish (for a while).
/// A client that is slow to send its headers is cut off ([`HEADER_TIMEOUT`]), and a slow body
/// runs into the request's timeout.
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of descriptors and the like: pause rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => {}
    }
}

/// Ctrl+C, or on Unix SIGTERM (what a service manager sends).
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Opens `url` in the default browser; a failure is said, not fatal (the URL is printed). The
/// `BROWSER` environment variable, when set, names the browser instead, as for `xdg-open` and
/// Python's `webbrowser`: a command (words split at spaces) given the URL as its last argument,
/// or in place of a `%s` among its words. The tests use it to see which URL is opened.
fn open_browser(url: &str) {
    let chosen = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let opened = match chosen {
        Some(browser) => browser_command(&browser, url).spawn(),
        None => default_browser(url).spawn(),
    };
    match opened {
        // Reaped when it ends, so no process is left behind as a zombie while the server runs.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(_) => crate::stderr::eprint_line(crate::tr!(
            "未能打开浏览器；请手动打开 {url}",
            "could not open a browser: open {url} yourself"
        )),
    }
}

/// `BROWSER`'s command for `url`: `firefox` → `firefox URL`, `chromium --new-window %s` →
/// `chromium --new-window URL`.
fn browser_command(browser: &str, url: &str) -> std::process::Command {
    let mut words = browser.split_whitespace();
    let mut command = std::process::Command::new(words.next().unwrap_or_default());
    let mut placed = false;
    for word in words {
        if word.contains("%s") {
            placed = true;
            command.arg(word.replace("%s", url));
        } else {
            command.arg(word);
        }
    }
    if !placed {
        command.arg(url);
    }
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

/// The system's way to open a URL in the default browser.
fn default_browser(url: &str) -> std::process::Command {
    #[cfg(windows)]
    let mut command = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    };
    #[cfg(target_os = "macos")]
    let mut command = {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    };
    #[cfg(not(any(windows, target_os = "macos")))]
    let mut command = {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}
