"""'One enterprise, one strategy': tagging (sector, digital foundation, size), the editable rules and
action catalogue, each firm's track and package with its explanation, and the planners' overrides."""
