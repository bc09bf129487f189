/* The drawer's per-line text operators in C (issue 15 §7): what
 * pdf.py `_PageDrawer._glyph_arrays` writes for the common line — glyphs
 * met before, no gap wide enough to hide (draw/aliases.py) — so that a
 * page of body text costs a few microseconds a line.  OPTIONAL, as
 * compose/_speedups.c: setup.py builds it when a C compiler is there; for
 * any other line `tj_line` returns None and the Python code writes it, and
 * without the extension (or with PAIBAN_PURE_PYTHON=1) Python writes every
 * line.  tests/print/test_tj_speedup.py holds the two to the same bytes.
 *
 * The same bytes as Python: the numbers go through the same functions —
 * float.__round__(3) for the character spacing, PyOS_double_to_string(v,
 * 'f', 3) (what f"{v:.3f}" calls) stripped as pdf._n strips it for the
 * operands, PyOS_double_to_string(v, 'f', 1) (what "%.1f" % v calls) for
 * the kerns — on doubles computed by the same expressions in the same order
 * (setup.py turns floating-point contraction off).  All three are pure
 * functions of the double, so they are memoised here, per process, in
 * small direct-mapped caches (a document repeats a few hundred values).
 *
 * A `Table` is one font at one size (pdf._Glyphs): per character its
 * subset, its byte in the subset and its advance (pt), per subset the
 * operators opening its TJ array ("/F1+1 9 Tf [").  pdf._Glyphs.fill adds
 * each character it meets to both its dicts and its Table, so the two say
 * the same; a line with a character not in the Table is left to Python,
 * which fills them.  The line is written into one ASCII buffer, no Python
 * string per glyph.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KERN_TOLERANCE 5e-4      /* pdf.py: a space within 1/2000 pt of Tc needs no kern */

/* -- memoised number formatting (pure functions of the double) ----------------- */

#define CACHE_BITS 11
#define CACHE_SIZE (1 << CACHE_BITS)
#define TEXT_MAX 30              /* longer operands (huge numbers) are not cached */

typedef struct { uint64_t bits; int len; char text[TEXT_MAX + 2]; } TextSlot;
typedef struct { uint64_t bits; int valid; double value; } RoundSlot;

static TextSlot OPERANDS[CACHE_SIZE], KERNS[CACHE_SIZE];
static RoundSlot ROUNDED[CACHE_SIZE];

