/* The composer's hottest loops in C: the total-fit (Knuth–Plass) dynamic
 * programme of breaker.py, for `breaker.total_fit` when this extension is
 * built (issue 15 §7), justify.py's line setting, and prepare.py's
 * per-character class and glyph look-ups.  OPTIONAL: setup.py builds it when a C compiler is
 * there; without it, or with PAIBAN_PURE_PYTHON=1, the Python code runs, and
 * it stays the oracle — tests/compose/test_speedups.py checks that both give
 * the same line ends and the same costs on many paragraphs.
 *
 * Same floats as Python: every expression below is the one in breaker.py,
 * operand for operand and in the same order (C and Python both evaluate
 * a - b + c as (a - b) + c, in IEEE double), setup.py turns floating-point
 * contraction off (no fused multiply-add), and x ** 2 is the libm pow(|x|,
 * 2.0) that CPython's float power calls, through a pointer the compiler
 * cannot fold into x * x.  Nothing here is a rule of its own: the costs and
 * penalties are breaker.py's (LineCost.cost, _last_line_cost, unjustifiable),
 * their constants handed over once by `configure`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* breaker.py's constants and prepare.py's break kinds (configure). */
static double EPS, STRETCH_UNIT_EM, STRETCH_WEIGHT, ORPHAN_PENALTY, OVERFULL_PENALTY, UNJUSTIFIABLE;
static double BREAK_PENALTY[5];     /* by break kind; kinds are 0..4 */
static int K_BREAK = -1, K_HYPHEN = -1, K_RELAX = -1, K_URL = -1;

/* CPython's float ** 2 is pow(|x|, 2.0) from libm: called through a volatile
 * pointer so that the compiler does not replace it by x * x. */
static double (*volatile libm_pow)(double, double) = pow;

static double square(double x) { return libm_pow(fabs(x), 2.0); }

/* One paragraph's arrays (prepare.Prepared) and one pass's LineCost numbers. */
typedef struct {
    Py_ssize_t n;
    double *PW, *PG, *PS, *start_fix, *start_sfix, *gap_shr, *end_fix, *end_sfix, *shr;
    long long *PE, *PN;
    signed char *brk, *hang, *ok;
    double m, m0, shrink_base, shrink_weight, hyphen_w, last_end_fix, last_end_sfix;
    int relaxed, orphan_on;
    Py_ssize_t orphan_after, orphan_upto;
} Para;

/* -- reading the Python lists ------------------------------------------------ */

static int read_doubles(PyObject *seq, Py_ssize_t len, double *out, const char *name) {
    PyObject *fast = PySequence_Fast(seq, name);
    if (fast == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(fast) != len) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s: %zd values expected", name, len);
        return -1;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t k = 0; k < len; k++) {
        PyObject *v = items[k];
        out[k] = PyFloat_CheckExact(v) ? PyFloat_AS_DOUBLE(v) : PyFloat_AsDouble(v);
        if (out[k] == -1.0 && PyErr_Occurred()) { Py_DECREF(fast); return -1; }
    }
    Py_DECREF(fast);
    return 0;
}

static int read_ints(PyObject *seq, Py_ssize_t len, long long *out, const char *name) {
    PyObject *fast = PySequence_Fast(seq, name);
    if (fast == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(fast) != len) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s: %zd values expected", name, len);
        return -1;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t k = 0; k < len; k++) {
        out[k] = PyLong_AsLongLong(items[k]);
        if (out[k] == -1 && PyErr_Occurred()) { Py_DECREF(fast); return -1; }
    }
    Py_DECREF(fast);
    return 0;
}

/* Break kinds (small ints) or truth values (bools) as bytes. */
static int read_flags(PyObject *seq, Py_ssize_t len, signed char *out, int truth, const char *name) {
    PyObject *fast = PySequence_Fast(seq, name);
    if (fast == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(fast) != len) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s: %zd values expected", name, len);
        return -1;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t k = 0; k < len; k++) {
        long v = truth ? PyObject_IsTrue(items[k]) : PyLong_AsLong(items[k]);
        if (v == -1 && PyErr_Occurred()) { Py_DECREF(fast); return -1; }
        if (!truth && (v < 0 || v > 4)) {
            Py_DECREF(fast);
            PyErr_Format(PyExc_ValueError, "%s: break kind %ld", name, v);
            return -1;
        }
        out[k] = (signed char)v;
    }
    Py_DECREF(fast);
    return 0;
}

/* -- LineCost (breaker.py), for one line i..j-1 ---------------------------------- */

/* LineCost.natural */
static double natural(const Para *p, Py_ssize_t i, Py_ssize_t j) {
    double nat = p->PW[j] - p->PW[i] + p->PG[j] - p->PG[i + 1] + p->start_fix[i];
    if (j == p->n) return nat + p->last_end_fix;
    Py_ssize_t k = j - 1;
    nat += p->end_fix[k];
    if (p->brk[j] == K_HYPHEN) nat += p->hyphen_w;
    if (p->hang[k]) nat -= p->PW[j] - p->PW[k] + p->end_fix[k];
    return nat;
}

/* LineCost.shrinkable */
static double shrinkable(const Para *p, Py_ssize_t i, Py_ssize_t j) {
    double a = p->PS[j] - p->PS[i] - p->gap_shr[i] + p->start_sfix[i];
    if (j == p->n) return a + p->last_end_sfix;
    Py_ssize_t k = j - 1;
    return p->hang[k] ? a - p->shr[k] : a + p->end_sfix[k];
}

/* breaker.unjustifiable */
static double unjustifiable(double slack) {
    if (slack < 1e-6) return 0.0;
    double per_gap = slack / STRETCH_UNIT_EM;
    return UNJUSTIFIABLE + STRETCH_WEIGHT * per_gap * per_gap;
}

static int is_orphan(const Para *p, Py_ssize_t start) {
    return start > 0 && p->orphan_after < start && start <= p->orphan_upto;
}

/* LineCost._last_line_cost: 0 when the line cannot be set (Python's None). */
static int last_line_cost(const Para *p, Py_ssize_t i, double slack, double *out) {
    double bad = 0.0;
    if (slack < -EPS) {
        double room = shrinkable(p, i, p->n);
        if (-slack > room + EPS) return 0;
        bad = p->shrink_base + p->shrink_weight * square(slack / room);
    }
    *out = bad + ((p->orphan_on && is_orphan(p, i)) ? ORPHAN_PENALTY : 0.0);
    return 1;
}

/* LineCost.cost: 0 when the line cannot be set (Python's None). */
static int line_cost(const Para *p, Py_ssize_t i, Py_ssize_t j, double *out) {
    double target = i == 0 ? p->m0 : p->m;
    double slack = target - (p->PW[j] - p->PW[i] + p->PG[j] - p->PG[i + 1] + p->start_fix[i]);
    if (j == p->n) return last_line_cost(p, i, slack - p->last_end_fix, out);
    int kind = p->brk[j];
    if (kind == K_HYPHEN || p->hang[j - 1])
        slack = target - natural(p, i, j);
    else
        slack -= p->end_fix[j - 1];
    if (slack < -EPS) {
        double room = shrinkable(p, i, j);
        if (-slack > room + EPS) return 0;
        *out = p->shrink_base + p->shrink_weight * square(slack / room) + BREAK_PENALTY[kind];
        return 1;
    }
    long long gaps = p->PE[j] - p->PE[i + 1] + p->PN[j] - p->PN[i + 1];
    if (gaps <= 0) {
        *out = unjustifiable(slack) + BREAK_PENALTY[kind];
        return 1;
    }
    double per_gap = slack / ((double)gaps * STRETCH_UNIT_EM);
    *out = STRETCH_WEIGHT * per_gap * per_gap + BREAK_PENALTY[kind];
    return 1;
}

/* breaker._cheapest_start over starts[0..count-1] (or lo..hi when starts is NULL). */
static void cheapest_start(const Para *p, const double *best, const Py_ssize_t *starts, Py_ssize_t count,
                           Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t j, double *best_j, Py_ssize_t *prev_j,
                           Py_ssize_t overfull_at) {
    Py_ssize_t total = starts ? count : hi - lo + 1;
    for (Py_ssize_t t = 0; t < total; t++) {
        Py_ssize_t i = starts ? starts[t] : lo + t;
        if (!p->ok[i] || best[i] >= *best_j) continue;
        double c;
        if (!line_cost(p, i, j, &c)) {
            if (i != overfull_at) continue;
            c = OVERFULL_PENALTY;
        }
        if (best[i] + c < *best_j) {
            *best_j = best[i] + c;
            *prev_j = i;
        }
    }
}

/* -- the dynamic programme (breaker._best_ends, with _Window's pointers) --------- */

typedef struct { double max_w, min_w, first_min_w, fast_max_w; } Window;

