"""Tests of the example webshop at /robin/webshop and of `ccsim verify robin-webshop`."""
