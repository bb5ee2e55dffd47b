"""Reading and writing files safely: YAML with positions, models from YAML, plan paths, size
limits, files opened without waiting on pipes, atomic writes, and text made inert for output."""
