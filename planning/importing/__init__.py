"""Rosters as cities send them turned into one clean roster and its quality report: header detection,
normalisation, validation, de-duplication; ``readers`` reads each file format behind its safety checks."""
