"""qualcheck fetch: register files straight from the national register's public JSON API.

The API is undocumented and may change without notice, so every response is read tolerantly and
checked: `shapes` reads each response into small typed records, failing with the URL and the
field that does not fit; `client` makes the requests (timeouts, retries with backoff, a cache of
raw responses in `cache`, or saved responses from a folder through `saved`); `rulestext` turns the
packaging-rules HTML into the lines the text importer reads; `build` puts a qualification and its
units together through the importer's own readings and cross-checks what the page cannot check
itself (the unit grid against the lists, every tagged code placed, the counts); `run` fetches
many codes, writes what could be fetched and reports what changed on `--update`.
"""
