"""How contended the processors are, read from Linux's pressure stall information (PSI, /proc/pressure/cpu,
kernel 4.20 and later): work that can wait (judging the trust signals of the morning surge's check-ins) waits
while the check-ins themselves keep every processor busy.

A nice value or a systemd CPUWeight lowers a worker's own priority, but not that of the PostgreSQL backend doing
half of its work for it; waiting while the machine is contended leaves both to the surge. The figure is the
machine's (or, in a container, the host's, as the kernel reports it): a worker on another machine than the web
server sees its own machine idle and goes on at once, which is right, since it takes nothing from the surge."""

from __future__ import annotations

from pathlib import Path

CPU_PRESSURE = Path("/proc/pressure/cpu")


def cpu_pressure(path: Path = CPU_PRESSURE) -> float | None:
    """The share, 0 to 100, of the last ten seconds in which at least one runnable task waited for a processor
    (the kernel's "some avg10"); None where the kernel does not report it (another system, an older kernel, PSI
    turned off) or the file reads as something else."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        kind, _, fields = line.partition(" ")
        if kind != "some":
            continue
        for field in fields.split():
            name, _, value = field.partition("=")
            if name == "avg10":
                try:
                    share = float(value)
                except ValueError:
                    return None
                return share if 0.0 <= share <= 100.0 else None
    return None
