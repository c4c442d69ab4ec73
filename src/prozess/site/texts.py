"""The words of the site, in German (default) and English. Findings and rules stay German."""

from __future__ import annotations

from types import SimpleNamespace

from ..media.roles import GERMAN as ROLE_NAMES

_HANDBOOK_DE = [
    ("Start", "index.md"),
    ("Methodik", "methodik.md"),
    ("Medienbrüche", "medienbrueche/index.md"),
    ("FIM-Prozessmodelle", "fim.md"),
    ("Regelwerk", "regelwerk/index.md"),
    ("Regelreferenz", "regelwerk/referenz.md"),
    ("Modellqualität", "regeln/modell.md"),
    ("Prozess-Checks in CI", "ci.md"),
    ("JSON-Bericht", "bericht-json.md"),
    ("Sicherheit", "sicherheit.md"),
    ("Die Website", "website.md"),
]

_ACCESSIBILITY_DE = """# Erklärung zur Barrierefreiheit

Diese Website soll barrierefrei zugänglich sein – nach der Barrierefreie-Informationstechnik-Verordnung
(BITV 2.0), die die Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA umsetzt.

## Stand der Vereinbarkeit

Die Website wird bei jeder Änderung von prozess automatisch geprüft (axe-core in Chromium, alle
Regeln einschließlich der bewährten Praxis): Übersicht mit Prozessregister, Prozessseiten, Normen und
Medienbrüche – ohne einen einzigen Verstoß. Dazu kommen Tests mit der Tastatur, bei 390 Pixel
Breite und für den Druck. Eine vollständige manuelle Prüfung nach BITV steht aus; die Website ist
daher **teilweise vereinbar**.

- Prozessdiagramme sind Bilder mit Textalternative: Jedes Element hat einen Titel, hervorgehobene
  Schritte sind Links zu ihrem Befund, und die **Schritttabelle** unter jedem Diagramm enthält alle
  Angaben als Text. Hervorhebungen verwenden Farbe, Linienmuster und Nummern.
- Die Seiten kommen ohne Schriften oder Skripte von fremden Servern aus.

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie an: {contact}

## Durchsetzungsverfahren

Wenn auf Ihre Rückmeldung keine zufriedenstellende Antwort kommt, können Sie sich an die
Schlichtungsstelle nach dem Behindertengleichstellungsgesetz oder an die Durchsetzungsstelle
Ihres Landes wenden.

Erstellt am {date}.
"""

_HELP_DE = """# Hilfe

**Übersicht** – alle Verfahren mit ihrer Ende-zu-Ende-Stufe (E0 Analog bis E5 Ende-zu-Ende
datenbasiert), ihrem Status („rechtlich blockiert“, „Pflicht zur E-Form verletzt“, „Quick Wins“),
dem Hauptgrund, Medienbrüchen und rechtlichen Hindernissen. Das Prozessregister lässt sich nach
jeder Spalte sortieren und nach Name, Stufe, Organisationseinheit und Status filtern; es ist als CSV
und JSON herunterladbar, die Maßnahmen aller Verfahren als CSV.

**Prozessseite** – warum ein Verfahren auf seiner Stufe steht (jede Begrenzung nennt die Schritte),
das Diagramm mit nummerierten Hervorhebungen (durchgezogen orange: Medienbruch, gestrichelt rot:
rechtliches Hindernis, strichpunktiert violett: Papier unzulässig, gepunktet grau: konstitutiver Akt,
blau „M…“: begrenzt die Stufe), die Befunde mit Norm und Abhilfe, die Maßnahmenliste „Was fehlt bis
zur nächsten Stufe“ und alle Schritte mit Medium und Begründung. Das Diagramm lässt sich einpassen,
vergrößern, als Vollbild zeigen und als SVG öffnen.

**Normen** – welche Vorschriften wie viele Verfahren betreffen: zuerst, wo Papier unzulässig ist
(das Recht verlangt den elektronischen Weg), dann harte Hindernisse (nur durch eine
Gesetzesänderung zu lösen) und Quick Wins (der digitale Ersatz existiert schon im Recht).

**Medienbrüche** – alle Brüche nach Muster und nach Organisationseinheit.

**Suche** – findet Verfahren auch über Wortteile („Ausweis“ findet „Personalausweis“).

Wie die Stufen berechnet werden, steht in der [Methodik](handbuch/methodik.md).
"""

