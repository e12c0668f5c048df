/* Test-only stand-in for mscms.dll in the Wine prefix (never shipped in the bundle).
 *
 * Qt's qwindows platform plugin calls mscms.dll!WcsCreateIccProfile to read the screen's colour
 * profile when a real window opens; Wine 8.0 only stubs it ("unimplemented function
 * mscms.dll.WcsCreateIccProfile"). Returning NULL with ERROR_NOT_SUPPORTED makes Qt keep sRGB. Every
 * other export is forwarded to mscms_wine.dll, a copy of Wine's own mscms without its builtin mark.
 */
#include <windows.h>

HANDLE WINAPI standin_WcsCreateIccProfile(HANDLE profile, DWORD options)
{
    (void)profile; (void)options;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}
