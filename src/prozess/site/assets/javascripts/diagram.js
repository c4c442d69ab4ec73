/* prozess: process diagrams that fit. Each diagram is fitted to the width of the page; buttons (by
   mouse or keyboard) zoom in and out, fit again, show it full screen and open it as an SVG file.
   Arrow keys pan the focused diagram (it scrolls). Without JavaScript the diagram keeps its own size
   and scrolls. The labels follow the page's language (German, else English). */
document.addEventListener("DOMContentLoaded", function () {
  var labels = {
    de: { tools: "Diagramm", fit: "Einpassen", zoomIn: "Vergrößern", zoomOut: "Verkleinern", full: "Vollbild",
          open: "Als SVG öffnen" },
    en: { tools: "Diagram", fit: "Fit", zoomIn: "Zoom in", zoomOut: "Zoom out", full: "Full screen", open: "Open as SVG" }
  };
  var text = labels[(document.documentElement.lang || "de").slice(0, 2)] || labels.en;
  document.querySelectorAll("figure.prozess-figure[data-zoom]").forEach(function (figure) {
    var scroller = figure.querySelector(".prozess-scroll");
    var svg = scroller ? scroller.querySelector("svg.prozess-diagram") : null;
    if (!svg) return;
    var natural = parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    var ratio = (parseFloat(svg.getAttribute("height")) || 1) / (natural || 1);
    var scale = 1;
    function fitted() { return Math.max(120, scroller.clientWidth - 16); }
    function apply(width) {
      svg.setAttribute("width", String(Math.round(width)));
      svg.setAttribute("height", String(Math.round(width * ratio)));
      svg.style.maxWidth = "none";
    }
    function fit() { scale = Math.min(1, fitted() / natural); apply(natural * scale); }
    function zoom(factor) { scale = Math.min(4, Math.max(0.2, scale * factor)); apply(natural * scale); }
    var bar = document.createElement("div");
    bar.className = "prozess-diagram-tools";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", text.tools);
    function button(label, action, name) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.dataset.action = name;
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    button(text.fit, fit, "fit");
    button(text.zoomIn, function () { zoom(1.25); }, "zoom-in");
    button(text.zoomOut, function () { zoom(0.8); }, "zoom-out");
    if (figure.requestFullscreen) {
      button(text.full, function () {
        if (document.fullscreenElement) { document.exitFullscreen(); } else { figure.requestFullscreen(); }
      }, "full");
    }
    var open = document.createElement("a");
    open.textContent = text.open;
    open.href = URL.createObjectURL(new Blob([svg.outerHTML], { type: "image/svg+xml" }));
    open.target = "_blank";
    open.rel = "noopener";
    open.dataset.action = "open";
    bar.appendChild(open);
    figure.insertBefore(bar, figure.firstChild);
    scroller.addEventListener("keydown", function (event) {
      if (event.key === "+" || event.key === "=") { zoom(1.25); event.preventDefault(); }
      else if (event.key === "-") { zoom(0.8); event.preventDefault(); }
      else if (event.key === "0") { fit(); event.preventDefault(); }
    });
    document.addEventListener("fullscreenchange", function () { if (document.fullscreenElement === figure) fit(); });
    fit();
  });
});
