"""One visible date format per language (settings.FORMAT_MODULE_PATH): English
"Nov 29, 2026", Spanish "29 nov 2026", with the time after a comma. The short formats
are the same on purpose, so `|date` and every named format show a date one way. Form
inputs and <time datetime> stay ISO 8601 (YYYY-MM-DD), which browsers expect."""
