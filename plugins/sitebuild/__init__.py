"""The build around Pelican: lock, staging, record cache, build stamp, verification, atomic swap."""
