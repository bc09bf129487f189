#!/usr/bin/env python3
"""Build typeset/data/Newspaper26-typeset.icc: an ICC v2 CMYK output profile
for coldset offset on newsprint, modelled from the ISO 12647-3:2013 / IFRA26
characterisation aims (paper and solids in CIELAB, tone value increase 26 %
at the 40 % patch) with a heavy, early-start GCR and a 220 % total ink limit.

No measured IFRA26 data set is freely licensed, so the profile comes from a
printing model, not from measurements (the provenance file
typeset/data/Newspaper26-typeset.icc.txt says what is approximated):

- tone: each ink's effective area is a + TVI(a), TVI(a) = k·a·(1 − a) with k
  chosen so TVI(40 %) = 26 % (the aim; the curve's shape is an approximation);
- colour: Demichel–Neugebauer mixing (Murray–Davies, Yule–Nielsen n = 1, the
  model the TVI aim is defined with) of 16 primaries in XYZ: paper, the four
  solids and the three two-colour overprints are the aims; the other
  overprints are made from them with a transparent-filter model that keeps a
  first-surface reflection, so blacks do not go darker than newsprint can;
- separation (BToA): for each Lab grid node the CMYK nearest in Lab, by
  damped Gauss–Newton, with K pulled towards a GCR aim and C+M+Y+K held to
  the ink limit; perceptual tables compress the PCS black to the darkest
  printable black (black point compensation in XYZ), colorimetric ones clip.

Written with `struct`, no dependency but numpy; deterministic bytes (fixed
header date, no profile ID, fixed iteration counts).  Run from the repo root:

    python3 scripts/make_newsprint_profile.py            # writes the profile
    python3 scripts/make_newsprint_profile.py --proofs   # and docs/newsprint-proof-*.png
"""
from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "typeset" / "data" / "Newspaper26-typeset.icc"

# -- the aims (ISO 12647-3:2013 Tables 2-3, black backing, D50 / 2°, 45/0) ----
PAPER = (82.0, 0.0, 3.0)
SOLIDS = {                     # name → CIELAB aim of the solid (or two-colour overprint)
    "c": (57.0, -23.0, -27.0), "m": (54.0, 44.0, -1.0), "y": (78.0, -3.0, 58.0), "k": (31.0, 1.0, 1.0),
    "my": (53.0, 41.0, 20.0), "cy": (53.0, -34.0, 17.0), "cm": (39.0, 9.0, -21.0),
}
TVI_AT_40 = 0.26               # tone value increase of every ink at the 40 % patch
TAC = 2.20                     # total ink: WAN-IFRAnewspaper26v5 (ISO 12647-3 allows up to 240 %)
FIRST_SURFACE = 0.035          # share of light (of the paper's) reflected before it meets ink
# GCR: K as a share of the grey component, starting early (heavy black, coldset)
GCR_START, GCR_MAX = 0.10, 1.0
K_WEIGHT = 0.08                # how hard K is pulled to the GCR aim, in ΔE per 1 % K

D50 = np.array([0.9642, 1.0, 0.8249])
A2B_GRID, B2A_GRID = 13, 25
DESCRIPTION = "typeset Newspaper26 (ISO 12647-3:2013 / IFRA26 aims, modelled)"
COPYRIGHT = "No copyright, use freely. Made by typeset scripts/make_newsprint_profile.py"


# -- colour arithmetic -----------------------------------------------------------

def lab_to_xyz(lab: np.ndarray, white: np.ndarray = D50) -> np.ndarray:
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16.0) / 116.0
    f = np.stack([fy + lab[..., 1] / 500.0, fy, fy - lab[..., 2] / 200.0], axis=-1)
    eps = 6.0 / 29.0
    return white * np.where(f > eps, f ** 3, 3 * eps * eps * (f - 4.0 / 29.0))


