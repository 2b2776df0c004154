/* Charts in the portal: drawn inline (their boxes are links), at their natural size, where
   a chart's smallest text is 12 px; drag to pan, the zoom buttons in the bar above the chart
   (generator/portal/charts.py writes them, hidden; never drawn over the chart, where they
   covered its text on a phone) to zoom (the mouse wheel keeps scrolling the page). Uses
   svg-pan-zoom (vendor/, BSD-2-Clause). Without JavaScript the chart still shows at natural
   size and scrolls sideways, and the bar stays hidden. */
(function () {
  "use strict";
  var PX_PER_PT = 4 / 3;  // Graphviz draws in points; CSS pixels are 3/4 of a point

  function start(holder) {
    var svg = holder.querySelector("svg");
    if (!svg || typeof window.svgPanZoom !== "function") return;
    var box = svg.viewBox.baseVal;
    holder.style.height = Math.min(box.height * PX_PER_PT + 8,
                                   Math.max(window.innerHeight * (window.innerWidth < 600 ? 0.6 : 0.8), 320)) + "px";
    holder.classList.add("sop-chart--panzoom");
    svg.setAttribute("width", "100%");
    svg.setAttribute("height", "100%");
    var chart = window.svgPanZoom(svg, {
      fit: false, center: false, controlIconsEnabled: false, mouseWheelZoomEnabled: false,
      dblClickZoomEnabled: false, zoomScaleSensitivity: 0.25, minZoom: 0.1, maxZoom: 8
    });
    function natural() {  // natural size (1 pt = 4/3 px), the chart's top left corner in view
      chart.zoom(chart.getZoom() * PX_PER_PT / chart.getSizes().realZoom);
      chart.pan({ x: 0, y: 0 });
    }
    natural();
    holder.sopChart = chart;
    var tools = holder.previousElementSibling;
    if (!tools || !tools.classList.contains("sop-chart-tools")) return;
    var actions = { "in": function () { chart.zoomIn(); },
                    "out": function () { chart.zoomOut(); }, "reset": natural };
    tools.querySelectorAll("button[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () { actions[button.dataset.zoom](); });
    });
    tools.hidden = false;
  }

  function startAll() {
    document.querySelectorAll(".sop-chart").forEach(start);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
