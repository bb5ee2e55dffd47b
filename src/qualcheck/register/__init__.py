"""The register of qualifications and units: where each file lives (`layout`), loading and
indexing it (`store`), checking it (`integrity`, `checkdata`), and the cache of parsed files."""
