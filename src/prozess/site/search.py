"""The search entries of the process pages, written by prozess instead of the theme's search plugin.

A built site has one page per process. Material's search plugin would parse every one of them
back from HTML (Python's HTMLParser: about a third of the MkDocs run for 1,000 processes) only to
keep the level line, the keywords and the FIM legal bases – everything else on the page is excluded
from search. prozess knows those texts already: the pages say ``search: exclude: true`` in their
front matter, and :func:`add` puts their entries into the index the plugin wrote (and into the
copy the offline plugin inlines for ``file://``). A live preview (``mkdocs serve``) leaves the
pages to the plugin.

An entry has the plugin's shape: ``location`` (page, or page and heading anchor), ``title`` (plain
text, HTML-escaped) and ``text`` (escaped text in ``<p>``/``<ul>``/``<li>``, as the plugin keeps).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify


def entries(location: str, p: dict[str, Any], t) -> list[dict[str, str]]:
    """The entries of one process page (``p``: the page's context) at ``location`` (``prozesse/….html``)."""
    level = f"{p['level']} · {p['level_name']}" + "".join(f" {chip}" for chip in p["status"])
    if p["provisional"]:
        level += f" ({t.provisional})"
    text = f"<p>{_text(level)} · {_text(t.ozg_estimate)}: {_text(p['ozg'])}</p>"
    if p["keywords"]:
        text += f"<p>{_text(t.keywords)}: {_text(p['keywords'])}</p>"
    found = [{"location": location, "title": _text(p["name"]), "text": text}]
    if p["legal_bases"]:
        rows = "".join(
            f"<li>{_text(row['step'])}: {_text('; '.join(b['name'] for b in row['bases']))}</li>"
            for row in p["legal_bases"]
        )
        found.append({
            "location": f"{location}#{slugify(t.legal_bases, '-')}",  # the anchor MkDocs gives the heading
            "title": _text(t.legal_bases),
            "text": f"<p>{_text(t.legal_bases_intro)}</p><ul>{rows}</ul>",
        })
    return found


def add(html: Path, found: list[dict[str, str]]) -> None:
    """Add ``found`` to the built site's search index (``search/search_index.json`` and, where the
    offline plugin wrote it, ``search/search_index.js``)."""
    folder = html / "search"
    index_file = folder / "search_index.json"
    if not found or not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["docs"].extend(found)
    data = json.dumps(index, separators=(",", ":"), ensure_ascii=True)  # as the plugin writes it
    index_file.write_text(data, encoding="utf-8")
    script = folder / "search_index.js"
    if script.is_file():
        script.write_text(f"var __index = {data}", encoding="utf-8")


def _text(value: Any) -> str:
    return escape(" ".join(str(value).split()), quote=False)