static uint64_t bits_of(double v) {
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

static size_t slot_of(uint64_t bits) {
    return (size_t)((bits * 0x9E3779B97F4A7C15ULL) >> (64 - CACHE_BITS));
}

/* round(v, 3), as Python's float.__round__ gives it; -1 on error. */
static int rounded(double v, double *out) {
    uint64_t b = bits_of(v);
    RoundSlot *slot = &ROUNDED[slot_of(b)];
    if (slot->valid && slot->bits == b) { *out = slot->value; return 0; }
    PyObject *f = PyFloat_FromDouble(v);
    PyObject *r = f ? PyObject_CallMethod(f, "__round__", "i", 3) : NULL;
    Py_XDECREF(f);
    if (r == NULL) return -1;
    *out = PyFloat_AsDouble(r);
    Py_DECREF(r);
    if (*out == -1.0 && PyErr_Occurred()) return -1;
    slot->bits = b;
    slot->value = *out;
    slot->valid = 1;
    return 0;
}

/* -- the output buffer ------------------------------------------------------------ */

typedef struct { char *p; size_t len, cap; char stack[2048]; } Buf;

static void buf_init(Buf *b) { b->p = b->stack; b->len = 0; b->cap = sizeof b->stack; }

static void buf_free(Buf *b) { if (b->p != b->stack) PyMem_Free(b->p); }

static int buf_put(Buf *b, const char *s, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap;
        while (b->len + n > cap) cap *= 2;
        char *p = b->p == b->stack ? PyMem_Malloc(cap) : PyMem_Realloc(b->p, cap);
        if (p == NULL) { PyErr_NoMemory(); return -1; }
        if (b->p == b->stack) memcpy(p, b->stack, b->len);
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

#define PUT(b, literal) buf_put((b), (literal), sizeof(literal) - 1)

/* A formatted double (PyOS_double_to_string) into `slot`-sized text or the buffer. */
static int put_formatted(Buf *b, TextSlot *cache, double v, int precision, int strip) {
    uint64_t key = bits_of(v);
    TextSlot *slot = &cache[slot_of(key)];
    if (slot->len > 0 && slot->bits == key) return buf_put(b, slot->text, (size_t)slot->len);
    char *s = PyOS_double_to_string(v, 'f', precision, 0, NULL);
    if (s == NULL) return -1;
    size_t len = strlen(s);
    if (strip) {                  /* pdf._n: no trailing zeros, no bare point, "0" for "-0" and "" */
        while (len > 0 && s[len - 1] == '0') len--;
        while (len > 0 && s[len - 1] == '.') len--;
        if (len == 0 || (len == 2 && s[0] == '-' && s[1] == '0')) { s[0] = '0'; len = 1; }
    }
    int rc = buf_put(b, s, len);
    if (rc == 0 && len <= TEXT_MAX) {
        memcpy(slot->text, s, len);
        slot->len = (int)len;
        slot->bits = key;
    }
    PyMem_Free(s);
    return rc;
}

/* pdf._n(v): 3 decimals, no trailing zeros. */
static int put_operand(Buf *b, double v) { return put_formatted(b, OPERANDS, v, 3, 1); }

/* "%.1f" % v */
static int put_kern(Buf *b, double v) { return put_formatted(b, KERNS, v, 1, 0); }

static const char HEX[] = "0123456789abcdef";

/* -- a map from code points to entry numbers ------------------------------------------ */

/* Code point → the number of its entry (0, 1, 2 … in the order the code
 * points were added) in an array its user keeps beside it: an
 * open-addressed hash table, linear probing, at most half full.  Table
 * (the glyphs of a font) and counts (characters of a text) both use it. */
typedef struct { Py_UCS4 key; Py_ssize_t entry; } CpSlot;     /* key: code point + 1 (0: empty) */
typedef struct { CpSlot *slots; size_t mask, used; } CpMap;   /* mask: slots − 1, a power of two */

static int cpmap_init(CpMap *m, size_t slots) {
    m->mask = slots - 1;
    m->used = 0;
    m->slots = PyMem_Calloc(slots, sizeof(CpSlot));
    if (m->slots == NULL) { PyErr_NoMemory(); return -1; }
    return 0;
}

/* The slot holding cp, or the empty one where it would go. */
static CpSlot *cpmap_slot(CpSlot *slots, size_t mask, Py_UCS4 cp) {
    size_t k = ((size_t)cp * 2654435761u) & mask;
    while (slots[k].key != 0 && slots[k].key != cp + 1) k = (k + 1) & mask;
    return &slots[k];
}

/* cp's entry number, -1 when it has none. */
static Py_ssize_t cpmap_find(const CpMap *m, Py_UCS4 cp) {
    const CpSlot *slot = cpmap_slot(m->slots, m->mask, cp);
    return slot->key != 0 ? slot->entry : -1;
}

/* cp's entry number, a new one (m->used − 1 after) when it had none; -1 on no memory. */
static Py_ssize_t cpmap_add(CpMap *m, Py_UCS4 cp) {
    CpSlot *slot = cpmap_slot(m->slots, m->mask, cp);
    if (slot->key != 0) return slot->entry;
    if (2 * (m->used + 1) > m->mask + 1) {                   /* grow: at most half full */
        size_t mask = 2 * m->mask + 1;
        CpSlot *slots = PyMem_Calloc(mask + 1, sizeof(CpSlot));
        if (slots == NULL) { PyErr_NoMemory(); return -1; }
        for (size_t k = 0; k <= m->mask; k++)
            if (m->slots[k].key != 0) *cpmap_slot(slots, mask, m->slots[k].key - 1) = m->slots[k];
        PyMem_Free(m->slots);
        m->slots = slots;
        m->mask = mask;
        slot = cpmap_slot(slots, mask, cp);
    }
    slot->key = cp + 1;
    slot->entry = (Py_ssize_t)m->used++;
    return slot->entry;
}

/* -- Table: one font at one size ---------------------------------------------------- */

typedef struct { int subset; unsigned char byte; double advance; } Glyph;
typedef struct { char *text; size_t len; } Text;

typedef struct {
    PyObject_HEAD
    CpMap map;                   /* character → its glyph in `glyphs` */
    Glyph *glyphs;
    size_t room;                 /* glyphs allocated */
    Text *opens;                 /* per subset: "/F1+1 9 Tf [" (NULL: not given) */
    Py_ssize_t subsets;
} Table;

static void table_dealloc(Table *t) {
    PyMem_Free(t->map.slots);
    PyMem_Free(t->glyphs);
    for (Py_ssize_t k = 0; k < t->subsets; k++) PyMem_Free(t->opens[k].text);
    PyMem_Free(t->opens);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static PyObject *table_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) != 0 || (kwds != NULL && PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_SetString(PyExc_TypeError, "Table() takes no arguments");
        return NULL;
    }
    Table *t = (Table *)type->tp_alloc(type, 0);
    if (t == NULL) return NULL;
    if (cpmap_init(&t->map, 256) < 0) { Py_DECREF(t); return NULL; }
    return (PyObject *)t;
}

static const Glyph *table_find(const Table *t, Py_UCS4 cp) {
    Py_ssize_t entry = cpmap_find(&t->map, cp);
    return entry >= 0 ? &t->glyphs[entry] : NULL;
}

static int table_put(Table *t, Py_UCS4 cp, int subset, unsigned char byte, double advance) {
    Py_ssize_t entry = cpmap_add(&t->map, cp);
    if (entry < 0) return -1;
    if ((size_t)entry >= t->room) {
        size_t room = t->room ? 2 * t->room : 128;
        Glyph *glyphs = PyMem_Realloc(t->glyphs, sizeof(Glyph) * room);
        if (glyphs == NULL) { PyErr_NoMemory(); return -1; }
        t->glyphs = glyphs;
        t->room = room;
    }
    t->glyphs[entry] = (Glyph){subset, byte, advance};
    return 0;
}

static PyObject *table_add(Table *t, PyObject *args) {
    PyObject *ch;
    int subset, byte;
    double advance;
    if (!PyArg_ParseTuple(args, "Uiid", &ch, &subset, &byte, &advance)) return NULL;
    if (PyUnicode_GetLength(ch) != 1 || subset < 0 || byte < 0 || byte > 255) {
        PyErr_SetString(PyExc_ValueError, "add(character, subset, byte 0..255, advance)");
        return NULL;
    }
    if (table_put(t, PyUnicode_READ_CHAR(ch, 0), subset, (unsigned char)byte, advance) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *table_subset(Table *t, PyObject *args) {
    Py_ssize_t subset, len;
    PyObject *opens;
    if (!PyArg_ParseTuple(args, "nU", &subset, &opens)) return NULL;
    if (subset < 0 || !PyUnicode_IS_ASCII(opens)) {
        PyErr_SetString(PyExc_ValueError, "subset(subset >= 0, ASCII operators)");
        return NULL;
    }
    const char *text = PyUnicode_AsUTF8AndSize(opens, &len);
    if (text == NULL) return NULL;
    if (subset >= t->subsets) {
        Text *grown = PyMem_Realloc(t->opens, sizeof(Text) * (size_t)(subset + 1));
        if (grown == NULL) return PyErr_NoMemory();
        for (Py_ssize_t k = t->subsets; k <= subset; k++) grown[k].text = NULL, grown[k].len = 0;
        t->opens = grown;
        t->subsets = subset + 1;
    }
    char *copy = PyMem_Malloc((size_t)len + 1);
    if (copy == NULL) return PyErr_NoMemory();
    memcpy(copy, text, (size_t)len + 1);
    PyMem_Free(t->opens[subset].text);
    t->opens[subset].text = copy;
    t->opens[subset].len = (size_t)len;
    Py_RETURN_NONE;
}

static PyMethodDef table_methods[] = {
    {"add", (PyCFunction)table_add, METH_VARARGS,
     "add(character, subset, byte, advance): the character's entry (pdf._Glyphs.fill)."},
    {"subset", (PyCFunction)table_subset, METH_VARARGS,
     "subset(subset, opens): the operators opening the subset's TJ array, \"/F1+1 9 Tf [\"."},
    {NULL, NULL, 0, NULL}};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "typeset.draw._tj.Table",
    .tp_basicsize = sizeof(Table),
    .tp_dealloc = (destructor)table_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The glyphs of one font at one size: subset, byte and advance per character, "
              "the operators opening each subset's TJ array.",
    .tp_methods = table_methods,
    .tp_new = table_new,
};

/* -- the line ------------------------------------------------------------------------- */

/* pdf._most_frequent: the most frequent rounded space; a strict majority of
 * the first or the last one wins at once, else the most frequent, ties to
 * the smaller magnitude, then to the first met (Counter's insertion order). */
static int most_frequent(const double *deltas, Py_ssize_t count, double *out) {
    double *r = malloc(sizeof(double) * (size_t)count);
    if (r == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t k = 0; k < count; k++)
        if (rounded(deltas[k], &r[k]) < 0) { free(r); return -1; }
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

/* Tc: the most frequent space (pdf.py), and whether the line's gaps are to be
 * hidden (then 1: Python writes the line). */
static int spacing_of(const double *deltas, Py_ssize_t count, double limit, int hide_gaps,
                      double *spacing, double *lo, double *hi) {
    *lo = *hi = deltas[0];
    for (Py_ssize_t k = 1; k < count; k++) {
        if (deltas[k] < *lo) *lo = deltas[k];
        if (deltas[k] > *hi) *hi = deltas[k];
    }
    double high;
    if (rounded(*lo, spacing) < 0 || rounded(*hi, &high) < 0) return -1;
    if (*spacing != high && most_frequent(deltas, count, spacing) < 0) return -1;
    return hide_gaps && (*hi - *spacing > limit || *spacing > limit);
}

static int put_hex(Buf *b, unsigned char byte) {
    char hex[2] = {HEX[byte >> 4], HEX[byte & 15]};
    return buf_put(b, hex, 2);
}

static const Text *opens_of(const Table *t, int subset) {
    return subset < t->subsets && t->opens[subset].text != NULL ? &t->opens[subset] : NULL;
}

/* The gaps pdf._gaps_to_hide finds: (k, gap) for each space after glyph k
 * wider than `limit` past `spacing`, between two glyphs that are not
 * spaces (str.isspace); a new list, NULL on error. */
static PyObject *gaps_to_hide(PyObject *text, const double *deltas, Py_ssize_t count, double spacing,
                              double limit) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *gaps = PyList_New(0);
    for (Py_ssize_t k = 0; gaps != NULL && k < count; k++) {
        double gap = deltas[k] - spacing;
        if (!(gap > limit) || Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k))
            || Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k + 1)))
            continue;
        PyObject *pair = Py_BuildValue("(nd)", k, gap);
        if (pair == NULL || PyList_Append(gaps, pair) < 0) Py_CLEAR(gaps);
        Py_XDECREF(pair);
    }
    return gaps;
}

