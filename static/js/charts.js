// Draws the charts of the dashboards and of /results with plotly.js. Each chart's figure is JSON in a
// <script type="application/json"> next to it; without JavaScript the table under each chart has the same data.
(function () {
  "use strict";

  // Print buttons, and printing in general: open the data tables and fit the charts to the paper. Browsers
  // announce printing with beforeprint/afterprint, some only through the print media query; both are handled.
  var opened = [];
  var printing = false;
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  function preparePrint() {
    if (printing) { return; }
    printing = true;
    document.querySelectorAll("details.chart-table:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
    if (window.Plotly) {
      document.querySelectorAll(".chart-drawn").forEach(function (chart) {
        Plotly.relayout(chart, { width: 680 });
      });
    }
  }
  function restoreScreen() {
    if (!printing) { return; }
    printing = false;
    opened.forEach(function (details) { details.open = false; });
    opened = [];
    if (window.Plotly) {
      document.querySelectorAll(".chart-drawn").forEach(function (chart) {
        Plotly.relayout(chart, { width: null, autosize: true });
      });
    }
  }
  window.addEventListener("beforeprint", preparePrint);
  window.addEventListener("afterprint", restoreScreen);
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", function (query) {
      if (query.matches) { preparePrint(); } else { restoreScreen(); }
    });
  }

  if (!window.Plotly) { return; }

  // The Content-Security-Policy forbids style attributes (style-src 'self'), and plotly.js sets a few with
  // setAttribute("style", …), which the browser refuses and reports. The same declarations set through the CSSOM
  // are allowed and look the same, so style attributes set by script go that way. Markup still cannot carry any.
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "style" && this.style) {
      this.style.cssText = value;
      return;
    }
    return setAttribute.call(this, name, value);
  };

  var settings = document.getElementById("chart-settings");
  var options = settings ? JSON.parse(settings.textContent) : {};
  var config = {
    displayModeBar: false,
    responsive: true,
    // The county map's base layer comes from the app (an empty topology), never from plot.ly's CDN.
    topojsonURL: options.topojsonURL
  };

  document.querySelectorAll("[data-figure]").forEach(function (target) {
    var source = document.getElementById(target.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
      target.classList.add("chart-drawn");
    });
  });
})();