static void best_ends(const Para *p, const Window *w, const double *PR, const double *PQ, const double *PA,
                      double *best, Py_ssize_t *prev) {
    Py_ssize_t n = p->n, lo_ptr = 0, hi_ptr = 0, fast_ptr = 0;
    int odd_ends = 0;
    for (Py_ssize_t k = 0; k <= n && !odd_ends; k++) odd_ends = p->brk[k] == K_HYPHEN;
    for (Py_ssize_t k = 0; k < n && !odd_ends; k++) odd_ends = p->hang[k];
    for (Py_ssize_t j = 1; j <= n; j++) {
        if (!p->ok[j]) continue;
        double PRj = PR[j], PQj = PQ[j];
        while (lo_ptr < n && PRj - PR[lo_ptr] > w->max_w) lo_ptr++;
        while (hi_ptr + 1 < j && PQj - PQ[hi_ptr + 1] >= w->min_w) hi_ptr++;
        Py_ssize_t lo = lo_ptr;
        Py_ssize_t hi = j == n ? j - 1 : (PQj - PQ[hi_ptr] >= w->min_w ? hi_ptr : -1);
        double best_j = Py_HUGE_VAL;
        Py_ssize_t prev_j = -1;
        int first = PRj <= w->max_w && (lo > 0 || hi < 0) && PQj >= w->first_min_w;
        int last_resort = p->relaxed && p->ok[j - 1];
        if (first || (p->relaxed && best[j - 1] < Py_HUGE_VAL && p->ok[j - 1])) {
            Py_ssize_t outside[2], count = 0;        /* breaker._outside_starts */
            if (first) outside[count++] = 0;
            if (last_resort) outside[count++] = j - 1;
            cheapest_start(p, best, outside, count, 0, -1, j, &best_j, &prev_j, p->relaxed ? j - 1 : -1);
        }
        if (j == n || (odd_ends && (p->brk[j] == K_HYPHEN || p->hang[j - 1]))) {   /* not the fast case */
            cheapest_start(p, best, NULL, 0, lo, hi, j, &best_j, &prev_j, -1);
            best[j] = best_j;
            prev[j] = prev_j;
            continue;
        }
        if (lo == 0 && hi >= 0) {                      /* the first line has its own measure */
            Py_ssize_t zero = 0;
            cheapest_start(p, best, &zero, 1, 0, -1, j, &best_j, &prev_j, -1);
            lo = 1;
        }
        double PAj = PA[j];
        while (fast_ptr < n && PAj - PA[fast_ptr] > w->fast_max_w) fast_ptr++;
        if (fast_ptr > lo) lo = fast_ptr;
        /* The fast case: LineCost.cost for i >= 1, j < n, a plain, URL or relaxed break. */
        double penalty = BREAK_PENALTY[p->brk[j]];
        double efix = p->end_fix[j - 1], esfix = p->end_sfix[j - 1];
        double PWj = p->PW[j], PGj = p->PG[j], PSj = p->PS[j];
        long long PENj = p->PE[j] + p->PN[j];
        for (Py_ssize_t i = lo; i <= hi; i++) {
            double b = best[i];
            if (b >= best_j) continue;
            double slack = p->m - (PWj - p->PW[i] + PGj - p->PG[i + 1] + p->start_fix[i]) - efix;
            double c;
            if (slack < -EPS) {
                double room = PSj - p->PS[i] - p->gap_shr[i] + p->start_sfix[i] + esfix;
                if (-slack > room + EPS) continue;
                c = p->shrink_base + p->shrink_weight * square(slack / room) + penalty;
            } else {
                long long gaps = PENj - (p->PE[i + 1] + p->PN[i + 1]);
                if (gaps <= 0) {
                    c = unjustifiable(slack) + penalty;
                } else {
                    double per_gap = slack / ((double)gaps * STRETCH_UNIT_EM);
                    c = STRETCH_WEIGHT * per_gap * per_gap + penalty;
                }
            }
            if (b + c < best_j) {
                best_j = b + c;
                prev_j = i;
            }
        }
        best[j] = best_j;
        prev[j] = prev_j;
    }
}


/* == justify.py: setting the lines a paragraph was broken into =================

 * set_lines does what justify.build_line does before it makes the line's
 * objects — the _LineBox widths, its natural width, the §1.5 shrink, the
 * glyph x positions (_place) — for every line that needs no expansion (a
 * line set at its natural width or shrunk: on the body-flow text nine lines
 * in ten); for the others, and for a paragraph whose marks are centred
 * (TW/HK) or whose em or indent is not a float, it answers None and
 * build_line sets the line.  Sums are Python's sum(): below 3.12 a plain
 * left-to-right double sum (0.0 + x0 + x1 …); from 3.12 on sum() of floats
 * is compensated, so there the builtin is called.
 */

static int C_OPEN = -1, C_SPACE = -1, L_HYPHEN = -1;
static signed char SHRINK_STEP[64];      /* §1.5 shrink step by class (0: none), prepare.SHRINK_BLANK_STEP */
static int SHRINK_ORDER[8], SHRINK_STEPS = 0;
static PyObject *BUILTIN_SUM;

static PyObject *configure_lines(PyObject *self, PyObject *args) {
    PyObject *steps, *order, *sum_fn;
    if (!PyArg_ParseTuple(args, "iiiOOO", &C_OPEN, &C_SPACE, &L_HYPHEN, &steps, &order, &sum_fn)) return NULL;
    PyObject *fs = PySequence_Fast(steps, "steps"), *fo = fs ? PySequence_Fast(order, "order") : NULL;
    if (fo == NULL) { Py_XDECREF(fs); return NULL; }
    Py_ssize_t ns = PySequence_Fast_GET_SIZE(fs), no = PySequence_Fast_GET_SIZE(fo);
    int ok = ns <= 64 && no <= 8;
    for (Py_ssize_t k = 0; ok && k < ns; k++) SHRINK_STEP[k] = (signed char)PyLong_AsLong(PySequence_Fast_GET_ITEM(fs, k));
    for (Py_ssize_t k = 0; ok && k < no; k++) SHRINK_ORDER[k] = (int)PyLong_AsLong(PySequence_Fast_GET_ITEM(fo, k));
    Py_DECREF(fs);
    Py_DECREF(fo);
    if (!ok) { PyErr_SetString(PyExc_ValueError, "too many classes or steps"); return NULL; }
    if (PyErr_Occurred()) return NULL;
    SHRINK_STEPS = (int)no;
    Py_XSETREF(BUILTIN_SUM, Py_NewRef(sum_fn));
    Py_RETURN_NONE;
}

/* sum(values[0..count-1]) as Python's builtin computes it for a list of floats. */
static int py_sum(const double *values, Py_ssize_t count, double *out) {
#if PY_VERSION_HEX < 0x030C0000
    double total = 0.0;
    for (Py_ssize_t k = 0; k < count; k++) total += values[k];
    *out = total;
    return 0;
#else
    PyObject *list = PyList_New(count);
    for (Py_ssize_t k = 0; list != NULL && k < count; k++) {
        PyObject *v = PyFloat_FromDouble(values[k]);
        if (v == NULL) { Py_CLEAR(list); break; }
        PyList_SET_ITEM(list, k, v);
    }
    PyObject *total = list ? PyObject_CallOneArg(BUILTIN_SUM, list) : NULL;
    Py_XDECREF(list);
    if (total == NULL) return -1;
    *out = PyFloat_AsDouble(total);
    Py_DECREF(total);
    return PyErr_Occurred() ? -1 : 0;
#endif
}

/* One paragraph's arrays, as justify.py reads them. */
typedef struct {
    Py_ssize_t n, tag_start;
    long *cls, *brk;
    double *wm, *cut_left, *cut_right, *gap, *start_fix, *end_fix, *shift, *shr, *gap_shr, *lb, *rb;
    signed char *hang, *mark;
    double hyphen_w, em;
    int shrink_stops, grid_strict;
} Lines;

/* The mutable widths of one line (_LineBox), index k − start. */
typedef struct {
    Py_ssize_t start, end;
    int last, hang;
    double *width, *left_cut, *gap;
} Box;

/* _LineBox.shrink: the §1.5 shrink steps in SHRINK_ORDER, each spread over
 * all its instances in proportion, until `need` is found. */
static int shrink(const Lines *L, Box *b, double need, double *items, Py_ssize_t *where, char *kinds,
                  double *shrunk) {
    Py_ssize_t start = b->start, end = b->end, count;
    double done = 0.0;
    for (int s = 0; s < SHRINK_STEPS; s++) {
        int step = SHRINK_ORDER[s];
        if (need - done <= 1e-12) break;
        count = 0;
        if (step == 2) {                                   /* word spaces (not the one at the end) */
            for (Py_ssize_t k = start; k < end - 1; k++)
                if (L->cls[k] == C_SPACE && L->shr[k] > 0) { items[count] = L->shr[k]; where[count] = k; kinds[count++] = 'w'; }
        } else if (step == 6) {                            /* CJK–Latin gaps */
            for (Py_ssize_t k = start + 1; k < end; k++)
                if (L->gap_shr[k] > 0) { items[count] = L->gap_shr[k]; where[count] = k; kinds[count++] = 'g'; }
        } else {                                           /* the marks' blanks (_collect_blanks) */
            for (Py_ssize_t k = start; k < end; k++) {
                long c = L->cls[k];
                if (!L->mark[k] || c < 0 || c >= 64) continue;
                int blank_step = SHRINK_STEP[c];
                if (blank_step == 0 || (blank_step == 7 && !L->shrink_stops)) continue;
                if (b->hang && k == end - 1) continue;      /* a hung mark sits outside the measure */
                double amount;
                if (c == C_OPEN) amount = k == start ? 0.0 : L->lb[k] - L->cut_left[k];
                else if (k == end - 1 && !b->last) amount = L->grid_strict ? L->rb[k] : 0.0;
                else amount = L->rb[k] - L->cut_right[k];
                if (amount > 0 && blank_step == step) {
                    items[count] = amount;
                    where[count] = k;
                    kinds[count++] = c == C_OPEN ? 'o' : 'b';
                }
            }
        }
        double total;
        if (py_sum(items, count, &total) < 0) return -1;
        if (total <= 0) continue;
        double factor = (need - done) / total;
        if (!(factor < 1.0)) factor = 1.0;                  /* min(1.0, factor) */
        for (Py_ssize_t t = 0; t < count; t++) {           /* _LineBox._take */
            double amount = items[t] * factor;
            Py_ssize_t at = where[t] - start;
            if (kinds[t] == 'g') {
                b->gap[at] -= amount;
            } else {
                b->width[at] -= amount;
                if (kinds[t] == 'o') b->left_cut[at] += amount;    /* OPEN: the ink keeps its place */
            }
        }
        done += total * factor;
    }
    *shrunk = done;
    return 0;
}

