"""`ccsim verify robin-webshop`: calls a real webshop's dynamic-integration endpoints and judges the answers."""
