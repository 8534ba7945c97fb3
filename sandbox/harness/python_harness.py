# Runs inside the sandbox (python3 -I -S): reads {"code", "function", "cases"} as JSON on stdin, calls the
# function on each case's arguments, and writes {"results": [...], "maxrss_kb"} to the original stdout.
# The candidate's own prints go to stderr, so they can never be taken for results. Expected outputs are
# never sent in: the parent compares, so forging this report gains nothing.
import json
import os
import resource
import sys
import time

HARNESS_PID = os.getpid()
report = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
sys.stdout = sys.stderr
data = json.loads(sys.stdin.read())
sys.setrecursionlimit(10000)


def describe(error):
    return (type(error).__name__ + ": " + str(error))[:300]


def finish(payload):
    if os.getpid() != HARNESS_PID:  # a process the code forked never reports
        os._exit(1)
    payload["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report.write(json.dumps(payload))
    report.flush()
    os._exit(0)


namespace = {"__name__": "solution"}
try:
    exec(compile(data["code"], "solution.py", "exec"), namespace)
    function = namespace.get(data["function"])
    if not callable(function):
        raise NameError("function " + data["function"] + "() is not defined")
except BaseException as error:
    finish({"load_error": describe(error), "memory": isinstance(error, MemoryError)})

results = []
for args in data["cases"]:
    started = time.perf_counter()
    try:
        value = function(*args)
        json.dumps(value)
        results.append({"ok": True, "value": value, "ms": (time.perf_counter() - started) * 1000})
    except BaseException as error:
        results.append(
            {
                "ok": False,
                "error": describe(error),
                "memory": isinstance(error, MemoryError),
                "ms": (time.perf_counter() - started) * 1000,
            }
        )
finish({"results": results})
