#!/usr/bin/env python3
"""tests/ctl-tty.py SCENARIO COMMAND...: runs COMMAND (an `stv-ctl ...
console NAME`) on a fresh pseudo-terminal, as a user at a terminal would,
against the fake emulator's console (tests/fake/fake-stratovirt.c: a
banner, then what it reads echoed in upper case).

Scenarios (exit 0 when everything held, else 1 with a line per failure):
  detach  the guest's banner (printed before anyone attached) arrives, so
          the first console after a start must be this one; "ping" typed comes back as "PING" only (the
          terminal is raw: no local echo); Ctrl-] detaches with status 0;
          the terminal's settings are those from before
  signal  attached, then SIGTERM: the console dies of SIGTERM and the
          terminal's settings are those from before
  second  attached, a second console of the same domain fails (status 1,
          "another console"); the first one still relays
"""
import fcntl
import os
import select
import signal
import subprocess
import sys
import termios
import time

failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)


def spawn(cmd):
    """COMMAND as the session leader on a new pty; returns (pid, master)."""
    master, slave = os.openpty()
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.close(slave)
        os.execvp(cmd[0], cmd)
    os.close(slave)
    return pid, master


class Terminal:
    def __init__(self, master):
        self.fd = master
        self.out = b""

    def read_until(self, want, seconds=5.0):
        """Reads until want is in the output (True) or time is up (False)."""
        end = time.time() + seconds
        while want not in self.out and time.time() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                break
            if not data:
                break
            self.out += data
        return want in self.out

    def type(self, data):
        os.write(self.fd, data)


def settings(fd):
    """The settings a console must restore: flags and control characters."""
    return termios.tcgetattr(fd)[:4] + [termios.tcgetattr(fd)[6]]


def wait(pid, seconds=5.0):
    """The child's wait status, or None if it is still running after seconds."""
    end = time.time() + seconds
    while time.time() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def attach(cmd, banner=False):
    """Starts the console; with banner, the guest's banner must arrive (it is
    printed once, so only the first console after a start sees it)."""
    pid, master = spawn(cmd)
    before = settings(master)
    term = Terminal(master)
    expect(term.read_until(b"Escape character is ^]"), "no 'Connected' banner from stv-ctl")
    # The banner comes before raw mode is set: wait for the mode itself.
    end = time.time() + 5
    while termios.tcgetattr(master)[3] & termios.ECHO and time.time() < end:
        time.sleep(0.01)
    if banner:
        expect(term.read_until(b"console"), "the guest's banner never arrived")
    return pid, master, before, term


def echo_round(term, word):
    term.type(word)
    expect(term.read_until(word.upper()), "typed %r, never saw %r" % (word, word.upper()))
    expect(word not in term.out, "%r was echoed locally: the terminal is not raw" % word)


def detach(cmd):
    pid, master, before, term = attach(cmd, banner=True)
    echo_round(term, b"ping")
    term.type(b"\x1d")
    status = wait(pid)
    expect(status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0,
           "Ctrl-] did not end the console with status 0 (%r)" % status)
    expect(settings(master) == before, "the terminal's settings were not restored")


def on_signal(cmd):
    pid, master, before, term = attach(cmd)
    echo_round(term, b"pong")
    os.kill(pid, signal.SIGTERM)
    status = wait(pid)
    expect(status is not None and os.WIFSIGNALED(status) and
           os.WTERMSIG(status) == signal.SIGTERM,
           "SIGTERM did not end the console by SIGTERM (%r)" % status)
    expect(settings(master) == before, "the terminal's settings were not restored after SIGTERM")


def second(cmd):
    pid, master, before, term = attach(cmd)
    other = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
    expect(other.returncode == 1, "a second console got status %d" % other.returncode)
    expect(b"another console" in other.stderr,
           "a second console said %r" % other.stderr.decode(errors="replace"))
    echo_round(term, b"still")
    term.type(b"\x1d")
    expect(wait(pid) is not None, "the first console did not detach")


def main():
    scenarios = {"detach": detach, "signal": on_signal, "second": second}
    if len(sys.argv) < 3 or sys.argv[1] not in scenarios:
        sys.exit(__doc__)
    scenarios[sys.argv[1]](sys.argv[2:])
    for f in failures:
        print("ctl-tty %s: %s" % (sys.argv[1], f), file=sys.stderr)
    sys.exit(1 if failures else 0)


main()
