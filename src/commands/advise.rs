//! `score advise --rubric … DATA`: the smallest raises that earn more points, easiest first; the
//! points that hang on a thin margin; with `--target`, the cheapest moves to a total.

use std::io::Write;

use anyhow::Result;

use crate::advise;
use crate::cli::{AdviseArgs, AdviseFormatArg, AdviseSortArg};
use crate::data::{self, Options};
use crate::options;
use crate::render::advice;
use crate::what_if;

pub fn run(args: &AdviseArgs) -> Result<bool> {
    let rubric = &super::load_rubric(&args.rubric)?;
    let output = args.output.as_deref();
    let format = options::advise_format(args.format, output)?;
    let overrides = what_if::parse(rubric, &args.what_if)?;
    let data = match data::load_file(rubric, &args.data, Options::default()) {
        Ok(data) => data,
        Err(failed) => {
            crate::diag::eprint_line(&failed);
            return Ok(false);
        }
    };
    let mut advice = match advise::advise_with(rubric, &data, &overrides) {
        Ok(advice) => advice,
        Err(failed) => {
            crate::diag::eprint_line(&failed);
            return Ok(false);
        }
    };
    if args.sort == AdviseSortArg::Gain {
        advice.sort(advise::Sort::Gain);
    }
    if let Some(target) = args.target {
        // The plan starts where the advice does: after the `--what-if` overrides.
        let start = match what_if::apply(rubric, &data, &overrides) {
            Ok(start) => start,
            Err(failed) => {
                eprintln!("{failed}");
                return Ok(false);
            }
        };
        advice.target = Some(advise::target::plan(rubric, &start, target));
    }
    let settings = options::settings(false, false, output.is_some());
    let mut out = super::open_output(output)?;
    match format {
        AdviseFormatArg::Table => advice::advice_table(&advice, settings, &mut out)?,
        AdviseFormatArg::Json => advice::advice_json(&advice, &mut out)?,
    }
    out.flush()?;
    Ok(true)
}
