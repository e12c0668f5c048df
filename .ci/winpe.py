"""PE tools for the Windows build under Wine (.ci/windows), with no third-party module.

    python3 .ci/winpe.py def WINE_DLL|- OBJECT_SYMBOLS FORWARD_TO|- NAME > NAME.def
        a module-definition file for a stand-in DLL: each function standin_X that the stand-in
        defines (OBJECT_SYMBOLS: `nm` output of its object) is exported as X; every other export of
        Wine's WINE_DLL is forwarded to FORWARD_TO (a renamed copy of Wine's DLL)
    python3 .ci/winpe.py check BUNDLE WINE_DLL_DIR STANDIN_DIR ALLOWED_GAPS
        the static check: walks every import (and delay-load import) of every .exe/.dll/.pyd in BUNDLE
        and lists those that Wine lacks (no such DLL, no such export, or an export that Wine only
        stubs: calling it aborts with "unimplemented function"). Each must be implemented by a
        stand-in in STANDIN_DIR or be listed, with the reason, in ALLOWED_GAPS; otherwise the check fails and says which stand-in to add. It also
        fails when a stand-in (or a renamed Wine DLL) ended up in the bundle.
    python3 .ci/winpe.py unmark DLL OUT
        a copy of a Wine builtin DLL without its "Wine builtin DLL" mark, so Wine loads it as native
"""

from __future__ import annotations

import struct
import sys
from collections import defaultdict
from pathlib import Path

WINE_MARK = b"Wine builtin DLL"


class PE:
    def __init__(self, path: Path):
        self.path = path
        self.data = data = path.read_bytes()
        if data[:2] != b"MZ":
            raise ValueError(f"{path}: not a PE file")
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        if data[pe:pe + 4] != b"PE\0\0":
            raise ValueError(f"{path}: not a PE file")
        _, nsections, _, _, _, opt_size, _ = struct.unpack_from("<HHIIIHH", data, pe + 4)
        opt = pe + 24
        magic = struct.unpack_from("<H", data, opt)[0]
        self.pe64 = magic == 0x20B
        dirs = opt + (112 if self.pe64 else 96)
        ndirs = struct.unpack_from("<I", data, dirs - 4)[0]
        self.dirs = [struct.unpack_from("<II", data, dirs + 8 * i) for i in range(min(ndirs, 16))]
        self.sections = []
        for i in range(nsections):
            off = opt + opt_size + 40 * i
            vsize, va, rsize, raw = struct.unpack_from("<IIII", data, off + 8)
            self.sections.append((va, max(vsize, rsize), raw, rsize))
        self._exports = None

    def off(self, rva: int) -> int | None:
        for va, size, raw, rsize in self.sections:
            if va <= rva < va + size:
                return raw + (rva - va) if rva - va < rsize else None
        return None

    def cstr(self, rva: int) -> str:
        o = self.off(rva)
        if o is None:
            return ""
        return self.data[o:self.data.index(b"\0", o)].decode("latin-1")

    def exports(self) -> dict:
        """name (or '#ordinal') -> ('rva', rva) or ('forward', 'dll.name')"""
        if self._exports is not None:
            return self._exports
        result: dict = {}
        rva, size = self.dirs[0] if self.dirs else (0, 0)
        o = self.off(rva) if rva else None
        if o is not None:
            base, nfuncs, nnames, funcs, names, ords = struct.unpack_from("<IIIIII", self.data, o + 16)
            fo, no, oo = self.off(funcs), self.off(names), self.off(ords)
            func_rvas = [struct.unpack_from("<I", self.data, fo + 4 * i)[0] for i in range(nfuncs)]

            def value(index):
                target = func_rvas[index]
                if rva <= target < rva + size:
                    return ("forward", self.cstr(target))
                return ("rva", target)

            for i in range(nnames):
                name = self.cstr(struct.unpack_from("<I", self.data, no + 4 * i)[0])
                index = struct.unpack_from("<H", self.data, oo + 2 * i)[0]
                result[name] = value(index)
            for index, target in enumerate(func_rvas):
                if target:
                    result[f"#{base + index}"] = value(index)
        self._exports = result
        return result

    def imports(self) -> dict:
        """(dll name, delay-loaded?) -> set of imported names ('#n' for ordinals)."""
        result: dict = defaultdict(set)
        for slot, delay in ((1, False), (13, True)):
            if len(self.dirs) <= slot or not self.dirs[slot][0]:
                continue
            o = self.off(self.dirs[slot][0])
            while o is not None:
                if delay:
                    attrs, name_rva, _, _, int_rva = struct.unpack_from("<IIIII", self.data, o)
                    thunks = int_rva
                else:
                    orig_first, _, _, name_rva, first = struct.unpack_from("<IIIII", self.data, o)
                    thunks = orig_first or first
                if not name_rva:
                    break
                dll = (self.cstr(name_rva), delay)
                t = self.off(thunks)
                width, flag = (8, 1 << 63) if self.pe64 else (4, 1 << 31)
                while t is not None:
                    entry = struct.unpack_from("<Q" if self.pe64 else "<I", self.data, t)[0]
                    if not entry:
                        break
                    if entry & flag:
                        result[dll].add(f"#{entry & 0xFFFF}")
                    else:
                        result[dll].add(self.cstr((entry & 0x7FFFFFFF) + 2))
                    t += width
                result[dll]  # a DLL imported for its DllMain only still counts
                o += 32 if delay else 20
        return result

    def is_wine_stub(self, name: str) -> bool:
        """Wine's winebuild turns a '-stub' export into: sub rsp,0x28; lea rcx,[module];
        lea rdx,[export name]; call __wine_spec_unimplemented_stub."""
        kind, rva = self.exports().get(name, (None, None))
        if kind != "rva":
            return False
        o = self.off(rva)
        code = self.data[o:o + 19] if o is not None else b""
        if len(code) < 19 or code[:4] != b"\x48\x83\xec\x28":
            return False
        if code[4:7] != b"\x48\x8d\x0d" or code[11:14] != b"\x48\x8d\x15" or code[18] != 0xE8:
            return False
        string_rva = rva + 18 + struct.unpack_from("<i", code, 14)[0]
        return self.cstr(string_rva) == name.lstrip("#")


