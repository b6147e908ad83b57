"""Browser tests: the served app driven by Chromium through Playwright."""
