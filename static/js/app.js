// Small enhancements for every page. Nothing here is needed for the page to work.
(function () {
  "use strict";
  // Move focus to an error summary so keyboard and screen-reader users hear what went wrong at once.
  var summary = document.getElementById("error-summary") || document.getElementById("conflict-summary");
  if (summary) { summary.focus(); }
})();