_ACCESSIBILITY_EN = """# Accessibility statement

This website aims to be accessible according to BITV 2.0 (WCAG 2.1 level AA).

## Compliance status

The site is checked automatically on every change of prozess with axe-core in Chromium (all rules,
best practices included: overview with the register, process pages, norms, media breaks), with no
violation at all, and tested by keyboard, at 390 pixels width and in print. A full manual audit is
pending, so the site is **partially compliant**. Diagrams have text alternatives: every element has a title,
highlighted steps link to their finding, and the step table below each diagram holds all
information as text. Highlights use colour, line pattern and numbers.

## Feedback and contact

Found a barrier? Please write to: {contact}

## Enforcement

If you do not receive a satisfactory answer, you can turn to the arbitration board under the
German Disability Equality Act or to the enforcement body of your Land.

Created on {date}.
"""

_HELP_EN = """# Help

**Overview** – every procedure with its end-to-end level (E0 analogue to E5 end-to-end data-based),
media breaks and legal blockers; the register is available as CSV and JSON.

**Process page** – why the procedure has its level (each cap names the steps), the diagram with
numbered highlights (solid orange: media break, dashed red: legal blocker, dash-dotted violet: paper
not allowed, dotted grey: constitutive act, blue "M…": caps the level), findings with norm and remedy,
the action list for the next level, and every step with its medium and evidence.

**Norms** – which provisions block how many procedures. **Media breaks** – by pattern and unit.

How levels are computed: [methodology](handbuch/methodik.md) (German).
"""

