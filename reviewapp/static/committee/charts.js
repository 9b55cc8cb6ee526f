/* Draw every ECharts chart of a committee page from the JSON option beside its box. */
(function () {
  "use strict";
  function draw() {
    var boxes = document.querySelectorAll("[data-echart]");
    var charts = [];
    boxes.forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-echart"));
      if (!source || typeof echarts === "undefined") { return; }
      var chart = echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(source.textContent));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
    window.addEventListener("beforeprint", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
