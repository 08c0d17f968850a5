"""lambdabox's Python runtime, started as `python3.X /var/runtime/bootstrap.py` with cwd /var/task.

It keeps the contract of Lambda's Python runtime (awslambdaric): a `module.function` handler loaded from
_HANDLER, a context object, `print()` on stdout, the root logger in Lambda's text (or JSON) format, and
errors in Lambda's shapes. Standard library only; the Runtime API client is lambdabox_runtime_api.py.
"""

import importlib
import json
import logging
import os
import sys
import time

from lambdabox_runtime_api import RuntimeApiClient

LOG_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
NBSP = "\u00a0"
# Runtimes whose JSON keeps non-ASCII characters as they are (awslambdaric's marshaller).
UNESCAPED_JSON_ENVS = {"AWS_Lambda_python3.12", "AWS_Lambda_python3.13", "AWS_Lambda_python3.14"}
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, "
    "in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using "
    "managed runtimes, runtime updates can be triggered by a function change, or can be applied "
    "automatically. To determine if the runtime has been updated, check the runtime version in the "
    "INIT_START log entry. If this error correlates with a change in the runtime version, you may be able "
    "to mitigate this error by temporarily rolling back to the previous runtime version. For more "
    "information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)


class Fault(Exception):
    """An error the runtime reports with a `Runtime.*` type instead of the exception's class name."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


# --- JSON -------------------------------------------------------------------------------------------


def _json_default(value):
    import decimal

    if isinstance(value, decimal.Decimal):
        # The standard library cannot write a Decimal verbatim; the nearest number keeps DynamoDB items working.
        if value.is_nan():
            return float("nan")
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def to_json(value):
    ascii_only = os.environ.get("AWS_EXECUTION_ENV") not in UNESCAPED_JSON_ENVS
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True, default=_json_default)


def unmarshal_event(body, content_type):
    if content_type != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as e:
        raise Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % e)


def marshal_result(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return to_json(result).encode("utf-8"), "application/json"
    except Exception as e:
        raise Fault("Runtime.MarshalError", "Unable to marshal response: %s" % e)


# --- Errors -------------------------------------------------------------------------------------------


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def error_from_exception(exc_info, request_id=None):
    import traceback

    error_class, value, tb = exc_info
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    # The runtime's own frames lead every trace; the user's code starts at the first frame outside it.
    first_user = next((i for i, frame in enumerate(frames) if "/bootstrap.py" not in frame[0]), 0)
    return make_error(str(value), error_class.__name__, traceback.format_list(frames[first_user:]), request_id)


def _nbsp_indent(line):
    stripped = line.lstrip(" ")
    return NBSP * (len(line) - len(stripped)) + stripped


def log_error(error, json_format):
    if json_format:
        record = {"timestamp": time.strftime(LOG_DATETIME_FORMAT, time.gmtime()), "log_level": "ERROR"}
        record.update(error)
        sys.stdout.write(to_json(record) + "\n")
        return
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        description += (":" if error.get("errorType") else "") + " " + error["errorMessage"]
    lines = [description]
    stack = error.get("stackTrace")
    if stack is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack:
            if element:
                lines.extend(_nbsp_indent(line) for line in element.splitlines())
            else:
                lines.append("")
    # One log event: CloudWatch keeps lines joined by \r together.
    sys.stdout.write("\r".join(lines) + "\n")


# --- Context ----------------------------------------------------------------------------------------


class _Record:
    """An object whose attributes are the listed keys of a dict, None when missing."""

    __slots__ = ()

    def __init__(self, values):
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    def __repr__(self):
        fields = ",".join("%s=%s" % (name, getattr(self, name)) for name in self.__slots__)
        return "%s([%s])" % (type(self).__name__, fields)


class Client(_Record):
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class ClientContext(_Record):
    __slots__ = ("custom", "env", "client")


class CognitoIdentity(_Record):
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")


class LambdaContext:
    """The handler's second argument. memory_limit_in_mb is a string, as in Lambda."""

    def __init__(self, request_id, client_context, identity, deadline_ms, invoked_function_arn, tenant_id):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = None
        if client_context is not None:
            self.client_context = ClientContext(client_context)
            if self.client_context.client is not None:
                self.client_context.client = Client(self.client_context.client)
        self.identity = CognitoIdentity({
            "cognito_identity_id": (identity or {}).get("cognitoIdentityId"),
            "cognito_identity_pool_id": (identity or {}).get("cognitoIdentityPoolId"),
        })
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        names = ("aws_request_id", "log_group_name", "log_stream_name", "function_name", "memory_limit_in_mb",
                 "function_version", "invoked_function_arn", "client_context", "identity", "tenant_id")
        return "LambdaContext([%s])" % ",".join("%s=%s" % (n, getattr(self, n)) for n in names)