def xyz_to_lab(xyz: np.ndarray, white: np.ndarray = D50) -> np.ndarray:
    t = np.asarray(xyz, dtype=np.float64) / white
    eps = 6.0 / 29.0
    f = np.where(t > eps ** 3, np.cbrt(np.maximum(t, 0.0)), t / (3 * eps * eps) + 4.0 / 29.0)
    return np.stack([116.0 * f[..., 1] - 16.0, 500.0 * (f[..., 0] - f[..., 1]),
                     200.0 * (f[..., 1] - f[..., 2])], axis=-1)


PAPER_XYZ = lab_to_xyz(np.array(PAPER))


def to_relative(xyz: np.ndarray) -> np.ndarray:
    """Absolute XYZ → media-relative (ICC v2 colorimetric: the paper is D50 white)."""
    return xyz * (D50 / PAPER_XYZ)


# -- the printing model ----------------------------------------------------------

def effective(a: np.ndarray) -> np.ndarray:
    """Printed area of a nominal tone value: a + TVI(a), TVI(0.4) = TVI_AT_40."""
    k = TVI_AT_40 / (0.4 * 0.6)
    return np.clip(a + k * a * (1.0 - a), 0.0, 1.0)


def _filter(*parts: np.ndarray) -> np.ndarray:
    """Overprint of inks given as reflectances relative to the paper: their
    transmittances multiply below a first-surface reflection that no ink can remove."""
    s = FIRST_SURFACE
    inner = np.ones(3)
    for p in parts:
        inner = inner * np.clip((p - s) / (1.0 - s), 1e-4, 1.0)
    return s + (1.0 - s) * inner


def primaries() -> np.ndarray:
    """16 × 3 reflectances relative to the paper, indexed by the bits c=1, m=2, y=4, k=8."""
    rel = {name: lab_to_xyz(np.array(lab)) / PAPER_XYZ for name, lab in SOLIDS.items()}
    cmy = np.cbrt(_filter(rel["my"], rel["c"]) * _filter(rel["cy"], rel["m"]) * _filter(rel["cm"], rel["y"]))
    out = np.empty((16, 3))
    base = {0: np.ones(3), 1: rel["c"], 2: rel["m"], 4: rel["y"], 3: rel["cm"], 5: rel["cy"], 6: rel["my"], 7: cmy}
    for bits in range(16):
        colour = base[bits & 7]
        out[bits] = _filter(colour, rel["k"]) if bits & 8 else colour
    return out


PRIMARIES = primaries()


def cmyk_to_xyz(cmyk: np.ndarray) -> np.ndarray:
    """Absolute XYZ (D50) of CMYK tone values 0..1 (… × 4 → … × 3)."""
    a = effective(np.asarray(cmyk, dtype=np.float64))
    out = np.zeros(a.shape[:-1] + (3,))
    for bits in range(16):
        w = np.ones(a.shape[:-1])
        for ink in range(4):
            w = w * (a[..., ink] if bits >> ink & 1 else 1.0 - a[..., ink])
        out += w[..., None] * PRIMARIES[bits]
    return out * PAPER_XYZ


def cmyk_to_relative_lab(cmyk: np.ndarray) -> np.ndarray:
    return xyz_to_lab(to_relative(cmyk_to_xyz(cmyk)))


# -- separation --------------------------------------------------------------------

def darkest_black() -> np.ndarray:
    """The darkest neutral-ish CMYK within the ink limit (K 100 %, CMY sharing the rest)."""
    rest = (TAC - 1.0) / 3.0
    grid = np.linspace(0.0, 1.0, 21)
    c, m, y = np.meshgrid(grid, grid, grid, indexing="ij")
    cand = np.stack([c.ravel(), m.ravel(), y.ravel(), np.ones(c.size)], axis=1)
    cand = cand[cand[:, :3].sum(axis=1) <= TAC - 1.0 + 1e-9]
    lab = cmyk_to_relative_lab(cand)
    score = lab[:, 0] + 0.5 * np.hypot(lab[:, 1], lab[:, 2])
    best = cand[np.argmin(score)]
    return best if best[:3].sum() > 0 else np.array([rest, rest, rest, 1.0])


