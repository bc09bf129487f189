/* The newsprint ink limit of 8-bit CMYK pixels in C (issue 15 §2: a first
 * build separates every photo; numpy's import alone was 0.13 CPU-s of it and
 * the limiting another 0.06 on the sample).  OPTIONAL: setup.py builds it
 * when a C compiler is there; without it, or with PAIBAN_PURE_PYTHON=1,
 * inklimit.py (numpy) does the work, and it stays the oracle —
 * tests/print/test_inklimit.py checks that both give the same bytes and the
 * same highest total.
 *
 * Same floats as numpy: every operation below is one of inklimit.py's
 * `_limit_planes`, elementwise, in IEEE double, in the same order (setup.py
 * turns floating-point contraction off), so each pixel comes out as
 * `limit_ink` gives it, rounded down as `_limited_words` rounds it.  Only
 * pixels whose total ink is at least `threshold` (8-bit units) are limited;
 * the others are copied as they are (inklimit.py `_limited_cmyk` says why
 * that gives the bytes of limiting all of them).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

/* inklimit.py `_limit_planes` on one pixel (channels 0..1). */
static void limit_pixel(double px[4], double limit, double gcr) {
    double c = px[0], m = px[1], y = px[2], k = px[3];
    double total = c + m;
    total += y;
    total += k;
    double grey = c < m ? c : m;                  /* np.minimum: the first when they are equal */
    grey = grey < y ? grey : y;
    grey *= gcr;
    double room_k = 1.0 - k;
    grey = grey < room_k ? grey : room_k;
    if (total <= limit) grey = 0.0;               /* not over the limit: no grey moves to K */
    c -= grey;
    m -= grey;
    y -= grey;
    k += grey;
    double cmy = c + m;
    cmy += y;
    double room = limit - k;
    room = room > 0.0 ? room : 0.0;
    double scale = room / (cmy > 1e-9 ? cmy : 1e-9);
    if (cmy <= room) scale = 1.0;
    c *= scale;
    m *= scale;
    y *= scale;
    px[0] = c; px[1] = m; px[2] = y; px[3] = k;
    for (int i = 0; i < 4; i++) {
        px[i] = px[i] > 0.0 ? px[i] : 0.0;
        px[i] = px[i] < 1.0 ? px[i] : 1.0;
    }
}

/* One pixel's ink: limited as `limit_pixel` says when its total is at least
 * `threshold`; its total after. */
static long held(unsigned char *p, double limit, double gcr, long threshold) {
    long total = (long)p[0] + p[1] + p[2] + p[3];
    if (total < threshold) return total;
    double px[4];
    for (int j = 0; j < 4; j++) px[j] = p[j] / 255.0;
    limit_pixel(px, limit, gcr);
    total = 0;
    for (int j = 0; j < 4; j++) {
        p[j] = (unsigned char)floor(px[j] * 255.0);
        total += p[j];
    }
    return total;
}

/* limit_cmyk(pixels, limit, gcr, threshold) -> (bytes, top) */
static PyObject *limit_cmyk(PyObject *self, PyObject *args) {
    Py_buffer in;
    double limit, gcr;
    long threshold;
    if (!PyArg_ParseTuple(args, "y*ddl", &in, &limit, &gcr, &threshold)) return NULL;
    if (in.len % 4 != 0) {
        PyBuffer_Release(&in);
        return PyErr_Format(PyExc_ValueError, "CMYK pixels expected: %zd bytes", in.len);
    }
    PyObject *out = PyBytes_FromStringAndSize((const char *)in.buf, in.len);
    if (out == NULL) { PyBuffer_Release(&in); return NULL; }
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(out);
    long top = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < in.len; i += 4) {
        long total = held(p + i, limit, gcr, threshold);
        if (total > top) top = total;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&in);
    return Py_BuildValue("(Nl)", out, top);
}

static PyMethodDef methods[] = {
    {"limit_cmyk", limit_cmyk, METH_VARARGS,
     "limit_cmyk(pixels, limit, gcr, threshold) -> (bytes, top): 8-bit CMYK pixels whose total is at "
     "least threshold held to limit (inklimit.limit_ink, rounded down); top: the highest total after, "
     "in 8-bit units."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_inklimit",
                                    "The newsprint ink limit of CMYK pixels, in C (inklimit.py is the oracle).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__inklimit(void) { return PyModule_Create(&module); }
