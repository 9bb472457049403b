"""Browser tests: the built site, served over HTTP or opened from files, in Chromium."""