def k_aim(lab: np.ndarray, black_l: float) -> np.ndarray:
    """GCR: K for a target, from its grey component (darkness, less for saturated colours)."""
    grey = np.clip((100.0 - lab[..., 0]) / (100.0 - black_l), 0.0, 1.0)
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    grey = grey * np.clip(1.0 - chroma / 90.0, 0.0, 1.0)
    return GCR_MAX * np.clip((grey - GCR_START) / (1.0 - GCR_START), 0.0, 1.0) ** 1.15


def hold_ink(cmyk: np.ndarray) -> np.ndarray:
    """Bounds 0..1 and C+M+Y+K ≤ TAC (CMY scaled down, K kept)."""
    cmyk = np.clip(cmyk, 0.0, 1.0)
    room = np.maximum(TAC - cmyk[:, 3], 0.0)
    cmy = cmyk[:, :3].sum(axis=1)
    scale = np.where(cmy > room, room / np.maximum(cmy, 1e-9), 1.0)
    cmyk[:, :3] *= scale[:, None]
    return cmyk


def separate(targets: np.ndarray, black_l: float, iterations: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """CMYK for media-relative Lab targets (N × 3) and the ΔE left (out of gamut when large)."""
    n = len(targets)
    kaim = k_aim(targets, black_l)
    x = np.concatenate([np.full((n, 3), 0.3), kaim[:, None]], axis=1)
    x = hold_ink(x)
    damping = np.full(n, 1e-2)
    weights = np.array([1.0, 1.0, 1.0, K_WEIGHT * 100.0])

    def residual(v):
        r = np.concatenate([cmyk_to_relative_lab(v) - targets, (v[:, 3] - kaim)[:, None]], axis=1)
        return r * weights

    r = residual(x)
    cost = (r ** 2).sum(axis=1)
    h = 1e-4
    for _ in range(iterations):
        jac = np.empty((n, 4, 4))
        for i in range(4):
            step = np.zeros(4)
            step[i] = h
            jac[:, :, i] = (residual(x + step) - r) / h
        jt = np.transpose(jac, (0, 2, 1))
        lhs = jt @ jac + damping[:, None, None] * np.eye(4)
        delta = -np.linalg.solve(lhs, (jt @ r[:, :, None]))[:, :, 0]
        trial = hold_ink(x + delta)
        r_trial = residual(trial)
        cost_trial = (r_trial ** 2).sum(axis=1)
        better = cost_trial < cost
        x = np.where(better[:, None], trial, x)
        r = np.where(better[:, None], r_trial, r)
        cost = np.where(better, cost_trial, cost)
        damping = np.where(better, damping * 0.3, damping * 4.0).clip(1e-6, 1e4)
    left = np.linalg.norm(cmyk_to_relative_lab(x) - targets, axis=1)
    return x, left


def perceptual_target(pcs_lab: np.ndarray, black_xyz_rel: np.ndarray) -> np.ndarray:
    """Black point compensation in XYZ: PCS black → the darkest printable black."""
    xyz = lab_to_xyz(pcs_lab)
    ratio = black_xyz_rel / D50
    return xyz_to_lab(ratio * D50 + xyz * (1.0 - ratio))


def perceptual_source(device_lab: np.ndarray, black_xyz_rel: np.ndarray) -> np.ndarray:
    """The inverse of perceptual_target: device colour → perceptual PCS."""
    xyz = lab_to_xyz(device_lab)
    ratio = black_xyz_rel / D50
    return xyz_to_lab(np.clip((xyz - ratio * D50) / (1.0 - ratio), 0.0, None))


# -- ICC encoding ----------------------------------------------------------------

def s15(v: float) -> bytes:
    return struct.pack(">i", int(round(v * 65536)))


def lab16(lab: np.ndarray) -> np.ndarray:
    """ICC v2 16-bit Lab (L 100 = 0xFF00, a/b +128 · 256)."""
    out = np.stack([lab[..., 0] * 652.80, (lab[..., 1] + 128.0) * 256.0, (lab[..., 2] + 128.0) * 256.0], axis=-1)
    return np.clip(np.round(out), 0, 65535).astype(">u2")


def lab_grid(points: int) -> np.ndarray:
    """Lab of each node of a v2 Lab-input CLUT (L slowest)."""
    t = np.linspace(0.0, 1.0, points) * 65535.0
    L, a, b = np.meshgrid(t / 652.80, t / 256.0 - 128.0, t / 256.0 - 128.0, indexing="ij")
    return np.stack([L.ravel(), a.ravel(), b.ravel()], axis=1)


def lut16(in_ch: int, out_ch: int, grid: int, clut: np.ndarray) -> bytes:
    """lut16Type ('mft2') with identity matrix and 2-entry identity curves."""
    head = b"mft2" + b"\0" * 4 + bytes([in_ch, out_ch, grid, 0])
    matrix = b"".join(s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    curve = struct.pack(">HH", 0, 65535)
    return (head + matrix + struct.pack(">HH", 2, 2) + curve * in_ch
            + clut.astype(">u2").tobytes() + curve * out_ch)


def text_description(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_)) + ascii_
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67)


