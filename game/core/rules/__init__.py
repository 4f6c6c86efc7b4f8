"""The rules, one module a rule, each citing its source; numbers live in rules.yaml."""