TEXTS = {
    "de": SimpleNamespace(
        site_name="Ende-zu-Ende-Reife der Verwaltungsverfahren",
        overview="Übersicht", generated="Stand:", model_version="Stufenmodell", compared_with="verglichen mit",
        processes="Prozesse", end_to_end="Ende-zu-Ende digital (E4/E5)", media_breaks="Medienbrüche",
        hard_blockers="Harte Hindernisse", quick_wins="Quick Wins", level="Stufe", levels="Stufen",
        chart_caption="Anzahl der Prozesse je Ende-zu-Ende-Stufe", matrix="Digitale Haustür und Backoffice",
        front="Eingang", back="Backoffice", matrix_corner="Eingang (Zeile), Backoffice (Spalte)", changes="Veränderungen seit der letzten Veröffentlichung",
        process="Prozess", before="vorher", now="jetzt", new="neu", register="Prozessregister",
        register_help="Alle Prozesse, sortiert nach Stufe. Export:", filter="Register filtern (Name, Einheit, Stufe):", unit="Organisationseinheit",
        digital_share="Digitalanteil", provisional="vorläufig", ozg_estimate="OZG-Schätzung", pool="Pool",
        file="Datei", line="Zeile", evidence_share="Belegte Schritte", why_level="Warum diese Stufe?",
        no_caps="Keine Begrenzung: Ende-zu-Ende datenbasiert.", diagram="Prozessdiagramm",
        diagram_region="Prozessdiagramm (scrollbar; Pfeiltasten verschieben, + und − zoomen, 0 passt ein)",
        # the labels of the diagram's buttons are in assets/javascripts/diagram.js
        # the legend names only the kinds of highlight the diagram shows
        diagram_legend={
            "media": "durchgezogen orange = Medienbruch",
            "legal": "gestrichelt rot = rechtliches Hindernis oder Anforderung",
            "unlawful": "strichpunktiert violett = Papier unzulässig",
            "note": "gepunktet grau = konstitutiver Akt (gezeigt, kein Problem)",
            "cap": "kurz gestrichelt blau mit „M…“ = begrenzt die Stufe ohne eigenen Befund (Maßnahme M… der Liste)",
        },
        diagram_legend_intro="Nummerierte Hervorhebungen:",
        diagram_legend_outro="die Nummern verweisen auf die Befunde darunter.",
        diagram_text="Alle Angaben stehen auch in der Schritttabelle.",
        no_diagram="Für diesen Prozess liegt kein Diagramm vor.", findings="Befunde", step="Schritt", kind="Art",
        finding="Befund", norm="Norm", remedy="Abhilfe", suppressed="unterdrückt", no_findings="Keine Befunde.",
        missing_title="Was fehlt bis zur nächsten Stufe", top_level="Höchste Stufe erreicht.", steps="Schritte",
        type="Typ", lane="Lane", medium="Medium", evidence="Begründung", history="Verlauf", date="Datum",
        keywords="Schlagworte", substitutes="Digitaler Ersatz",
        roles=ROLE_NAMES,
        not_rated="Nicht bewertbar", not_rated_intro="Für diese Verfahren vergibt prozess keine Stufe – mit dem Grund:",
        reason="Grund",
        procedure="Verfahren (FIM)", service_key="Leistungsschlüssel",
        identity="Verfahren (Katalog)", procedural_law="Verfahrensrecht", application_form="Form des Antrags",
        not_identified="nicht erkannt – Rechtsregeln greifen nur über Stichwörter",
        identified_by={"explicit": "ausdrücklich angegeben", "service_key": "Leistungsschlüssel", "name": "Name",
                       "documentation": "Dokumentation", "file": "Dateiname"}, legal_bases="Rechtsgrundlagen der Schritte (FIM)",
        legal_bases_intro="Aus dem FIM-Prozessmodell: die Handlungsgrundlagen je Aktivitätengruppe.",
        kinds={"media_break": "Medienbruch", "media_hint": "Hinweis zum Medium", "legal": "Recht", "model": "Modell", "load": "Datei",
               "suppression": "Unterdrückung", "internal": "intern"},
        norms="Normen", norms_intro="Welche Vorschriften wie viele Prozesse betreffen – zuerst, wo Papier unzulässig ist "
                                    "(das Recht verlangt den elektronischen Weg: dringend, aber kein Hindernis), dann harte "
                                    "Hindernisse, die eine Gesetzesänderung brauchen, und Quick Wins, die einen Ersatz nutzen, "
                                    "den das Recht schon kennt.",
        hard_blocked="hart blockiert", other="Hinweise", breaks_title="Medienbrüche",
        unlawful="Papier unzulässig", legally_blocked="rechtlich blockiert", eform_violated="Pflicht zur E-Form verletzt",
        status="Status", law_text="Normtext (gesetze-im-internet.de)", main_reason="Hauptgrund",
        actions_intro="Was zu tun ist, um die nächste Stufe zu erreichen – je Schritt, der die Stufe begrenzt, unter dem Grund, aus dem er sie begrenzt.",
        action="Maßnahme", actions_region="Maßnahmen", responsible="Zuständig", later_levels="Danach",
        criteria_link="K1 … K7 nennen das Kriterium der Methodik (K1 Eingang … K7 Evidenz).", also="außerdem", actions_csv="Maßnahmenliste (CSV)",
        facts="Eckdaten des Verfahrens", all="alle",
        auto_layout="Das Modell enthält keine Diagrammdaten: automatisch angeordnet.", download="BPMN herunterladen", renamed="umbenannt, vorher", removed="entfernt",
        trend="Entwicklung der Stufen",
        planning_labels={"owner": "Verantwortlich", "contact": "Kontakt", "system": "Fachverfahren",
                         "leika": "LeiKa-/OZG-Kennung", "cases": "Fallzahl (Jahr)", "status": "Umsetzungsstand",
                         "target": "Zieltermin"},
        no_unit_hint="Zeile „Zuständig: …“ in der Prozessdokumentation oder Eintrag in der Planungsdatei (--planning) ergänzen",
        front_labels={"analog": "analog", "digital-dokument": "digital als Dokument", "digital-strukturiert": "digital, strukturiert"},
        back_labels={"papier": "Papier", "hybrid": "gemischt", "digital": "digital"},
        no_owner="ohne Zuordnung",
        media_remedies={
            "media/in-person": "Vorsprache durch einen Online-Antrag mit Online-Ausweis oder Nutzerkonto ersetzen, wo das Recht es erlaubt.",
            "media/scan": "Unterlagen digital annehmen (Upload im Nutzerkonto, XÖV-Nachricht) statt Papier einzuscannen.",
            "media/re-keying": "Schnittstelle zum Fachverfahren (XÖV, FIT-Connect) statt Abtippen.",
            "media/paper-intake": "Nachweise digital anfordern (Upload, Abruf aus dem Register) statt per Post.",
            "media/paper-output": "Ergebnis über das Postfach des Nutzerkontos oder elektronisch bekanntgeben statt per Brief.",
            "media/print-after-digital-intake": "E-Akte statt Ausdruck: digital weiterbearbeiten und elektronisch umlaufen lassen.",
        },
        cap_actions={
            "K1": "Den Antrag als strukturierte Daten annehmen (Onlinedienst, XÖV) statt auf Papier oder als Dokument.",
            "K2": "Die Bearbeitung in das Fachverfahren oder die E-Akte verlegen.",
            "K3": "Das Ergebnis elektronisch bekanntgeben (Postfach des Nutzerkontos).",
            "K4": "Die Akte elektronisch führen (E-Akte, DMS).",
            "K5": "Den digitalen Weg nutzen, den das Recht kennt, oder das Hindernis dokumentieren.",
            "K6": "Nachweise aus Registern abrufen (Once-only) statt sie vorlegen zu lassen.",
            "K7": "Das Medium der Schritte im Modell angeben („Medium: Digital/Papier/Vor Ort“).",
        },
        verdicts={"hard": "Rechtliches Hindernis", "not_modelled": "Rechtliches Hindernis, nicht modelliert",
                  "unlawful_paper": "Papier unzulässig", "quick_win": "Lösbar", "conditional": "Bedingt lösbar",
                  "check": "Prüfen", "form_unknown": "Formerfordernis prüfen", "met": "Erfüllt",
                  "no_form": "Keine gesetzliche Form", "inherent": "Konstitutiver Akt"},
        breaks_intro="Alle Medienbrüche nach Muster und Organisationseinheit.", pattern="Muster", count="Anzahl",
        by_unit="Nach Organisationseinheit", units="Fachbereiche", handbook="Handbuch", help="Hilfe",
        accessibility="Barrierefreiheit", made_with="Erzeugt mit prozess",
        no_contact="die Stelle, die diese Website veröffentlicht (Kontakt mit prozess site build --contact angeben)",
        handbook_pages=_HANDBOOK_DE, help_page=_HELP_DE, accessibility_page=_ACCESSIBILITY_DE,
    ),
    "en": SimpleNamespace(
        site_name="End-to-end readiness of administrative procedures",
        overview="Overview", generated="As of", model_version="level model", compared_with="compared with",
        processes="Processes", end_to_end="End-to-end digital (E4/E5)", media_breaks="Media breaks",
        hard_blockers="Hard blockers", quick_wins="Quick wins", level="Level", levels="Levels",
        chart_caption="Number of processes per end-to-end level", matrix="Digital front door and back office",
        front="Intake", back="Back office", matrix_corner="Intake (row), back office (column)", changes="Changes since the last publication", process="Process",
        before="before", now="now", new="new", register="Process register",
        register_help="All processes, sorted by level. Export:", filter="Filter the register (name, unit, level):", unit="Unit", digital_share="Digital share",
        provisional="provisional", ozg_estimate="OZG estimate", pool="Pool", file="File", line="line",
        evidence_share="Evidenced steps", why_level="Why this level?", no_caps="No cap: end-to-end data-based.",
        diagram="Process diagram", diagram_region="Process diagram (scrollable; arrow keys pan, + and − zoom, 0 fits)",
        diagram_legend={
            "media": "solid orange = media break",
            "legal": "dashed red = legal blocker or requirement",
            "unlawful": "dash-dotted violet = paper not allowed",
            "note": "dotted grey = constitutive act (shown, no problem)",
            "cap": "short-dashed blue with \"M…\" = caps the level without a finding of its own (action M… of the list)",
        },
        diagram_legend_intro="Numbered highlights:",
        diagram_legend_outro="the numbers refer to the findings below.",
        diagram_text="The step table holds all information as text.",
        no_diagram="No diagram available for this process.", findings="Findings", step="Step", kind="Kind",
        finding="Finding", norm="Norm", remedy="Remedy", suppressed="suppressed", no_findings="No findings.",
        missing_title="What is missing for the next level", top_level="Highest level reached.", steps="Steps",
        type="Type", lane="Lane", medium="Medium", evidence="Evidence", history="History", date="Date",
        keywords="Keywords", substitutes="Digital substitute",
        roles={"authority": "authority", "applicant": "applicant", "it_system": "IT system",
               "other_authority": "other authority", "unknown": "role unknown"},
        not_rated="Not rateable", not_rated_intro="prozess gives these procedures no level, for the reason shown:",
        reason="Reason",
        procedure="Procedure (FIM)", service_key="service key",
        identity="Procedure (catalogue)", procedural_law="Procedural law", application_form="Form of the application",
        not_identified="not identified – legal rules match by keywords only",
        identified_by={"explicit": "stated", "service_key": "service key", "name": "name",
                       "documentation": "documentation", "file": "file name"}, legal_bases="Legal bases of the steps (FIM)",
        legal_bases_intro="From the FIM process model: the legal bases of each activity group.",
        kinds={"media_break": "Media break", "media_hint": "Medium hint", "legal": "Law", "model": "Model", "load": "File",
               "suppression": "Suppression", "internal": "internal"},
        norms="Norms", norms_intro="Which provisions affect how many processes – first where paper is not allowed "
                                   "(the law requires the electronic way: urgent, but no blocker), then hard blockers that "
                                   "need a change of law, and quick wins that use a substitute the law already offers.",
        hard_blocked="hard blocked", other="notes", breaks_title="Media breaks",
        unlawful="paper not allowed", legally_blocked="legally blocked", eform_violated="electronic form required",
        status="Status", law_text="Text of the provision", main_reason="Main reason",
        actions_intro="What to do to reach the next level – per step that caps the level, under the reason why it does.",
        action="Action", actions_region="Actions", responsible="Responsible", later_levels="After that",
        criteria_link="K1 … K7 name the criterion of the methodology (K1 intake … K7 evidence).", also="also", actions_csv="Action list (CSV)",
        facts="Key facts of the procedure", all="all",
        auto_layout="The model has no diagram interchange: laid out automatically.", download="Download BPMN", renamed="renamed, before", removed="removed",
        trend="Levels over time",
        planning_labels={"owner": "Responsible", "contact": "Contact", "system": "Back-office system",
                         "leika": "LeiKa/OZG id", "cases": "Cases (year)", "status": "Implementation status",
                         "target": "Target date"},
        no_unit_hint="add a line \"Zuständig: …\" to the process documentation or an entry in the planning file (--planning)",
        front_labels={"analog": "analogue", "digital-dokument": "digital document", "digital-strukturiert": "digital, structured"},
        back_labels={"papier": "paper", "hybrid": "mixed", "digital": "digital"},
        no_owner="not assigned",
        media_remedies={
            "media/in-person": "Replace the appearance by an online application with eID or user account where the law allows it.",
            "media/scan": "Accept documents digitally (upload, XÖV message) instead of scanning paper.",
            "media/re-keying": "An interface to the back-office system (XÖV, FIT-Connect) instead of re-keying.",
            "media/paper-intake": "Request evidence digitally (upload, register retrieval) instead of by post.",
            "media/paper-output": "Deliver the result through the user account's mailbox or electronically instead of by letter.",
            "media/print-after-digital-intake": "Electronic file instead of printouts: keep working digitally.",
        },
        cap_actions={
            "K1": "Accept the application as structured data (online service, XÖV) instead of paper or a document.",
            "K2": "Move the processing into the back-office system or the electronic file.",
            "K3": "Deliver the result electronically (mailbox of the user account).",
            "K4": "Keep the file electronically (e-file, DMS).",
            "K5": "Use the digital way the law offers, or document the blocker.",
            "K6": "Retrieve evidence from registers (once-only) instead of asking for it.",
            "K7": "State the medium of the steps in the model (\"Medium: Digital/Papier/Vor Ort\").",
        },
        verdicts={"hard": "Legal blocker", "not_modelled": "Legal blocker, not modelled",
                  "unlawful_paper": "Paper not allowed", "quick_win": "Solvable", "conditional": "Solvable with conditions",
                  "check": "Check", "form_unknown": "Check the form", "met": "Met",
                  "no_form": "No legal form", "inherent": "Constitutive act"},
        breaks_intro="All media breaks by pattern and organisational unit.", pattern="Pattern", count="Count",
        by_unit="By organisational unit", units="Units", handbook="Handbook (German)", help="Help",
        accessibility="Accessibility", made_with="Made with prozess",
        no_contact="the body publishing this website (set the contact with prozess site build --contact)",
        handbook_pages=_HANDBOOK_DE, help_page=_HELP_EN, accessibility_page=_ACCESSIBILITY_EN,
    ),
}
