// Bar chart of placement, completion and retention rates (ECharts from /static/vendor).
(function () {
  var el = document.getElementById("stats-chart");
  if (!el || !window.echarts) return;
  var rows = JSON.parse(el.getAttribute("data-rows") || "[]");
  if (!rows.length) { el.style.display = "none"; return; }
  var pct = function (i) { return rows.map(function (r) { return r[i] == null ? null : Math.round(r[i] * 1000) / 10; }); };
  echarts.init(el).setOption({
    tooltip: { trigger: "axis" }, legend: {}, grid: { left: 40, right: 10, bottom: 60 },
    xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: el.getAttribute("data-l1") || "placement", type: "bar", data: pct(1) },
      { name: el.getAttribute("data-l2") || "completion", type: "bar", data: pct(2) },
      { name: el.getAttribute("data-l3") || "retention", type: "bar", data: pct(3) }
    ]
  });
})();
