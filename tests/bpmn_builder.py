"""Build small, real BPMN documents for tests: a linear chain of steps.

The result goes through the real loader; use fixture files for anything
beyond a chain (pools, gateways, annotations).
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">\n'


def chain(*steps: str | tuple[str, str] | tuple[str, str, str], name: str = "Testprozess") -> bytes:
    """Each step: "name" (a task), (type, name) or (type, name, documentation)."""
    body = [f'  <bpmn:process id="P" name={quoteattr(name)}>', '    <bpmn:startEvent id="S0" />']
    previous = "S0"
    for index, step in enumerate(steps, 1):
        if isinstance(step, str):
            step = ("task", step)
        node_type, node_name = step[0], step[1]
        doc = f"<bpmn:documentation>{step[2]}</bpmn:documentation>" if len(step) > 2 else ""
        body.append(f'    <bpmn:{node_type} id="N{index}" name={quoteattr(node_name)}>{doc}</bpmn:{node_type}>')
        body.append(f'    <bpmn:sequenceFlow id="F{index}" sourceRef="{previous}" targetRef="N{index}" />')
        previous = f"N{index}"
    body.append('    <bpmn:endEvent id="E0" />')
    body.append(f'    <bpmn:sequenceFlow id="Fend" sourceRef="{previous}" targetRef="E0" />')
    body.append("  </bpmn:process>\n</bpmn:definitions>\n")
    return (HEAD + "\n".join(body)).encode("utf-8")
