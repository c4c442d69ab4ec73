/* prozess: filter the process register as you type, and sort it by any column (buttons in the
   header, by mouse or keyboard; aria-sort tells screen readers). Without JavaScript the full table
   stays visible in its original order. */
document.addEventListener("DOMContentLoaded", function () {
  var input = document.getElementById("register-filter");
  if (!input) return;
  var box = input.closest(".prozess-filter");
  var node = box ? box.nextElementSibling : null;
  while (node && !node.querySelector("table") && node.tagName !== "TABLE") node = node.nextElementSibling;
  if (!node) return;
  var table = node.tagName === "TABLE" ? node : node.querySelector("table");
  var status = document.getElementById("register-filter-status");
  var body = table.tBodies[0];
  var headerCells = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
  function column(name) {
    for (var i = 0; i < headerCells.length; i++) if (headerCells[i].textContent.trim() === name) return i;
    return -1;
  }
  function cellValues(row, index) {
    if (index < 0 || !row.cells[index]) return [];
    var chips = row.cells[index].querySelectorAll(".prozess-chip, .prozess-level");
    if (chips.length) return Array.prototype.map.call(chips, function (c) { return c.textContent.trim(); });
    return [row.cells[index].textContent.trim()];
  }
  // choice lists for level, unit and status, built from the table itself
  var selects = [];
  ["level", "unit", "status"].forEach(function (key) {
    var name = box.dataset[key];
    var index = column(name);
    if (index < 0) return;
    var values = {};
    Array.prototype.forEach.call(body.rows, function (row) {
      cellValues(row, index).forEach(function (v) { if (v) values[v] = true; });
    });
    var label = document.createElement("label");
    var select = document.createElement("select");
    select.id = "register-" + key;
    label.htmlFor = select.id;
    label.textContent = name;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = box.dataset.all;
    select.appendChild(all);
    Object.keys(values).sort(function (a, b) { return a.localeCompare(b, "de"); }).forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
    select.addEventListener("change", update);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(label);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(select);
    selects.push({ select: select, index: index });
  });
  function update() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0, rows = body.rows;
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].textContent.toLowerCase();
      var match = terms.every(function (t) { return text.indexOf(t) !== -1; }) && selects.every(function (s) {
        return !s.select.value || cellValues(rows[i], s.index).indexOf(s.select.value) !== -1;
      });
      rows[i].hidden = !match;
      if (match) shown++;
    }
    if (status) status.textContent = shown + " / " + rows.length;
  }
  input.addEventListener("input", update);

  function value(row, column) {
    var text = row.cells[column] ? row.cells[column].textContent.trim() : "";
    var number = parseFloat(text.replace(",", "."));
    return isNaN(number) || !/^[\d.,\s%]+$/.test(text) ? text : number;
  }
  headerCells.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "prozess-sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headerCells.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, column), y = value(b, column);
        var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "de");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
