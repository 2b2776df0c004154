/* Charts in the portal: drawn inline (their boxes are links), at their natural size, where
   a chart's smallest text is 12 px; drag to pan, the + / − / reset buttons to zoom (the
   mouse wheel keeps scrolling the page). Uses svg-pan-zoom (vendor/, BSD-2-Clause). Without
   JavaScript the chart still shows at natural size and scrolls sideways. */
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
      fit: false, center: false, controlIconsEnabled: true, mouseWheelZoomEnabled: false,
      dblClickZoomEnabled: false, zoomScaleSensitivity: 0.25, minZoom: 0.1, maxZoom: 8
    });
    // natural size (1 pt = 4/3 px), the chart's top left corner in view
    chart.zoom(chart.getZoom() * PX_PER_PT / chart.getSizes().realZoom);
    chart.pan({ x: 0, y: 0 });
    holder.sopChart = chart;
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
