/* The newsprint ink limit of 8-bit CMYK pixels, and the separation of 8-bit
 * RGB pixels through a table held to it, in C (issue 15 §2: a first build
 * separates every photo; numpy's import alone was 0.13 CPU-s of it and the
 * limiting another 0.06 on the sample, LittleCMS pixel by pixel 25 ns a
 * pixel).  OPTIONAL: setup.py builds it when a C compiler is there; without
 * it, or with PAIBAN_PURE_PYTHON=1, inklimit.py (numpy) does the work, and it
 * stays the oracle — tests/print/test_inklimit.py checks that both give the
 * same bytes and the same highest total.
 *
 * limit_cmyk: same floats as numpy: every operation below is one of
 * inklimit.py's `_limit_planes`, elementwise, in IEEE double, in the same
 * order (setup.py turns floating-point contraction off), so each pixel
 * comes out as `limit_ink` gives it, rounded down as `_limited_words`
 * rounds it.  Only pixels whose total ink is at least `threshold` (8-bit
 * units) are limited; the others are copied as they are (inklimit.py
 * `_limited_cmyk` says why that gives the bytes of limiting all of them).
 *
 * separate_rgb: integers only (see there), the same as inklimit.py
 * `interpolated`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

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


/* -- RGB through the separation table ---------------------------------------
 *
 * separate.py's `_separation_table` holds the 8-bit CMYK of every RGB node
 * 0, GRID_STEP, 2 × GRID_STEP … 255 on each axis, separated by LittleCMS and
 * held to the limit by `held`.  A pixel is the tetrahedral interpolation of
 * the four nodes around it (the cube's diagonal and the two edges its
 * fractions order), in integers: the weights are fractions of GRID_STEP and
 * sum to it exactly, and the result is rounded down.  Total ink is linear,
 * so a pixel's is a convex sum of its nodes' and cannot pass the limit they
 * keep; rounding down only lowers it.  inklimit.py `interpolated` is the
 * oracle (numpy, the same integers).
 */
#define GRID_STEP 5
#define GRID_POINTS (255 / GRID_STEP + 1)

/* A node's four channels in the 16-bit lanes of one word: the weighted sum
 * of four nodes is then four multiplications, and no lane can carry into the
 * next (255 × GRID_STEP < 65536). */
static uint64_t lanes(const unsigned char *cmyk) {
    return (uint64_t)cmyk[0] | (uint64_t)cmyk[1] << 16 | (uint64_t)cmyk[2] << 32 | (uint64_t)cmyk[3] << 48;
}

/* separate_rgb(pixels, table) -> (bytes, top) */
static PyObject *separate_rgb(PyObject *self, PyObject *args) {
    Py_buffer in, table;
    if (!PyArg_ParseTuple(args, "y*y*", &in, &table)) return NULL;
    const Py_ssize_t nodes = (Py_ssize_t)GRID_POINTS * GRID_POINTS * GRID_POINTS;
    uint64_t *word = NULL;
    PyObject *out = NULL;
    if (in.len % 3 != 0 || table.len != nodes * 4) {
        PyErr_Format(PyExc_ValueError, "RGB pixels and a table of %zd CMYK nodes expected", nodes);
        goto done;
    }
    word = PyMem_Malloc(nodes * sizeof(uint64_t));
    if (word == NULL) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t n = 0; n < nodes; n++) word[n] = lanes((const unsigned char *)table.buf + 4 * n);
    Py_ssize_t count = in.len / 3;
    out = PyBytes_FromStringAndSize(NULL, count * 4);
    if (out == NULL) goto done;
    unsigned char *o = (unsigned char *)PyBytes_AS_STRING(out);
    const unsigned char *p = (const unsigned char *)in.buf;
    int cell[256], frac[256];
    for (int v = 0; v < 256; v++) {       /* 255 is the far end of the last cell */
        cell[v] = v < 255 ? v / GRID_STEP : GRID_POINTS - 2;
        frac[v] = v < 255 ? v % GRID_STEP : GRID_STEP;
    }
    const Py_ssize_t d_r = (Py_ssize_t)GRID_POINTS * GRID_POINTS, d_g = GRID_POINTS, d_b = 1;
    /* The tetrahedron by the order of the fractions, from three comparisons
     * (bit 2: r ≥ g, bit 1: g ≥ b, bit 0: r ≥ b): the steps from the cell's
     * first node to the second and third (the axis of the largest fraction,
     * then of the middle one).  Two of the eight cannot happen. */
    static const Py_ssize_t none = 0;
    const Py_ssize_t first[8] = {d_b, none, d_g, d_g, d_b, d_r, none, d_r};
    const Py_ssize_t second[8] = {d_g, none, d_b, d_r, d_r, d_b, none, d_g};
    long top = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < count; i++, p += 3, o += 4) {
        int fr = frac[p[0]], fg = frac[p[1]], fb = frac[p[2]];
        int order = (fr >= fg) << 2 | (fg >= fb) << 1 | (fr >= fb);
        int hi = fr > fg ? fr : fg, lo = fr < fg ? fr : fg;
        hi = hi > fb ? hi : fb;
        lo = lo < fb ? lo : fb;
        int mid = fr + fg + fb - hi - lo;
        const uint64_t *n0 = word + (cell[p[0]] * GRID_POINTS + cell[p[1]]) * GRID_POINTS + cell[p[2]];
        const uint64_t *n1 = n0 + first[order], *n2 = n1 + second[order];
        uint64_t sum = n0[0] * (uint64_t)(GRID_STEP - hi) + n1[0] * (uint64_t)(hi - mid)
                     + n2[0] * (uint64_t)(mid - lo) + n0[d_r + d_g + d_b] * (uint64_t)lo;
        long total = 0;
        for (int k = 0; k < 4; k++) {
            unsigned v = (unsigned)(sum >> (16 * k) & 0xFFFF) / GRID_STEP;
            o[k] = (unsigned char)v;
            total += v;
        }
        if (total > top) top = total;
    }
    Py_END_ALLOW_THREADS
done:
    PyMem_Free(word);
    PyBuffer_Release(&in);
    PyBuffer_Release(&table);
    return out == NULL ? NULL : Py_BuildValue("(Nl)", out, top);
}

static PyMethodDef methods[] = {
    {"limit_cmyk", limit_cmyk, METH_VARARGS,
     "limit_cmyk(pixels, limit, gcr, threshold) -> (bytes, top): 8-bit CMYK pixels whose total is at "
     "least threshold held to limit (inklimit.limit_ink, rounded down); top: the highest total after, "
     "in 8-bit units."},
    {"separate_rgb", separate_rgb, METH_VARARGS,
     "separate_rgb(pixels, table) -> (bytes, top): 8-bit RGB pixels → the CMYK the table's nodes "
     "interpolate to (tetrahedral, in integers, rounded down); top: the highest total, in 8-bit units."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_inklimit",
                                    "The newsprint ink limit of CMYK pixels, in C (inklimit.py is the oracle).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__inklimit(void) {
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "GRID_STEP", GRID_STEP) < 0) { Py_DECREF(m); return NULL; }
    return m;
}