/* The operators of the line into `b` (pdf._glyph_arrays, the oracle):
 * "{Tc} Tc 1 0 0 1 {x} {y} Tm /F1+0 9 Tf [<…>] TJ"; 1 when the line is left
 * to Python (a glyph not in the table), 2 with the gaps to hide in *gaps
 * (a new list), -1 on error. */
static int write_line(Buf *b, const Table *t, PyObject *text, PyObject *xs_seq, double size, double limit,
                      int hide_gaps, double x, double y, double x0, PyObject **gaps) {
    Py_ssize_t len = PyUnicode_GetLength(text);
    if (len < 1) return 1;
    PyObject *fast = PySequence_Fast(xs_seq, "xs");
    if (fast == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(fast) != len) { Py_DECREF(fast); return 1; }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    double *deltas = malloc((sizeof(double) * 2 + sizeof(const Glyph *)) * (size_t)len);
    if (deltas == NULL) { Py_DECREF(fast); PyErr_NoMemory(); return -1; }
    double *xs = deltas + len;
    const Glyph **glyphs = (const Glyph **)(xs + len);
    int kind = PyUnicode_KIND(text), rc = 1;
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t k = 0; k < len; k++) {
        const Glyph *g = table_find(t, PyUnicode_READ(kind, data, k));
        if (g == NULL || opens_of(t, g->subset) == NULL) goto done;      /* not met before: Python fills */
        double xk = PyFloat_AsDouble(items[k]);
        if (xk == -1.0 && PyErr_Occurred()) { PyErr_Clear(); goto done; }
        glyphs[k] = g;
        xs[k] = xk;
        if (k > 0) deltas[k - 1] = xk - xs[k - 1] - glyphs[k - 1]->advance;   /* xs[k] − xs[k−1] − advance[k−1] */
    }
    double spacing = 0.0, lo = 0.0, hi = 0.0;
    int hidden = len > 1 ? spacing_of(deltas, len - 1, limit, hide_gaps, &spacing, &lo, &hi) : 0;
    if (hidden < 0) { rc = -1; goto done; }
    if (hidden) {            /* gaps as wide as pdf._glyph_arrays hides: with Tc that wide, every one */
        *gaps = gaps_to_hide(text, deltas, len - 1, spacing <= limit ? spacing : 0.0, limit);
        if (*gaps == NULL) { rc = -1; goto done; }
        if (PyList_GET_SIZE(*gaps) > 0) { rc = 2; goto done; }
        Py_CLEAR(*gaps);     /* none between two glyphs: the line is written as it is */
    }
    int kerns = len > 1 && (hi - spacing > KERN_TOLERANCE || lo - spacing < -KERN_TOLERANCE);
    const Text *open = opens_of(t, glyphs[0]->subset);
    rc = -1;
    if (put_operand(b, spacing) < 0 || PUT(b, " Tc 1 0 0 1 ") < 0 || put_operand(b, x) < 0 || PUT(b, " ") < 0
        || put_operand(b, y) < 0 || PUT(b, " Tm ") < 0 || buf_put(b, open->text, open->len) < 0
        || PUT(b, "<") < 0 || put_hex(b, glyphs[0]->byte) < 0)
        goto done;
    for (Py_ssize_t k = 1; k < len; k++) {
        double off = deltas[k - 1] - spacing;
        int kerned = kerns && KERN_TOLERANCE < fabs(off);
        if (glyphs[k]->subset != glyphs[k - 1]->subset) {
            open = opens_of(t, glyphs[k]->subset);
            if (spacing != 0.0) {
                /* ">] TJ /F1+1 9 Tf 1 0 0 1 {x} {y} Tm [<xx": the glyph's own origin, no kern */
                if (PUT(b, ">] TJ ") < 0 || buf_put(b, open->text, open->len - 1) < 0 || PUT(b, "1 0 0 1 ") < 0
                    || put_operand(b, x0 + xs[k]) < 0 || PUT(b, " ") < 0 || put_operand(b, y) < 0
                    || PUT(b, " Tm [<") < 0)
                    goto done;
            } else {
                /* ">] TJ /F1+1 9 Tf [<xx", or "…[-250.0<xx" with the kern before it */
                if (PUT(b, ">] TJ ") < 0 || buf_put(b, open->text, open->len) < 0
                    || (kerned && put_kern(b, -off * 1000 / size) < 0) || PUT(b, "<") < 0)
                    goto done;
            }
        } else if (kerned) {
            if (PUT(b, ">") < 0 || put_kern(b, -off * 1000 / size) < 0 || PUT(b, "<") < 0) goto done;
        }
        if (put_hex(b, glyphs[k]->byte) < 0) goto done;
    }
    rc = PUT(b, ">] TJ");
