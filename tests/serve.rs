//! `score serve` over real HTTP: the API answers exactly what the command line writes, every bad
//! request gets a JSON error and the server goes on, the limits hold (413, 503, 408), foreign
//! Host and Origin are refused, and hostile zips are refused whole.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::server::{Server, read_reply};

const TOML: &str = "application/toml";

fn examples() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "the four examples");
    files
}

/// `score ARGS` run inside examples/, its stdout.
fn cli_in_examples(args: &[&str]) -> Vec<u8> {
    let output = common::score()
        .current_dir("examples")
        .env("SCORE_LANG", "zh")
        .args(args)
        .output()
        .expect("score runs");
    output.stdout
}

#[test]
fn every_example_scores_byte_for_byte_as_the_command_line() {
    let server = Server::start(&[]);
    for (name, bytes) in examples() {
        let expected = cli_in_examples(&["--format", "json", &name]);
        let reply = server.post(&format!("/api/score?name={name}"), TOML, &bytes);
        assert_eq!(reply.status, 200, "{name}: {}", reply.text());
        assert_eq!(reply.text(), String::from_utf8_lossy(&expected), "{name}");
        let id = name.trim_end_matches(".toml");
        let expected = cli_in_examples(&["--rubric", id, "--format", "json", &name]);
        let reply = server.post(&format!("/api/score?rubric={id}&name={name}"), TOML, &bytes);
        assert_eq!(
            reply.text(),
            String::from_utf8_lossy(&expected),
            "{name} with ?rubric"
        );
    }
}

#[test]
fn a_workbook_body_is_read_as_the_command_line_reads_the_file() {
    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in examples() {
        // The example as the fill-in workbook, filled (the page's download), then scored both ways.
        let book = server.post("/api/data?format=xlsx", TOML, &bytes);
        assert_eq!(book.status, 200, "{name}: {}", book.text());
        assert!(
            book.header("content-disposition")
                .unwrap()
                .starts_with("attachment")
        );
        let xlsx = name.replace(".toml", ".xlsx");
        std::fs::write(dir.path().join(&xlsx), &book.body).unwrap();
        let expected = common::score()
            .current_dir(dir.path())
            .env("SCORE_LANG", "zh")
            .args(["--format", "json", &xlsx])
            .output()
            .unwrap()
            .stdout;
        let reply = server.post(
            &format!("/api/score?name={xlsx}"),
            "application/octet-stream",
            &book.body,
        );
        assert_eq!(reply.status, 200, "{xlsx}: {}", reply.text());
        assert_eq!(reply.text(), String::from_utf8_lossy(&expected), "{xlsx}");
        // The same total as the TOML itself.
        let toml_total = server.post("/api/score", TOML, &bytes).json()["total"].clone();
        assert_eq!(reply.json()["total"], toml_total, "{xlsx}");
    }
}

#[test]
fn the_downloaded_toml_scores_the_same_and_keeps_the_comments() {
    let server = Server::start(&[]);
    for (name, bytes) in examples() {
        let toml = server.post("/api/data?format=toml", TOML, &bytes);
        assert_eq!(toml.status, 200, "{name}");
        let text = toml.text();
        assert!(
            text.contains("—— 数据文件模板"),
            "{name}: the template's heading"
        );
        let again = server.post("/api/score", TOML, text.as_bytes()).json();
        let first = server.post("/api/score", TOML, &bytes).json();
        assert_eq!(again["total"], first["total"], "{name}");
        assert_eq!(
            again["items"].as_array().unwrap().len(),
            first["items"].as_array().unwrap().len()
        );
    }
}

