// The account menu's visual editor: buttons and sub-buttons with their type, key, URL or mini-program, edited as
// fields and written back into the JSON textarea (the JSON stays what is checked and published, and can be edited
// directly under "JSON"). A check's problems are shown in red beside the button they are about.
"use strict";

const textarea = document.querySelector("#menu-form textarea[name=json]");
const root = document.getElementById("menu-visual");
const TYPES = [
  ["click", "点击（发送 key）"],
  ["view", "网页（打开网址）"],
  ["miniprogram", "小程序"],
  ["sub", "子菜单"],
];
let menu = { button: [] };

function load() {
  try {
    menu = JSON.parse(textarea.value || '{"button":[]}');
    if (!Array.isArray(menu.button)) menu.button = [];
    render();
  } catch (e) {
    root.replaceChildren(el("p", { className: "error" }, "JSON 无法解析，请在下方 JSON 中修正后点“从 JSON 重新载入”：" + e.message));
  }
}

function save() {
  textarea.value = JSON.stringify(menu, null, 2);
}

function el(tag, props = {}, ...children) {
  const { dataset, ...rest } = props; // dataset is read-only on an element: its entries are set one by one
  const node = Object.assign(document.createElement(tag), rest);
  Object.assign(node.dataset, dataset ?? {});
  node.append(...children);
  return node;
}

function input(label, value, onInput, placeholder = "") {
  const box = el("input", { value: value ?? "", placeholder });
  box.addEventListener("input", () => { onInput(box.value); save(); });
  return el("label", {}, label, box);
}

function fields(button, allowSub) {
  const kind = Array.isArray(button.sub_button) && button.sub_button.length > 0 || button.type === undefined && allowSub ? "sub" : button.type ?? "click";
  const select = el("select");
  for (const [value, text] of TYPES) {
    if (value === "sub" && !allowSub) continue;
    select.append(el("option", { value, textContent: text, selected: value === kind }));
  }
  select.addEventListener("change", () => {
    for (const k of ["type", "key", "url", "appid", "pagepath", "sub_button"]) delete button[k];
    if (select.value === "sub") button.sub_button = [{ type: "click", name: "新子菜单", key: "" }];
    else button.type = select.value;
    save();
    render();
  });
  const parts = [input("名称", button.name, v => button.name = v), el("label", {}, "类型", select)];
  if (kind === "click") parts.push(input("key", button.key, v => button.key = v, "例如 UNSUBSCRIBE"));
  if (kind === "view" || kind === "miniprogram") parts.push(input(kind === "view" ? "网址" : "备用网址（旧版微信）", button.url, v => button.url = v, "{base}/h5/..."));
  if (kind === "miniprogram") {
    parts.push(input("小程序 appid", button.appid, v => button.appid = v));
    parts.push(input("页面路径", button.pagepath, v => button.pagepath = v, "pages/index/index"));
  }
  return parts;
}

function remove(list, index) {
  return el("button", { type: "button", className: "secondary", textContent: "删除", onclick: () => { list.splice(index, 1); save(); render(); } });
}

function render() {
  const top = menu.button;
  const cards = top.map((button, i) => {
    const card = el("fieldset", { className: "menu-button" }, el("legend", { textContent: `一级菜单 ${i + 1}` }),
      el("div", { className: "grid" }, ...fields(button, true)), el("div", { className: "menu-problems", dataset: { at: `${i}` } }));
    if (Array.isArray(button.sub_button) && button.sub_button.length > 0 || button.type === undefined) {
      button.sub_button ??= [];
      button.sub_button.forEach((sub, j) => card.append(el("div", { className: "menu-sub" },
        el("div", { className: "grid" }, ...fields(sub, false), remove(button.sub_button, j)),
        el("div", { className: "menu-problems", dataset: { at: `${i}.${j}` } }))));
      if (button.sub_button.length < 5) card.append(el("button", {
        type: "button", className: "secondary", textContent: "添加子菜单",
        onclick: () => { button.sub_button.push({ type: "click", name: "新子菜单", key: "" }); save(); render(); },
      }));
    }
    card.append(remove(top, i));
    return card;
  });
  const add = top.length < 3
    ? el("button", { type: "button", id: "add-menu-button", className: "secondary", textContent: "添加一级菜单",
        onclick: () => { top.push({ type: "view", name: "新菜单", url: "{base}/h5/me" }); save(); render(); } })
    : el("p", { className: "muted", textContent: "微信最多 3 个一级菜单、每个 5 个子菜单。" });
  root.replaceChildren(el("div", { className: "menu-problems", dataset: { at: "menu" } }), ...cards, add);
}

// A check (or a refused publish) answered: each problem in red beside its button, the rest above the buttons.
document.getElementById("menu-form").addEventListener("api-result", event => {
  for (const box of root.querySelectorAll(".menu-problems")) box.replaceChildren();
  const items = event.detail.json?.items ?? [];
  for (const item of items) {
    const at = item.button == null ? "menu" : item.sub == null ? `${item.button}` : `${item.button}.${item.sub}`;
    const box = root.querySelector(`.menu-problems[data-at="${at}"]`) ?? root.querySelector('.menu-problems[data-at="menu"]');
    box.append(el("div", { className: "error", textContent: item.text }));
  }
});

document.getElementById("reload-visual").addEventListener("click", load);
textarea.addEventListener("input", load); // typed JSON shows in the fields at once (or says why it can't)
load();
