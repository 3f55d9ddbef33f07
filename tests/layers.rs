//! The layering the docs promise, checked against the code: the core crate depends on no front
//! end (no clap, no terminal, no output formats), and within each crate the modules form no
//! import cycle. Read from the sources themselves: `crate::module` paths outside comments and
//! outside `#[cfg(test)]` modules.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Crates only a front end may use.
const FRONT_END_ONLY: &[&str] = &[
    "clap",
    "clap_complete",
    "clap_mangen",
    "comfy-table",
    "terminal_size",
    "rust_xlsxwriter",
    "mimalloc",
    "anyhow",
];

#[test]
fn the_core_crate_depends_on_no_front_end() {
    let manifest = fs::read_to_string(Path::new(ROOT).join("crates/score-core/Cargo.toml"))
        .expect("the core crate's manifest");
    let manifest: toml::Table = manifest.parse().expect("a TOML manifest");
    let deps = manifest["dependencies"]
        .as_table()
        .expect("a [dependencies] table");
    for name in FRONT_END_ONLY {
        assert!(
            !deps.contains_key(*name),
            "score-core must not depend on `{name}`: it belongs to the front end"
        );
    }
    assert!(
        !deps.contains_key("score"),
        "score-core must not depend on the score crate"
    );
}

/// The core returns what it has to say (notes, warnings, diagnostics); the front end decides
/// where it goes. A `println!` in the core would write into a server's log or a JSON stream.
#[test]
fn the_core_crate_prints_nothing() {
    let mut found = Vec::new();
    for file in rust_files(&Path::new(ROOT).join("crates/score-core/src")) {
        let text = fs::read_to_string(&file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for printing in ["println!", "print!(", "eprint", "io::stdout", "io::stderr"] {
                if code.contains(printing) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "the core prints:\n{}", found.join("\n"));
}

#[test]
fn the_core_modules_form_no_cycle() {
    let graph = module_graph(&Path::new(ROOT).join("crates/score-core/src"));
    assert!(graph.contains_key("engine"), "the core's modules were read");
    assert_no_cycle(&graph);
}

#[test]
fn the_front_end_modules_form_no_cycle() {
    let graph = module_graph(&Path::new(ROOT).join("src"));
    assert!(
        graph.contains_key("render"),
        "the front end's modules were read"
    );
    assert_no_cycle(&graph);
}

#[test]
fn the_checker_finds_a_cycle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    graph.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into()])
    );
    graph.insert("c".to_string(), BTreeSet::new());
    assert_eq!(cycle(&graph), None);
}

#[test]
fn module_paths_are_read_from_use_groups_and_skip_comments_and_tests() {
    let text = "use crate::{data::Data, engine};\n// crate::render\nfn f() { crate::tr!(\"\", \"\"); }\n\
                #[cfg(test)]\nmod tests {\n    use crate::summary;\n}\n";
    let found = referenced_modules(text);
    assert_eq!(
        found,
        BTreeSet::from(["data".into(), "engine".into(), "tr".into()])
    );
}

type Graph = BTreeMap<String, BTreeSet<String>>;

fn assert_no_cycle(graph: &Graph) {
    if let Some(cycle) = cycle(graph) {
        panic!(
            "modules import each other in a cycle: {}",
            cycle.join(" → ")
        );
    }
}

/// Top-level module → the other top-level modules it names.
fn module_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).expect("under src");
        let first = relative.components().next().expect("a component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let text = fs::read_to_string(&file).expect("a source file");
        let targets = graph.entry(module.clone()).or_default();
        for target in referenced_modules(&text) {
            if target != module {
                targets.insert(target);
            }
        }
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level modules a source file names with `crate::…`, outside comments and its
/// `#[cfg(test)]` module (tests may reach anywhere).
fn referenced_modules(text: &str) -> BTreeSet<String> {
    let code = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for part in group[..end].split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

/// A cycle of the graph, if it has one (depth-first, the first back edge found).
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| n == node).unwrap_or(0);
                return Some(path[start..].to_vec());
            }
            None => {}
        }
        marks.insert(node.to_string(), Mark::Open);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, marks, path) {
                return Some(found);
            }
        }
        path.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}
