//! The HTTP API (docs/serve.md): every answer is what the command line would write, and every
//! error is JSON with the command line's code and words.
//!
//! A data body is a TOML data file or a workbook's bytes (`?name=` gives its file name, which
//! tells CSV and `.ods` apart and is shown on the sheet), or a web form's fields
//! (`application/x-www-form-urlencoded`, one field per data key), which are written into the
//! table's TOML template and read as that file.

// The error of a handler's work is its HTTP answer, made at most once per request: boxing it
// would only add an allocation.
#![allow(clippy::result_large_err)]

use axum::body::Body;
use axum::extract::{FromRequest, Query, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde::Deserialize;
use serde_json::json;

use super::work::{self, Filled};
use super::{BODY_LIMIT, BUNDLE_LIMIT, bundle, guard};
use crate::diag::{Diagnostic, Failed};
use crate::rubric::Rubric;

#[derive(Debug, Default, Deserialize)]
pub struct DataQuery {
    /// The table: a built-in id or alias; without it, the one the data names.
    rubric: Option<String>,
    /// The upload's file name.
    name: Option<String>,
    /// `table` (advise), `toml`/`xlsx` (data), `html`/`xlsx`/`json` (summary).
    format: Option<String>,
    /// Who sends the summary.
    issuer: Option<String>,
    /// `en` for English messages; the server's language otherwise.
    lang: Option<String>,
}

impl DataQuery {
    fn lang(&self) -> crate::sheet::Lang {
        self.lang
            .as_deref()
            .and_then(crate::i18n::parse)
            .unwrap_or_else(crate::i18n::lang)
    }
}

/// An error answer: `{"error": {"status", "code", "message", "diagnostics": […]}}`.
pub fn error_response(status: StatusCode, code: &'static str, message: String) -> Response {
    failed_response(
        status,
        &work::failed(Diagnostic::error(code, message)),
        None,
    )
}

/// A file's problems as JSON: `message` is the command line's text for them; each diagnostic
/// has its place and, for a form, the data key of the field it is about.
pub fn failed_response(status: StatusCode, failed: &Failed, filled: Option<&Filled>) -> Response {
    let diagnostics: Vec<serde_json::Value> = failed
        .diagnostics
        .iter()
        .map(|d| {
            let (file, line, column) = match d.location() {
                Some((file, line, column)) => (Some(file), Some(line), Some(column)),
                None => (None, None, None),
            };
            json!({
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "help": d.help,
                "place": d.place(),
                "file": file,
                "line": line,
                "column": column,
                "key": filled.and_then(|f| work::key_at(f, d)),
            })
        })
        .collect();
    let code = failed.diagnostics.first().map_or("error", |d| d.code);
    let body = json!({
        "error": {
            "status": status.as_u16(),
            "code": code,
            "message": failed.to_string(),
            "diagnostics": diagnostics,
        }
    });
    let body = crate::render::json_writer::separators_escaped_text(body.to_string());
    let mut response = (status, body).into_response();
    set_type(&mut response, "application/json; charset=utf-8");
    response
}

fn set_type(response: &mut Response, content_type: &'static str) {
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
}

fn bytes_response(bytes: Vec<u8>, content_type: &'static str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    set_type(&mut response, content_type);
    response
}

/// A download: `filename*` carries a Chinese name (RFC 6266), `filename` an ASCII one.
fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str, ascii: &str) -> Response {
    let mut response = bytes_response(bytes, content_type);
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect();
    let value = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

type Answer = Result<Response, Response>;

/// Runs one request's work; a panic becomes the request's error, not the server's end. A small
/// TOML file or form is scored where it stands (some 100 µs: handing it to another thread would
/// cost more, and 200 clients would mean 200 threads); a workbook, a large file or a zip goes
/// to the blocking pool so it holds up no other request.
async fn run(
    lang: crate::sheet::Lang,
    heavy: bool,
    work: impl FnOnce() -> Answer + Send + 'static,
) -> Response {
    // The request's language for every message made while it is worked on (`?lang=en`).
    let guarded = move || {
        crate::i18n::scoped(lang, || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        })
    };
    let done = if heavy {
        tokio::task::spawn_blocking(guarded)
            .await
            .unwrap_or_else(|_| Err(Box::new("cancelled")))
    } else {
        guarded()
    };
    match done {
        Ok(Ok(response) | Err(response)) => response,
        Err(_) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            crate::tr!(
                "内部错误：处理这份数据时程序出错；请报告此问题",
                "internal error while handling this data; please report it"
            ),
        ),
    }
}

