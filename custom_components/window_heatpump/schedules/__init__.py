"""Weekly schedules of a unit: model, validation, storage, timeline and the engine."""
