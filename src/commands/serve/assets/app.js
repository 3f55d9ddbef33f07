// score serve: the form scores itself as it is filled in. Plain JavaScript, no framework, nothing
// fetched from anywhere but this server. Every text from the server is put in with textContent,
// never as HTML.
"use strict";

(function () {
  const body = document.body;
  const en = body.dataset.lang === "en";
  const t = (zh, english) => (en ? english : zh);
  const pick = (obj, key) => (en && obj[key + "_en"] ? obj[key + "_en"] : obj[key]);
  const page = body.dataset.page;
  const rubric = body.dataset.rubric;
  const langQuery = en ? "?lang=en" : "";
  // Messages from the server in the page's language.
  const langParam = en ? "&lang=en" : "";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function showProblems(box, error) {
    box.replaceChildren();
    if (!error) return;
    const list = el("ul");
    for (const d of error.diagnostics || []) {
      const where = d.key ? d.key : d.place || "";
      const text = (where ? where + "：" : "") + d.message + (d.help ? "（" + d.help + "）" : "");
      list.append(el("li", { class: d.severity }, text));
    }
    if (!list.children.length) list.append(el("li", { class: "error" }, error.message));
    box.append(el("p", { class: "title" }, t("数据有问题：", "The data has problems:")), list);
  }

  async function postFile(url, file) {
    const bytes = await file.arrayBuffer();
    const sep = url.includes("?") ? "&" : "?";
    return fetch(url + sep + "name=" + encodeURIComponent(file.name) + langParam, {
      method: "POST",
      body: bytes,
      headers: { "Content-Type": "application/octet-stream" },
    });
  }

  // An uploaded file: its figures, remembered for the form of its table (in this tab only).
  async function upload(file, box) {
    const response = await postFile("/api/fill", file);
    const answer = await response.json();
    if (!response.ok) {
      showProblems(box, answer.error);
      return;
    }
    sessionStorage.setItem("score-fill", JSON.stringify(answer));
    if (answer.rubric !== rubric) {
      location.href = "/form/" + encodeURIComponent(answer.rubric) + langQuery;
    } else {
      fillForm();
    }
  }

  const uploadInput = document.getElementById("upload");
  const problems = document.getElementById("problems");
  if (uploadInput) {
    uploadInput.addEventListener("change", () => {
      if (uploadInput.files.length) upload(uploadInput.files[0], problems);
      uploadInput.value = "";
    });
  }
  if (page !== "form") return;

  const form = document.getElementById("data-form");
  const sheet = document.getElementById("sheet");
  // The figures marked 已核实, as `confirmed = [...]` in a data file: hidden fields of the form,
  // so scoring, printing and downloading all carry them.
  const confirmedBox = document.getElementById("confirmed-keys");

  function confirmedKeys() {
    return new Set(Array.from(confirmedBox.querySelectorAll("input")).map((i) => i.value));
  }

  function setConfirmed(keys) {
    confirmedBox.replaceChildren(
      ...Array.from(keys).map((k) => el("input", { type: "hidden", name: "confirmed", value: k })));
  }
  let lastOk = false;
  let pending = null;
  let sequence = 0;

  function fillForm() {
    const stored = sessionStorage.getItem("score-fill");
    if (!stored) return;
    sessionStorage.removeItem("score-fill");
    const answer = JSON.parse(stored);
    if (answer.rubric !== rubric) return;
    setConfirmed(answer.confirmed || []);
    for (const control of form.elements) {
      if (!control.name || control.type === "hidden" || control.type === "file") continue;
      control.value = answer.values[control.name] ?? "";
    }
    rescore();
  }

  function formBody() {
    return new URLSearchParams(new FormData(form));
  }

  async function rescore() {
    const mine = ++sequence;
    let response;
    try {
      response = await fetch("/api/score?rubric=" + encodeURIComponent(rubric) + langParam, {
        method: "POST",
        body: formBody(),
      });
    } catch (e) {
      return;
    }
    const answer = await response.json();
    if (mine !== sequence) return;
    markFields(answer.error);
    showProblems(problems, answer.error);
    lastOk = response.ok;
    if (response.ok) showSheet(answer);
  }

  function markFields(error) {
    for (const field of form.querySelectorAll(".field")) {
      field.classList.remove("bad");
      const p = field.querySelector(".problem");
      p.hidden = true;
      p.textContent = "";
    }
    if (!error) return;
    for (const d of error.diagnostics || []) {
      if (!d.key) continue;
      const field = form.querySelector('.field[data-key="' + CSS.escape(d.key) + '"]');
      if (!field) continue;
      field.classList.add("bad");
      const p = field.querySelector(".problem");
      p.hidden = false;
      p.textContent = d.message + (d.help ? "（" + d.help + "）" : "");
    }
  }

  function showSheet(s) {
    const total = el("p", { class: "total" },
      t("总分 ", "Total "), el("strong", { id: "total" }, String(s.total)),
      " / " + (Number(s.base_max) + Number(s.bonus_max)));
    const parts = el("p", { class: "parts" },
      t("基础分 ", "Base ") + s.base + " / " + s.base_max + t("，加分 ", ", bonus ") + s.bonus + " / " + s.bonus_max);
    const eligible = el("p", { class: s.eligible ? "ok" : "not-ok", id: "eligible" },
      s.eligible ? t("符合申报条件", "Meets the conditions") : t("不符合申报条件", "Does not meet the conditions"));
    const gates = el("ul", { class: "gates" });
    for (const g of s.gates || []) {
      gates.append(el("li", { class: g.passed ? "ok" : "not-ok" }, pick(g, "title") + "：" + pick(g, "detail")));
    }
    const table = el("table", { class: "items" },
      el("thead", {}, el("tr", {}, el("th", {}, t("指标", "Item")), el("th", {}, t("数据", "Figure")),
        el("th", {}, t("得分", "Points")), el("th", {}, t("计算", "Working")))));
    const rows = el("tbody");
    for (const item of s.items || []) {
      rows.append(el("tr", { "data-item": item.id, class: item.given ? "" : "missing" },
        el("td", {}, pick(item, "title")),
        el("td", {}, pick(item, "value_display") || ""),
        el("td", { class: "num" }, item.points + " / " + item.max),
        el("td", { class: "explain" }, pick(item, "explain") || "")));
    }
    table.append(rows);
    const notes = el("div", { class: "notes" });
    const checks = s.checks || [];
    const checked = new Set(checks.map((c) => c.message));
    const warnings = (s.warnings || []).filter((w) => !checked.has(w));
    if (checks.length) notes.append(el("h3", {}, t("数据待核实", "Figures to check")), checkList(checks));
    if (warnings.length) {
      const list = el("ul", { class: "warnings", id: "warnings" });
      for (const w of warnings) list.append(el("li", {}, w));
      notes.append(el("h3", {}, t("警告", "Warnings")), list);
    }
    if ((s.notes || []).length) {
      const list = el("ul", { class: "notes" });
      for (const n of s.notes) list.append(el("li", {}, n));
      notes.append(el("h3", {}, t("说明", "Notes")), list);
    }
    sheet.replaceChildren(total, parts, eligible, gates, notes, table);
  }

  // Each figure that looks wrong, with a box to mark it 已核实: checked, its figures are listed
  // as confirmed and the sheet shows it as checked; unchecked, it is a warning again.
  function checkList(checks) {
    const list = el("ul", { class: "checks", id: "checks" });
    checks.forEach((c, n) => {
      const box = el("input", { type: "checkbox", id: "confirm-" + n, "data-keys": c.keys.join(",") });
      box.checked = !!c.confirmed;
      box.addEventListener("change", () => {
        const keys = confirmedKeys();
        for (const k of c.keys) {
          if (box.checked) keys.add(k);
          else keys.delete(k);
        }
        setConfirmed(keys);
        rescore();
      });
      const label = el("label", { for: "confirm-" + n }, t("已核实（数值属实）", "Checked: the figures are right"));
      const mark = c.confirmed ? t("已核实：", "Checked: ") : "※ ";
      list.append(el("li", { class: c.confirmed ? "confirmed" : "suspect" },
        (c.place ? c.place + "：" : "") + mark + c.message, " ", box, label));
    });
    return list;
  }

  form.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(rescore, 250);
  });
  form.addEventListener("change", () => {
    clearTimeout(pending);
    pending = setTimeout(rescore, 50);
  });
  // Printing or downloading data with errors would give an error page: say so here instead.
  form.addEventListener("submit", (event) => {
    if (!lastOk) {
      event.preventDefault();
      rescore();
      problems.scrollIntoView();
    }
  });

  document.getElementById("advise").addEventListener("click", async () => {
    const box = document.getElementById("advice");
    const text = document.getElementById("advice-text");
    const response = await fetch("/api/advise?format=table&rubric=" + encodeURIComponent(rubric) + langParam, {
      method: "POST",
      body: formBody(),
    });
    if (!response.ok) {
      showProblems(problems, (await response.json()).error);
      return;
    }
    text.textContent = await response.text();
    box.hidden = false;
    box.scrollIntoView();
  });

  fillForm();
  rescore();
})();