static int read_longs(PyObject *seq, Py_ssize_t len, long *out, const char *name) {
    PyObject *fast = PySequence_Fast(seq, name);
    if (fast == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(fast) < len) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s: %zd values expected", name, len);
        return -1;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t k = 0; k < len; k++) {
        out[k] = PyLong_AsLong(items[k]);
        if (out[k] == -1 && PyErr_Occurred()) { Py_DECREF(fast); return -1; }
    }
    Py_DECREF(fast);
    return 0;
}

/* The paragraph's arrays justify.py reads, into one block (freed at once). */
static void *read_lines(PyObject *prep, Lines *L) {
    Py_ssize_t n = L->n, n1 = n + 1;
    char *block = calloc(1, (size_t)n1 * (11 * sizeof(double) + 2 * sizeof(long) + 2));
    if (block == NULL) { PyErr_NoMemory(); return NULL; }
    double *d = (double *)block;
    double **doubles[] = {&L->wm, &L->cut_left, &L->cut_right, &L->gap, &L->start_fix, &L->end_fix, &L->shift,
                          &L->shr, &L->gap_shr, &L->lb, &L->rb};
    const char *names[] = {"wm", "cut_left", "cut_right", "gap", "start_fix", "end_fix", "shift", "shr",
                           "gap_shr", "lb", "rb"};
    for (int a = 0; a < 11; a++) *doubles[a] = d + a * n1;
    L->cls = (long *)(d + 11 * n1);
    L->brk = L->cls + n1;
    L->hang = (signed char *)(L->brk + n1);
    L->mark = L->hang + n1;
    int failed = 0;
    for (int a = 0; a < 11 && !failed; a++) {
        PyObject *v = PyObject_GetAttrString(prep, names[a]);
        failed = v == NULL || read_doubles(v, n, *doubles[a], names[a]) < 0;
        Py_XDECREF(v);
    }
    PyObject *v = failed ? NULL : PyObject_GetAttrString(prep, "cls");
    failed = failed || v == NULL || read_longs(v, n, L->cls, "cls") < 0;
    Py_XDECREF(v);
    v = failed ? NULL : PyObject_GetAttrString(prep, "brk");
    failed = failed || v == NULL || read_longs(v, n1, L->brk, "brk") < 0;
    Py_XDECREF(v);
    v = failed ? NULL : PyObject_GetAttrString(prep, "hangable");
    failed = failed || v == NULL || read_flags(v, n, L->hang, 1, "hangable") < 0;
    Py_XDECREF(v);
    v = failed ? NULL : PyObject_GetAttrString(prep, "nonhan");
    PyObject *fast = v ? PySequence_Fast(v, "nonhan") : NULL;
    Py_XDECREF(v);
    failed = failed || fast == NULL;
    for (Py_ssize_t t = 0; !failed && t < PySequence_Fast_GET_SIZE(fast); t++) {
        Py_ssize_t k = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(fast, t));
        if (k < 0 || k >= n) failed = 1;
        else L->mark[k] = 1;
    }
    Py_XDECREF(fast);
    if (failed) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "nonhan");
        free(block);
        return NULL;
    }
    return block;
}

/* One line start..end-1 as build_line sets it, or 0 (*line None) when it
 * expands or flushes a source tag right (left to Python). */
static int set_line(const Lines *L, Py_ssize_t start, Py_ssize_t end, double measure_em, double indent_em,
                    double *scratch, Py_ssize_t *where, char *kinds, PyObject **line) {
    Py_ssize_t len = end - start, n = L->n;
    Box b = {start, end, end == n, 0, scratch, scratch + len, scratch + 2 * len};
    double *items = scratch + 3 * len, *pens = scratch + 4 * len;
    *line = NULL;
    for (Py_ssize_t t = 0; t < len; t++) {            /* _LineBox.__init__ */
        b.width[t] = L->wm[start + t];
        b.left_cut[t] = L->cut_left[start + t];
        b.gap[t] = L->gap[start + t];
    }
    b.gap[0] = 0.0;
    int marks = 0;
    for (Py_ssize_t k = start; k < end && !marks; k++) marks = L->mark[k];
    if (L->cls[start] == C_OPEN) {                     /* C4: trimmed (half) or whole (full) */
        b.width[0] += L->start_fix[start];
        b.left_cut[0] = L->cut_left[start] - L->start_fix[start];
    }
    Py_ssize_t k = end - 1;                            /* _LineBox._apply_end */
    if (L->cls[k] == C_SPACE) {
        b.width[len - 1] = 0.0;
    } else if (!b.last) {
        b.width[len - 1] += L->end_fix[k];
        b.hang = L->hang[k];
    }
    int hyphen = !b.last && L->brk[end] == L_HYPHEN;
    double widths, gaps;                               /* _LineBox.natural */
    if (py_sum(b.width, len, &widths) < 0 || py_sum(b.gap + 1, len - 1, &gaps) < 0) return -1;
    double natural = widths + gaps;
    if (b.hang) natural -= b.width[len - 1];
    natural = natural + (hyphen ? L->hyphen_w : 0.0);
    double slack = measure_em - indent_em - natural, shrunk = 0.0;
    if (slack < -1e-9) {
        if (shrink(L, &b, -slack, items, where, kinds, &shrunk) < 0) return -1;
    } else if (!b.last && slack > 1e-9) {
        return 0;                                      /* expansion: build_line */
    } else if (b.last && slack > 1e-9 && start <= L->tag_start && L->tag_start < end) {
        return 0;                                      /* the source tag flush right: build_line */
    }
    double pen = indent_em + 0.0;                      /* _place: indent + lead, then the running sum */
    for (Py_ssize_t t = 0; t < len; t++) {
        if (t > 0) pen += b.gap[t];
        pens[t] = pen;
        pen += b.width[t];
    }
    PyObject *xs = PyList_New(len);
    for (Py_ssize_t t = 0; xs != NULL && t < len; t++) {
        double x = marks ? (pens[t] - b.left_cut[t] + L->shift[start + t]) * L->em : pens[t] * L->em;
        PyObject *v = PyFloat_FromDouble(x);
        if (v == NULL) { Py_CLEAR(xs); break; }
        PyList_SET_ITEM(xs, t, v);
    }
    if (xs == NULL) return -1;
    double x = pen;
    if (b.hang) x -= b.width[len - 1];
    PyObject *hyphen_x = hyphen ? PyFloat_FromDouble(x * L->em) : Py_NewRef(Py_None);
    if (hyphen) x += L->hyphen_w;
    *line = hyphen_x ? Py_BuildValue("(NNddd)", xs, hyphen_x, natural, x, shrunk) : NULL;
    if (hyphen_x == NULL) Py_DECREF(xs);
    return *line ? 1 : -1;
}

/* set_lines(p, ranges, measure_em, first_indent_em, tag_start) → per range,
 * (xs, hyphen_x, natural_em, extent_em, shrink_em) as justify.build_line
 * computes them, or None for a line left to it. */
static PyObject *set_lines(PyObject *self, PyObject *args) {
    PyObject *prep, *ranges;
    double measure_em, first_indent;
    Lines L;
    if (C_OPEN < 0) {
        PyErr_SetString(PyExc_RuntimeError, "_speedups.configure_lines was not called");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "OOddnddpp", &prep, &ranges, &measure_em, &first_indent, &L.tag_start, &L.em,
                          &L.hyphen_w, &L.shrink_stops, &L.grid_strict))
        return NULL;
    PyObject *n_obj = PyObject_GetAttrString(prep, "n");
    if (n_obj == NULL) return NULL;
    L.n = PyLong_AsSsize_t(n_obj);
    Py_DECREF(n_obj);
    if (L.n < 1) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "an empty paragraph has no lines");
        return NULL;
    }
    PyObject *fast = PySequence_Fast(ranges, "ranges");
    if (fast == NULL) return NULL;
    void *block = read_lines(prep, &L);
    Py_ssize_t n = L.n, count = PySequence_Fast_GET_SIZE(fast);
    double *scratch = block ? malloc(sizeof(double) * 5 * (size_t)n + (sizeof(Py_ssize_t) + 1) * (size_t)n) : NULL;
    PyObject *out = scratch ? PyList_New(count) : NULL;
    if (block != NULL && scratch == NULL) PyErr_NoMemory();
    Py_ssize_t *where = scratch ? (Py_ssize_t *)(scratch + 5 * n) : NULL;
    char *kinds = where ? (char *)(where + n) : NULL;
    for (Py_ssize_t r = 0; out != NULL && r < count; r++) {
        Py_ssize_t start, end;
        PyObject *line = NULL;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, r), "nn", &start, &end)) { Py_CLEAR(out); break; }
        if (start < 0 || end > n || end <= start) {
            line = Py_NewRef(Py_None);                  /* not a line of this paragraph: build_line says so */
        } else if (set_line(&L, start, end, measure_em, start == 0 ? first_indent : 0.0, scratch, where, kinds,
                            &line) < 0) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, r, line ? line : Py_NewRef(Py_None));
    }
    Py_DECREF(fast);
    free(scratch);
    free(block);
    return out;
}