#[test]
fn form_fields_score_as_the_data_file_and_errors_name_the_field() {
    let server = Server::start(&[]);
    let fields = "rubric=enterprise-center&company=%E7%94%B2&year=2023\
&rd_expense=860%E4%B8%87%E5%85%83&main_revenue=3.2%E4%BA%BF%E5%85%83&rd_staff=46\
&total_staff=620&senior_or_phd=9&valid_invention_patents=4&achievements_filed_3y=3\
&rd_equipment_value=1150&provincial_platforms=2&certified_labs=1&new_product_projects=4\
&new_product_sales=4500&total_profit=1536&patent_applications.invention=2\
&patent_applications.utility_model=5&patent_applications.software_copyright=1\
&patent_applications.design=0&standards.industry_join=2&standards.group_lead=1\
&standards.enterprise=3&awards.second=2";
    let form = "application/x-www-form-urlencoded";
    let reply = server.post("/api/score", form, fields.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["total"], serde_json::json!(54.5));
    // A count written with a unit it does not take: the error names the field's key.
    let bad = fields.replace("rd_staff=46", "rd_staff=46%E4%B8%AA%E4%B9%88");
    let reply = server.post("/api/score", form, bad.as_bytes());
    assert_eq!(reply.status, 422, "{}", reply.text());
    let json = reply.json();
    let keys: Vec<&str> = json["error"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["key"].as_str())
        .collect();
    assert_eq!(keys, ["rd_staff"], "{json}");
}

#[test]
fn bad_bodies_get_json_errors_in_chinese_and_the_server_goes_on() {
    let mut server = Server::start(&[]);
    let cases: [(&str, &[u8], u16, &str); 6] = [
        ("/api/score", b"", 400, "no-data"),
        (
            "/api/score",
            b"rubric = \"enterprise-center\"\nrd_expense = [",
            422,
            "syntax",
        ),
        ("/api/score", b"company = \"x\"\n", 422, "no-rubric"),
        (
            "/api/score?rubric=nonsense",
            b"x = 1\n",
            400,
            "unknown-rubric",
        ),
        (
            "/api/score?name=x.xlsx",
            b"PK\x03\x04 not really a workbook",
            422,
            "io",
        ),
        (
            "/api/score?rubric=alliance",
            b"\xff\xfe\x00garbage\x00\x00",
            422,
            "",
        ),
    ];
    for (path, body, status, code) in cases {
        let reply = server.post(path, TOML, body);
        assert_eq!(reply.status, status, "{path}: {}", reply.text());
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let json = reply.json();
        if !code.is_empty() {
            assert_eq!(reply.code(), code, "{path}: {json}");
        }
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("错误"), "Chinese first: {message}");
        assert!(server.alive());
    }
    // The command line's very words: the same diagnostic text as on stderr.
    let dir = tempfile::tempdir().unwrap();
    let bad = b"rubric = \"enterprise-center\"\nrd_staff = \"46\xe4\xb8\xaa\"\n";
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    let cli = common::score()
        .current_dir(dir.path())
        .env("SCORE_LANG", "zh")
        .args(["--format", "json", "bad.toml"])
        .output()
        .unwrap();
    let reply = server.post("/api/score?name=bad.toml", TOML, bad);
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        message.trim_end(),
        String::from_utf8_lossy(&cli.stderr).trim_end()
    );
    assert_eq!(reply.json()["error"]["diagnostics"][0]["line"], 2);
    assert_eq!(server.get("/api/rubrics").status, 200);
    assert_eq!(server.get("/api/nothing").code(), "not-found");
}

/// The 2.9 KB workbook of `tests/hostile_tables.rs`: `A1` and a filled `XFD1048576`, which laid
/// out whole would be 17 billion cells. Uploaded, it is measured as a file is and refused by name.
#[test]
fn an_uploaded_xlsx_filled_at_the_last_corner_is_refused_and_the_server_goes_on() {
    use common::books::{xn, xs};
    let mut server = Server::start(&[]);
    let rows = format!(
        r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
        xs("A1", "键 key"),
        xn("XFD1048576", "1")
    );
    let bytes = common::books::xlsx_raw(&[("Sheet1", &rows, false)]);
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    for path in [
        "/api/score?name=corner.xlsx",
        "/api/score?rubric=enterprise-center&name=corner.xlsx",
    ] {
        let reply = server.post(path, "application/octet-stream", &bytes);
        assert_eq!(reply.status, 422, "{path}: {}", reply.text());
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        assert_eq!(reply.code(), "too-large", "{path}: {}", reply.text());
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.starts_with("错误"), "{message}");
        assert!(message.contains("XFD1048576"), "{message}");
        assert!(message.contains("corner.xlsx"), "{message}");
        assert!(server.alive(), "{path}");
    }
    // The next request is served as ever.
    let (name, toml) = examples().remove(0);
    let reply = server.post(&format!("/api/score?name={name}"), TOML, &toml);
    assert_eq!(reply.status, 200, "{name}: {}", reply.text());
    assert!(server.alive());
}

