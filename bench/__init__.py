"""`make bench`: a synthetic archive built by our site, by plain Pelican and by Hugo, side by side."""
