//! `score advise --rubric … DATA`: the smallest raises that earn more points, ranked.

use std::io::Write;

use anyhow::Result;

use crate::advise;
use crate::cli::{AdviseArgs, AdviseFormatArg};
use crate::data::{self, Options};
use crate::options;
use crate::render::advice;
use crate::what_if;

pub fn run(args: &AdviseArgs) -> Result<bool> {
    let rubric = &super::load_rubric(&args.rubric)?;
    let overrides = what_if::parse(rubric, &args.what_if)?;
    let data = match data::load_file(rubric, &args.data, Options::default()) {
        Ok(data) => data,
        Err(failed) => {
            crate::diag::eprint_line(&failed);
            return Ok(false);
        }
    };
    let advice = match advise::advise_with(rubric, &data, &overrides) {
        Ok(advice) => advice,
        Err(failed) => {
            crate::diag::eprint_line(&failed);
            return Ok(false);
        }
    };
    let settings = options::settings(false, false);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        AdviseFormatArg::Table => advice::advice_table(&advice, settings, &mut out)?,
        AdviseFormatArg::Json => advice::advice_json(&advice, &mut out)?,
    }
    out.flush()?;
    Ok(true)
}
