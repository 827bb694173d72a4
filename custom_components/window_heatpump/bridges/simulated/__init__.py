"""The simulated bridge: a unit and its room modelled in Python, run on Home Assistant's clock."""
