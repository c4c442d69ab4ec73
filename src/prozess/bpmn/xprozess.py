"""FIM process models in the XÖV exchange format XProzess 2.x.

An XProzess export (root ``alleInhalte.export.*`` in the namespace
``http://www.regierung-mv.de/xprozess/2``) carries, as data:

- the process class (``prozesskatalog/prozessklasse``): its id is the LeiKa
  Leistungsschlüssel, with name, version, status, validity and the legal bases
  (``handlungsgrundlage``) of the whole service;
- per activity group (``aktivitaetengruppe``): the BPMN element it describes
  (``subProzessID``), the reference activity group type, its legal bases and, in
  its specific attributes, what it receives and provides and by which
  ``uebermittlungsart``;
- the BPMN 2.0 model itself, as a base64-encoded ZIP (``prozessmodelldatei/inhalt``).

This module unwraps the model with the same care as any input (the envelope
was parsed by the hardened parser of ``loader.py``; the ZIP is read with limits
on members, names and unpacked size) and reads the FIM facts into the typed
model. Code-list values are kept as exported: their meanings (Referenzaktivitätengruppe,
Übermittlungsart, Handlungsgrundlagenart, Status) were not verified against the
published XÖV code lists, so no medium is derived from a code. What a step does
is read from the names of its specific attributes instead ("empfangeneDaten",
"bereitgestellteDaten"), and the Übermittlungsart code 99 — how a Stammprozess
leaves the channel open — says nothing about the medium.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..errors import ProzessError
from .model import ActivityGroup, LegalBasis, Service

NAMESPACE_PREFIX = "http://www.regierung-mv.de/xprozess/"
SUPPORTED_MAJOR = "2"
MAX_MEMBERS = 32
_MODEL_SUFFIXES = (".xml", ".bpmn", ".bpmn2")

# what the names of an activity group's specific attributes say it does
SEMANTICS = {
    "empfangeneDaten": "empfängt Daten",
    "bereitgestellteDaten": "stellt Daten bereit",
    "formellePruefung": "formelle Prüfung",
    "entscheidungsart": "Entscheidung",
    "mitwirkungspflicht": "Mitwirkungspflicht",
    "beteiligungsform": "Beteiligung",
}
OPEN_TRANSMISSION = "99"  # the channel left open (Stammprozess)

# "§ 27 (1) MuSchG", "§ 27 (1) - (4) MuSchG", "§ 3a Abs. 2 VwVfG", "§ 29 MuSchG"
_NORM = re.compile(
    r"§+\s*(?P<para>\d+[a-z]?)\s*"
    r"(?:\((?P<from>\d+)\)\s*(?:(?:-|–|bis)\s*\((?P<to>\d+)\))?|Abs\.?\s*(?P<abs>\d+)(?:\s*(?:-|–|bis)\s*(?P<absto>\d+))?)?"
    r".*?(?P<law>[A-ZÄÖÜ][A-Za-zÄÖÜäöüß-]*[A-Z][A-Za-zäöü]*)\s*$",
)


class XProzessError(ProzessError):
    """An XProzess file that cannot be read; the message is German and names what is wrong."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


@dataclass(frozen=True, slots=True)
class Unwrapped:
    model: bytes  # the embedded BPMN
    member: str  # its name in the ZIP
    service: Service | None
    groups: tuple[ActivityGroup, ...]
    line: int | None  # of the embedded model's content in the envelope


def is_xprozess(root) -> bool:
    tag = root.tag
    return isinstance(tag, str) and tag.startswith("{" + NAMESPACE_PREFIX)


