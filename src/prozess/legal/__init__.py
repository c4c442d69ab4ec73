"""The legal rule base: rule files and the procedure catalogue (rules), procedure identity, act types,
the matcher, verdicts and their severity, rule examples and the generated reference."""