/* == prepare.py: the prefix sums ==============================================

 * prefix_sums does prepare._prefix_sums' element-wise maps and running sums
 * (itertools.accumulate with initial=0: entry 0 is the int 0, then each the
 * one before plus the next value, left to right) in one pass.  It answers
 * None unless the float arrays hold only floats and `elig` only ints — then
 * Python's own maps and sums run, and the types stay whatever they give.
 */

/* The items of a list of exact floats as doubles (0: some item is not one). */
static int exact_floats(PyObject *list, Py_ssize_t n, double *out) {
    if (!PyList_CheckExact(list) || PyList_GET_SIZE(list) != n) return 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *v = PyList_GET_ITEM(list, k);
        if (!PyFloat_CheckExact(v)) return 0;
        out[k] = PyFloat_AS_DOUBLE(v);
    }
    return 1;
}

/* [0, s0, s0 + v1, …] as Python's accumulate(values, initial=0) gives it. */
static PyObject *float_prefix(const double *values, Py_ssize_t n) {
    PyObject *out = PyList_New(n + 1);
    if (out == NULL) return NULL;
    PyList_SET_ITEM(out, 0, PyLong_FromLong(0));
    double total = 0.0;
    for (Py_ssize_t k = 0; k < n; k++) {
        total = k == 0 ? 0.0 + values[0] : total + values[k];     /* 0 + x is float(0) + x */
        PyObject *v = PyFloat_FromDouble(total);
        if (v == NULL) { Py_DECREF(out); return NULL; }
        PyList_SET_ITEM(out, k + 1, v);
    }
    if (PyList_GET_ITEM(out, 0) == NULL) { Py_DECREF(out); return NULL; }
    return out;
}

static PyObject *int_prefix(const long long *values, Py_ssize_t n) {
    PyObject *out = PyList_New(n + 1);
    long long total = 0;
    for (Py_ssize_t k = 0; out != NULL && k <= n; k++) {
        if (k > 0) total += values[k - 1];
        PyObject *v = PyLong_FromLongLong(total);
        if (v == NULL) { Py_CLEAR(out); break; }
        PyList_SET_ITEM(out, k, v);
    }
    return out;
}

/* prefix_sums(adv, cut_left, cut_right, gap, shr, gap_shr, elig, cap) →
 * (wm, PW, PG, PS, PE, PN) as prepare._prefix_sums makes them, or None. */
static PyObject *prefix_sums(PyObject *self, PyObject *args) {
    PyObject *lists[8];
    if (!PyArg_ParseTuple(args, "OOOOOOOO", &lists[0], &lists[1], &lists[2], &lists[3], &lists[4], &lists[5],
                          &lists[6], &lists[7]))
        return NULL;
    if (!PyList_CheckExact(lists[0])) Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(lists[0]);
    double *d = malloc(sizeof(double) * 9 * (size_t)(n + 1));
    long long *ints = malloc(sizeof(long long) * 2 * (size_t)(n + 1));
    if (d == NULL || ints == NULL) { free(d); free(ints); return PyErr_NoMemory(); }
    double *adv = d, *cl = d + n, *cr = d + 2 * n, *gap = d + 3 * n, *shr = d + 4 * n, *gshr = d + 5 * n,
           *cap = d + 6 * n, *wm = d + 7 * n, *ps = d + 8 * n;
    long long *elig = ints, *pn = ints + n;
    int exact = exact_floats(lists[0], n, adv) && exact_floats(lists[1], n, cl) && exact_floats(lists[2], n, cr)
                && exact_floats(lists[3], n, gap) && exact_floats(lists[4], n, shr)
                && exact_floats(lists[5], n, gshr) && exact_floats(lists[7], n, cap)
                && PyList_CheckExact(lists[6]) && PyList_GET_SIZE(lists[6]) == n;
    for (Py_ssize_t k = 0; exact && k < n; k++) {
        PyObject *e = PyList_GET_ITEM(lists[6], k);
        exact = PyLong_CheckExact(e);
        elig[k] = exact ? PyLong_AsLongLong(e) : 0;
        if (elig[k] == -1 && PyErr_Occurred()) { free(d); free(ints); return NULL; }
        wm[k] = adv[k] - cl[k] - cr[k];                 /* adv − cut_left − cut_right */
        ps[k] = shr[k] + gshr[k];
        pn[k] = cap[k] != 0.0;                          /* bool(cap): a gap that can expand */
    }
    PyObject *result = NULL;
    if (!exact) {
        result = Py_NewRef(Py_None);
    } else {
        PyObject *wm_list = PyList_New(n);
        for (Py_ssize_t k = 0; wm_list != NULL && k < n; k++) {
            PyObject *v = PyFloat_FromDouble(wm[k]);
            if (v == NULL) { Py_CLEAR(wm_list); break; }
            PyList_SET_ITEM(wm_list, k, v);
        }
        PyObject *pw = wm_list ? float_prefix(wm, n) : NULL, *pg = pw ? float_prefix(gap, n) : NULL;
        PyObject *pss = pg ? float_prefix(ps, n) : NULL, *pe = pss ? int_prefix(elig, n) : NULL;
        PyObject *pnn = pe ? int_prefix(pn, n) : NULL;
        if (pnn != NULL) result = PyTuple_Pack(6, wm_list, pw, pg, pss, pe, pnn);
        Py_XDECREF(wm_list);
        Py_XDECREF(pw);
        Py_XDECREF(pg);
        Py_XDECREF(pss);
        Py_XDECREF(pe);
        Py_XDECREF(pnn);
    }
    free(d);
    free(ints);
    return result;
}

/* -- per-character passes of prepare.py ---------------------------------------------------- */

/* classify_bmp(text, table) -> the class of every character (classes.classify
 * before R6): table[code point] for the BMP (a bytes object of 65,536 classes,
 * classes._TABLE with HAN, 0, elsewhere), HAN above it; None when table is
 * not such a bytes object.  R6 (runs of U+2014) stays in classes.py. */
static PyObject *classify_bmp(PyObject *self, PyObject *args) {
    PyObject *text, *table;
    if (!PyArg_ParseTuple(args, "UO", &text, &table)) return NULL;
    if (!PyBytes_CheckExact(table) || PyBytes_GET_SIZE(table) != 0x10000) Py_RETURN_NONE;
    const unsigned char *classes = (const unsigned char *)PyBytes_AS_STRING(table);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(n);
    if (out == NULL) return NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, k);
        PyObject *c = PyLong_FromLong(cp < 0x10000 ? classes[cp] : 0);    /* small ints: cached */
        if (c == NULL) { Py_DECREF(out); return NULL; }
        PyList_SET_ITEM(out, k, c);
    }
    return out;
}

/* measure_run(text, cls, start, records, bmp, scale) -> (draw, dface, cell, shift)
 * when every character of `text` has a record (prepare._glyph_record: class,
 * draw, draw face, cell, shift) whose class is cls[start + m]: the records'
 * draw and draw face, and their cell and shift × scale (scale 1.0: the
 * records' own floats), as prepare._measure_glyphs's Python passes make
 * them; None when some record is missing or of another class (the Python
 * passes make it).  A BMP character's record is bmp[code point] (a list of
 * 65,536: None where there is none yet), another's records[character]. */
static PyObject *measure_run(PyObject *self, PyObject *args) {
    PyObject *text, *cls, *records, *bmp;
    Py_ssize_t start;
    double scale;
    if (!PyArg_ParseTuple(args, "UO!nO!O!d", &text, &PyList_Type, &cls, &start, &PyDict_Type, &records,
                          &PyList_Type, &bmp, &scale))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (start < 0 || start + n > PyList_GET_SIZE(cls) || PyList_GET_SIZE(bmp) != 0x10000) Py_RETURN_NONE;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out[4] = {PyList_New(n), PyList_New(n), PyList_New(n), PyList_New(n)};
    int ok = out[0] && out[1] && out[2] && out[3], found = 1;
    for (Py_ssize_t m = 0; ok && found && m < n; m++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, m);
        PyObject *rec;
        if (cp < 0x10000) {
            rec = PyList_GET_ITEM(bmp, cp);                       /* borrowed */
        } else {
            PyObject *key = PyUnicode_FromOrdinal(cp);
            rec = key ? PyDict_GetItemWithError(records, key) : NULL;
            Py_XDECREF(key);
            if (rec == NULL && PyErr_Occurred()) { ok = 0; break; }
        }
        found = rec != NULL && PyTuple_CheckExact(rec) && PyTuple_GET_SIZE(rec) == 5
                && PyFloat_CheckExact(PyTuple_GET_ITEM(rec, 3)) && PyFloat_CheckExact(PyTuple_GET_ITEM(rec, 4));
        if (!found) break;
        int same = PyObject_RichCompareBool(PyTuple_GET_ITEM(rec, 0), PyList_GET_ITEM(cls, start + m), Py_EQ);
        if (same < 0) { ok = 0; break; }
        if (!(found = same)) break;
        PyObject *cell = PyTuple_GET_ITEM(rec, 3), *shift = PyTuple_GET_ITEM(rec, 4);
        if (scale != 1.0) {               /* x * 1.0 == x: else the record's own floats */
            cell = PyFloat_FromDouble(PyFloat_AS_DOUBLE(cell) * scale);
            shift = cell ? PyFloat_FromDouble(PyFloat_AS_DOUBLE(shift) * scale) : NULL;
            if (shift == NULL) { Py_XDECREF(cell); ok = 0; break; }
        } else {
            Py_INCREF(cell);
            Py_INCREF(shift);
        }
        PyObject *draw = PyTuple_GET_ITEM(rec, 1), *dface = PyTuple_GET_ITEM(rec, 2);
        Py_INCREF(draw);
        Py_INCREF(dface);
        PyList_SET_ITEM(out[0], m, draw);
        PyList_SET_ITEM(out[1], m, dface);
        PyList_SET_ITEM(out[2], m, cell);
        PyList_SET_ITEM(out[3], m, shift);
    }
    PyObject *result = NULL;
    if (ok && found) result = PyTuple_Pack(4, out[0], out[1], out[2], out[3]);
    else if (ok) result = Py_NewRef(Py_None);
    for (int i = 0; i < 4; i++) Py_XDECREF(out[i]);      /* (unset items are NULL: list dealloc skips them) */
    return result;
}

