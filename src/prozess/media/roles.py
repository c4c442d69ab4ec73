"""The role of a pool in a procedure: who does the work, who applies, which system runs it.

Models of German administrations often draw one procedure as several pools —
customer, organisation, IT ("Kunde / Organisation / IT") — linked by message
flows. The role of each pool comes from, in this order:

1. a line ``Rolle: Behörde | Antragsteller | IT-System | Andere Behörde`` in
   the documentation of the pool or its process, or an extension property
   ``rolle``/``role`` with one of these values;
2. the pool's name: a leading ``Kunde:``, ``Organisation:``, ``IT:`` or the
   words of :data:`ROLE_WORDS` ("Antragsteller/in", "Serviceportal",
   "Bundesamt für Justiz", "Ordnungsamt");
3. otherwise ``unknown``.

Steps in the applicant's pool are the applicant's own handling: an applicant
scanning a certificate to upload it is no media break of the authority, and a
letter that reaches the applicant was already counted where the authority sent
it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..bpmn.model import Definitions, Participant, Process
from ..pickling import fast_pickle
from .lexicon import normalize


class Role(str, Enum):
    AUTHORITY = "authority"
    APPLICANT = "applicant"
    IT_SYSTEM = "it_system"
    OTHER_AUTHORITY = "other_authority"
    UNKNOWN = "unknown"


# German names of the roles, by Role value (the command line and the German site show them)
GERMAN = {
    Role.AUTHORITY.value: "Behörde", Role.APPLICANT.value: "Antragsteller", Role.IT_SYSTEM.value: "IT-System",
    Role.OTHER_AUTHORITY.value: "andere Behörde", Role.UNKNOWN.value: "Rolle unbekannt",
}

_DECLARED = {
    "behoerde": Role.AUTHORITY, "authority": Role.AUTHORITY, "organisation": Role.AUTHORITY,
    "antragsteller": Role.APPLICANT, "antragstellerin": Role.APPLICANT, "antragsteller in": Role.APPLICANT,
    "kunde": Role.APPLICANT, "buerger": Role.APPLICANT, "applicant": Role.APPLICANT,
    "it system": Role.IT_SYSTEM, "it": Role.IT_SYSTEM, "system": Role.IT_SYSTEM, "it_system": Role.IT_SYSTEM,
    "andere behoerde": Role.OTHER_AUTHORITY, "other authority": Role.OTHER_AUTHORITY,
    "other_authority": Role.OTHER_AUTHORITY,
}
_LINE = re.compile(r"^\s*(?:rolle|role)\s*[:=]\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_PREFIX = re.compile(r"^\s*(kunde|kundin|organisation|it)\s*:", re.IGNORECASE)

# words of pool names, normalised (umlauts spelled out); the first group that matches decides
ROLE_WORDS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (Role.APPLICANT, (
        "antragsteller", "antragstellende", "kunde", "kundin", "buerger", "einwohner", "eltern",
        "sorgeberechtigte", "eigentuemer", "bauherr", "halter", "unternehmen", "firma", "gewerbetreibende",
        "gewerbetreibender", "arbeitgeber", "applicant", "citizen", "customer", "resident",
    )),
    (Role.IT_SYSTEM, (
        "it", "fachverfahren", "serviceportal", "portal", "online dienst", "onlinedienst", "formularserver",
        "system", "dms", "e akte", "process engine", "plattform",
    )),
    (Role.OTHER_AUTHORITY, (
        "bundesamt", "bfj", "finanzamt", "polizei", "gericht", "landesamt", "kraftfahrt bundesamt",
        "andere behoerde", "fachstelle", "externe stelle", "ihk", "handwerkskammer", "schule", "traeger",
    )),
    (Role.AUTHORITY, (
        "amt", "behoerde", "verwaltung", "stadt", "gemeinde", "landkreis", "kreis", "standesamt",
        "buergeramt", "buergerbuero", "ordnungsamt", "jugendamt", "sozialamt", "bauamt", "organisation",
        "sachbearbeitung", "stelle", "jobcenter", "familienkasse", "rathaus", "dezernat", "fachbereich",
        "authority", "council", "office", "municipality",
    )),
)


@dataclass(frozen=True, slots=True)
class PoolRole:
    role: Role
    reason: str  # German, shown to users


def _declared(text: str) -> Role | None:
    for match in _LINE.finditer(text or ""):
        role = _DECLARED.get(" ".join(normalize(match["value"]).replace("/", " ").replace("-", " ").split()))
        if role is not None:
            return role
    return None


def by_name(name: str) -> Role | None:
    """The role a pool's or lane's name suggests ("Kunde: …", "Antragsteller/in", "Ordnungsamt")."""
    prefix = _PREFIX.match(name)
    if prefix:
        return {"kunde": Role.APPLICANT, "kundin": Role.APPLICANT, "organisation": Role.AUTHORITY,
                "it": Role.IT_SYSTEM}[prefix.group(1).casefold()]
    text = " ".join(t for t in re.split(r"[^0-9a-z]+", normalize(name)) if t)
    for role, whole, _, _ in _PATTERNS:  # whole words (and phrases) first: "Bürgerbüro" is an office
        if whole.search(text):
            return role
    for role, _, head, _ in _PATTERNS:  # then the head of a compound decides: "Einwohnerkontroll|system"
        if head is not None and head.search(text):
            return role
    for role, _, _, front in _PATTERNS:  # then its first part: "Antragsteller|in"
        if front is not None and front.search(text):
            return role
    return None


def _patterns():
    result = []
    for role, words in ROLE_WORDS:
        whole = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
        single = [re.escape(w) for w in words if " " not in w and len(w) >= 3]
        head = re.compile(r"\w(?:" + "|".join(single) + r")\b") if single else None
        front = re.compile(r"\b(?:" + "|".join(single) + r")\w") if single else None
        result.append((role, whole, head, front))
    return tuple(result)


_PATTERNS = _patterns()


_NO_POOL = object()


def _override(overrides: dict[str, str] | None, *keys: str | None) -> PoolRole | None:
    """A role set in the project configuration (``roles = { "Pool-Name" = "applicant" }``)."""
    for key in keys:
        if overrides and key and key in overrides:
            return PoolRole(Role(overrides[key]), f"Konfiguration: roles.{key}")
    return None


def role_of(
    process: Process,
    definitions: Definitions,
    pool: Participant | None | object = _NO_POOL,
    overrides: dict[str, str] | None = None,
) -> PoolRole:
    """The role of the pool of ``process`` (``pool``: its participant, if the caller has it)."""
    if pool is _NO_POOL:
        pool = next((p for p in definitions.participants if p.process_ref == process.id), None)
    configured = _override(overrides, pool.id if pool else None, pool.name if pool else None, process.id, process.name)
    if configured is not None:
        return configured
    for text, where in ((pool.documentation if pool else "", "Pool"), (process.documentation, "Prozess")):
        declared = _declared(text)
        if declared is not None:
            return PoolRole(declared, f"Dokumentation ({where}): „Rolle: …“")
    for ext in (pool.extensions if pool else None, process.extensions):
        value = ext.get("rolle") or ext.get("role") if ext is not None else None
        declared = _declared(f"Rolle: {value}") if value else None
        if declared is not None:
            return PoolRole(declared, f"Eigenschaft rolle = {value}")
    name = (pool.name if pool else "") or process.name
    named = by_name(name) if name else None
    if named is not None:
        return PoolRole(named, f"Name „{name}“")
    return PoolRole(Role.UNKNOWN, "keine Angabe")


def role_of_pool(pool: Participant, definitions: Definitions, overrides: dict[str, str] | None = None) -> PoolRole:
    """The role of a black-box pool (a participant without a process of its own)."""
    configured = _override(overrides, pool.id, pool.name)
    if configured is not None:
        return configured
    declared = _declared(pool.documentation) or (
        _declared(f"Rolle: {pool.extensions.get('rolle') or pool.extensions.get('role')}")
        if (pool.extensions.get("rolle") or pool.extensions.get("role")) else None
    )
    if declared is not None:
        return PoolRole(declared, "Dokumentation (Pool): „Rolle: …“")
    named = by_name(pool.name) if pool.name else None
    if named is not None:
        return PoolRole(named, f"Name „{pool.name}“ (Black-Box-Pool)")
    return PoolRole(Role.UNKNOWN, "Black-Box-Pool ohne Angabe")


fast_pickle(PoolRole)  # parallel checks that keep the models (the site) send them back
