"""Lambda's JSON log format (AWS_LAMBDA_LOG_FORMAT=JSON) for the root logger of lambdabox's Python runtime."""

import json
import logging
import traceback

# LogRecord attributes that are not the user's `extra=` fields.
_RECORD_FIELDS = frozenset((
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "taskName", "aws_request_id", "tenant_id",
))
_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


class JsonLogFormatter(logging.Formatter):
    def __init__(self, datefmt):
        super().__init__(datefmt=datefmt)

    def format(self, record):
        # Lambda reports custom levels as the standard level below them.
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        exc = record.exc_info
        entry = {
            "timestamp": self.formatTime(record, self.datefmt),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc[2]) if exc else None,
            "errorType": exc[0].__name__ if exc else None,
            "errorMessage": str(exc[1]) if exc else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno) if exc else None,
        }
        if getattr(record, "tenant_id", None) is not None:
            entry["tenantId"] = record.tenant_id
        for key, value in record.__dict__.items():
            if key not in _RECORD_FIELDS and key not in entry:
                entry[key] = value
        return _encode({k: v for k, v in entry.items() if v is not None}) + "\n"