def parse_norm(text: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Law, paragraph and Absätze of a norm written in FIM's style."""
    match = _NORM.search(" ".join(text.split()))
    if not match:
        return None, None, ()
    first = match["from"] or match["abs"]
    last = match["to"] or match["absto"] or first
    absaetze: tuple[str, ...] = ()
    if first:
        low, high = int(first), int(last)
        absaetze = tuple(str(n) for n in range(low, high + 1)) if 0 < high - low < 20 else (first,)
    return match["law"], match["para"], absaetze


def unwrap(root, max_bytes: int) -> Unwrapped:
    """The embedded BPMN and the FIM facts of an XProzess envelope (already parsed)."""
    namespace = root.tag[1 : root.tag.index("}")]
    major = namespace[len(NAMESPACE_PREFIX):].strip("/").split("/")[0] or "?"
    version = root.get("xprozessVersion") or major
    if major != SUPPORTED_MAJOR:
        raise XProzessError(
            f"XProzess {version} (Namensraum {namespace}) wird nicht unterstützt; prozess liest XProzess 2.x.",
            root.sourceline,
        )
    ns = {"x": namespace}
    content = root.find(".//x:prozess/x:prozessmodell/x:prozessmodelldatei/x:inhalt", ns)
    if content is None or not (content.text or "").strip():
        raise XProzessError(
            "Die XProzess-Datei enthält kein Prozessmodell (prozess/prozessmodell/prozessmodelldatei/inhalt fehlt "
            "oder ist leer).",
            content.sourceline if content is not None else root.sourceline,
        )
    model, member = _from_zip(content.text, content.sourceline, max_bytes)
    producer = root.get("produkt")
    service = _service(root, ns, f"XProzess {version}" + (f" ({producer})" if producer else ""))
    groups = tuple(_group(g, ns) for g in root.iterfind(".//x:prozess//x:aktivitaetengruppe", ns))
    return Unwrapped(model, member, service, groups, content.sourceline)


def _from_zip(text: str, line: int | None, max_bytes: int) -> tuple[bytes, str]:
    try:
        raw = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise XProzessError("Das eingebettete Prozessmodell ist kein gültiges Base64.", line) from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise XProzessError("Das eingebettete Prozessmodell ist kein lesbares ZIP-Archiv (beschädigt).", line) from None
    if len(members) > MAX_MEMBERS:
        raise XProzessError(
            f"Das eingebettete ZIP-Archiv hat {len(members)} Einträge, mehr als die Grenze von {MAX_MEMBERS}.", line
        )
    for info in members:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise XProzessError(f"Der ZIP-Eintrag „{name}“ hat einen unzulässigen Pfad.", line)
    candidates = [i for i in members if not i.is_dir() and i.filename.lower().endswith(_MODEL_SUFFIXES)]
    if not candidates:
        raise XProzessError("Das eingebettete ZIP-Archiv enthält keine BPMN-Datei (.xml/.bpmn).", line)
    info = next((i for i in candidates if "bpmn" in i.filename.lower()), candidates[0])
    if info.file_size > max_bytes:
        raise XProzessError(
            f"Der ZIP-Eintrag „{info.filename}“ ist entpackt {info.file_size:,} Bytes groß, mehr als die Grenze von "
            f"{max_bytes:,} Bytes.", line,
        )
    try:
        with archive.open(info) as handle:
            data = handle.read(max_bytes + 1)  # the header may understate the size
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise XProzessError(f"Der ZIP-Eintrag „{info.filename}“ lässt sich nicht entpacken ({exc}).", line) from None
    if len(data) > max_bytes:
        raise XProzessError(
            f"Der ZIP-Eintrag „{info.filename}“ ist entpackt größer als die Grenze von {max_bytes:,} Bytes.", line
        )
    return data, info.filename


def _text(el, path: str, ns) -> str | None:
    found = el.find(path, ns)
    if found is None:
        return None
    value = " ".join("".join(found.itertext()).split())
    return value or None


def _code(el, path: str, ns) -> str | None:
    found = el.find(path, ns)
    if found is None:
        return None
    code = found.find("code")
    if code is None:
        code = found.find("x:code", ns)
    value = (code.text if code is not None else found.text) or ""
    return value.strip() or None


def _bases(el, ns) -> tuple[LegalBasis, ...]:
    result = []
    for basis in el.iterfind("x:handlungsgrundlage", ns):
        name = _text(basis, "x:name", ns)
        if not name:
            continue
        law, paragraph, absaetze = parse_norm(name)
        result.append(LegalBasis(name, law, paragraph, absaetze, _code(basis, "x:art", ns), _text(basis, "x:uri", ns)))
    return tuple(result)


def _service(root, ns, source: str) -> Service | None:
    klass = root.find(".//x:prozesskatalog/x:prozessklasse", ns)
    if klass is None:
        klass = root.find(".//x:prozessklasse", ns)
    if klass is None:
        return None
    key = _text(klass, "x:id", ns)
    if not key:
        return None
    state = klass.find("x:zustandsangaben", ns)
    status = valid_from = valid_to = None
    if state is not None:
        status = _code(state, "x:status", ns)
        valid_from = _text(state, "x:gueltigkeitszeitraum/x:beginn", ns)
        valid_to = _text(state, "x:gueltigkeitszeitraum/x:ende", ns)
    return Service(
        key, _text(klass, "x:name", ns) or "", klass.sourceline, _text(klass, "x:version", ns), status,
        valid_from, valid_to, source, _bases(klass, ns),
    )


def _group(el, ns) -> ActivityGroup:
    semantics: list[str] = []
    transmission: list[str] = []
    specific = el.find("x:spezifischeAttribute", ns)
    if specific is not None:
        for block in specific:
            for item in block:
                if not isinstance(item.tag, str):
                    continue
                local = item.tag.rsplit("}", 1)[-1]
                label = SEMANTICS.get(local)
                if label and label not in semantics:
                    semantics.append(label)
                for channel in item.iter(f"{{{ns['x']}}}uebermittlungsart"):
                    code = channel.find("code")
                    if code is not None and (code.text or "").strip():
                        transmission.append(code.text.strip())
    return ActivityGroup(
        _text(el, "x:id", ns) or "", _text(el, "x:subProzessID", ns) or "", _text(el, "x:name", ns) or "",
        el.sourceline, _code(el, "x:referenzaktivitaetengruppeTyp", ns), tuple(semantics), tuple(transmission),
        _bases(el, ns),
    )
