"""The IR bridges: one-way units reached through an infrared emitter, remote or ESPHome action."""