/* == prepare.py: the width, justification and break passes ====================
 *
 * The per-character passes of prepare() that follow the glyph look-ups, each
 * the C of one Python function, which stays its oracle (the same floats: the
 * same expressions in the same order; tests/compose/test_speedups.py compares
 * every array).  As the Python passes do, they visit only the positions that
 * are not ideographs (nonhan, mixed_pairs) and start from lists of one shared
 * 0.0: a paragraph's arrays are mostly zeros.  Each answers None unless the
 * items it reads are what the common case holds (floats, class ints); then
 * the Python pass runs:
 *   punct_blanks      _apply_punct_style (no centred marks; C2 stays Python)
 *   compress_cuts     _compress_pairs
 *   place_gaps        _place_gaps
 *   shrink_stretch    _mark_shrink_and_stretch
 *   boundary_fixes    _line_boundary_fixes
 *   break_kinds       _mark_breaks' table look-ups
 *   nonhan_pairs      prepare's nonhan and _pairs_touching
 * Constants (classes, §1.5 limits, the stretch-pair table) come once from
 * configure_prepare. */

#define MAX_CLASSES 32
static double P_HALF, P_SPACE_MIN, P_SPACE_MAX, P_GAP_MIN, P_GAP_MAX;
static long P_OPEN = -1, P_CLOSE = -1, P_PAUSE = -1, P_STOP = -1, P_EXCL = -1, P_SPACE = -1;
static long P_NCLASSES = 0;
static signed char P_SHRINK_STEP[MAX_CLASSES];       /* class → §1.5 shrink step, 0: none */
static signed char P_GAP_WESTERN[MAX_CLASSES];       /* class takes a CJK–Latin gap (L1) */
static long P_STRETCH[MAX_CLASSES * MAX_CLASSES];    /* _STRETCH_PAIR[a][b] */
static PyObject *P_ZERO;                             /* the shared 0.0 of new arrays */

static PyObject *configure_prepare(PyObject *self, PyObject *args) {
    PyObject *steps, *western, *stretch;
    if (!PyArg_ParseTuple(args, "dddddllllllO!O!O!", &P_HALF, &P_SPACE_MIN, &P_SPACE_MAX, &P_GAP_MIN, &P_GAP_MAX,
                          &P_OPEN, &P_CLOSE, &P_PAUSE, &P_STOP, &P_EXCL, &P_SPACE, &PyList_Type, &steps,
                          &PyList_Type, &western, &PyList_Type, &stretch))
        return NULL;
    P_NCLASSES = 0;
    Py_ssize_t n = PyList_GET_SIZE(steps);
    if (n > MAX_CLASSES || PyList_GET_SIZE(western) != n || PyList_GET_SIZE(stretch) != n) {
        PyErr_SetString(PyExc_ValueError, "configure_prepare: one entry per class, at most 32 classes");
        return NULL;
    }
    for (Py_ssize_t a = 0; a < n; a++) {
        PyObject *row = PyList_GET_ITEM(stretch, a);
        if (!PyList_Check(row) || PyList_GET_SIZE(row) != n) {
            PyErr_SetString(PyExc_ValueError, "configure_prepare: the stretch table is classes × classes");
            return NULL;
        }
        P_SHRINK_STEP[a] = (signed char)PyLong_AsLong(PyList_GET_ITEM(steps, a));
        P_GAP_WESTERN[a] = (signed char)PyObject_IsTrue(PyList_GET_ITEM(western, a));
        for (Py_ssize_t b = 0; b < n; b++) P_STRETCH[a * MAX_CLASSES + b] = PyLong_AsLong(PyList_GET_ITEM(row, b));
    }
    if (PyErr_Occurred()) return NULL;
    if (P_ZERO == NULL && (P_ZERO = PyFloat_FromDouble(0.0)) == NULL) return NULL;
    P_NCLASSES = (long)n;
    Py_RETURN_NONE;
}

/* A pass's view of its inputs: items read where the pass needs them, and
 * `bad` set (the pass then answers None) when one is not what it should be. */
typedef struct { int bad; } Reads;

static double float_at(Reads *r, PyObject *list, Py_ssize_t k) {
    PyObject *v = PyList_GET_ITEM(list, k);
    if (!PyFloat_CheckExact(v)) { r->bad = 1; return 0.0; }
    return PyFloat_AS_DOUBLE(v);
}

static long int_at(Reads *r, PyObject *list, Py_ssize_t k, long bound) {
    PyObject *v = PyList_GET_ITEM(list, k);
    long x = PyLong_CheckExact(v) ? PyLong_AsLong(v) : -1;
    if (x == -1 && PyErr_Occurred()) PyErr_Clear();
    if (x < 0 || x >= bound) { r->bad = 1; return 0; }
    return x;
}

/* Whether the lists are lists of n items (the class list first). */
static int sized(Py_ssize_t n, PyObject **lists, int count) {
    for (int i = 0; i < count; i++)
        if (!PyList_CheckExact(lists[i]) || PyList_GET_SIZE(lists[i]) != n) return 0;
    return 1;
}

/* A new list of n shared 0.0s. */
/* A new list of n references to `value` (NULL: value was NULL, or no memory). */
static PyObject *filled(Py_ssize_t n, PyObject *value) {
    PyObject *out = value != NULL ? PyList_New(n) : NULL;
    for (Py_ssize_t k = 0; out != NULL && k < n; k++) {
        Py_INCREF(value);
        PyList_SET_ITEM(out, k, value);
    }
    return out;
}

static PyObject *zeros(Py_ssize_t n) { return filled(n, P_ZERO); }

/* list[k] = v, a new reference it takes over (NULL: a failed allocation); 0 on failure. */
static int put_object(PyObject *list, Py_ssize_t k, PyObject *v) {
    if (v == NULL) return 0;
    PyObject *old = PyList_GET_ITEM(list, k);
    PyList_SET_ITEM(list, k, v);
    Py_DECREF(old);
    return 1;
}

static int put(PyObject *list, Py_ssize_t k, double v) { return put_object(list, k, PyFloat_FromDouble(v)); }

static int put_long(PyObject *list, Py_ssize_t k, long v) { return put_object(list, k, PyLong_FromLong(v)); }

/* The tuple of `count` new lists, or None when `bad` (or NULL on an error). */
static PyObject *answer(PyObject **lists, int count, int ok, Reads *r) {
    PyObject *result = NULL;
    if (ok && !r->bad) {
        result = PyTuple_New(count);
        for (int i = 0; result != NULL && i < count; i++) {
            PyTuple_SET_ITEM(result, i, lists[i]);
            lists[i] = NULL;
        }
    } else if (ok || !PyErr_Occurred()) {
        result = Py_NewRef(Py_None);
    }
    for (int i = 0; i < count; i++) Py_XDECREF(lists[i]);
    return result;
}

#define CLASS_AT(list, k) int_at(&r, (list), (k), P_NCLASSES)
#define NONHAN_AT(i) int_at(&r, nonhan, (i), n)

/* punct_blanks(cls, nonhan, size, em) -> (lb, rb) or None: the removable
 * blanks of the marks (§1.1) in the styles that keep every mark's cell
 * (quanjiao, hangmobanjiao: the caller asks only for those — kaiming and
 * banjiao change advances, which stays Python's). */
static PyObject *punct_blanks(PyObject *self, PyObject *args) {
    PyObject *cls, *nonhan, *size;
    double em;
    if (!PyArg_ParseTuple(args, "OO!Od", &cls, &PyList_Type, &nonhan, &size, &em)) return NULL;
    Py_ssize_t n = PyList_CheckExact(cls) ? PyList_GET_SIZE(cls) : 0;
    PyObject *arrays[2] = {cls, size};
    Reads r = {P_NCLASSES == 0 || n == 0 || !sized(n, arrays, 2)};
    PyObject *out[2] = {NULL, NULL};
    int ok = r.bad || ((out[0] = zeros(n)) != NULL && (out[1] = zeros(n)) != NULL);
    for (Py_ssize_t i = 0; ok && !r.bad && i < PyList_GET_SIZE(nonhan); i++) {
        long k = NONHAN_AT(i), c = r.bad ? 0 : CLASS_AT(cls, k);
        if (r.bad || !P_SHRINK_STEP[c]) continue;
        double half = P_HALF * float_at(&r, size, k) / em;
        if (!r.bad) ok = put(out[c == P_OPEN ? 0 : 1], k, half);      /* OPEN: left ½; the others right ½ */
    }
    return answer(out, 2, ok, &r);
}

