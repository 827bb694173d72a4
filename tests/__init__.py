"""Tests of the window_heatpump integration."""
