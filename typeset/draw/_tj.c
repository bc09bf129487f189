/* The drawer's per-line text operators in C (issue 15 §7): what
 * pdf.py `_PageDrawer._glyph_arrays` writes for the common line — glyphs
 * met before, no gap wide enough to hide (draw/aliases.py) — so that a
 * page of body text costs a few microseconds a line.  OPTIONAL, as
 * compose/_speedups.c: setup.py builds it when a C compiler is there; for
 * any other line `tj_line` returns None and the Python code writes it, and
 * without the extension (or with PAIBAN_PURE_PYTHON=1) Python writes every
 * line.  tests/draw/test_tj_speedup.py holds the two to the same bytes.
 *
 * The same bytes as Python: the numbers go through the same functions —
 * float.__round__(3) for the character spacing, the drawer's number() and
 * pdf._n for the operands, PyOS_double_to_string(v, 'f', 1) (what "%.1f" % v calls)
 * for the kerns — on doubles computed by the same expressions in the same
 * order (setup.py turns floating-point contraction off).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KERN_TOLERANCE 5e-4      /* pdf.py: a space within 1/2000 pt of Tc needs no kern */

static PyObject *EMPTY;          /* "": the parts are joined with nothing between them */

/* `memo.get(v)`, else memo[v] = round(v, 3): a new reference, NULL on error. */
static PyObject *rounded(PyObject *memo, double v) {
    PyObject *key = PyFloat_FromDouble(v);
    if (key == NULL) return NULL;
    PyObject *r = PyDict_GetItemWithError(memo, key);
    if (r != NULL) {
        Py_INCREF(r);
    } else if (!PyErr_Occurred()) {
        r = PyObject_CallMethod(key, "__round__", "i", 3);
        if (r != NULL && PyDict_SetItem(memo, key, r) < 0) Py_CLEAR(r);
    }
    Py_DECREF(key);
    return r;
}

