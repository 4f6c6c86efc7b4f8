"""Scenario files: YAML in, a validated `Scenario` out, with file:line errors."""
