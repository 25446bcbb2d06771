// The campaign dashboard's charts, drawn with Apache ECharts (served by this server) from the figures the page carries
// in #dashboard-data. Tooltips are drawn on the canvas (renderMode richText): the console's CSP allows no inline styles.
"use strict";

const data = JSON.parse(document.getElementById("dashboard-data").dataset.json);
const tooltip = { renderMode: "richText" };
const charts = [];

// The containers show (and the SVG twins hide) before drawing: ECharts sizes its canvas from its container.
const ready = typeof echarts !== "undefined";
if (ready) document.body.classList.add("charts-drawn");

function draw(id, option) {
  if (!ready) return;
  const el = document.getElementById(id);
  if (!el) return;
  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({ animation: false, tooltip, ...option });
  el.dataset.drawn = "true";
  charts.push(chart);
}

function bars(items, color) {
  const names = items.map(i => i.name);
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 200, overflow: "truncate" } },
    tooltip: { ...tooltip, trigger: "axis", axisPointer: { type: "shadow" } },
    series: [{ type: "bar", data: items.map(i => i.value), itemStyle: { color }, label: { show: true, position: "right" } }],
  };
}

// Funnel: each step with its count and the conversion from the step before it.
draw("funnel-echart", {
  tooltip: { ...tooltip, trigger: "item", formatter: p => `${p.name}：${p.value}` + (p.data.fromPrevious == null ? "" : `（上一步的 ${p.data.fromPrevious}%）`) },
  series: [{
    type: "funnel", sort: "none", minSize: "8%", left: "10%", width: "60%", gap: 2,
    data: data.funnel.map(s => ({ name: s.name, value: s.value, fromPrevious: s.fromPrevious })),
    label: { show: true, position: "right", formatter: p => `${p.name} ${p.value}` + (p.data.fromPrevious == null ? "" : `  ↓${p.data.fromPrevious}%`) },
  }],
});

// Leads per Beijing day; the slider below picks the date range.
draw("daily-echart", {
  grid: { left: 8, right: 24, top: 16, bottom: 64, containLabel: true },
  tooltip: { ...tooltip, trigger: "axis" },
  xAxis: { type: "category", data: data.daily.days, boundaryGap: true },
  yAxis: { type: "value", minInterval: 1 },
  dataZoom: [{ type: "slider", bottom: 8, labelFormatter: (_, day) => day }, { type: "inside" }],
  series: [{ type: "bar", name: "线索", data: data.daily.counts, itemStyle: { color: "#07c160" }, barMaxWidth: 32 }],
});

draw("source-echart", bars(data.sources, "#fa8c16"));
draw("store-echart", bars(data.stores, "#722ed1"));

if (data.riskRanks.length > 0) {
  draw("risk-echart", {
    tooltip: { ...tooltip, trigger: "item", formatter: p => `${p.name}：${p.value}（${p.percent}%）` },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.riskRanks, label: { formatter: "{b} {d}%" } }],
  });
}

if (data.prizes.length > 0) {
  draw("prize-echart", {
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, data: ["剩余", "已抽中"] },
    tooltip: { ...tooltip, trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.prizes.map(p => p.name), inverse: true, axisLabel: { width: 200, overflow: "break" } },
    series: [
      { name: "剩余", type: "bar", stack: "stock", data: data.prizes.map(p => p.remaining), itemStyle: { color: "#eb2f96" } },
      { name: "已抽中", type: "bar", stack: "stock", data: data.prizes.map(p => p.won), itemStyle: { color: "#bfbfbf" } },
    ],
  });
}

draw("redemption-echart", {
  series: [{
    type: "gauge", min: 0, max: 100, progress: { show: true }, detail: { formatter: "{value}%", fontSize: 20 },
    data: [{ value: data.redemption.rate, name: `核销 ${data.redemption.redeemed} / 发放 ${data.redemption.issued}` }],
    title: { offsetCenter: [0, "70%"], fontSize: 13 },
  }],
});

window.addEventListener("resize", () => charts.forEach(c => c.resize()));
