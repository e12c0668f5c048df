/* Test-only stand-in for icuuc.dll in the Wine prefix (never shipped in the bundle).
 *
 * Qt6Core 6.12 imports these 20 ucnv_* functions from Windows' system ICU (icuuc.dll, part of
 * Windows 10 since version 1703). No Wine ships it, so `import PySide6.QtCore` fails with "DLL load
 * failed" (WINEDEBUG=err+module: "Library icuuc.dll ... not found"). Here ucnv_open fails with
 * U_FILE_ACCESS_ERROR, so Qt never gets a converter and falls back to its own UTF-8/UTF-16/Latin-1
 * codecs: the ICU-only codecs (GB18030 through ICU, for instance) are not exercised under Wine.
 * Every other function is unreachable without a converter and only reports an error.
 */
#include <stddef.h>
#include <stdint.h>

typedef int32_t UErrorCode;
#define U_ILLEGAL_ARGUMENT_ERROR 1
#define U_FILE_ACCESS_ERROR 4

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_ILLEGAL_ARGUMENT_ERROR; }

void *standin_ucnv_open(const char *name, UErrorCode *err) { (void)name; if (err) *err = U_FILE_ACCESS_ERROR; return NULL; }
void standin_ucnv_close(void *cnv) { (void)cnv; }
void standin_ucnv_reset(void *cnv) { (void)cnv; }
int8_t standin_ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 4; }
const char *standin_ucnv_getName(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return NULL; }
void standin_ucnv_getToUCallBack(const void *cnv, void **action, const void **context) { (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
void standin_ucnv_getFromUCallBack(const void *cnv, void **action, const void **context) { (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
void standin_ucnv_setToUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc, UErrorCode *err) { (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(err); }
void standin_ucnv_setFromUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc, UErrorCode *err) { (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(err); }
void standin_ucnv_cbToUWriteUChars(void *args, const uint16_t *s, int32_t n, int32_t off, UErrorCode *err) { (void)args; (void)s; (void)n; (void)off; fail(err); }
void standin_ucnv_cbFromUWriteUChars(void *args, const uint16_t **s, const uint16_t *e, int32_t off, UErrorCode *err) { (void)args; (void)s; (void)e; (void)off; fail(err); }
void standin_ucnv_toUnicode(void *cnv, uint16_t **t, const uint16_t *te, const char **s, const char *se, int32_t *o, int8_t f, UErrorCode *err) { (void)cnv; (void)t; (void)te; (void)s; (void)se; (void)o; (void)f; fail(err); }
void standin_ucnv_fromUnicode(void *cnv, char **t, const char *te, const uint16_t **s, const uint16_t *se, int32_t *o, int8_t f, UErrorCode *err) { (void)cnv; (void)t; (void)te; (void)s; (void)se; (void)o; (void)f; fail(err); }
int32_t standin_ucnv_toUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
int32_t standin_ucnv_fromUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
const char *standin_ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err) { (void)name; (void)standard; fail(err); return NULL; }
const char *standin_ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
int32_t standin_ucnv_countAvailable(void) { return 0; }
/* the callbacks Qt passes to ucnv_set*UCallBack; never called without a converter */
void standin_UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const uint16_t *u, int32_t l, int32_t cp, int r, UErrorCode *err) { (void)c; (void)a; (void)u; (void)l; (void)cp; (void)r; (void)err; }
void standin_UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t l, int r, UErrorCode *err) { (void)c; (void)a; (void)b; (void)l; (void)r; (void)err; }
