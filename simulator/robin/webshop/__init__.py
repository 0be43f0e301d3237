"""The example webshop at /robin/webshop that ROBIN's dynamic integration calls, and the checker of real webshops."""
