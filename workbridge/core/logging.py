"""A log filter that masks personal data (ID numbers, phone numbers, coordinates) before anything is written."""

import logging
import re

_ID_NUMBER = re.compile(r"\b\d{17}[\dXx]\b")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_COORDINATE = re.compile(r"(?<![\d.])-?\d{1,3}\.\d{5,}(?![\d])")


def redact(text: str) -> str:
    text = _ID_NUMBER.sub("[id-number]", text)
    text = _PHONE.sub("[phone]", text)
    return _COORDINATE.sub("[coord]", text)


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not stop logging
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
