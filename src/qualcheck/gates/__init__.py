"""Compliance gates: what an officer checks before a testamur is issued beyond the packaging
rules (scope of registration). Each gate reads facts a person supplies (a scope file) and the
register, and adds its own finding to a plan's result; none of them changes how rules read."""