/* compress_cuts(cls, nonhan, lb, rb, tight) -> (cut_left, cut_right) or None (C1). */
static PyObject *compress_cuts(PyObject *self, PyObject *args) {
    PyObject *cls, *nonhan, *lb, *rb;
    int tight;
    if (!PyArg_ParseTuple(args, "OO!OOp", &cls, &PyList_Type, &nonhan, &lb, &rb, &tight)) return NULL;
    Py_ssize_t n = PyList_CheckExact(cls) ? PyList_GET_SIZE(cls) : 0;
    PyObject *arrays[3] = {cls, lb, rb};
    Reads r = {P_NCLASSES == 0 || n == 0 || !sized(n, arrays, 3)};
    PyObject *out[2] = {NULL, NULL};
    int ok = r.bad || ((out[0] = zeros(n)) != NULL && (out[1] = zeros(n)) != NULL);
    PyObject *cut_left = out[0], *cut_right = out[1];
    for (Py_ssize_t i = 0; ok && !r.bad && i < PyList_GET_SIZE(nonhan); i++) {
        long k = NONHAN_AT(i) + 1;                   /* both rules need a mark at k − 1 */
        if (r.bad || k >= n) continue;
        long a = CLASS_AT(cls, k - 1), b = CLASS_AT(cls, k);
        double rb_before = float_at(&r, rb, k - 1), lb_here = float_at(&r, lb, k);
        if (r.bad) break;
        if (rb_before != 0.0 && (b == P_CLOSE || b == P_PAUSE || b == P_STOP || b == P_EXCL || b == P_OPEN)) {
            ok = put(cut_right, k - 1, rb_before);   /* C1: ）。 。” ：“ = 1.5 em */
            if (ok && tight && b == P_OPEN) ok = put(cut_left, k, lb_here);
            else if (ok && tight) {
                double rb_here = float_at(&r, rb, k);
                ok = r.bad || put(cut_right, k, rb_here);
            }
        } else if (a == P_OPEN && b == P_OPEN && lb_here != 0.0) {
            ok = put(cut_left, k, lb_here);          /* C1: “《 = 1.5 em */
            if (ok && tight) {
                double lb_before = float_at(&r, lb, k - 1);
                ok = r.bad || put(cut_left, k - 1, lb_before);
            }
        }
    }
    return answer(out, 2, ok, &r);
}

/* place_gaps(cls, text, nonhan, gap_em) -> (gap,) or None (L1). */
static PyObject *place_gaps(PyObject *self, PyObject *args) {
    PyObject *cls, *text, *nonhan;
    double gap_em;
    if (!PyArg_ParseTuple(args, "OUO!d", &cls, &text, &PyList_Type, &nonhan, &gap_em)) return NULL;
    Py_ssize_t n = PyList_CheckExact(cls) ? PyList_GET_SIZE(cls) : 0;
    Reads r = {P_NCLASSES == 0 || n == 0 || PyUnicode_GET_LENGTH(text) != n};
    PyObject *out[1] = {NULL};
    int ok = r.bad || (out[0] = zeros(n)) != NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; ok && !r.bad && i < PyList_GET_SIZE(nonhan); i++) {
        long m = NONHAN_AT(i);
        if (r.bad) break;
        Py_UCS4 ch = PyUnicode_READ(kind, data, m);
        if (!P_GAP_WESTERN[CLASS_AT(cls, m)] || (ch >= 0x2000 && ch != 0x2212))
            continue;                                /* full-width signs (￥) are ideographs here; − is not */
        if (m > 0 && CLASS_AT(cls, m - 1) == 0 && !r.bad) ok = put(out[0], m, gap_em);       /* after HAN */
        if (ok && m + 1 < n && CLASS_AT(cls, m + 1) == 0 && !r.bad) ok = put(out[0], m + 1, gap_em);   /* before */
    }
    return answer(out, 1, ok, &r);
}

/* shrink_stretch(cls, nonhan, adv, lb, rb, cut_left, cut_right, gap, fixed, mixed_pairs,
 * shrink_stops) -> (shr, gap_shr, cap, elig) or None (§1.5 shrink steps 2-7, expand 1-3). */
static PyObject *shrink_stretch(PyObject *self, PyObject *args) {
    PyObject *cls, *nonhan, *adv, *lb, *rb, *cut_left, *cut_right, *gap, *fixed, *mixed;
    int shrink_stops;
    if (!PyArg_ParseTuple(args, "OO!OOOOOOOO!p", &cls, &PyList_Type, &nonhan, &adv, &lb, &rb, &cut_left,
                          &cut_right, &gap, &fixed, &PyList_Type, &mixed, &shrink_stops))
        return NULL;
    Py_ssize_t n = PyList_CheckExact(cls) ? PyList_GET_SIZE(cls) : 0;
    PyObject *arrays[7] = {cls, adv, lb, rb, cut_left, cut_right, gap};
    Reads r = {P_NCLASSES == 0 || n == 0 || !sized(n, arrays, 7) || !PyAnySet_Check(fixed)};
    PyObject *out[4] = {NULL, NULL, NULL, NULL};
    int ok = r.bad || ((out[0] = zeros(n)) != NULL && (out[1] = zeros(n)) != NULL
                       && (out[2] = zeros(n)) != NULL);
    PyObject *shr = out[0], *gap_shr = out[1], *cap = out[2];
    for (Py_ssize_t i = 0; ok && !r.bad && i < PyList_GET_SIZE(nonhan); i++) {
        long k = NONHAN_AT(i), c = r.bad ? 0 : CLASS_AT(cls, k);
        if (r.bad) break;
        if (c == P_SPACE) {
            double a = float_at(&r, adv, k), s = a - P_SPACE_MIN, e = P_SPACE_MAX - a;
            ok = r.bad || (put(shr, k, s > 0.0 ? s : 0.0)        /* step 2: max(0.0, …) */
                           && put(cap, k, e > 0.0 ? e : 0.0));   /* expand step 1 */
        } else if (P_SHRINK_STEP[c] && (c != P_STOP || shrink_stops)) {
            double s = float_at(&r, lb, k) - float_at(&r, cut_left, k) + float_at(&r, rb, k)
                       - float_at(&r, cut_right, k);             /* steps 4, 5, 7 */
            ok = r.bad || put(shr, k, s);
        }
    }
    for (Py_ssize_t k = 0; ok && !r.bad && k < n; k++) {
        double g = float_at(&r, gap, k);
        if (r.bad || g == 0.0) continue;             /* CJK–Latin gaps are few */
        PyObject *key = PyLong_FromSsize_t(k);
        int is_fixed = key ? PySet_Contains(fixed, key) : -1;
        Py_XDECREF(key);
        if (is_fixed < 0) { ok = 0; break; }
        if (is_fixed) continue;
        double s = g - P_GAP_MIN, e = P_GAP_MAX - g;
        ok = put(gap_shr, k, s > 0.0 ? s : 0.0)                  /* shrink step 6 */
             && put(cap, k, PyFloat_AS_DOUBLE(PyList_GET_ITEM(cap, k)) + (e > 0.0 ? e : 0.0));   /* expand 2 */
    }
    if (ok && !r.bad) {
        PyObject *han_han = PyLong_FromLong(P_STRETCH[0]);      /* _STRETCH_PAIR[HAN][HAN] */
        PyObject *elig = out[3] = filled(n, han_han);
        Py_XDECREF(han_han);
        ok = elig != NULL && put_long(elig, 0, 0);
        for (Py_ssize_t i = 0; ok && !r.bad && i < PyList_GET_SIZE(mixed); i++) {
            long k = int_at(&r, mixed, i, n);
            if (r.bad || k < 1) { r.bad = 1; break; }
            long a = CLASS_AT(cls, k - 1), b = CLASS_AT(cls, k);
            double g = float_at(&r, gap, k);
            ok = put_long(elig, k, g != 0.0 ? 0 : P_STRETCH[a * MAX_CLASSES + b]);   /* gaps: steps 1-2 */
        }
    }
    return answer(out, 4, ok, &r);
}

/* boundary_fixes(cls, nonhan, adv, lb, rb, cut_left, cut_right, shr, half_open, c3)
 * -> (start_fix, start_sfix, end_fix, end_sfix) or None (C3, C4). */