def xyz_tag(xyz) -> bytes:
    return b"XYZ " + b"\0" * 4 + b"".join(s15(v) for v in xyz)


def assemble(tags: list[tuple[bytes, bytes]]) -> bytes:
    """Header + tag table + data (identical data written once, 4-byte aligned)."""
    table, blobs, offsets = [], b"", {}
    start = 128 + 4 + 12 * len(tags)
    for sig, data in tags:
        if data not in offsets:
            while (start + len(blobs)) % 4:
                blobs += b"\0"
            offsets[data] = start + len(blobs)
            blobs += data
        table.append(struct.pack(">4sII", sig, offsets[data], len(data)))
    body = struct.pack(">I", len(tags)) + b"".join(table) + blobs
    while len(body) % 4:
        body += b"\0"
    size = 128 + len(body)
    header = (struct.pack(">I", size) + b"\0\0\0\0" + struct.pack(">I", 0x02100000)
              + b"prtrCMYKLab " + struct.pack(">6H", 2025, 1, 1, 0, 0, 0) + b"acsp"
              + b"\0" * 4 + struct.pack(">I", 0) + b"\0" * 8 + b"\0" * 8
              + struct.pack(">I", 0) + s15(D50[0]) + s15(D50[1]) + s15(D50[2]) + b"tyst")
    return header + b"\0" * (128 - len(header)) + body


# -- the profile -------------------------------------------------------------------

def device_grid(points: int) -> np.ndarray:
    t = np.linspace(0.0, 1.0, points)
    c, m, y, k = np.meshgrid(t, t, t, t, indexing="ij")
    return np.stack([c.ravel(), m.ravel(), y.ravel(), k.ravel()], axis=1)


