"""Filters for the log configuration in settings.LOGGING."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refusal (403) or any other 4xx is the client's doing, not a fault to debug: it is
    logged as its one warning line. Server errors keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
