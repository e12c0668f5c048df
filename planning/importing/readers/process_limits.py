"""A hard memory cap on the current process, set by a reader process on itself before it touches a file.

Linux and macOS: RLIMIT_AS, counted above what the process already has mapped when the cap is set (the
interpreter, its modules), so the cap is what reading may take. Windows: a Job Object with
JOB_OBJECT_LIMIT_PROCESS_MEMORY, through ctypes. Past the cap an allocation fails: Python raises
MemoryError, native code (calamine's Rust) aborts the process; the parent tells both apart from other
deaths (planning.importing.readers.isolation).
"""

from __future__ import annotations

import os
import sys


def machine_memory_bytes() -> int | None:
    """This machine's physical memory, or None when it cannot be told."""
    if sys.platform == "win32":
        return _windows_memory_bytes()
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None


def reader_memory_bytes(memory_mb: int, share_of_ram: float) -> int:
    """The cap: ``memory_mb``, or ``share_of_ram`` of the machine's memory when that is less."""
    cap = memory_mb * 1024 * 1024
    ram = machine_memory_bytes()
    if ram:
        cap = min(cap, int(ram * share_of_ram))
    return cap


def cap_memory(limit_bytes: int) -> None:
    """Cap this process: from now on it may map at most ``limit_bytes`` more."""
    if sys.platform == "win32":
        _cap_windows(limit_bytes)
    else:
        _cap_posix(limit_bytes)


# ---------------------------------------------------------------- POSIX


def _mapped_bytes() -> int:
    """What the process has mapped now (VmSize), 0 when /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cap_posix(limit_bytes: int) -> None:
    import resource

    wanted = _mapped_bytes() + limit_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


# ---------------------------------------------------------------- Windows

_JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
_JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
_JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
_job_handle = None  # kept open for the life of the process: closing it would end the job


def _windows_types():
    import ctypes
    from ctypes import wintypes

    class IoCounters(ctypes.Structure):
        _fields_ = [(name, ctypes.c_ulonglong) for name in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class BasicLimits(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_longlong),
            ("PerJobUserTimeLimit", ctypes.c_longlong),
            ("LimitFlags", wintypes.DWORD),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", wintypes.DWORD),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", wintypes.DWORD),
            ("SchedulingClass", wintypes.DWORD),
        ]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", BasicLimits),
            ("IoInfo", IoCounters),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", wintypes.DWORD),
            ("dwMemoryLoad", wintypes.DWORD),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    _declare(ctypes, wintypes)
    return ctypes, wintypes, ExtendedLimits, MemoryStatus


def _declare(ctypes, wintypes) -> None:
    """The argument and result types of the Windows calls: without them ctypes passes a 64-bit handle as a
    C int and fails (or truncates it)."""
    kernel32, psapi = ctypes.windll.kernel32, ctypes.windll.psapi
    handle, pointer, dword, ok = wintypes.HANDLE, ctypes.c_void_p, wintypes.DWORD, wintypes.BOOL
    for function, arguments, result in (
            (kernel32.GetCurrentProcess, [], handle),
            (kernel32.CreateJobObjectW, [pointer, wintypes.LPCWSTR], handle),
            (kernel32.SetInformationJobObject, [handle, ctypes.c_int, pointer, dword], ok),
            (kernel32.AssignProcessToJobObject, [handle, handle], ok),
            (kernel32.GlobalMemoryStatusEx, [pointer], ok),
            (psapi.GetProcessMemoryInfo, [handle, pointer, dword], ok)):
        function.argtypes = arguments
        function.restype = result


def _windows_memory_bytes() -> int | None:
    ctypes, _, _, MemoryStatus = _windows_types()
    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
        return None
    return int(status.ullTotalPhys)


def _private_bytes(ctypes, wintypes) -> int:
    """The process's private memory now (PROCESS_MEMORY_COUNTERS_EX.PrivateUsage), 0 if unknown."""

    class Counters(ctypes.Structure):
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD)] + [
            (name, ctypes.c_size_t) for name in (
                "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage", "QuotaPagedPoolUsage",
                "QuotaPeakNonPagedPoolUsage", "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage",
                "PrivateUsage")]

    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    process = ctypes.windll.kernel32.GetCurrentProcess()
    if not ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb):
        return 0
    return int(counters.PrivateUsage)


def _cap_windows(limit_bytes: int) -> None:
    global _job_handle
    ctypes, wintypes, ExtendedLimits, _ = _windows_types()
    kernel32 = ctypes.windll.kernel32
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise OSError(ctypes.GetLastError(), "CreateJobObjectW failed")
    limits = ExtendedLimits()
    limits.BasicLimitInformation.LimitFlags = _JOB_OBJECT_LIMIT_PROCESS_MEMORY | _JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    limits.ProcessMemoryLimit = _private_bytes(ctypes, wintypes) + limit_bytes
    if not kernel32.SetInformationJobObject(job, _JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                            ctypes.byref(limits), ctypes.sizeof(limits)):
        raise OSError(ctypes.GetLastError(), "SetInformationJobObject failed")
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        raise OSError(ctypes.GetLastError(), "AssignProcessToJobObject failed")
    _job_handle = job
