//! Bare `score`: a short start in both languages (the language is not chosen yet) instead of
//! clap's missing-argument error, which tells a newcomer what is missing but not what to do.
//!
//! It exits 0 and writes to stdout: typing `score` alone is how a person asks what the tool does,
//! not a mistake; and `score | less` pages it. A script that forgets its files still gives
//! `--rubric` and gets clap's usage error (exit 2).

use std::io::Write;

use crate::rubric::builtin::BUILTINS;

/// The start text.
pub fn text() -> String {
    let mut text = String::from(
        "score — 按甘肃省自评表（武工信发〔2024〕35号）打分\n\
         score — scores a company against the Gansu self-evaluation tables (自评表)\n\n\
         评分表 · Rubrics (--rubric 编号、附件号或表名 · id, attachment or table name):\n",
    );
    for builtin in BUILTINS {
        let annex = builtin
            .aliases
            .iter()
            .find(|a| a.starts_with("附件"))
            .copied()
            .unwrap_or("");
        let title = builtin.aliases.get(2).copied().unwrap_or("");
        text.push_str(&format!("  {:<26}{annex}  {title}\n", builtin.id));
    }
    text.push_str(
        "\n1. 生成要填写的工作簿（用 Excel 或 WPS 填写） · Write a workbook to fill in (Excel, WPS):\n     \
         score template --rubric 企业技术中心 -o 自评数据.xlsx\n\
         2. 填好后评分（工作簿已写明按哪张表） · Fill it in, then score it (it names its table):\n     \
         score 自评数据.xlsx\n\
         3. 打印自评表（用浏览器打开后打印） · Print the sheet (open it in a browser):\n     \
         score 自评数据.xlsx -o 自评表.html\n\
         还能多得几分 · What could still earn points:\n     \
         score advise 自评数据.xlsx\n\
         汇总一个文件夹 · Rank a folder of applicants' files:\n     \
         score --summary 申报材料/ -o 汇总表.xlsx\n\n\
         用 -o 写文件，不要用 `>`：PowerShell 的 `>` 写出的文件是 UTF-16，无法读取 · \
         Write files with -o, not `>` (PowerShell's `>` writes UTF-16)\n\
         习惯文本文件的 · A text data file instead: score template --rubric 企业技术中心 -o 数据.toml\n\
         更多 · More: score --help, score <命令 · command> --help\n",
    );
    text
}

pub fn run() -> anyhow::Result<bool> {
    let mut out = std::io::stdout().lock();
    out.write_all(text().as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| super::completions::not_written(e, ("开始说明", "start text")))?;
    Ok(true)
}
