"""Generate a realistic synthetic process catalogue, deterministic by seed.

    python benchmarks/catalog.py OUT_DIR N [--steps M] [--seed S]

N BPMN files, one procedure each: an authority pool with 2–4 lanes, the applicant as a collapsed
pool with message flows, about M steps with exclusive gateways and loops, German step names from
municipal work, and – in some procedures – printing, re-keying, postal output and steps that touch
the legal rule base. Written with the same generator as processes/ (complete diagram interchange).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from build_examples import P, S, Writer  # noqa: E402

UNITS = ["Bürgerbüro", "Sachbearbeitung", "Poststelle", "Kasse", "Fachamt", "Rechtsamt", "Registratur"]
SERVICES = ["Wohngeld", "Hundesteuer", "Sondernutzung", "Gaststättenerlaubnis", "Baumfällgenehmigung",
            "Anwohnerparken", "Wohnberechtigungsschein", "Fischereischein", "Marktzulassung", "Namensänderung"]
WORK = ["Antrag prüfen", "Unterlagen sichten", "Rückfrage stellen", "Gebühr berechnen", "Vermerk fertigen",
        "Stellungnahme einholen", "Bescheid entwerfen", "Daten im Fachverfahren erfassen", "Vorgang zuweisen",
        "Akte abheften", "Frist überwachen", "Zahlungseingang prüfen", "Vollständigkeit prüfen",
        "Anhörung durchführen", "Entscheidung vorbereiten", "Vier-Augen-Prüfung"]
TOUCHES = ["Antrag ausdrucken", "Antrag per Post einreichen lassen", "Bescheid per Post versenden",
           "Unterlagen einscannen", "Antragsdaten ins Fachverfahren übertragen", "Unterschrift einholen",
           "Antrag mit Online-Ausweis prüfen", "Persönliche Vorsprache", "Bescheid ins Postfach des Nutzerkontos stellen"]


def spec(index: int, steps: int, rng: random.Random) -> P:
    service = rng.choice(SERVICES)
    lanes = rng.sample(UNITS, rng.randint(2, 4))
    items = [S("start", lanes[0], "startEvent", f"{service}-Antrag eingegangen", event="message",
               msg_in=rng.choice(["Online-Antrag über das Portal", "Antrag per Post", "Antrag per E-Mail"]))]
    flows = []
    previous = "start"
    for i in range(1, steps):
        lane = rng.choice(lanes)
        if i % 9 == 5 and i > 5:
            items.append(S(f"g{i}", lane, "exclusiveGateway", "in Ordnung?"))
            flows.append(f"{previous}>g{i}")
            flows.append(f"g{i}>n{i - 3}:nein")  # a loop back
            previous = f"g{i}"
            continue
        name = rng.choice(TOUCHES) if rng.random() < 0.12 else rng.choice(WORK)
        kind = "sendTask" if "versenden" in name or "Postfach" in name else rng.choice(["task", "userTask", "task"])
        items.append(S(f"n{i}", lane, kind, name))
        flows.append(f"{previous}>n{i}" + (":ja" if previous.startswith("g") else ""))
        previous = f"n{i}"
    items.append(S("end", lanes[-1], "endEvent", "Vorgang abgeschlossen"))
    flows.append(f"{previous}>end" + (":ja" if previous.startswith("g") else ""))
    return P(
        file=f"verfahren-{index:05d}.bpmn", style="camunda" if index % 3 else "signavio", id=f"V{index}",
        name=f"{service} bearbeiten ({index})", pool=f"Gemeinde – {service}", partner="Antragstellerin / Antragsteller",
        lanes=lanes, steps=items, flows=flows, doc=f"Zuständig: {lanes[0]}",
    )


def generate(out: Path, count: int, steps: int = 40, seed: int = 1) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (out / f"verfahren-{index:05d}.bpmn").write_bytes(Writer(spec(index, steps, rng)).build())


if __name__ == "__main__":
    args = sys.argv[1:]
    steps = int(args[args.index("--steps") + 1]) if "--steps" in args else 40
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    generate(Path(args[0]), int(args[1]), steps, seed)
