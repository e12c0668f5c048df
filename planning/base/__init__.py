"""What every stage shares: errors and the message catalogue, names in both languages, bundled paths,
progress and cancel, template-file reading, the canonical roster schema and small value helpers."""
