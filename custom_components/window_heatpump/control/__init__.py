"""Heat-pump control and efficiency: protection, lockout, defrost detection, sizing, energy."""
