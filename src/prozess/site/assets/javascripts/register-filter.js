/* prozess: filter the process register as you type. Without JavaScript the full table stays visible. */
document.addEventListener("DOMContentLoaded", function () {
  var input = document.getElementById("register-filter");
  if (!input) return;
  var box = input.closest(".prozess-filter");
  var node = box ? box.nextElementSibling : null;
  while (node && !node.querySelector("table") && node.tagName !== "TABLE") node = node.nextElementSibling;
  if (!node) return;
  var table = node.tagName === "TABLE" ? node : node.querySelector("table");
  var status = document.getElementById("register-filter-status");
  input.addEventListener("input", function () {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].textContent.toLowerCase();
      var match = terms.every(function (t) { return text.indexOf(t) !== -1; });
      rows[i].hidden = !match;
      if (match) shown++;
    }
    if (status) status.textContent = shown + " / " + rows.length;
  });
});
