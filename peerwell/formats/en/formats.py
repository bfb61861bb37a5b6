# "Nov 29, 2026" and "Nov 29, 2026, 3:05 PM" (see peerwell/formats/__init__.py).
DATE_FORMAT = "M j, Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "M j, Y, g:i A"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "g:i A"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]