done:
    free(deltas);
    Py_DECREF(fast);
    return rc;
}

static int put_ascii(Buf *b, PyObject *s) {
    Py_ssize_t n;
    const char *text = PyUnicode_AsUTF8AndSize(s, &n);
    return text == NULL ? -1 : buf_put(b, text, (size_t)n);
}

/* tj_line(table, text, xs, size, limit, hide_gaps, x, y, x0, head, tail)
 * → head + the line's "… Tc … Tm /F… [<…>] TJ" + tail, as pdf._glyph_arrays
 * writes it; with hide_gaps, for a line whose gaps are to be hidden, the
 * list of (k, gap) pdf._gaps_to_hide gives instead (pdf.py widens the
 * glyphs and draws the line again); None for a line it leaves to Python
 * (new glyphs; head and tail not ASCII). */
static PyObject *tj_line(PyObject *self, PyObject *args) {
    Table *table;
    PyObject *text, *xs, *head, *tail;
    double size, limit, x, y, x0;
    int hide_gaps;
    if (!PyArg_ParseTuple(args, "O!UOddpdddUU", &TableType, &table, &text, &xs, &size, &limit, &hide_gaps,
                          &x, &y, &x0, &head, &tail))
        return NULL;
    if (!PyUnicode_IS_ASCII(head) || !PyUnicode_IS_ASCII(tail)) Py_RETURN_NONE;
    Buf b;
    buf_init(&b);
    PyObject *gaps = NULL;
    int rc = put_ascii(&b, head);
    if (rc == 0) rc = write_line(&b, table, text, xs, size, limit, hide_gaps, x, y, x0, &gaps);
    if (rc == 0) rc = put_ascii(&b, tail);
    PyObject *out = NULL;
    if (rc == 2) {
        out = gaps;
    } else if (rc == 0) {
        out = PyUnicode_New((Py_ssize_t)b.len, 127);
        if (out != NULL) memcpy(PyUnicode_1BYTE_DATA(out), b.p, b.len);
    } else if (rc == 1) {
        out = Py_NewRef(Py_None);
    }
    buf_free(&b);
    return out;
}

