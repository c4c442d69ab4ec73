"""`prozess rules test`: run every rule's and every procedure's examples through the real engine.

A rule example is a step name, or a step with documentation, type, lane, process
name and medium. It becomes a one-step process whose procedure is identified
from the process name with the catalogue, as in a real model; ``must_match``
examples must touch the rule, ``must_not_match`` examples must not. A procedure
example is a process name: ``must_match`` names must identify the procedure,
``must_not_match`` names must not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..bpmn.model import Definitions, Lane, Node, Process
from ..media.inference import Medium, ProcessMedia, StepMedium
from .identity import Catalogue
from .match import Matcher, judge
from .rules import ExampleStep, RuleBase


@dataclass(frozen=True, slots=True)
class ExampleResult:
    subject: str  # rule id or procedure id
    file: str
    kind: str  # must_match | must_not_match
    index: int
    text: str  # the step name (rules) or the process name (procedures)
    passed: bool
    line: int | None
    procedure: bool = False  # an example of the procedure catalogue

    @property
    def label(self) -> str:
        return f"{self.subject}::{self.kind}[{self.index}]"

    @property
    def expectation(self) -> str:
        if self.procedure:
            return "sollte das Verfahren erkennen" if self.kind == "must_match" else "sollte es nicht erkennen"
        return "sollte greifen" if self.kind == "must_match" else "sollte nicht greifen"


def as_step(example: str | ExampleStep) -> ExampleStep:
    return ExampleStep(name=example) if isinstance(example, str) else example


def example_process(step: ExampleStep) -> Process:
    lanes = (Lane("Lane_1", step.lane, None, ("Step_1",)),) if step.lane else ()
    node = Node(
        id="Step_1", type=step.type, name=step.name, line=None, documentation=step.documentation,
        lane="Lane_1" if step.lane else None,
    )
    return Process(id="Example", name=step.process or "", line=None, nodes=(node,), lanes=lanes)


def _example_file(process: Process) -> Definitions:
    # the file name says nothing: only the process name may identify the procedure
    return Definitions("beispiel.bpmn", "Example", "", "", None, None, processes=(process,))


def _example_media(step: ExampleStep) -> ProcessMedia | None:
    """The example's medium as the media analysis would give it for a line „Medium: …“."""
    if step.medium is None:
        return None
    medium = Medium(step.medium)
    own = StepMedium("Step_1", medium, (f"Beispiel: Medium {medium.value}",), "explicit" if medium.known else "none")
    return ProcessMedia({"Step_1": own}, Medium.UNKNOWN, None, None, False, {medium.value: 1})


def _verdict_ok(step: ExampleStep, hits, media: ProcessMedia | None, identity) -> bool:
    """A must_match example that states its verdict gets exactly that verdict."""
    if step.verdict is None or not hits:
        return True
    return judge(hits[0], media, identity)[1].value == step.verdict


def run_examples(base: RuleBase, on: date | None = None) -> list[ExampleResult]:
    on = on or date.today()
    catalogue = Catalogue(base.procedures)
    results: list[ExampleResult] = []
    for loaded in base.rules:
        rule = loaded.rule
        matcher = Matcher([loaded])
        # examples test the rule, not its validity period or jurisdiction
        check_day = on if loaded.rule.valid_from <= on else loaded.rule.valid_from
        if rule.valid_until is not None and check_day > rule.valid_until:
            check_day = rule.valid_until
        for kind, examples in (("must_match", rule.examples.must_match), ("must_not_match", rule.examples.must_not_match)):
            for index, example in enumerate(examples):
                step = as_step(example)
                process = example_process(step)
                definitions = _example_file(process)
                identity = catalogue.identify(definitions, [process], [], rule.jurisdiction)
                media = _example_media(step)
                hits = matcher.hits(process, None, rule.jurisdiction, check_day, identity, media)
                passed = bool(hits) == (kind == "must_match") and _verdict_ok(step, hits, media, identity)
                results.append(
                    ExampleResult(
                        rule.id, loaded.file, kind, index, step.name, passed,
                        loaded.positions.line_of(("examples", kind, index)),
                    )
                )
    for loaded in base.procedures:
        procedure = loaded.procedure
        for kind, names in (("must_match", procedure.examples.must_match),
                            ("must_not_match", procedure.examples.must_not_match)):
            for index, name in enumerate(names):
                process = Process(id="Example", name=name, line=None, nodes=())
                identity = catalogue.identify(_example_file(process), [process], [], procedure.jurisdiction)
                found = procedure.id in identity.ids
                results.append(ExampleResult(
                    procedure.id, loaded.file, kind, index, name, found == (kind == "must_match"),
                    loaded.positions.line_of(("examples", kind, index)), procedure=True,
                ))
    return results
