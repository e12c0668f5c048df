/* Test-only stand-in for propsys.dll in the Wine prefix (never shipped in the bundle).
 *
 * CPython 3.13's _wmi module (used by `platform`, which pandas imports) calls
 * propsys.dll!VariantToString, which Wine 8.0 only stubs: `import pandas` aborts with "unimplemented
 * function propsys.dll.VariantToString" (fixed in Wine 10). This implements it with
 * VariantChangeType(VT_BSTR); every other export is forwarded to propsys_wine.dll, a copy of Wine's
 * own propsys without its builtin mark.
 */
#include <windows.h>
#include <oleauto.h>

HRESULT WINAPI standin_VariantToString(const VARIANT *var, PWSTR buffer, UINT count)
{
    VARIANT text;
    HRESULT hr;
    UINT length;

    if (!buffer || !count) return E_INVALIDARG;
    buffer[0] = 0;
    VariantInit(&text);
    hr = VariantChangeType(&text, (VARIANT *)var, 0, VT_BSTR);
    if (FAILED(hr)) return hr;
    length = SysStringLen(V_BSTR(&text));
    if (length >= count) {
        VariantClear(&text);
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);  /* STRSAFE_E_INSUFFICIENT_BUFFER */
    }
    memcpy(buffer, V_BSTR(&text), length * sizeof(WCHAR));
    buffer[length] = 0;
    VariantClear(&text);
    return S_OK;
}
