"""Worker processes owned completely by the process that starts them (started, joined, killed)."""
