"""`prozess rules test`: run every rule's examples through the real engine.

An example is a step name, or a step with documentation, type, lane, process
name and medium. It becomes a one-step process; ``must_match`` examples must
touch the rule, ``must_not_match`` examples must not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .match import Matcher
from .model import Lane, Node, Process
from .rules import ExampleStep, LoadedRule, RuleBase


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: LoadedRule
    kind: str  # must_match | must_not_match
    index: int
    step: ExampleStep
    passed: bool
    line: int | None

    @property
    def label(self) -> str:
        return f"{self.rule.rule.id}::{self.kind}[{self.index}]"


def as_step(example: str | ExampleStep) -> ExampleStep:
    return ExampleStep(name=example) if isinstance(example, str) else example


def example_process(step: ExampleStep) -> Process:
    lanes = (Lane("Lane_1", step.lane, None, ("Step_1",)),) if step.lane else ()
    node = Node(
        id="Step_1", type=step.type, name=step.name, line=None, documentation=step.documentation,
        lane="Lane_1" if step.lane else None,
    )
    return Process(id="Example", name=step.process or "", line=None, nodes=(node,), lanes=lanes)


def run_examples(base: RuleBase, on: date | None = None) -> list[ExampleResult]:
    on = on or date.today()
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
                hits = matcher.hits(example_process(step), None, rule.jurisdiction, check_day)
                matched = bool(hits)
                results.append(
                    ExampleResult(
                        loaded, kind, index, step, matched == (kind == "must_match"),
                        loaded.positions.line_of(("examples", kind, index)),
                    )
                )
    return results
