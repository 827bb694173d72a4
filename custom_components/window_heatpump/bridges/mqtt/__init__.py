"""The MQTT bridges: one shared transport and a dialect each (ESPHome, Tasmota, Zigbee2MQTT)."""
