//! `score --rubric … DATA…`: one sheet per data file.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::ScoreArgs;
use crate::data::{self, Options};
use crate::options;
use crate::render;

pub fn run(args: &ScoreArgs) -> Result<bool> {
    let rubric_choice = args.rubric.as_deref().unwrap_or_default();
    let loaded = options::load_rubric(rubric_choice)?;
    let rubric = &loaded.rubric;
    let format = options::format(args.format)?;
    let settings = options::settings(args.lang, args.explain, args.data.len() > 1);
    let data_options = Options {
        strict: args.strict,
    };
    let overrides = crate::what_if::parse(rubric, &args.what_if)?;

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut renderer = render::renderer(format, settings);
    renderer.begin(&mut out)?;
    let mut all_ok = true;
    for (n, path) in args.data.iter().enumerate() {
        match data::load_file(rubric, Path::new(path), data_options) {
            Ok(data) => {
                // With --what-if: the rescored sheet, carrying the per-item difference.
                let sheet = match crate::what_if::rescore(rubric, &data, &overrides) {
                    Ok(sheet) => sheet,
                    Err(failed) => {
                        all_ok = false;
                        out.flush()?;
                        eprintln!("{failed}");
                        continue;
                    }
                };
                if n > 0 && format == render::Format::Table {
                    writeln!(out)?;
                }
                renderer.sheet(&sheet, &mut out)?;
            }
            Err(failed) => {
                all_ok = false;
                out.flush()?;
                eprintln!("{failed}");
            }
        }
    }
    renderer.end(&mut out)?;
    out.flush()?;
    Ok(all_ok)
}