/// Largest TOML file or form scored without leaving the request's thread.
const LIGHT: usize = 64 * 1024;

/// The body, at most `limit` bytes (413 past it, as soon as it is known).
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>, Response> {
    let too_large = || {
        error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            crate::tr!(
                "上传的内容过大，上限为 {} MiB",
                "the upload is too large; the limit is {} MiB",
                limit >> 20
            ),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = body;
    let mut bytes = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(error_response(
                StatusCode::BAD_REQUEST,
                "bad-body",
                crate::tr!(
                    "请求体未能完整收到",
                    "the request body did not arrive whole"
                ),
            ));
        };
        if let Ok(data) = frame.into_data() {
            if bytes.len().saturating_add(data.len()) > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// A web form's fields rather than a data file. `curl --data-binary @file` labels any file
/// `x-www-form-urlencoded`; a form's encoding has no raw space or line break, and a data file
/// hardly ever lacks both.
fn is_form(headers: &HeaderMap, bytes: &[u8]) -> bool {
    headers.get(header::CONTENT_TYPE).is_some_and(|t| {
        t.as_bytes()
            .starts_with(b"application/x-www-form-urlencoded")
    }) && !bytes
        .iter()
        .any(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
}

/// One company's data as it came: a file's bytes, or a form written into the TOML template.
struct Upload {
    table: Option<&'static Rubric>,
    name: String,
    bytes: Vec<u8>,
    filled: Option<Filled>,
}

impl Upload {
    fn problem(&self, status: StatusCode, failed: &Failed) -> Response {
        failed_response(status, failed, self.filled.as_ref())
    }

    /// A workbook, or a file too large to score in passing (see [`run`]).
    fn heavy(&self) -> bool {
        self.bytes.len() > LIGHT || work::is_table(&self.name)
    }

    /// The figures; a form's are talked about as the form's fields (its 数据名称 and 已核实
    /// boxes), never as the TOML lines it was written into.
    fn read(&self) -> Result<(&'static Rubric, crate::data::Data), Response> {
        let options = crate::data::Options {
            form: self.filled.is_some(),
            ..crate::data::Options::default()
        };
        work::read(self.table, &self.name, &self.bytes, options)
            .map_err(|f| self.problem(StatusCode::UNPROCESSABLE_ENTITY, &f))
    }
}

async fn upload(query: &DataQuery, headers: &HeaderMap, body: Body) -> Result<Upload, Response> {
    let bad = |f: Failed| failed_response(StatusCode::BAD_REQUEST, &f, None);
    let table = match query.rubric.as_deref().filter(|r| !r.is_empty()) {
        Some(choice) => Some(work::rubric(choice).map_err(bad)?),
        None => None,
    };
    let bytes = read_body(headers, body, BODY_LIMIT).await?;
    if !is_form(headers, &bytes) {
        if bytes.is_empty() {
            return Err(error_response(
                StatusCode::BAD_REQUEST,
                "no-data",
                crate::tr!(
                    "请求中没有数据：请把数据文件（TOML 或工作簿）作为请求体发送",
                    "the request carries no data: send a data file (TOML or a workbook) as its body"
                ),
            ));
        }
        let name = work::upload_name(query.name.as_deref(), &bytes);
        return Ok(Upload {
            table,
            name,
            bytes,
            filled: None,
        });
    }
    let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let named = fields.iter().find(|(k, _)| k == "rubric").map(|(_, v)| v);
    let table = match (table, named) {
        (Some(table), _) => table,
        (None, Some(choice)) => work::rubric(choice).map_err(bad)?,
        (None, None) => {
            return Err(error_response(
                StatusCode::BAD_REQUEST,
                "no-rubric",
                crate::tr!(
                    "表单没有写明评分表：请加 `?rubric=编号` 或字段 `rubric`",
                    "the form does not name its table: add `?rubric=ID` or a `rubric` field"
                ),
            ));
        }
    };
    let filled = work::filled_toml(table, crate::i18n::lang(), &fields);
    Ok(Upload {
        table: Some(table),
        name: "form.toml".into(),
        bytes: filled.text.clone().into_bytes(),
        filled: Some(filled),
    })
}

fn number(value: rust_decimal::Decimal) -> serde_json::Value {
    let plain = crate::num::plain(value);
    plain
        .parse::<serde_json::Number>()
        .map_or(serde_json::Value::String(plain), serde_json::Value::Number)
}

/// `GET /api/rubrics`: the built-in tables.
pub async fn rubrics() -> Response {
    let tables: Vec<serde_json::Value> = crate::data::which::builtins()
        .iter()
        .map(|r| {
            let attachment = crate::rubric::builtin::BUILTINS
                .iter()
                .find(|b| b.id == &*r.id)
                .and_then(|b| b.aliases.first().copied());
            json!({
                "id": &*r.id,
                "attachment": attachment,
                "title": &*r.title,
                "title_en": &*r.title_en,
                "source": r.source_ref,
                "base_max": number(r.base_max),
                "bonus_max": number(r.bonus_max),
            })
        })
        .collect();
    let body = serde_json::to_vec_pretty(&json!({ "rubrics": tables })).unwrap_or_default();
    let body = crate::render::json_writer::separators_escaped(body);
    bytes_response(body, "application/json; charset=utf-8")
}

/// `POST /api/score`: the sheet as `score --format json`.
pub async fn score(Query(query): Query<DataQuery>, headers: HeaderMap, body: Body) -> Response {
    let upload = match upload(&query, &headers, body).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    run(query.lang(), upload.heavy(), move || {
        let (rubric, data) = upload.read()?;
        let sheet = work::sheet(rubric, &data)
            .map_err(|f| upload.problem(StatusCode::UNPROCESSABLE_ENTITY, &f))?;
        Ok(bytes_response(
            work::sheet_json(&sheet),
            "application/json; charset=utf-8",
        ))
    })
    .await
}

/// `POST /api/sheet`: the sheet to print, as `score --format html`.
pub async fn sheet(Query(query): Query<DataQuery>, headers: HeaderMap, body: Body) -> Response {
    let upload = match upload(&query, &headers, body).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    run(query.lang(), upload.heavy(), move || {
        let (rubric, data) = upload.read()?;
        let sheet = work::sheet(rubric, &data)
            .map_err(|f| upload.problem(StatusCode::UNPROCESSABLE_ENTITY, &f))?;
        let mut response = bytes_response(work::sheet_html(&sheet), "text/html; charset=utf-8");
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(guard::PRINT_CSP),
        );
        Ok(response)
    })
    .await
}

/// `POST /api/checklist?format=html|xlsx|json`: the 自评证明材料 checklist of the figures, as
/// `score checklist` makes it: HTML (the default) to print, a workbook or JSON to download.
pub async fn checklist(Query(query): Query<DataQuery>, headers: HeaderMap, body: Body) -> Response {
    use crate::render::checklist::{self as render, Format};
    let format = match query.format.as_deref() {
        None | Some("html") => Format::Html,
        Some("xlsx") => Format::Xlsx,
        Some("json") => Format::Json,
        Some(_) => return bad_format("html, xlsx, json"),
    };
    let upload = match upload(&query, &headers, body).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    run(query.lang(), upload.heavy(), move || {
        let (rubric, data) = upload.read()?;
        let sheet = work::sheet(rubric, &data)
            .map_err(|f| upload.problem(StatusCode::UNPROCESSABLE_ENTITY, &f))?;
        let list = crate::checklist::build(rubric, &sheet, &data);
        let bytes = render::to_bytes(format, crate::i18n::lang(), std::slice::from_ref(&list))
            .map_err(|e| {
                error_response(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
            })?;
        Ok(match format {
            Format::Xlsx => {
                let name = format!("{}-证明材料清单.xlsx", list.who());
                attachment(bytes, XLSX, &name, "checklist.xlsx")
            }
            Format::Json => bytes_response(bytes, "application/json; charset=utf-8"),
            _ => {
                let mut response = bytes_response(bytes, "text/html; charset=utf-8");
                response.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(guard::PRINT_CSP),
                );
                response
            }
        })
    })
    .await
}

/// `POST /api/fill`: an uploaded file's figures by data key, to fill the form with.
pub async fn fill(Query(query): Query<DataQuery>, headers: HeaderMap, body: Body) -> Response {
    let upload = match upload(&query, &headers, body).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    run(query.lang(), upload.heavy(), move || {
        let (rubric, data) = upload.read()?;
        let values: serde_json::Map<String, serde_json::Value> = work::values(rubric, &data)
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        let body = json!({
            "rubric": &*rubric.id,
            "values": values,
            "confirmed": data.confirmed,
            "warnings": data.warnings,
        });
        Ok(bytes_response(
            crate::render::json_writer::separators_escaped_text(body.to_string()).into_bytes(),
            "application/json; charset=utf-8",
        ))
    })
    .await
}

/// `POST /api/data?format=toml|xlsx`: the figures as a data file to keep, send or reopen: the
/// annotated TOML template or the fill-in workbook, filled in.
pub async fn data_file(Query(query): Query<DataQuery>, headers: HeaderMap, body: Body) -> Response {
    let xlsx = match query.format.as_deref() {
        None | Some("toml") => false,
        Some("xlsx") => true,
        Some(_) => return bad_format("toml, xlsx"),
    };
    let upload = match upload(&query, &headers, body).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    run(query.lang(), upload.heavy(), move || {
        let (rubric, data) = upload.read()?;
        let values = work::values(rubric, &data);
        let lookup = |key: &str| {
            values
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .or_else(|| Some(String::new()))
        };
        let lang = crate::i18n::lang();
        let stem = data
            .company
            .clone()
            .unwrap_or_else(|| rubric.id.to_string());
        if xlsx {
            let book =
                crate::template_xlsx::workbook_filled(rubric, lang, &lookup, &data.confirmed)
                    .map_err(|e| {
                        error_response(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
                    })?;
            let name = format!("{stem}.xlsx");
            return Ok(attachment(book, XLSX, &name, "data.xlsx"));
        }
        let mut all: Vec<(String, String)> = crate::template::entries(rubric, lang)
            .into_iter()
            .filter(|e| e.key != "rubric")
            .map(|e| {
                let value = lookup(&e.key).unwrap_or_default();
                (e.key, value)
            })
            .collect();
        let confirmed = crate::data::confirmed::KEY.to_string();
        all.extend(
            data.confirmed
                .iter()
                .map(|k| (confirmed.clone(), k.clone())),
        );
        let text = work::filled_toml(rubric, lang, &all).text;
        Ok(attachment(
            text.into_bytes(),
            "application/toml; charset=utf-8",
            &format!("{stem}.toml"),
            "data.toml",
        ))
    })
    .await
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn bad_format(accepted: &str) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        "bad-format",
        crate::tr!(
            "未知的 format：可用 {accepted}",
            "unknown format: use one of {accepted}"
        ),
    )
}

/// `POST /api/advise`: `score advise`, as JSON (or `?format=table`, the table).
pub async fn advise(Query(query): Query<DataQuery>, headers: HeaderMap, body: Body) -> Response {
    let table = match query.format.as_deref() {
        None | Some("json") => false,
        Some("table") => true,
        Some(_) => return bad_format("json, table"),
    };
    let upload = match upload(&query, &headers, body).await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    run(query.lang(), upload.heavy(), move || {
        let (rubric, data) = upload.read()?;
        let advice = work::advice(rubric, &data, table)
            .map_err(|f| upload.problem(StatusCode::UNPROCESSABLE_ENTITY, &f))?;
        let kind = if table {
            "text/plain; charset=utf-8"
        } else {
            "application/json; charset=utf-8"
        };
        Ok(bytes_response(advice, kind))
    })
    .await
}

/// `POST /api/summary?format=html|xlsx|json`: a bureau's files ranked, as `score --summary`. The
/// body is a `.zip`, or a multipart form of files (zips among them are opened).
pub async fn summary(Query(query): Query<DataQuery>, request: Request) -> Response {
    let format = match query.format.as_deref() {
        None | Some("html") => crate::summary::Format::Html,
        Some("xlsx") => crate::summary::Format::Xlsx,
        Some("json") => crate::summary::Format::Json,
        Some(_) => return bad_format("html, xlsx, json"),
    };
    let mut issuer = query.issuer.clone();
    let files = match bundle_files(&query, request, &mut issuer).await {
        Ok(files) => files,
        Err(response) => return response,
    };
    let issuer = issuer.filter(|i| !i.trim().is_empty());
    run(query.lang(), true, move || {
        // Refused as `--issuer` is: it is printed on the summary.
        if let Some(Err(e)) = issuer.as_deref().map(crate::options::check_issuer) {
            return Err(error_response(
                StatusCode::BAD_REQUEST,
                "bad-issuer",
                e.to_string(),
            ));
        }
        let files = bundle::expand(files)
            .map_err(|f| failed_response(StatusCode::UNPROCESSABLE_ENTITY, &f, None))?;
        let out = bundle::summary(&files, issuer.as_deref(), format)
            .map_err(|f| failed_response(StatusCode::INTERNAL_SERVER_ERROR, &f, None))?;
        Ok(match format {
            crate::summary::Format::Xlsx => attachment(out, XLSX, "汇总表.xlsx", "summary.xlsx"),
            crate::summary::Format::Html => {
                let mut response = bytes_response(out, "text/html; charset=utf-8");
                response.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(guard::PRINT_CSP),
                );
                response
            }
            _ => bytes_response(out, "application/json; charset=utf-8"),
        })
    })
    .await
}

/// The uploaded files, zips still closed (they are opened on a worker thread).
async fn bundle_files(
    query: &DataQuery,
    request: Request,
    issuer: &mut Option<String>,
) -> Result<Vec<bundle::File>, Response> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"multipart/form-data"));
    if !multipart {
        let (parts, body) = request.into_parts();
        let bytes = read_body(&parts.headers, body, BUNDLE_LIMIT).await?;
        let name = query.name.clone().unwrap_or_else(|| "upload.zip".into());
        return Ok(vec![bundle::File { name, bytes }]);
    }
    let mut form = axum::extract::Multipart::from_request(request, &())
        .await
        .map_err(|e| error_response(e.status(), "bad-body", e.body_text()))?;
    let mut files = Vec::new();
    let mut total = 0usize;
    while let Some(field) = form.next_field().await.map_err(|e| {
        let status = e.status();
        let (code, message) = if status == StatusCode::PAYLOAD_TOO_LARGE {
            ("too-large", e.body_text())
        } else {
            ("bad-body", e.body_text())
        };
        error_response(status, code, message)
    })? {
        let file_name = field.file_name().map(str::to_string);
        let field_name = field.name().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| error_response(e.status(), "bad-body", e.body_text()))?;
        total = total.saturating_add(bytes.len());
        let Some(file_name) = file_name.filter(|n| !n.is_empty()) else {
            // A text field: the issuer, if any; an empty file input sends a nameless part.
            if field_name.as_deref() == Some("issuer") {
                *issuer = Some(String::from_utf8_lossy(&bytes).into_owned());
            }
            continue;
        };
        let name = work::upload_name(Some(&file_name), &bytes);
        files.push(bundle::File {
            name,
            bytes: bytes.to_vec(),
        });
        if files.len() > bundle::MAX_FILES || total > BUNDLE_LIMIT {
            return Err(error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-many-files",
                crate::tr!(
                    "上传的文件过多或过大：至多 {} 个文件、共 {} MiB",
                    "too many or too large files: at most {} files, {} MiB in all",
                    bundle::MAX_FILES,
                    BUNDLE_LIMIT >> 20
                ),
            ));
        }
    }
    Ok(files)
}

/// Anything else: 404 (as JSON under `/api/`, made so by [`guard::json_errors`]).
pub async fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}
