"""Start-up check on Windows, before anything loads Qt: refuse older Windows with a clear message.

Qt 6.12's Qt6Core.dll imports the system ICU (``icuuc.dll``), which Windows has only since Windows 10
version 1703, and Qt 6 supports Windows 10 from version 1809 on. On an older PC (Windows 7/8.1,
Windows 10 LTSB 2016) the program would otherwise die at start with a missing-DLL error that tells the
user nothing. This module uses only ctypes and the standard library, so it runs where Qt cannot.
The installer (resources/installer/windows/dtplan.nsi) refuses the same versions.
"""

from __future__ import annotations

import os
import sys

MIN_BUILD = 17763  # Windows 10 version 1809 (also Windows Server 2019)
MIN_NAME = "Windows 10 版本 1809（内部版本 17763）"
REQUIRED_SYSTEM_DLLS = ("icuuc.dll",)  # Windows' own ICU, imported by Qt6Core.dll
EXIT_UNSUPPORTED = 3


def windows_version() -> tuple[int, int, int]:
    """(major, minor, build) as the kernel reports it (RtlGetVersion: no compatibility shims)."""
    import ctypes
    from ctypes import wintypes

    class OSVERSIONINFOW(ctypes.Structure):
        _fields_ = [("dwOSVersionInfoSize", wintypes.DWORD), ("dwMajorVersion", wintypes.DWORD),
                    ("dwMinorVersion", wintypes.DWORD), ("dwBuildNumber", wintypes.DWORD),
                    ("dwPlatformId", wintypes.DWORD), ("szCSDVersion", wintypes.WCHAR * 128)]

    info = OSVERSIONINFOW()
    info.dwOSVersionInfoSize = ctypes.sizeof(info)
    if ctypes.WinDLL("ntdll").RtlGetVersion(ctypes.byref(info)) != 0:
        version = sys.getwindowsversion()
        return version.major, version.minor, version.build
    return info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber


def system_folder() -> str:
    import ctypes

    buffer = ctypes.create_unicode_buffer(520)
    ctypes.WinDLL("kernel32").GetSystemDirectoryW(buffer, len(buffer))
    return buffer.value or os.path.join(os.environ.get("SystemRoot", r"C:\Windows"), "System32")


def unsupported_reason() -> str | None:
    """None on a supported Windows; otherwise the message for the user, in Chinese."""
    major, minor, build = windows_version()
    found = f"Windows {major}.{minor}（内部版本 {build}）"
    if (major, build) < (10, MIN_BUILD):
        return (f"DTPlan 需要 {MIN_NAME} 或更高版本的 64 位 Windows，本机是 {found}。\n"
                "请升级 Windows，或在符合要求的电脑上使用 DTPlan。\n"
                f"DTPlan needs {MIN_NAME.replace('版本', 'version').replace('（内部版本', ' (build').replace('）', ')')}"
                f" or later; this PC runs Windows {major}.{minor} build {build}.")
    folder = system_folder()
    missing = [name for name in REQUIRED_SYSTEM_DLLS if not os.path.exists(os.path.join(folder, name))]
    if missing:
        return (f"DTPlan 需要的 Windows 系统组件缺失：{', '.join(missing)}（位于 {folder}）。\n"
                f"请安装 {MIN_NAME} 或更高版本的 Windows 更新。\n"
                f"Missing Windows system component(s): {', '.join(missing)}.")
    return None


def refuse_unsupported_windows() -> int:
    """0 when this Windows can run DTPlan; otherwise tell the user (a dialog for the windowed
    program, standard error for the command line) and return EXIT_UNSUPPORTED."""
    try:
        reason = unsupported_reason()
    except Exception:  # the check must never be what stops a working PC
        return 0
    if reason is None:
        return 0
    if sys.stderr is not None:
        try:
            print(reason, file=sys.stderr)
        except Exception:
            pass
    if sys.stderr is None or os.environ.get("DTPLAN_DIALOG") == "1":  # the windowed dtplan.exe has no stderr
        try:
            import ctypes

            ctypes.WinDLL("user32").MessageBoxW(None, reason, "DTPlan 无法在此 Windows 上运行", 0x10)  # MB_ICONERROR
        except Exception:
            pass
    return EXIT_UNSUPPORTED
