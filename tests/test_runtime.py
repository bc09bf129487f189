"""runtime: the settings of a short paiban process.

exit_now: paiban leaves without interpreter teardown, but with what a
normal exit does that users see (atexit handlers, flushed output, the
status; 120 when output cannot be flushed, as CPython gives).
tune_for_short_process: fewer GC passes, no BLAS thread pool."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _python(code: str, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, **kw)


def test_atexit_handlers_run_and_buffered_output_is_flushed():
    run = _python("import atexit, sys\n"
                  "from typeset.runtime import exit_now\n"
                  "atexit.register(lambda: print('handler'))\n"
                  "print('unflushed', end=' ')\n"
                  "sys.stderr.write('err')\n"
                  "exit_now(3)\n")
    assert run.returncode == 3
    assert run.stdout == "unflushed handler\n"
    assert run.stderr == "err"


def test_output_that_cannot_be_flushed_gives_status_120():
    read, write = os.pipe()
    os.close(read)                       # nobody reads: the flush at exit fails (EPIPE)
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("PYTHONUNBUFFERED", None)    # the print stays in the buffer until exit
    run = subprocess.run([sys.executable, "-c",
                          "import signal; signal.signal(signal.SIGPIPE, signal.SIG_IGN)\n"
                          "from typeset.runtime import exit_now\n"
                          "print('x' * 10)\n"
                          "exit_now(0)\n"],
                         env=env, stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    assert run.returncode == 120


def test_the_paiban_command_exits_with_main_s_status(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    missing = tmp_path / "missing.xml"
    run = subprocess.run([sys.executable, "-m", "typeset", "check", str(missing)], env=env,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "missing.xml" in run.stderr


def test_a_short_process_asks_for_one_blas_thread_unless_told_otherwise():
    code = ("import gc, os\n"
            "from typeset.runtime import tune_for_short_process, GEN0_THRESHOLD, GEN1_THRESHOLD\n"
            "tune_for_short_process()\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'], gc.get_threshold()[:2] == (GEN0_THRESHOLD, GEN1_THRESHOLD))\n")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env["PYTHONPATH"] = ROOT
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True).stdout.split() == ["1", "True"]
    env["OPENBLAS_NUM_THREADS"] = "4"                     # the user's own setting stays
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True).stdout.split() == ["4", "True"]
