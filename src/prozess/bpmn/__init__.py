"""Reading BPMN: the typed model, the hardened loader (also FIM/XProzess containers), the control-flow
graph and the checks on the model itself. Knows XML; knows nothing of media or law."""
