"""The questionnaire: its data model, the file loader and the canonical answer values."""
