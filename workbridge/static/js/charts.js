/* Draws every chart of a page: each element with data-option holds an ECharts option built on the server by
   workbridge/core/charts.py. The vendored ECharts (/static/vendor/echarts.min.js, the path comes from this
   script's data-echarts attribute) is fetched only when the page has a chart. What an option cannot carry as
   data is asked for under its "wb" key: a unit after values ("%"), a tooltip naming a heat-map cell's column and
   row, long category labels cut with "…". Charts are SVG, resize with the window and are redrawn after htmx swaps. */
(function () {
  "use strict";
  var me = document.currentScript;
  var vendor = me && me.getAttribute("data-echarts");
  var loading = null;

  function withEcharts(done) {
    if (window.echarts) { done(); return; }
    if (!vendor) { return; }
    if (!loading) {
      loading = [];
      var s = document.createElement("script");
      s.src = vendor;
      s.onload = function () { loading.forEach(function (f) { f(); }); };
      document.head.appendChild(s);
    }
    loading.push(done);
  }

  function cut(limit) {
    return function (v) { v = String(v); return v.length > limit ? v.slice(0, limit) + "…" : v; };
  }

  function withUnit(unit) {
    return function (v) { return v === null || v === undefined || v === "-" ? "—" : v + unit; };
  }

  function isCategory(axis) { return axis && axis.type === "category"; }

  function prepare(option) {
    var wb = option.wb || {};
    delete option.wb;
    var axes = [].concat(option.xAxis || [], option.yAxis || []);
    axes.forEach(function (axis) {
      axis.axisLabel = axis.axisLabel || {};
      if (isCategory(axis) && wb.truncate) { axis.axisLabel.formatter = cut(wb.truncate); }
      if (axis.type === "value" && wb.unit) { axis.axisLabel.formatter = "{value}" + wb.unit; }
    });
    if (wb.unit) {
      option.tooltip = option.tooltip || {};
      option.tooltip.valueFormatter = withUnit(wb.unit);
    }
    if (wb.tooltip === "cell") {
      var xs = (option.xAxis && option.xAxis.data) || [];
      var ys = (option.yAxis && option.yAxis.data) || [];
      var unit = wb.unit || "";
      option.tooltip = {
        trigger: "item",
        formatter: function (p) {
          var box = document.createElement("div");
          box.textContent = xs[p.value[0]] + " · " + ys[p.value[1]] + ": " + p.value[2] + unit;
          return box.innerHTML;
        }
      };
    }
    return option;
  }

  function draw(root) {
    var els = (root || document).querySelectorAll("[data-option]:not([data-drawn])");
    if (!els.length) { return; }
    withEcharts(function () {
      els.forEach(function (el) {
        if (el.hasAttribute("data-drawn")) { return; }
        var option;
        try { option = prepare(JSON.parse(el.getAttribute("data-option"))); } catch (e) { return; }
        var chart = window.echarts.init(el, null, { renderer: "svg" });
        chart.setOption(option);
        el.setAttribute("data-drawn", "");
        window.addEventListener("resize", function () { chart.resize(); });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(); });
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();
