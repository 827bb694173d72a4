"""The learned room and unit model (issue 18): loss, time constant, capacity, balance point."""