static PyObject *boundary_fixes(PyObject *self, PyObject *args) {
    PyObject *cls, *nonhan, *adv, *lb, *rb, *cut_left, *cut_right, *shr;
    int half_open, c3;
    if (!PyArg_ParseTuple(args, "OO!OOOOOOpp", &cls, &PyList_Type, &nonhan, &adv, &lb, &rb, &cut_left, &cut_right,
                          &shr, &half_open, &c3))
        return NULL;
    Py_ssize_t n = PyList_CheckExact(cls) ? PyList_GET_SIZE(cls) : 0;
    PyObject *arrays[7] = {cls, adv, lb, rb, cut_left, cut_right, shr};
    Reads r = {P_NCLASSES == 0 || n == 0 || !sized(n, arrays, 7)};
    PyObject *out[4] = {NULL, NULL, NULL, NULL};
    int ok = r.bad || ((out[0] = zeros(n)) != NULL && (out[1] = zeros(n)) != NULL
                       && (out[2] = zeros(n)) != NULL && (out[3] = zeros(n)) != NULL);
    for (Py_ssize_t i = 0; ok && !r.bad && i < PyList_GET_SIZE(nonhan); i++) {
        long k = NONHAN_AT(i), c = r.bad ? 0 : CLASS_AT(cls, k);
        if (r.bad) break;
        if (c == P_OPEN) {
            double fix = float_at(&r, cut_left, k) - (half_open ? float_at(&r, lb, k) : 0.0);   /* C4 */
            double sfix = -float_at(&r, shr, k);
            ok = r.bad || (put(out[0], k, fix) && put(out[1], k, sfix));
        }
        if (!ok || r.bad) break;
        double right = float_at(&r, rb, k);
        if (c == P_SPACE) {
            double fix = -float_at(&r, adv, k), sfix = -float_at(&r, shr, k);
            ok = r.bad || (put(out[2], k, fix) && put(out[3], k, sfix));
        } else if (right != 0.0) {
            double fix = float_at(&r, cut_right, k) - (c3 ? right : 0.0);                          /* C3 */
            double sfix = c3 ? -float_at(&r, shr, k) : float_at(&r, cut_right, k);
            ok = r.bad || (put(out[2], k, fix) && put(out[3], k, sfix));
        }
    }
    return answer(out, 4, ok, &r);
}

/* break_kinds(cls, text, mixed_pairs, table, WORD_PAIR, NO_BREAK, BREAK, RELAX)
 * -> (brk,) or None: _mark_breaks' look-ups in its §1.2 table (n + 1 kinds). */
static PyObject *break_kinds(PyObject *self, PyObject *args) {
    PyObject *cls, *text, *mixed, *table;
    long word_pair, no_break, brk_break, relax;
    if (!PyArg_ParseTuple(args, "OUO!O!llll", &cls, &text, &PyList_Type, &mixed, &PyTuple_Type, &table,
                          &word_pair, &no_break, &brk_break, &relax))
        return NULL;
    Py_ssize_t n = PyList_CheckExact(cls) ? PyList_GET_SIZE(cls) : 0;
    Reads r = {P_NCLASSES == 0 || n == 0 || PyUnicode_GET_LENGTH(text) != n || PyTuple_GET_SIZE(table) != P_NCLASSES};
    long kinds[MAX_CLASSES * MAX_CLASSES];
    for (long a = 0; !r.bad && a < P_NCLASSES; a++) {
        PyObject *row = PyTuple_GET_ITEM(table, a);
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != P_NCLASSES) { r.bad = 1; break; }
        for (long b = 0; b < P_NCLASSES; b++) kinds[a * MAX_CLASSES + b] = PyLong_AsLong(PyTuple_GET_ITEM(row, b));
    }
    if (PyErr_Occurred()) return NULL;
    PyObject *out[1] = {NULL}, *brk = NULL;
    int ok = 1;
    if (!r.bad) {
        PyObject *common = PyLong_FromLong(kinds[0]);            /* table[HAN][HAN] */
        brk = out[0] = filled(n + 1, common);
        Py_XDECREF(common);
        ok = brk != NULL && put_long(brk, 0, no_break) && put_long(brk, n, brk_break);
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; ok && !r.bad && i < PyList_GET_SIZE(mixed); i++) {
        long k = int_at(&r, mixed, i, n);
        if (r.bad || k < 1) { r.bad = 1; break; }
        long b = kinds[CLASS_AT(cls, k - 1) * MAX_CLASSES + CLASS_AT(cls, k)];
        if (b == word_pair) {        /* _after_word_hyphen: a hard hyphen inside a word */
            int hyphen = PyUnicode_READ(kind, data, k - 1) == '-' && k >= 2
                         && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, k - 2))
                         && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, k));
            b = hyphen ? brk_break : relax;
        }
        ok = put_long(brk, k, b);
    }
    return answer(out, 1, ok, &r);
}

/* nonhan_pairs(cls) -> (nonhan, mixed_pairs): the positions whose class is
 * not HAN (truthy: HAN is 0), and the k (1 ≤ k < n) whose pair (k − 1, k)
 * holds one — both ascending, as prepare and _pairs_touching make them. */
static PyObject *nonhan_pairs(PyObject *self, PyObject *args) {
    PyObject *cls;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &cls)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(cls), last = -1;      /* last: the last pair position added */
    PyObject *out[2] = {PyList_New(0), PyList_New(0)};
    Reads r = {0};
    int ok = out[0] != NULL && out[1] != NULL;
    for (Py_ssize_t k = 0; ok && k < n; k++) {
        int truthy = PyObject_IsTrue(PyList_GET_ITEM(cls, k));
        if (truthy < 0) { ok = 0; break; }
        if (!truthy) continue;
        PyObject *pos = PyLong_FromSsize_t(k);
        ok = pos != NULL && PyList_Append(out[0], pos) == 0;
        Py_XDECREF(pos);
        for (Py_ssize_t m = k; ok && m <= k + 1; m++) {
            if (m < 1 || m >= n || m <= last) continue;
            PyObject *v = PyLong_FromSsize_t(m);
            ok = v != NULL && PyList_Append(out[1], v) == 0;
            Py_XDECREF(v);
            last = m;
        }
    }
    return answer(out, 2, ok, &r);
}

/* -- the Python entry points ------------------------------------------------------------ */

static PyObject *configure(PyObject *self, PyObject *args) {
    double hyphen_penalty, relax_penalty, url_penalty;
    if (!PyArg_ParseTuple(args, "dddddddddiiii", &EPS, &STRETCH_UNIT_EM, &STRETCH_WEIGHT, &hyphen_penalty,
                          &relax_penalty, &url_penalty, &ORPHAN_PENALTY, &OVERFULL_PENALTY, &UNJUSTIFIABLE,
                          &K_BREAK, &K_HYPHEN, &K_RELAX, &K_URL))
        return NULL;
    if (K_BREAK < 0 || K_BREAK > 4 || K_HYPHEN < 0 || K_HYPHEN > 4 || K_RELAX < 0 || K_RELAX > 4
        || K_URL < 0 || K_URL > 4) {
        K_BREAK = -1;
        PyErr_SetString(PyExc_ValueError, "break kinds are 0..4");
        return NULL;
    }
    memset(BREAK_PENALTY, 0, sizeof BREAK_PENALTY);
    BREAK_PENALTY[K_HYPHEN] = hyphen_penalty;
    BREAK_PENALTY[K_RELAX] = relax_penalty;
    BREAK_PENALTY[K_URL] = url_penalty;
    BREAK_PENALTY[K_BREAK] = 0.0;
    Py_RETURN_NONE;
}

/* Every array a pass reads, in one block: freed at once. */
static void *arrays_for(Para *p, double **PR, double **PQ, double **PA, double **best, Py_ssize_t **prev) {
    Py_ssize_t n = p->n, n1 = n + 1;
    size_t doubles = (size_t)(9 * n1 + 5 * n1), ints = (size_t)(2 * n1), flags = (size_t)(3 * n1);
    char *block = malloc(doubles * sizeof(double) + ints * sizeof(long long) + n1 * sizeof(Py_ssize_t) + flags);
    if (block == NULL) return NULL;
    double *d = (double *)block;
    p->PW = d; p->PG = d + n1; p->PS = d + 2 * n1; p->start_fix = d + 3 * n1; p->start_sfix = d + 4 * n1;
    p->gap_shr = d + 5 * n1; p->end_fix = d + 6 * n1; p->end_sfix = d + 7 * n1; p->shr = d + 8 * n1;
    *PR = d + 9 * n1; *PQ = d + 10 * n1; *PA = d + 11 * n1; *best = d + 12 * n1;
    long long *ll = (long long *)(d + 14 * n1);
    p->PE = ll; p->PN = ll + n1;
    *prev = (Py_ssize_t *)(ll + 2 * n1);
    signed char *f = (signed char *)(*prev + n1);
    p->brk = f; p->hang = f + n1; p->ok = f + 2 * n1;
    return block;
}

/* The least total costs best[0..n] (INF: unreachable) and the starts prev[0..n], as lists. */
static PyObject *costs_and_starts(Py_ssize_t n, const double *best, const Py_ssize_t *prev) {
    PyObject *costs = PyList_New(n + 1), *starts = PyList_New(n + 1);
    for (Py_ssize_t k = 0; costs != NULL && starts != NULL && k <= n; k++) {
        PyObject *c = PyFloat_FromDouble(best[k]), *s = PyLong_FromSsize_t(prev[k]);
        if (c == NULL || s == NULL) {
            Py_XDECREF(c);
            Py_XDECREF(s);
            Py_CLEAR(costs);
            break;
        }
        PyList_SET_ITEM(costs, k, c);
        PyList_SET_ITEM(starts, k, s);
    }
    if (costs == NULL || starts == NULL) {
        Py_XDECREF(costs);
        Py_XDECREF(starts);
        return NULL;
    }
    PyObject *both = PyTuple_Pack(2, costs, starts);
    Py_DECREF(costs);
    Py_DECREF(starts);
    return both;
}

/* total_fit(p, m, m0, relaxed, shrink_base, shrink_weight, last_end_fix,
 *           last_end_sfix, hyphen_w, orphan_on, max_w, min_w, first_min_w,
 *           fast_max_w[, costs])
 * → the line ends (list of int) or None when the end is unreachable; with
 * costs true, (ends, best, prev): the whole table, for the oracle test. */