def build() -> tuple[bytes, dict]:
    black = darkest_black()
    black_lab = cmyk_to_relative_lab(black[None])[0]
    black_xyz = lab_to_xyz(black_lab)
    device = device_grid(A2B_GRID)
    colorimetric_lab = cmyk_to_relative_lab(device)
    a2b1 = lut16(4, 3, A2B_GRID, lab16(colorimetric_lab))
    a2b0 = lut16(4, 3, A2B_GRID, lab16(perceptual_source(colorimetric_lab, black_xyz)))
    pcs = lab_grid(B2A_GRID)
    sep1, left1 = separate(pcs, black_lab[0])
    sep0, _ = separate(perceptual_target(pcs, black_xyz), black_lab[0])
    def to16(v):
        return np.round(np.clip(v, 0, 1) * 65535.0)
    b2a1 = lut16(3, 4, B2A_GRID, to16(sep1))
    b2a0 = lut16(3, 4, B2A_GRID, to16(sep0))
    gamut = lut16(3, 1, B2A_GRID, np.where(left1 > 2.0, 65535, 0)[:, None])
    tags = [(b"desc", text_description(DESCRIPTION)), (b"cprt", b"text\0\0\0\0" + COPYRIGHT.encode() + b"\0"),
            (b"wtpt", xyz_tag(PAPER_XYZ)), (b"bkpt", xyz_tag(to_absolute(black_xyz))),
            (b"A2B0", a2b0), (b"A2B1", a2b1), (b"A2B2", a2b0),
            (b"B2A0", b2a0), (b"B2A1", b2a1), (b"B2A2", b2a0), (b"gamt", gamut)]
    facts = {"black": black, "black_lab": black_lab, "tac_max": float((sep0.sum(axis=1)).max()),
             "solids": {n: cmyk_to_xyz(np.array(v, dtype=float)) for n, v in
                        {"c": (1, 0, 0, 0), "m": (0, 1, 0, 0), "y": (0, 0, 1, 0), "k": (0, 0, 0, 1)}.items()}}
    return assemble(tags), facts


def to_absolute(xyz_rel: np.ndarray) -> np.ndarray:
    return xyz_rel * (PAPER_XYZ / D50)


def write_proofs(profile: Path) -> None:
    """docs/newsprint-proof-fogra29.png and -newsprint.png: a sample photo and a grey
    ramp separated through each profile, both simulated on newsprint (absolute
    colorimetric through the newsprint profile, so the paper's shade shows)."""
    import io
    from PIL import Image, ImageCms, ImageDraw
    fogra = ROOT / "typeset" / "data" / "FOGRA29L-typeset.icc"
    photo = Image.open(ROOT / "issues" / "images" / "tidy-streets.jpg").convert("RGB")
    photo = photo.resize((480, round(480 * photo.height / photo.width)), Image.Resampling.LANCZOS)
    ramp = Image.new("RGB", (480, 60))
    draw = ImageDraw.Draw(ramp)
    for i in range(11):
        v = round(255 * (1 - i / 10))
        draw.rectangle([i * 480 // 11, 0, (i + 1) * 480 // 11, 60], fill=(v, v, v))
    sheet = Image.new("RGB", (480, photo.height + 60), "white")
    sheet.paste(photo, (0, 0))
    sheet.paste(ramp, (0, photo.height))
    srgb = ImageCms.createProfile("sRGB")
    news = ImageCms.ImageCmsProfile(io.BytesIO(profile.read_bytes()))
    for name, path in (("fogra29", fogra), ("newsprint", profile)):
        sep = ImageCms.ImageCmsProfile(io.BytesIO(path.read_bytes()))
        cmyk = ImageCms.profileToProfile(sheet, srgb, sep, renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                         outputMode="CMYK")
        shown = ImageCms.profileToProfile(cmyk, news, srgb, renderingIntent=ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
                                          outputMode="RGB")
        shown.save(ROOT / "docs" / f"newsprint-proof-{name}.png", optimize=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    parser.add_argument("--proofs", action="store_true", help="also write docs/newsprint-proof-*.png")
    args = parser.parse_args(argv)
    data, facts = build()
    args.output.write_bytes(data)
    print(f"{args.output}: {len(data)} bytes; darkest black {np.round(facts['black'] * 100)} % "
          f"→ L*a*b* (relative) {np.round(facts['black_lab'], 1)}; highest BToA0 ink {facts['tac_max'] * 100:.1f} %")
    for name, xyz in facts["solids"].items():
        print(f"  solid {name}: model Lab {np.round(xyz_to_lab(xyz), 1)} aim {SOLIDS[name]}")
    if args.proofs:
        write_proofs(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