def cmd_def(wine_dll: str, symbols_file: str, forward_to: str, name: str) -> int:
    implemented = set()
    for line in Path(symbols_file).read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "T" and parts[2].startswith("standin_"):
            implemented.add(parts[2].removeprefix("standin_"))
    names = [] if wine_dll == "-" else [n for n in PE(Path(wine_dll)).exports() if not n.startswith("#")]
    target = Path(forward_to).stem
    lines = [f"LIBRARY {name}", "EXPORTS"]
    for n in sorted(set(names) | implemented):
        lines.append(f"  {n}=standin_{n}" if n in implemented else f"  {n}={target}.{n}")
    print("\n".join(lines))
    return 0


class Wine:
    """Wine's PE DLLs, with api-set and forwarder resolution."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files = {p.name.lower(): p for p in folder.iterdir() if p.suffix.lower() in (".dll", ".drv", ".sys")}
        self.cache: dict = {}
        self.apisets = self._apisets(folder / "apisetschema.dll")

    @staticmethod
    def _apisets(schema: Path) -> dict:
        """api-ms-win-*/ext-ms-* contract (without its last version number) -> host DLL, from Wine's
        apisetschema.dll (API_SET_NAMESPACE version 6 in its .apiset section)."""
        if not schema.exists():
            return {}
        pe = PE(schema)
        data = pe.data
        base = next(raw for va, size, raw, rsize in pe.sections
                    if data[raw:raw + 4] == struct.pack("<I", 6))
        _, _, _, count, entries = struct.unpack_from("<IIIII", data, base)
        result = {}
        for i in range(count):
            _, name_off, _, hashed_len, value_off, value_count = struct.unpack_from("<IIIIII", data, base + entries + 24 * i)
            name = data[base + name_off:base + name_off + hashed_len].decode("utf-16-le").lower()
            if value_count:
                _, _, _, host_off, host_len = struct.unpack_from("<IIIII", data, base + value_off + 20 * (value_count - 1))
                result[name] = data[base + host_off:base + host_off + host_len].decode("utf-16-le")
        return result

    def pe(self, dll: str) -> PE | None:
        key = dll.lower() if "." in dll else dll.lower() + ".dll"
        if key.startswith(("api-", "ext-")):
            host = self.apisets.get(key.removesuffix(".dll").rpartition("-")[0])
            if host:
                key = host.lower()
        if key not in self.cache:
            path = self.files.get(key)
            self.cache[key] = PE(path) if path else None
        return self.cache[key]

    def status(self, dll: str, name: str, depth: int = 0) -> tuple[str, str]:
        """('ok'|'no-dll'|'no-export'|'stub', where) for one import."""
        pe = self.pe(dll)
        if pe is None:
            return "no-dll", dll
        entry = pe.exports().get(name)
        dll = Path(pe.path).name
        if entry is None:
            return "no-export", f"{dll}!{name}"
        if entry[0] == "forward" and depth < 8:
            target_dll, _, target_name = entry[1].rpartition(".")
            return self.status(target_dll, target_name, depth + 1)
        if pe.is_wine_stub(name):
            return "stub", f"{dll}!{name}"
        return "ok", f"{dll}!{name}"


def cmd_check(bundle: str, wine_dir: str, standin_dir: str, allowed_file: str) -> int:
    bundle_path, wine = Path(bundle), Wine(Path(wine_dir))
    allowed = {line.split()[0].lower() for line in Path(allowed_file).read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    tolerated, delayed = defaultdict(set), defaultdict(set)
    standins = {p.name.lower(): PE(p) for p in Path(standin_dir).glob("*.dll")}
    files = [p for p in bundle_path.rglob("*") if p.is_file() and p.suffix.lower() in (".exe", ".dll", ".pyd")]
    own = {p.name.lower() for p in files}
    errors, covered = [], defaultdict(set)
    leaked = sorted(str(p.relative_to(bundle_path)) for p in files if p.name.lower() in standins)
    leaked += sorted(str(p.relative_to(bundle_path)) for p in files if WINE_MARK in p.read_bytes()[0x40:0x60])
    for path in files:
        try:
            pe = PE(path)
        except ValueError:
            continue
        for (dll, delay), names in pe.imports().items():
            if dll.lower() in own:
                continue
            for name in sorted(names) or [None]:
                if name is None:
                    status, where = ("ok", dll) if wine.pe(dll) else ("no-dll", dll)
                else:
                    status, where = wine.status(dll, name)
                if status == "ok":
                    continue
                # where names the DLL that finally lacks it (api-ms-win-crt-* forward to ucrtbase)
                lacking_dll = where.split("!")[0].lower()
                func = where.split("!")[1] if "!" in where else None
                standin = standins.get(lacking_dll if lacking_dll.endswith(".dll") else lacking_dll + ".dll")
                entry = standin.exports().get(func) if standin and func else (("rva", 0) if standin else None)
                if entry is not None and entry[0] == "rva":
                    covered[lacking_dll].add(func or "(the DLL itself)")
                    continue
                if where.lower() in allowed:
                    tolerated[where].add(str(path.relative_to(bundle_path)))
                    continue
                if delay:  # resolved only when first called: a gap only if that code path runs
                    delayed[where].add(str(path.relative_to(bundle_path)))
                    continue
                what = {"no-dll": "Wine has no such DLL (loading fails)",
                        "no-export": "Wine's DLL lacks this export (calling it aborts: unimplemented function)",
                        "stub": "Wine only stubs it (calling it aborts: unimplemented function)"}[status]
                errors.append(f"  {path.relative_to(bundle_path)} imports {dll}!{name}: {what} [{where}]")
    for dll, names in sorted(covered.items()):
        print(f"winpe: stand-in {dll} provides {len(names)} import(s) Wine lacks: {', '.join(sorted(names))}")
    for where, users in sorted(tolerated.items()):
        print(f"winpe: allowed gap {where} (allowed-gaps.txt), imported by {', '.join(sorted(users))}")
    if delayed:
        print(f"winpe: note: {len(delayed)} delay-loaded import(s) that Wine lacks; they fail only if called "
              "(the self-test shows whether DTPlan calls them):")
        for where, users in sorted(delayed.items()):
            print(f"  {where} (delay-loaded by {', '.join(sorted(users))})")
    if leaked:
        print("winpe: ERROR: test-only stand-in or Wine DLLs found inside the bundle:\n  " + "\n  ".join(leaked))
    if errors:
        print(f"winpe: ERROR: {len(errors)} import(s) of the bundle that Wine lacks, that no stand-in provides and "
              "that allowed-gaps.txt does not list.\nA dependency upgrade needs a new or larger stand-in in "
              "resources/installer/windows/wine-standins/ (see its README), or, if DTPlan never calls it, a line "
              "with the reason in allowed-gaps.txt:")
        print("\n".join(sorted(set(errors))))
    if not errors and not leaked:
        print(f"winpe: {len(files)} PE files checked: every import resolves in Wine or its stand-ins; "
              "no stand-in in the bundle")
    return 1 if errors or leaked else 0


def cmd_unmark(src: str, out: str) -> int:
    data = bytearray(Path(src).read_bytes())
    at = data.find(WINE_MARK, 0x40, 0x60)
    if at < 0:
        print(f"winpe: {src} has no Wine builtin mark", file=sys.stderr)
        return 1
    data[at:at + len(WINE_MARK)] = b"\0" * len(WINE_MARK)
    Path(out).write_bytes(bytes(data))
    return 0


if __name__ == "__main__":
    commands = {"def": (cmd_def, 4), "check": (cmd_check, 4), "unmark": (cmd_unmark, 2)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands or len(sys.argv) - 2 != commands[sys.argv[1]][1]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]][0](*sys.argv[2:]))
