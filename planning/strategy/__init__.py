"""'One enterprise, one strategy': tagging (sector, digital foundation, size), the editable rules and
action catalogue, each firm's track and package with its explanation (gathered as codes, put into words
by ``explanations``), and the planners' overrides."""
