// WechatLeads console: every <form data-api="/admin/api/..."> is sent to the admin JSON API with the
// antiforgery header, and the answer is shown in the form's <output> (problems named field by field) or
// followed by a reload / a redirect. No framework: the pages are server-rendered and work on any browser.
"use strict";

const token = () => document.querySelector('meta[name="request-verification-token"]').content;

// Field names are paths: "draw.prizes.0.name" builds {draw: {prizes: [{name}]}}.
function put(target, path, value) {
  const keys = path.split(".");
  let node = target;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(keys[i + 1]);
    if (last) node[key] = value;
    else node = node[key] ??= nextIsIndex ? [] : {};
  });
}

function convert(el) {
  const v = el.value.trim();
  switch (el.dataset.type) {
    case "number": return v === "" ? undefined : Number(v);
    case "number-or-null": return v === "" ? null : Number(v); // empty means "no limit", sent as null
    case "china-time": return v === "" ? undefined : `${v.length === 16 ? v + ":00" : v}+08:00`; // typed in Beijing time
    case "china-time-or-null": return v === "" ? null : `${v.length === 16 ? v + ":00" : v}+08:00`; // empty clears it (e.g. a fixed validity)
    case "bool": return el.checked;
    default: return el.dataset.keepEmpty !== undefined || v !== "" ? el.value : undefined;
  }
}

function formJson(form) {
  const type = form.querySelector('[name="type"]')?.value;
  const json = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === "file") continue;
    const only = el.closest("[data-when-type]");
    if (only && only.dataset.whenType !== type) continue; // e.g. the coupon fields of a lucky draw
    const row = el.closest("[data-row]");
    if (row && !row.querySelector("[data-row-key]").value.trim()) continue; // an empty prize row
    if (el.dataset.type === "list") {
      json[el.name] ??= [];
      if (el.checked || el.type === "hidden") json[el.name].push(el.value);
      continue;
    }
    const value = convert(el);
    if (value !== undefined) put(json, el.name, value);
  }
  for (const key of Object.keys(json)) if (Array.isArray(json[key])) json[key] = json[key].filter(x => x != null);
  const prizes = json.draw?.prizes;
  if (prizes) json.draw.prizes = prizes.filter(x => x != null);
  return json;
}

function show(output, ok, lines) {
  output.className = ok ? "ok" : "error";
  output.replaceChildren(...lines.map(line => Object.assign(document.createElement("div"), { textContent: line })));
}

function problemLines(problem, status) {
  if (!problem) return [`请求失败（HTTP ${status}）`];
  const lines = [problem.title ?? `HTTP ${status}`];
  if (problem.detail) lines.push(...problem.detail.split("\n"));
  for (const messages of Object.values(problem.errors ?? {})) lines.push(...messages.map(m => "· " + m));
  return lines;
}

function resultLines(json) {
  if (json && "imported" in json) {
    const lines = [`共 ${json.lines} 行：导入 ${json.imported} 个券码，拒绝 ${json.rejectedCount} 行。券码池现有 ${json.pool.total} 个，可用 ${json.pool.free} 个。`];
    for (const r of json.rejected) lines.push(`第 ${r.line} 行「${r.value}」：${r.reason}`);
    if (json.rejectedCount > json.rejected.length) lines.push(`……另有 ${json.rejectedCount - json.rejected.length} 行被拒绝`);
    return lines;
  }
  if (json && "reachable" in json) return json.summary;
  if (json && Array.isArray(json.notice)) return json.notice; // e.g. a temporary password, shown once
  if (json && "valid" in json) return json.valid ? ["检查通过，可以发布。"] : ["有问题，未发布：", ...json.problems.map(p => "· " + p)];
  if (json && "jobId" in json) return [`已保存，正在发布到公众号（后台任务 ${json.jobId}）。`];
  if (json && "phone" in json) return [`完整手机号：${json.phone}（已记入审计日志 #${json.auditSequence}）`];
  return ["已保存。"];
}

document.addEventListener("submit", async event => {
  const form = event.target.closest("form[data-api]");
  if (!form) return;
  event.preventDefault();
  const submitter = event.submitter ?? form.querySelector("button");
  let api = submitter?.dataset.api ?? form.dataset.api;
  const method = submitter?.dataset.method ?? form.dataset.method ?? "POST";
  const then = submitter?.dataset.then ?? form.dataset.then ?? "reload";
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  const output = form.querySelector("output") ?? form.appendChild(document.createElement("output"));
  let body, contentType;
  const file = form.querySelector('input[type="file"]');
  if (file) {
    if (!file.files.length) return show(output, false, ["请选择一个 CSV 文件。"]);
    body = await file.files[0].text();
    contentType = "text/csv; charset=utf-8";
  } else {
    const json = formJson(form);
    // e.g. PUT /admin/api/stores/{code}: the field named by data-path-field goes at the end of the address, not in the body.
    const pathField = form.dataset.pathField;
    if (pathField) { api += encodeURIComponent(json[pathField] ?? ""); delete json[pathField]; }
    body = JSON.stringify(json);
    contentType = "application/json";
  }
  if (submitter) submitter.disabled = true;
  try {
    const response = await fetch(api, { method, body, credentials: "same-origin", headers: { "Content-Type": contentType, "RequestVerificationToken": token() } });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: the status says enough */ }
    // Page scripts (the menu editor) can react to the answer, e.g. put a check's problems beside their buttons.
    form.dispatchEvent(new CustomEvent("api-result", { bubbles: true, detail: { ok: response.ok, json } }));
    if (!response.ok) return show(output, false, problemLines(json, response.status));
    // A check that found problems answers 200 with valid: false: still a failure to the person reading it.
    if (then === "show") return show(output, json?.valid !== false, resultLines(json));
    if (then === "reload") return window.location.reload();
    window.location.assign(then.replace("{slug}", encodeURIComponent(json?.slug ?? "")));
  } catch (error) {
    show(output, false, ["网络错误，请重试：" + error.message]);
  } finally {
    if (submitter) submitter.disabled = false;
  }
});

// A campaign form shows the fields of the chosen type only.
document.addEventListener("change", event => {
  if (event.target.name !== "type") return;
  for (const fieldset of event.target.form.querySelectorAll("[data-when-type]")) fieldset.hidden = fieldset.dataset.whenType !== event.target.value;
});
