"""qualcheck: check a student's units against a VET qualification's packaging rules."""

__version__ = "0.1.0"