static PyObject *total_fit(PyObject *self, PyObject *args) {
    PyObject *prep;
    Para p;
    Window w;
    int with_costs = 0;
    if (K_BREAK < 0) {
        PyErr_SetString(PyExc_RuntimeError, "_speedups.configure was not called");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "Oddpdddddpdddd|p", &prep, &p.m, &p.m0, &p.relaxed, &p.shrink_base,
                          &p.shrink_weight, &p.last_end_fix, &p.last_end_sfix, &p.hyphen_w, &p.orphan_on,
                          &w.max_w, &w.min_w, &w.first_min_w, &w.fast_max_w, &with_costs))
        return NULL;
    PyObject *n_obj = PyObject_GetAttrString(prep, "n");
    if (n_obj == NULL) return NULL;
    p.n = PyLong_AsSsize_t(n_obj);
    Py_DECREF(n_obj);
    if (p.n < 1) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "an empty paragraph has no breaks");
        return NULL;
    }
    PyObject *after = PyObject_GetAttrString(prep, "orphan_after");
    PyObject *upto = after ? PyObject_GetAttrString(prep, "orphan_upto") : NULL;
    p.orphan_after = after ? PyLong_AsSsize_t(after) : -1;
    p.orphan_upto = upto ? PyLong_AsSsize_t(upto) : -1;
    Py_XDECREF(after);
    Py_XDECREF(upto);
    if (PyErr_Occurred()) return NULL;

    double *PR, *PQ, *PA, *best;
    Py_ssize_t *prev;
    void *block = arrays_for(&p, &PR, &PQ, &PA, &best, &prev);
    if (block == NULL) return PyErr_NoMemory();
    Py_ssize_t n = p.n, n1 = n + 1;
    struct { const char *name; double *out; Py_ssize_t len; } doubles[] = {
        {"PW", p.PW, n1}, {"PG", p.PG, n1}, {"PS", p.PS, n1}, {"start_fix", p.start_fix, n},
        {"start_sfix", p.start_sfix, n}, {"gap_shr", p.gap_shr, n}, {"end_fix", p.end_fix, n},
        {"end_sfix", p.end_sfix, n}, {"shr", p.shr, n}};
    struct { const char *name; long long *out; } ints[] = {{"PE", p.PE}, {"PN", p.PN}};
    int failed = 0;
    for (size_t a = 0; a < sizeof doubles / sizeof doubles[0] && !failed; a++) {
        PyObject *v = PyObject_GetAttrString(prep, doubles[a].name);
        failed = v == NULL || read_doubles(v, doubles[a].len, doubles[a].out, doubles[a].name) < 0;
        Py_XDECREF(v);
    }
    for (size_t a = 0; a < 2 && !failed; a++) {
        PyObject *v = PyObject_GetAttrString(prep, ints[a].name);
        failed = v == NULL || read_ints(v, n1, ints[a].out, ints[a].name) < 0;
        Py_XDECREF(v);
    }
    if (!failed) {
        PyObject *v = PyObject_GetAttrString(prep, "brk");
        failed = v == NULL || read_flags(v, n1, p.brk, 0, "brk") < 0;
        Py_XDECREF(v);
    }
    if (!failed) {
        PyObject *v = PyObject_GetAttrString(prep, "hangable");
        failed = v == NULL || read_flags(v, n, p.hang, 1, "hangable") < 0;
        Py_XDECREF(v);
    }
    if (failed) {
        free(block);
        return NULL;
    }
    p.hang[n] = 0;
    for (Py_ssize_t k = 0; k <= n; k++) {           /* LineCost.ok */
        int kind = p.brk[k];
        p.ok[k] = kind == K_BREAK || kind == K_HYPHEN || kind == K_URL || (p.relaxed && kind == K_RELAX);
        PR[k] = p.PW[k] - p.PS[k];                  /* _Window: PW − PS, PW + PG, PR + PG */
        PQ[k] = p.PW[k] + p.PG[k];
        PA[k] = PR[k] + p.PG[k];
        best[k] = Py_HUGE_VAL;
        prev[k] = -1;
    }
    p.ok[0] = 1;
    best[0] = 0.0;
    best_ends(&p, &w, PR, PQ, PA, best, prev);
    PyObject *result;
    if (!(best[n] < Py_HUGE_VAL)) {
        result = Py_NewRef(Py_None);
    } else {                                          /* breaker._line_ends */
        Py_ssize_t lines = 0;
        for (Py_ssize_t j = n; j > 0; j = prev[j]) lines++;
        result = PyList_New(lines);
        for (Py_ssize_t j = n, k = lines - 1; result != NULL && j > 0; j = prev[j], k--) {
            PyObject *end = PyLong_FromSsize_t(j);
            if (end == NULL) { Py_CLEAR(result); break; }
            PyList_SET_ITEM(result, k, end);
        }
    }
    if (with_costs && result != NULL) {
        PyObject *table = costs_and_starts(n, best, prev);
        PyObject *all = table ? PyTuple_Pack(3, result, PyTuple_GET_ITEM(table, 0), PyTuple_GET_ITEM(table, 1))
                              : NULL;
        Py_XDECREF(table);
        Py_SETREF(result, all);
    }
    free(block);
    return result;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(EPS, STRETCH_UNIT_EM, STRETCH_WEIGHT, HYPHEN_PENALTY, RELAX_PENALTY, URL_INNER_PENALTY,\n"
     "ORPHAN_PENALTY, OVERFULL_PENALTY, UNJUSTIFIABLE, BREAK, HYPHEN, RELAX, URL_INNER): breaker.py's constants, once."},
    {"total_fit", total_fit, METH_VARARGS,
     "total_fit(p, m, m0, relaxed, shrink_base, shrink_weight, last_end_fix, last_end_sfix, hyphen_w,\n"
     "orphan_on, max_w, min_w, first_min_w, fast_max_w[, costs]) -> line ends or None (breaker.total_fit);\n"
     "with costs: (ends, best, prev)."},
    {"prefix_sums", prefix_sums, METH_VARARGS,
     "prefix_sums(adv, cut_left, cut_right, gap, shr, gap_shr, elig, cap) -> (wm, PW, PG, PS, PE, PN)\n"
     "as prepare._prefix_sums makes them, or None (some value is not a float, elig not an int)."},
    {"configure_lines", configure_lines, METH_VARARGS,
     "configure_lines(OPEN, SPACE, HYPHEN, shrink step by class, SHRINK_ORDER, sum): justify.py's constants, once."},
    {"set_lines", set_lines, METH_VARARGS,
     "set_lines(p, ranges, measure_em, first_indent_em, tag_start, em, hyphen_w, shrink_stops, grid_strict)\n"
     "-> per range (xs, hyphen_x, natural_em, extent_em, shrink_em) or None (justify.build_line sets it)."},
    {"classify_bmp", classify_bmp, METH_VARARGS,
     "classify_bmp(text, table) -> classes of text's characters (table: 65,536 bytes), R6 not applied; or None."},
    {"measure_run", measure_run, METH_VARARGS,
     "measure_run(text, cls, start, records, bmp, scale) -> (draw, dface, cell, shift) when every character's\n"
     "record was found with its class (prepare._measure_glyphs), None otherwise."},
    {"configure_prepare", configure_prepare, METH_VARARGS,
     "configure_prepare(HALF, SPACE_MIN_EM, SPACE_MAX_EM, GAP_MIN_EM, GAP_MAX_EM, OPEN, CLOSE, PAUSE, STOP, EXCL,\n"
     "SPACE, shrink step by class, takes a gap by class, stretch pair table): prepare.py's constants, once."},
    {"punct_blanks", punct_blanks, METH_VARARGS,
     "punct_blanks(cls, nonhan, size, em) -> (lb, rb) or None (prepare._apply_punct_style: quanjiao, hangmobanjiao)."},
    {"compress_cuts", compress_cuts, METH_VARARGS,
     "compress_cuts(cls, nonhan, lb, rb, tight) -> (cut_left, cut_right) or None (prepare._compress_pairs)."},
    {"place_gaps", place_gaps, METH_VARARGS, "place_gaps(cls, text, nonhan, gap_em) -> (gap,) or None (prepare._place_gaps)."},
    {"shrink_stretch", shrink_stretch, METH_VARARGS,
     "shrink_stretch(cls, nonhan, adv, lb, rb, cut_left, cut_right, gap, fixed, mixed_pairs, shrink_stops)\n"
     "-> (shr, gap_shr, cap, elig) or None (prepare._mark_shrink_and_stretch)."},
    {"boundary_fixes", boundary_fixes, METH_VARARGS,
     "boundary_fixes(cls, nonhan, adv, lb, rb, cut_left, cut_right, shr, half_open, c3)\n"
     "-> (start_fix, start_sfix, end_fix, end_sfix) or None (prepare._line_boundary_fixes)."},
    {"break_kinds", break_kinds, METH_VARARGS,
     "break_kinds(cls, text, mixed_pairs, table, WORD_PAIR, NO_BREAK, BREAK, RELAX) -> (brk,) or None (prepare._mark_breaks)."},
    {"nonhan_pairs", nonhan_pairs, METH_VARARGS,
     "nonhan_pairs(cls) -> (nonhan, mixed_pairs) as prepare and _pairs_touching make them."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups",
                                    "The composer's hot loops in C: the total-fit breaker, line setting, prepare's per-character passes\n"
                                    "(breaker.py, justify.py, prepare.py and classes.py are the oracles).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
