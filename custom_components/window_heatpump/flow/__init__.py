"""The forms every flow shares: the unit's details, the options, control and sizing steps."""