/* counts(text) → {character: how many times it occurs}, in the order of
 * the characters' first occurrence: collections.Counter(text) as a dict
 * (pdf._DocFonts.assign_by_frequency sorts the characters by it). */
static PyObject *counts(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "counts(text: str)");
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GetLength(arg);
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    size_t slots = 1024;
    while (slots < 2 * (size_t)(len < 1 << 20 ? len : 1 << 20)) slots *= 2;
    CpMap map = {NULL, 0, 0};
    Py_ssize_t *tally = PyMem_Calloc((size_t)(len > 0 ? len : 1), sizeof(Py_ssize_t));   /* per entry */
    Py_UCS4 *order = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(len > 0 ? len : 1));     /* entry → character */
    PyObject *out = NULL;
    if (tally == NULL || order == NULL) { PyErr_NoMemory(); goto done; }
    if (cpmap_init(&map, slots) < 0) goto done;
    for (Py_ssize_t k = 0; k < len; k++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, k);
        Py_ssize_t entry = cpmap_add(&map, cp);
        if (entry < 0) goto done;
        order[entry] = cp;                   /* (the same again when it was there) */
        tally[entry]++;
    }
    out = PyDict_New();
    for (size_t i = 0; out != NULL && i < map.used; i++) {
        PyObject *ch = PyUnicode_FromOrdinal((int)order[i]);
        PyObject *n = ch ? PyLong_FromSsize_t(tally[i]) : NULL;
        if (n == NULL || PyDict_SetItem(out, ch, n) < 0) Py_CLEAR(out);
        Py_XDECREF(ch);
        Py_XDECREF(n);
    }
done:
    PyMem_Free(map.slots);
    PyMem_Free(tally);
    PyMem_Free(order);
    return out;
}

static PyMethodDef methods[] = {
    {"counts", counts, METH_O,
     "counts(text) -> dict: each character's number of occurrences, in order of first occurrence "
     "(collections.Counter(text))."},
    {"tj_line", tj_line, METH_VARARGS,
     "tj_line(table, text, xs, size, limit, hide_gaps, x, y, x0, head, tail) -> str or None:\n"
     "head + pdf._glyph_arrays + tail; [(k, gap), ...]: gaps to hide; None: left to Python."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_tj",
                                    "The drawer's text operators for a common line, in C (pdf.py is the oracle).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__tj(void) {
    if (PyType_Ready(&TableType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    if (PyModule_AddObjectRef(m, "Table", (PyObject *)&TableType) < 0) { Py_DECREF(m); return NULL; }
    return m;
}
