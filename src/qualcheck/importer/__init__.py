"""Import saved training.gov.au pages (copied text or HTML) into register YAML files.

`pagetext` turns a saved page into numbered lines; `header` reads codes, releases, status, mappings
and classifications; `unitlists` the unit lists under their headings; `wording` counts, AQF level
phrases and package names; `sentences` reads each packaging-rule sentence and `rules` turns the
readings into typed rules; `conservation` checks that the rules carry every fact their sentence
names, and `packaging` (the entry point for any reader of sentences) builds the rules under that
guard; `qualpage` and `unitpage` put a page together; `yamltext` writes YAML text, `outputs` merges
and verifies the files, `writing` writes them safely, and `run` ties a batch of pages up.
"""
