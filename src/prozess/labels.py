"""German labels for BPMN element types, shared by `prozess explain` and the site."""

from __future__ import annotations

_TYPES = {
    "task": "Aufgabe", "userTask": "Benutzeraufgabe", "manualTask": "Manuelle Aufgabe",
    "serviceTask": "Servicetask", "scriptTask": "Skripttask", "businessRuleTask": "Geschäftsregel",
    "sendTask": "Sendeaufgabe", "receiveTask": "Empfangsaufgabe", "callActivity": "Aufrufaktivität",
    "subProcess": "Teilprozess", "transaction": "Transaktion", "adHocSubProcess": "Ad-hoc-Teilprozess",
    "startEvent": "Start", "endEvent": "Ende", "intermediateCatchEvent": "Zwischenereignis",
    "intermediateThrowEvent": "Zwischenereignis", "boundaryEvent": "Randereignis",
    "exclusiveGateway": "XOR-Gateway", "inclusiveGateway": "OR-Gateway", "parallelGateway": "AND-Gateway",
    "eventBasedGateway": "Ereignis-Gateway", "complexGateway": "Komplexes Gateway",
}


def type_label(node_type: str) -> str:
    return _TYPES.get(node_type, node_type)
