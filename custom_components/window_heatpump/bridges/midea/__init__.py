"""The Midea bridge: a Midea (and rebranded) unit on the LAN through msmart-ng."""