#[test]
fn rubrics_are_listed_with_their_attachments() {
    let server = Server::start(&[]);
    let json = server.get("/api/rubrics").json();
    let list = json["rubrics"].as_array().unwrap();
    let attachments: Vec<&str> = list
        .iter()
        .map(|r| r["attachment"].as_str().unwrap())
        .collect();
    assert_eq!(attachments, ["附件1", "附件2", "附件3", "附件4"]);
    assert_eq!(list[0]["base_max"], serde_json::json!(100));
}

#[test]
fn a_body_over_the_limit_gets_413_and_the_server_goes_on() {
    let mut server = Server::start(&[]);
    let big = vec![b'#'; 16 * 1024 * 1024 + 1];
    let reply = server.post("/api/score?rubric=alliance", TOML, &big);
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert_eq!(reply.code(), "too-large");
    // A zip's declared length past 64 MiB is refused before any of it is read.
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let head = format!(
        "POST /api/summary HTTP/1.1\r\nHost: {}\r\nContent-Type: application/zip\r\n\
Content-Length: {}\r\nConnection: close\r\n\r\n",
        server.host(),
        65 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).unwrap();
    let reply = read_reply(&mut stream);
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(server.alive());
    assert_eq!(server.get("/").status, 200);
}

/// A request whose body never finishes: it holds its slot until the server gives up on it.
fn stalled(server: &Server) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let head = format!(
        "POST /api/score?rubric=alliance HTTP/1.1\r\nHost: {}\r\nContent-Type: application/toml\r\n\
Content-Length: 1000\r\nConnection: close\r\n\r\nrubric = ",
        server.host()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream
}

#[test]
fn past_the_limit_of_requests_at_once_the_answer_is_503_at_once() {
    let server = Server::start(&["--max-requests", "1", "--timeout", "5"]);
    let _held = stalled(&server);
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let reply = server.get("/api/rubrics");
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert_eq!(reply.code(), "busy");
    assert_eq!(reply.header("retry-after"), Some("1"));
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "refused, not queued"
    );
}

#[test]
fn a_slow_body_is_cut_off_with_408() {
    let server = Server::start(&["--timeout", "1"]);
    let mut stream = stalled(&server);
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let start = Instant::now();
    let reply = read_reply(&mut stream);
    assert_eq!(reply.status, 408, "{}", reply.text());
    assert_eq!(reply.code(), "timeout");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(server.get("/api/rubrics").status, 200);
}

#[test]
fn a_foreign_host_is_refused_on_loopback() {
    let server = Server::start(&[]);
    let port = server.addr.port();
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
    ] {
        let reply = server.send("GET", "/", &[("Host", &host)], b"");
        assert_eq!(reply.status, 421, "{host}");
        assert_eq!(reply.code(), "bad-host");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(
            server.send("GET", "/", &[("Host", &host)], b"").status,
            200,
            "{host}"
        );
    }
}