static int rounded_double(PyObject *memo, double v, double *out) {
    PyObject *r = rounded(memo, v);
    if (r == NULL) return -1;
    *out = PyFloat_AsDouble(r);
    Py_DECREF(r);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* pdf._most_frequent: the most frequent rounded space; a strict majority of
 * the first or the last one wins at once, else the most frequent, ties to
 * the smaller magnitude, then to the first met (Counter's insertion order). */
static int most_frequent(PyObject *memo, const double *deltas, Py_ssize_t count, double *out) {
    double *r = malloc(sizeof(double) * (size_t)count);
    if (r == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t k = 0; k < count; k++)
        if (rounded_double(memo, deltas[k], &r[k]) < 0) { free(r); return -1; }
    double ends[2] = {r[0], r[count - 1]};
    for (int e = 0; e < 2; e++) {
        Py_ssize_t same = 0;
        for (Py_ssize_t k = 0; k < count; k++) same += r[k] == ends[e];
        if (2 * same > count) { *out = ends[e]; free(r); return 0; }
    }
    Py_ssize_t best_count = -1;
    double best = 0.0;
    for (Py_ssize_t k = 0; k < count; k++) {
        int seen = 0;                                   /* a key met before: counted already */
        for (Py_ssize_t m = 0; m < k && !seen; m++) seen = r[m] == r[k];
        if (seen) continue;
        Py_ssize_t same = 0;
        for (Py_ssize_t m = k; m < count; m++) same += r[m] == r[k];
        if (same > best_count || (same == best_count && -fabs(r[k]) > -fabs(best))) {
            best_count = same;
            best = r[k];
        }
    }
    free(r);
    *out = best;
    return 0;
}

/* `numbers.get(v) or number(v)`: a new reference. */
static PyObject *number(PyObject *numbers, PyObject *number_fn, double v) {
    PyObject *key = PyFloat_FromDouble(v);
    if (key == NULL) return NULL;
    PyObject *s = PyDict_GetItemWithError(numbers, key);
    if (s != NULL && PyObject_IsTrue(s) == 1) {
        Py_INCREF(s);
    } else {
        s = PyErr_Occurred() ? NULL : PyObject_CallOneArg(number_fn, key);
    }
    Py_DECREF(key);
    return s;
}

/* pdf._n(v): f"{v:.3f}" (PyOS_double_to_string, as format() calls it) with
 * the trailing zeros and the point stripped, "0" for "-0" and "". */
static PyObject *operand(double v) {
    char *s = PyOS_double_to_string(v, 'f', 3, 0, NULL);
    if (s == NULL) return NULL;
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == '0') len--;
    while (len > 0 && s[len - 1] == '.') len--;
    s[len] = '\0';
    PyObject *out = (len == 0 || strcmp(s, "-0") == 0) ? PyUnicode_FromString("0") : PyUnicode_FromString(s);
    PyMem_Free(s);
    return out;
}

/* ">%.1f<" % kern + part */
static PyObject *kerned(double kern, PyObject *part) {
    char *digits = PyOS_double_to_string(kern, 'f', 1, 0, NULL);
    if (digits == NULL) return NULL;
    PyObject *out = PyUnicode_FromFormat(">%s<%U", digits, part);
    PyMem_Free(digits);
    return out;
}

typedef struct {
    PyObject *text, *xs, *subsets, *parts, *advances, *opens, *switches, *placed, *memo, *numbers, *number_fn;
    double size, limit, x, y, x0;
    int hide_gaps;
} Run;

/* The glyphs' hex parts (a new list), their subsets and the spaces between
 * them; NULL with no error set when a character is not in the tables. */
static PyObject *parts_and_spaces(const Run *r, Py_ssize_t len, double *deltas, long *subsets, double *xs_out) {
    PyObject *fast = PySequence_Fast(r->xs, "xs");
    if (fast == NULL) return NULL;
    if (PySequence_Fast_GET_SIZE(fast) != len) { Py_DECREF(fast); return NULL; }
    PyObject **xs = PySequence_Fast_ITEMS(fast);
    PyObject *parts = PyList_New(len);
    double prev_x = 0.0, prev_advance = 0.0;
    for (Py_ssize_t k = 0; parts != NULL && k < len; k++) {
        PyObject *ch = PyUnicode_Substring(r->text, k, k + 1);
        PyObject *subset = ch ? PyDict_GetItemWithError(r->subsets, ch) : NULL;
        PyObject *part = subset ? PyDict_GetItemWithError(r->parts, ch) : NULL;
        PyObject *advance = part ? PyDict_GetItemWithError(r->advances, ch) : NULL;
        Py_XDECREF(ch);
        long s = subset ? PyLong_AsLong(subset) : -1;
        double x = PyFloat_AsDouble(xs[k]);
        double a = advance ? PyFloat_AsDouble(advance) : -1.0;
        if (advance == NULL || PyErr_Occurred()) {
            Py_CLEAR(parts);                          /* a glyph not met before (or an error) */
            break;
        }
        subsets[k] = s;
        xs_out[k] = x;
        if (k > 0) deltas[k - 1] = x - prev_x - prev_advance;     /* xs[k] − xs[k−1] − advance[k−1] */
        Py_INCREF(part);
        PyList_SET_ITEM(parts, k, part);
        prev_x = x;
        prev_advance = a;
    }
    Py_DECREF(fast);
    return parts;
}

/* `table[key]` for an int key: a borrowed reference, NULL (error set) when missing. */
static PyObject *item_of(PyObject *table, long key) {
    PyObject *k = PyLong_FromLong(key);
    PyObject *v = k ? PyDict_GetItemWithError(table, k) : NULL;
    Py_XDECREF(k);
    if (v == NULL && !PyErr_Occurred()) PyErr_SetString(PyExc_KeyError, "subset");
    return v;
}

/* A subset switch before glyph k (pdf.py): with character spacing, the glyph
 * gets its own Tm ("placed" + x + tail + its hex); without, the array closes
 * and the next subset's opens (its "switch", or the kern before it kept). */
static int switch_subset(const Run *r, PyObject *parts, Py_ssize_t k, const long *subsets, const double *xs,
                         double spacing, PyObject *tail) {
    PyObject *ch = PyUnicode_Substring(r->text, k, k + 1);
    if (ch == NULL) return -1;
    PyObject *part = NULL;
    if (spacing != 0.0) {
        PyObject *placed = item_of(r->placed, subsets[k]);
        PyObject *hex = placed ? PyDict_GetItemWithError(r->parts, ch) : NULL;
        PyObject *nx = hex ? operand(r->x0 + xs[k]) : NULL;
        if (nx != NULL) part = PyUnicode_FromFormat("%U%U%U%U", placed, nx, tail, hex);
        Py_XDECREF(nx);
    } else {
        PyObject *old = PyList_GET_ITEM(parts, k);
        if (PyUnicode_READ_CHAR(old, 0) != '>') {
            part = PyDict_GetItemWithError(r->switches, ch);
            Py_XINCREF(part);
            if (part == NULL && !PyErr_Occurred()) PyErr_SetString(PyExc_KeyError, "switch");
        } else {
            PyObject *open = item_of(r->opens, subsets[k]);
            PyObject *rest = open ? PyUnicode_Substring(old, 1, PyUnicode_GetLength(old)) : NULL;
            if (rest != NULL) part = PyUnicode_FromFormat(">] TJ %U%U", open, rest);
            Py_XDECREF(rest);
        }
    }
    Py_DECREF(ch);
    if (part == NULL) return -1;
    PyList_SetItem(parts, k, part);
    return 0;
}

/* Tc: the most frequent space (pdf.py), and whether the line's gaps are to be
 * hidden (then 1: Python writes the line). */
static int spacing_of(const Run *r, const double *deltas, Py_ssize_t count, double *spacing, double *lo,
                      double *hi) {
    *lo = *hi = deltas[0];
    for (Py_ssize_t k = 1; k < count; k++) {
        if (deltas[k] < *lo) *lo = deltas[k];
        if (deltas[k] > *hi) *hi = deltas[k];
    }
    double high;
    if (rounded_double(r->memo, *lo, spacing) < 0 || rounded_double(r->memo, *hi, &high) < 0) return -1;
    if (*spacing != high && most_frequent(r->memo, deltas, count, spacing) < 0) return -1;
    return r->hide_gaps && (*hi - *spacing > r->limit || *spacing > r->limit);
}

/* tj_line(text, xs, subsets, parts, advances, opens, switches, placed, rounded,
 *         numbers, number, size, limit, hide_gaps, x, y, x0)
 * → the line's "… Tc … Tm /F… [<…>] TJ" as pdf._glyph_arrays writes it, or
 * None for a line it leaves to Python (new glyphs, gaps to hide). */
static PyObject *tj_line(PyObject *self, PyObject *args) {
    Run r;
    if (!PyArg_ParseTuple(args, "UOO!O!O!O!O!O!O!O!Oddpddd", &r.text, &r.xs, &PyDict_Type, &r.subsets,
                          &PyDict_Type, &r.parts, &PyDict_Type, &r.advances, &PyDict_Type, &r.opens,
                          &PyDict_Type, &r.switches, &PyDict_Type, &r.placed, &PyDict_Type, &r.memo,
                          &PyDict_Type, &r.numbers, &r.number_fn, &r.size, &r.limit,
                          &r.hide_gaps, &r.x, &r.y, &r.x0))
        return NULL;
    Py_ssize_t len = PyUnicode_GetLength(r.text);
    if (len < 1) Py_RETURN_NONE;
    double *deltas = malloc((sizeof(double) * 2 + sizeof(long)) * (size_t)len);
    if (deltas == NULL) return PyErr_NoMemory();
    double *xs = deltas + len;
    long *subsets = (long *)(xs + len);
    PyObject *parts = parts_and_spaces(&r, len, deltas, subsets, xs);
    PyObject *result = NULL, *tail = NULL;
    if (parts == NULL) {
        free(deltas);
        if (PyErr_Occurred()) PyErr_Clear();         /* Python fills the tables and writes the line */
        Py_RETURN_NONE;
    }
    double spacing = 0.0, lo = 0.0, hi = 0.0;
    int hidden = len > 1 ? spacing_of(&r, deltas, len - 1, &spacing, &lo, &hi) : 0;
    if (hidden < 0) goto done;
    if (hidden) { result = Py_NewRef(Py_None); goto done; }
    if (len > 1 && (hi - spacing > KERN_TOLERANCE || lo - spacing < -KERN_TOLERANCE)) {
        for (Py_ssize_t k = 1; k < len; k++) {
            double off = deltas[k - 1] - spacing;
            if (!(KERN_TOLERANCE < fabs(off))) continue;
            PyObject *part = kerned(-off * 1000 / r.size, PyList_GET_ITEM(parts, k));
            if (part == NULL) goto done;
            PyList_SetItem(parts, k, part);
        }
    }
    for (Py_ssize_t k = 1; k < len; k++) {            /* where the subset changes */
        if (subsets[k] == subsets[k - 1]) continue;
        if (tail == NULL && spacing != 0.0) {         /* " %s Tm [<" % number(y) */
            PyObject *ny = number(r.numbers, r.number_fn, r.y);
            tail = ny ? PyUnicode_FromFormat(" %U Tm [<", ny) : NULL;
            Py_XDECREF(ny);
            if (tail == NULL) goto done;
        }
        if (switch_subset(&r, parts, k, subsets, xs, spacing, tail) < 0) goto done;
    }
    PyObject *open = item_of(r.opens, subsets[0]);
    if (open == NULL) goto done;
    PyObject *tc = number(r.numbers, r.number_fn, spacing);
    PyObject *nx = tc ? number(r.numbers, r.number_fn, r.x) : NULL;
    PyObject *ny = nx ? number(r.numbers, r.number_fn, r.y) : NULL;
    PyObject *body = ny ? PyUnicode_Join(EMPTY, parts) : NULL;
    if (body != NULL)
        result = PyUnicode_FromFormat("%U Tc 1 0 0 1 %U %U Tm %U<%U>] TJ", tc, nx, ny, open, body);
    Py_XDECREF(tc);
    Py_XDECREF(nx);
    Py_XDECREF(ny);
    Py_XDECREF(body);
done:
    Py_XDECREF(tail);
    Py_DECREF(parts);
    free(deltas);
    return result;
}

static PyMethodDef methods[] = {
    {"tj_line", tj_line, METH_VARARGS,
     "tj_line(text, xs, subsets, parts, advances, opens, switches, placed, rounded, numbers, number,\n"
     "size, limit, hide_gaps, x, y, x0) -> str or None: pdf._glyph_arrays (None: left to Python)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_tj",
                                    "The drawer's text operators for a common line, in C (pdf.py is the oracle).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__tj(void) {
    EMPTY = PyUnicode_FromString("");
    return EMPTY ? PyModule_Create(&module) : NULL;
}
