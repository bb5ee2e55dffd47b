"""Commands beside validate, each a small library function the CLI calls: explain, show,
the finding-code reference (`rulesdoc`) and the JSON Schemas (`schemas`), with `tree` for output."""
