/* prozess: accessible names the theme leaves out (the search dialog), in the page's language. */
document.addEventListener("DOMContentLoaded", function () {
  var german = (document.documentElement.lang || "de").indexOf("de") === 0;
  document.querySelectorAll(".md-search[role='dialog']").forEach(function (dialog) {
    if (!dialog.getAttribute("aria-label") && !dialog.getAttribute("aria-labelledby")) {
      dialog.setAttribute("aria-label", german ? "Suche" : "Search");
    }
  });
});