#[test]
fn a_post_from_another_site_is_refused() {
    let server = Server::start(&[]);
    let body = examples().remove(0).1;
    let own = format!("http://{}", server.host());
    let headers = |origin: &'static str| vec![("Content-Type", TOML), ("Origin", origin)];
    let reply = server.send("POST", "/api/score", &headers("http://evil.example"), &body);
    assert_eq!(reply.status, 403);
    assert_eq!(reply.code(), "bad-origin");
    let reply = server.send("POST", "/api/score", &headers("null"), &body);
    assert_eq!(reply.status, 403);
    let reply = server.send(
        "POST",
        "/api/score",
        &[("Content-Type", TOML), ("Origin", &own)],
        &body,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = server.send(
        "POST",
        "/api/score",
        &[("Content-Type", TOML), ("Sec-Fetch-Site", "cross-site")],
        &body,
    );
    assert_eq!(reply.status, 403);
}

#[test]
fn pages_carry_strict_headers_and_no_inline_script() {
    let server = Server::start(&[]);
    for path in [
        "/",
        "/form/enterprise-center",
        "/form/附件4",
        "/bureau",
        "/?lang=en",
    ] {
        let path = path.replace("附件4", "%E9%99%84%E4%BB%B64");
        let reply = server.get(&path);
        assert_eq!(reply.status, 200, "{path}");
        let csp = reply.header("content-security-policy").unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        let html = reply.text();
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script src=\"/assets/app.js\"></script>")
                .count(),
            "{path}: only the script file"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{path}: nothing fetched from elsewhere"
        );
    }
    let start = server.get("/").text();
    for attachment in [
        "附件1",
        "附件2",
        "附件3",
        "附件4",
        "上传已填好的工作簿/数据文件",
    ] {
        assert!(start.contains(attachment), "{attachment}");
    }
    assert_eq!(server.get("/form/nonsense").status, 404);
    assert_eq!(
        server.get("/assets/app.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
}

#[test]
fn the_form_has_every_figure_with_its_title_unit_and_dropdowns() {
    let server = Server::start(&[]);
    let html = server.get("/form/alliance").text();
    let template = String::from_utf8(
        common::score()
            .args(["template", "--rubric", "alliance"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for line in template
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains('='))
    {
        let key = line.split('=').next().unwrap().trim();
        if key == "rubric" {
            continue;
        }
        assert!(
            html.contains(&format!("name=\"{key}\"")),
            "no field for `{key}`"
        );
    }
    // A level is a dropdown of its labels; the notes are there.
    assert!(html.contains("<select id=\"f-management_system\" name=\"management_system\">"));
    assert!(html.contains("不完善"));
    assert!(html.contains("class=\"unit\">万元<"));
}

#[test]
fn the_printable_sheet_is_the_command_lines_html() {
    let server = Server::start(&[]);
    for (name, bytes) in examples() {
        let expected = cli_in_examples(&["--format", "html", &name]);
        let reply = server.post(&format!("/api/sheet?name={name}"), TOML, &bytes);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.text(), String::from_utf8_lossy(&expected), "{name}");
        let csp = reply.header("content-security-policy").unwrap();
        assert!(
            csp.starts_with("default-src 'none'"),
            "{csp}: no script at all"
        );
    }
}

#[test]
fn advice_is_the_command_lines() {
    let server = Server::start(&[]);
    let (name, bytes) = examples().remove(2);
    let expected = cli_in_examples(&["advise", "--format", "json", &name]);
    let reply = server.post(&format!("/api/advise?name={name}"), TOML, &bytes);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), String::from_utf8_lossy(&expected));
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_zip_of_a_folder_is_ranked_as_the_command_line_ranks_the_files() {
    let server = Server::start(&[]);
    let files = examples();
    let mut entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    entries.push(("readme.txt", b"not data"));
    let zip = zip_of(&entries);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let mut args = vec!["--summary", "--format", "json"];
    args.extend(&names);
    args.push("readme.txt");
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &entries {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let expected = common::score()
        .current_dir(dir.path())
        .env("SCORE_LANG", "zh")
        .args(["--summary", "--format", "json", "."])
        .output()
        .unwrap()
        .stdout;
    let reply = server.post("/api/summary?format=json", "application/zip", &zip);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let ours = reply.json();
    let theirs: serde_json::Value = serde_json::from_slice(&expected).unwrap();
    // The CLI names a folder's files `./x.toml`; the zip's are `x.toml`.
    let strip = |v: &serde_json::Value| v.to_string().replace("\"./", "\"");
    assert_eq!(strip(&ours), strip(&theirs));
    let html = server.post("/api/summary?format=html", "application/zip", &zip);
    assert!(html.text().contains("武威示例新材料科技有限公司"));
    let xlsx = server.post("/api/summary?format=xlsx", "application/zip", &zip);
    assert!(xlsx.body.starts_with(b"PK"), "a workbook");
}

#[test]
fn hostile_zips_are_refused_whole() {
    let server = Server::start(&[]);
    let good = examples().remove(0).1;
    let climbing = zip_of(&[("a.toml", &good), ("../../etc/evil.toml", &good)]);
    let reply = server.post("/api/summary?format=json", "application/zip", &climbing);
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(reply.code(), "hostile-zip");
    let absolute = zip_of(&[("/tmp/evil.toml", &good)]);
    assert_eq!(
        server
            .post("/api/summary", "application/zip", &absolute)
            .code(),
        "hostile-zip"
    );
    // A link.
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.add_symlink(
        "link.toml",
        "/etc/passwd",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.finish().unwrap();
    let link = out.into_inner();
    assert_eq!(
        server.post("/api/summary", "application/zip", &link).code(),
        "hostile-zip"
    );
    // A bomb: 40 MiB of zeros in some 40 KiB.
    let zeros = vec![0u8; 40 << 20];
    let bomb = zip_of(&[("bomb.toml", &zeros)]);
    assert!(bomb.len() < 1 << 20);
    let reply = server.post("/api/summary", "application/zip", &bomb);
    assert_eq!(reply.code(), "hostile-zip", "{}", reply.text());
    // Too many files.
    let names: Vec<String> = (0..1001).map(|i| format!("f{i}.toml")).collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let reply = server.post("/api/summary", "application/zip", &zip_of(&many));
    assert_eq!(reply.code(), "too-many-files", "{}", reply.text());
    // Not a zip at all.
    assert_eq!(
        server
            .post("/api/summary", "application/zip", b"hello")
            .code(),
        "bad-zip"
    );
    assert_eq!(server.get("/api/rubrics").status, 200);
}

#[test]
fn many_files_in_one_form_are_ranked_and_the_issuer_is_printed() {
    let server = Server::start(&[]);
    let boundary = "XyZ123";
    let mut body = Vec::new();
    for (name, bytes) in examples() {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"issuer\"\r\n\r\n凉州区工业和信息化局\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    let reply = server.post(
        "/api/summary?format=html",
        &format!("multipart/form-data; boundary={boundary}"),
        &body,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let html = reply.text();
    assert!(html.contains("凉州区工业和信息化局"));
    assert!(html.contains("武威示例新材料科技有限公司"));
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly() {
    let server = Server::start(&[]);
    assert_eq!(server.get("/").status, 200);
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_first_line_is_the_url_with_the_real_port() {
    let server = Server::start(&[]);
    assert!(server.url.starts_with("http://127.0.0.1:"));
    assert_ne!(server.addr.port(), 0);
    assert!(Path::new("examples").is_dir());
}

#[test]
fn lang_en_words_the_messages_and_the_page_in_english_for_that_request_alone() {
    let server = Server::start(&[]);
    let bad = b"rubric = \"alliance\"\nproblems_solved = \"x\"\n";
    let english = server.post("/api/score?lang=en", TOML, bad).json();
    let message = english["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("error[bad-value]: cannot read"),
        "{message}"
    );
    let chinese = server.post("/api/score", TOML, bad).json();
    let message = chinese["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("错误[bad-value]"),
        "the next request is Chinese again: {message}"
    );
    let page = server.get("/form/alliance?lang=en").text();
    assert!(page.contains("Print the sheet") && page.contains("lang=en"));
}

/// The form's 已核实 boxes are `confirmed = […]` of a data file: a figure that looks wrong is
/// then no warning, the sheet shows it checked, and the downloads and an upload carry it.
#[test]
fn a_confirmed_figure_in_the_form_is_confirmed_as_in_a_data_file() {
    let server = Server::start(&[]);
    let form = "application/x-www-form-urlencoded";
    // 11500000 (元 typed into 万元) with a 主营业务收入 of 45000万元.
    let fields = "rubric=enterprise-center&rd_expense=11500000&main_revenue=45000";
    let reply = server.post("/api/score", form, fields.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    let checks = json["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 2, "{json}");
    assert!(checks.iter().all(|c| c["confirmed"] == false), "{json}");
    let warned = |json: &serde_json::Value| {
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("是否按元填写"))
    };
    assert!(warned(&json), "{json}");

    // Both boxes ticked: the form sends each key as a `confirmed` field.
    let ticked = format!("{fields}&confirmed=rd_expense&confirmed=main_revenue");
    let reply = server.post("/api/score", form, ticked.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    let checks = json["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["confirmed"] == true), "{json}");
    assert!(!warned(&json), "{json}");
    // The same as the command line scoring `confirmed = [...]` in a file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.toml"),
        "rubric = \"enterprise-center\"\nconfirmed = [\"rd_expense\", \"main_revenue\"]\nrd_expense = 11500000\nmain_revenue = 45000\n",
    )
    .unwrap();
    let cli = common::score()
        .current_dir(dir.path())
        .env("SCORE_LANG", "zh")
        .args(["--format", "json", "d.toml"])
        .output()
        .unwrap();
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    // Their places and words differ: the form's figures stand in the template's lines, and the
    // form's messages speak of its fields and boxes, the file's of its lines.
    let unplaced = |v: &serde_json::Value| {
        let mut v = v.clone();
        for c in v.as_array_mut().unwrap() {
            let c = c.as_object_mut().unwrap();
            c.remove("place");
            c.remove("message");
        }
        v
    };
    assert_eq!(unplaced(&json["checks"]), unplaced(&cli["checks"]));
    assert!(!warned(&cli), "{cli}");

    // One box: the other finding, about both figures, is still a warning.
    let one = format!("{fields}&confirmed=rd_expense");
    let json = server.post("/api/score", form, one.as_bytes()).json();
    let confirmed: Vec<bool> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["confirmed"].as_bool().unwrap())
        .collect();
    assert_eq!(confirmed, [true, false], "{json}");

    // The printed sheet marks it 已核实, not ※ to fix.
    let html = server.post("/api/sheet", form, ticked.as_bytes()).text();
    assert!(html.contains("已核实"), "{html}");

    // The TOML download keeps it; an upload of that file gives it back to the form.
    let toml = server.post("/api/data?format=toml", form, ticked.as_bytes());
    assert_eq!(toml.status, 200, "{}", toml.text());
    let text = toml.text();
    assert!(
        text.contains("confirmed = [\"rd_expense\", \"main_revenue\"]"),
        "{text}"
    );
    let fill = server.post("/api/fill?name=d.toml", TOML, text.as_bytes());
    assert_eq!(
        fill.json()["confirmed"],
        serde_json::json!(["rd_expense", "main_revenue"])
    );
    // So does the workbook download (是 in the 已核实 column).
    let book = server.post("/api/data?format=xlsx", form, ticked.as_bytes());
    assert_eq!(book.status, 200);
    let fill = server.post(
        "/api/fill?name=d.xlsx",
        "application/octet-stream",
        &book.body,
    );
    assert_eq!(
        fill.json()["confirmed"],
        serde_json::json!(["rd_expense", "main_revenue"]),
        "{}",
        fill.text()
    );

    // A key the table does not have: the command line's error, in Chinese.
    let wrong = format!("{fields}&confirmed=rd_expence");
    let reply = server.post("/api/score", form, wrong.as_bytes());
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(
        reply
            .text()
            .contains("`confirmed` 中的 `rd_expence` 不是评分表"),
        "{}",
        reply.text()
    );
}

/// A warning on the form speaks of the form: a figure by its 数据名称, a fix typed into its field,
/// the 已核实 box beside the warning; never a TOML line, a key in backticks or a cell.
#[test]
fn the_forms_warnings_speak_of_its_fields_and_boxes() {
    let server = Server::start(&[]);
    let form = "application/x-www-form-urlencoded";
    for (lang, fields, wanted) in [
        (
            "zh",
            "rubric=enterprise-center&rd_expense=11500000&main_revenue=45000&total_staff=",
            [
                "年度研究与试验发展经费支出额 = 11500000万元，超出通常范围：是否按元填写？",
                "请在“年度研究与试验发展经费支出额”一栏填写 1150 或 1150万元",
                "数值属实请勾选本条旁的“已核实”",
                "未填写企业职工总数：",
            ],
        ),
        (
            "en",
            "rubric=enterprise-center&rd_expense=11500000&main_revenue=45000&total_staff=",
            [
                "type 1150 or 1150万元 into the Annual R&D expenditure field",
                "tick the 已核实 box beside this warning",
                "Total employees is not given: ",
                "outside the usual range",
            ],
        ),
    ] {
        let path = format!("/api/score?lang={lang}");
        let reply = server.post(&path, form, fields.as_bytes());
        assert_eq!(reply.status, 200, "{}", reply.text());
        let json = reply.json();
        let warnings: Vec<&str> = json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let all = warnings.join("\n");
        for w in wanted {
            assert!(all.contains(w), "{lang}: no `{w}` in\n{all}");
        }
        for leak in ["`", "confirmed = [", "单元格", "cell ", "请写", "write "] {
            assert!(!all.contains(leak), "{lang}: `{leak}` in\n{all}");
        }
    }
}

/// A figure the form cannot take is refused in the form's terms too: named by its 数据名称, the
/// value as typed, what to type instead; never a key in backticks, a TOML line or a cell.
#[test]
fn the_forms_refusals_speak_of_its_fields() {
    let server = Server::start(&[]);
    let form = "application/x-www-form-urlencoded";
    let fields = "rubric=enterprise-center&company=%E7%94%B2&year=2023\
&rd_expense=%E4%B8%89%E7%99%BE%E4%B8%87&rd_staff=46%E4%B8%AA%E4%B9%88\
&total_staff=-3&senior_or_phd=2.5";
    for (lang, wanted) in [
        (
            "zh",
            [
                (
                    "rd_expense",
                    "无法把 “三百万” 读作 “年度研究与试验发展经费支出额” 的值",
                ),
                ("rd_expense", "请填写以万元为单位的数，或带上单位"),
                ("rd_staff", "无法把 “46个么” 读作数量 “研发人员数”"),
                ("total_staff", "“企业职工总数” 为 -3，数量不能为负数"),
                (
                    "senior_or_phd",
                    "“技术中心拥有的高级职称和博士人数” 为 2.5，数量应为整数",
                ),
            ],
        ),
        (
            "en",
            [
                (
                    "rd_expense",
                    "cannot read “三百万” as the value of “Annual R&D expenditure”",
                ),
                ("rd_expense", "type a number in 万元, or with a unit"),
                ("rd_staff", "cannot read “46个么” as the count “R&D staff”"),
                ("total_staff", "is -3, but a count cannot be negative"),
                ("senior_or_phd", "is 2.5, but a count is a whole number"),
            ],
        ),
    ] {
        let reply = server.post(&format!("/api/score?lang={lang}"), form, fields.as_bytes());
        assert_eq!(reply.status, 422, "{}", reply.text());
        let json = reply.json();
        let beside: Vec<(String, String)> = json["error"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let text = format!("{} {}", d["message"], d["help"]);
                (d["key"].as_str().unwrap_or("").to_string(), text)
            })
            .collect();
        for (key, text) in wanted {
            assert!(
                beside.iter().any(|(k, t)| k == key && t.contains(text)),
                "{lang}: no `{text}` beside {key} in {beside:?}"
            );
        }
        for (_, text) in &beside {
            for leak in ["`", "请写", "write ", "单元格", "cell", "rd_"] {
                assert!(!text.contains(leak), "{lang}: `{leak}` in {text}");
            }
        }
    }
}

/// The form page holds the place the 已核实 boxes write into.
#[test]
fn the_form_page_has_the_confirmed_fields_place() {
    let server = Server::start(&[]);
    let html = server.get("/form/enterprise-center").text();
    assert!(
        html.contains("<div id=\"confirmed-keys\" hidden></div>"),
        "{html}"
    );
    let js = server.get("/assets/app.js").text();
    assert!(js.contains("name: \"confirmed\""), "{js}");
}

/// `score serve --open` with `browser` as `BROWSER`: its URL (first line of stdout), its stderr
/// after `wait`, and the child, which the caller stops.
#[cfg(unix)]
fn serve_open(browser: &str, lang: &str) -> (String, std::process::Child) {
    use assert_cmd::cargo::CommandCargoExt;
    use std::io::BufRead;
    let mut child = std::process::Command::cargo_bin("score")
        .unwrap()
        .args(["--lang", lang, "serve", "--listen", "127.0.0.1:0", "--open"])
        .env("BROWSER", browser)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (line.trim().to_string(), child)
}

/// Stops a server started here (by its own id) and gives its stderr.
#[cfg(unix)]
fn stop(mut child: std::process::Child) -> String {
    use std::io::Read as _;
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    err
}

/// `--open` hands the browser exactly the URL printed first, once; a browser that cannot be
/// started is said in Chinese (English under --lang en), and the server serves on.
#[cfg(unix)]
#[test]
fn open_opens_exactly_the_printed_url() {
    use std::io::Read as _;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("opened.txt");
    let script = dir.path().join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (url, child) = serve_open(script.to_str().unwrap(), "zh");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let opened = loop {
        let text = std::fs::read_to_string(&record).unwrap_or_default();
        if !text.is_empty() || Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let err = stop(child);
    assert_eq!(opened, format!("{url}\n"), "{err}");
    assert!(!err.contains("未能打开浏览器"), "{err}");

    // `%s` places the URL among the command's words.
    let (url, child) = serve_open(&format!("{} --new-window %s --x", script.display()), "zh");
    let deadline = Instant::now() + Duration::from_secs(20);
    let opened = loop {
        let text = std::fs::read_to_string(&record).unwrap_or_default();
        if text.lines().count() >= 4 || Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    stop(child);
    let last: Vec<&str> = opened.lines().skip(1).collect();
    assert_eq!(last, ["--new-window", url.as_str(), "--x"]);

    // No such browser: said, and the page still answers.
    let missing = dir.path().join("no-such-browser");
    for (lang, words) in [
        ("zh", "未能打开浏览器；请手动打开 "),
        ("en", "could not open a browser: open "),
    ] {
        let (url, child) = serve_open(missing.to_str().unwrap(), lang);
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        let err = stop(child);
        assert!(err.contains(&format!("{words}{url}")), "{err}");
    }
}

#[test]
fn the_checklist_is_the_command_lines_to_print_and_to_download() {
    let server = Server::start(&[]);
    for (name, bytes) in examples() {
        let expected = cli_in_examples(&["checklist", "--format", "html", &name]);
        let reply = server.post(&format!("/api/checklist?name={name}"), TOML, &bytes);
        assert_eq!(reply.status, 200, "{name}: {}", reply.text());
        assert_eq!(reply.text(), String::from_utf8_lossy(&expected), "{name}");
        assert!(reply.text().contains("常见证明材料，以主管部门要求为准"));
        let csp = reply.header("content-security-policy").unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        let expected = cli_in_examples(&["checklist", "--format", "json", &name]);
        let reply = server.post(
            &format!("/api/checklist?name={name}&format=json"),
            TOML,
            &bytes,
        );
        assert_eq!(
            reply.text(),
            String::from_utf8_lossy(&expected),
            "{name} json"
        );
    }
    // The workbook is a download that opens, one worksheet named after the applicant.
    let (name, bytes) = examples().remove(2);
    let reply = server.post(
        &format!("/api/checklist?name={name}&format=xlsx"),
        TOML,
        &bytes,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let disposition = reply.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("checklist.xlsx"),
        "{disposition}"
    );
    use calamine::Reader;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(reply.body.clone())).expect("xlsx");
    assert_eq!(book.sheet_names(), ["武威示例新材料科技有限公司"]);
    // The form's fields work as a file does, in English with `?lang=en`.
    let form = "rubric=alliance&name=%E8%81%94%E7%9B%9F&development_plan=excellent";
    let reply = server.post(
        "/api/checklist?lang=en",
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(
        reply.text().contains("evidence checklist"),
        "{}",
        reply.text()
    );
    let reply = server.post("/api/checklist?format=pdf", TOML, &bytes);
    assert_eq!(reply.status, 400);
    assert_eq!(reply.code(), "bad-format");
    // The form page offers it.
    let page = server.get("/form/enterprise-center").text();
    assert!(
        page.contains("formaction=\"/api/checklist?rubric=enterprise-center\""),
        "{page}"
    );
    assert!(page.contains("证明材料清单"));
}