def _json_header(headers, name, label):
    raw = headers.get(name)
    if not raw:
        return None
    try:
        # The server writes the UTF-8 bytes of these JSON headers as they are; they were read as latin-1.
        return json.loads(raw.encode("latin-1").decode("utf-8"))
    except Exception as e:
        raise Fault("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (label, e))


def make_context(headers):
    return LambdaContext(
        headers.get("lambda-runtime-aws-request-id"),
        _json_header(headers, "lambda-runtime-client-context", "Client Context"),
        _json_header(headers, "lambda-runtime-cognito-identity", "Cognito Identity"),
        int(headers.get("lambda-runtime-deadline-ms") or 0),
        headers.get("lambda-runtime-invoked-function-arn"),
        headers.get("lambda-runtime-aws-tenant-id"),
    )


# --- Logging ----------------------------------------------------------------------------------------


class Unbuffered:
    """Every write reaches the log at once, as in Lambda (a crash loses nothing printed)."""

    def __init__(self, stream):
        self._stream = stream

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def write(self, text):
        written = self._stream.write(text)
        self._stream.flush()
        return written

    def writelines(self, lines):
        self._stream.writelines(lines)
        self._stream.flush()


class RequestState:
    """The invocation in progress, which every log record names."""

    request_id = ""
    tenant_id = None


def setup_logging(json_format, level, state):
    class StdoutHandler(logging.Handler):
        def emit(self, record):
            try:
                sys.stdout.write(self.format(record))
            except Exception:
                self.handleError(record)

    class RequestFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = state.request_id
            record.tenant_id = state.tenant_id
            return True

    logging.Formatter.converter = time.gmtime
    handler = StdoutHandler()
    if json_format:
        from lambdabox_json_log import JsonLogFormatter

        handler.setFormatter(JsonLogFormatter(LOG_DATETIME_FORMAT))
    else:
        handler.setFormatter(logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(RequestFilter())
    root = logging.getLogger()
    if level in logging.getLevelNamesMapping():
        root.setLevel(level)
    root.addHandler(handler)


def log_level_from_env(value):
    return {None: "", "TRACE": "DEBUG"}.get(value, value).upper()


# --- Handler ----------------------------------------------------------------------------------------


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise Fault("Runtime.BuiltInModuleConflict", "Cannot use built-in module %s as a handler module" % module_name)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise Fault("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise Fault("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))


def set_sys_path():
    """The function's code first, then the layers' python directories, as Lambda orders them."""
    version = "python%d.%d" % sys.version_info[:2]
    layer_site = "/opt/python/lib/%s/site-packages" % version
    first = [os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd(), layer_site, "/opt/python"]
    if os.path.isdir(layer_site):
        import site

        site.addsitedir(layer_site)  # runs the layer's .pth files
    sys.path[:] = first + [p for p in sys.path if p not in first]


# --- Main loop --------------------------------------------------------------------------------------


def handle_invocation(client, handler, headers, body, state, json_format):
    request_id = headers.get("lambda-runtime-aws-request-id", "")
    try:
        context = make_context(headers)
        event = unmarshal_event(body, headers.get("content-type"))
        result, content_type = marshal_result(handler(event, context))
    except Fault as fault:
        error = make_error(fault.message, fault.error_type, fault.trace, request_id)
    except Exception:
        error = error_from_exception(sys.exc_info(), request_id)
    else:
        client.post_response(request_id, result, content_type)
        return
    log_error(error, json_format)
    client.post_error(request_id, to_json(error).encode("utf-8"))


def serve_tcp_address():
    """Code that knows only AWS_LAMBDA_RUNTIME_API reaches the socket through an in-process relay."""
    socket_path = os.environ.get("_LAMBDABOX_RUNTIME_API_SOCKET")
    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not socket_path or not address:
        return
    from lambdabox_tcp_relay import start_tcp_relay

    try:
        os.environ["AWS_LAMBDA_RUNTIME_API"] = start_tcp_relay(address, socket_path)
    except (OSError, ValueError) as e:
        sys.stderr.write("lambdabox: AWS_LAMBDA_RUNTIME_API %s is not served: %s\n" % (address, e))


def serve_platform_relays():
    """The lambdabox API (AWS_ENDPOINT_URL) and the egress proxy, relayed the same way."""
    spec = os.environ.pop("_LAMBDABOX_TCP_RELAYS", None)
    udp_spec = os.environ.pop("_LAMBDABOX_UDP_RELAYS", None)
    if not spec and not udp_spec:
        return
    from lambdabox_tcp_relay import start_tcp_relays, start_udp_relays

    for address, e in start_tcp_relays(spec) + start_udp_relays(udp_spec):
        sys.stderr.write("lambdabox: %s is not served: %s\n" % (address, e))


def main():
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    json_format = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
    state = RequestState()
    client = RuntimeApiClient(os.environ)
    serve_tcp_address()
    serve_platform_relays()
    error = None
    try:
        setup_logging(json_format, log_level_from_env(os.environ.get("AWS_LAMBDA_LOG_LEVEL")), state)
        set_sys_path()
        handler = load_handler(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("_HANDLER", ""))
    except Fault as fault:
        error = make_error(fault.message, fault.error_type, fault.trace)
    except Exception:
        error = error_from_exception(sys.exc_info())
    if error is not None:
        logging.warning(UNHANDLED_WARNING)
        log_error(error, json_format)
        client.post_init_error(error["errorType"], to_json(error).encode("utf-8"))
        sys.exit(1)

    while True:
        headers, body = client.next_invocation()
        state.request_id = headers.get("lambda-runtime-aws-request-id", "")
        state.tenant_id = headers.get("lambda-runtime-aws-tenant-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        handle_invocation(client, handler, headers, body, state, json_format)


if __name__ == "__main__":
    main()
