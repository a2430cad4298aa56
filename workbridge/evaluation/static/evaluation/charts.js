/* Renders every element with data-option (a complete ECharts option built by the server) using the vendored
   ECharts from /static/vendor/echarts.min.js. Charts resize with the window (375 px phones included). */
(function () {
  function render() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-option]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(el.dataset.option));
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
  document.addEventListener("htmx:afterSwap", render);
})();
