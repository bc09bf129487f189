"""Output safety: what `-o` (and every other path paiban writes) may name.

An output is written atomically (a temporary file renamed over the target),
so whatever the path names is *replaced*: a device node would become a
regular file (as root, `-o /dev/null`), a symlink would be replaced by a file
(not written through), and an input of the issue — its XML, a photo, a
template or one of its parents, a font — would be lost.  So the target must
be a regular file or not exist yet, must not be a symlink, and must not be
the same file (same device and inode, so hard links count) as any input.
Refusals are input errors (exit 2) naming the output path.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from typing import Iterable, Optional

from .errors import InputError
from .messages import say

# what an existing non-regular target is, for the message (st_mode test → message key)
_KINDS = ((stat.S_ISDIR, "output_kind_directory"), (stat.S_ISCHR, "output_kind_device"),
          (stat.S_ISBLK, "output_kind_device"), (stat.S_ISFIFO, "output_kind_fifo"),
          (stat.S_ISSOCK, "output_kind_socket"))

_INPUT_KINDS = {"image": "input_kind_image", "template": "input_kind_template", "font": "input_kind_font"}


def check_output_target(out: str) -> None:
    """Refuse a target that is a symlink, or exists and is not a regular file."""
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        return
    except OSError as e:                     # e.g. a path through a regular file (ENOTDIR)
        raise InputError(say("output_unwritable", reason=e.strerror), file=out) from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError(say("output_symlink"), file=out)
    for test, key in _KINDS:
        if test(st.st_mode):
            raise InputError(say("output_unwritable", reason=say(key)), file=out)


def check_output_folder(folder: str) -> None:
    """A folder paiban writes into (proof PNGs, batch PDFs) is a real folder or does not exist yet."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return
    except OSError as e:
        raise InputError(say("output_unwritable", reason=e.strerror), file=folder) from None
    if stat.S_ISLNK(st.st_mode) and os.path.isdir(folder):
        return                               # a linked folder: the files inside are checked one by one
    if not stat.S_ISDIR(st.st_mode):
        raise InputError(say("output_folder_not_folder"), file=folder)


def refuse_inputs(out: str, inputs: Iterable[tuple[str, str]]) -> None:
    """Refuse `out` when it is the same file as one of `inputs` ((kind, path) pairs)."""
    try:
        target = os.stat(out)
    except OSError:                          # not there yet: it cannot be an input
        return
    for kind, path in inputs:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            if kind == "issue":
                raise InputError(say("output_is_input"), file=out)
            raise InputError(say("output_overwrites_input", what=say(_INPUT_KINDS[kind]), path=path), file=out)


def check_output(out: str, inputs: Iterable[tuple[str, str]] = ()) -> None:
    """Both checks on one output file."""
    check_output_target(out)
    refuse_inputs(out, inputs)


def issue_inputs(issue, fonts=None, allow_outside_images: bool = False) -> list[tuple[str, str]]:
    """Every file a build of `issue` reads: (kind, path) with kind issue, image, template or font."""
    from .photos import photo_lines
    found = [("issue", issue.source)]
    base = issue.base_dir
    found += [("image", os.path.join(base, src)) for src in photo_lines(issue)]
    for page in issue.pages:
        found += [("template", path) for path in template_chain(page.template, base)]
    found += [("font", path) for path in font_paths(fonts)]
    return list(dict.fromkeys(found))


def template_chain(name: Optional[str], issue_dir: str) -> list[str]:
    """The template file a page names and every parent it `extends` (what can be found)."""
    from .style.template import extends_chain
    return extends_chain(name, issue_dir)


def font_paths(fonts=None) -> list[str]:
    """The font files of the library and of the fonts folder."""
    from .fonts import fonts_dir
    paths = []
    if fonts is not None:
        for face in getattr(fonts, "faces", ()):
            try:
                paths.append(fonts.path(face))
            except KeyError:
                pass
    folder = str(fonts_dir())
    try:
        paths += [os.path.join(folder, n) for n in sorted(os.listdir(folder))]
    except OSError:
        pass
    return paths


# -- a folder written as a whole (paiban epaper) -----------------------------------

RENAME_EXCHANGE = 2                          # renameat2(2) flag: swap two paths in one step (Linux ≥ 3.15)
AT_FDCWD = -100                              # renameat2(2): paths relative to the working directory


def check_output_tree(folder: str, marker: str, inputs: Iterable[tuple[str, str]] = ()) -> None:
    """Refuse a folder that a whole-folder write must not replace: one that
    exists and is not a folder, one holding files paiban did not write there
    (no `marker` file: the user's own folder, e.g. the one with the issue),
    or one holding one of the issue's `inputs`."""
    check_output_folder(folder)
    target = os.path.realpath(folder)
    if os.path.isdir(target) and os.listdir(target) and not os.path.isfile(os.path.join(target, marker)):
        raise InputError(say("output_folder_foreign", marker=marker), file=folder)
    for _kind, path in inputs:
        if os.path.realpath(path).startswith(target + os.sep):
            raise InputError(say("output_folder_holds_input", path=path), file=folder)


def write_tree(folder: str, files: dict[str, bytes], marker: str) -> None:
    """Write `files` (relative path → bytes; `marker` among them) as the whole
    content of `folder`: built in a hidden sibling folder, then swapped in,
    so a reader sees the old folder or the new one, never a mix, and files
    of the old one that the new one lacks are gone.  Call check_output_tree
    first."""
    target = os.path.realpath(folder)          # a linked folder: its target is replaced, the link stays
    parent, name = os.path.split(target)
    try:
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=f".{name}.", suffix=".paiban-tmp", dir=parent)
    except OSError as e:
        raise InputError(say("output_unwritable", reason=e.strerror), file=folder) from None
    try:
        _fill(staging, files)
        _swap_in(staging, target)
    except BaseException as e:                 # Ctrl-C included: the old folder stays as it was
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(e, OSError):
            raise InputError(say("output_unwritable", reason=e.strerror), file=folder) from None
        raise


def _fill(root: str, files: dict[str, bytes]) -> None:
    os.chmod(root, 0o755)
    for rel in sorted(files):
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        with open(path, "wb") as f:
            f.write(files[rel])
            f.flush()
            os.fsync(f.fileno())
        os.chmod(path, 0o644)


def _swap_in(staging: str, target: str) -> None:
    """Put `staging` where `target` is: a plain rename when there is nothing
    yet, else one atomic exchange (renameat2), else — on systems without
    it — the old folder renamed aside first (a moment without the folder)."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    if not _exchange(staging, target):
        aside = staging + ".old"
        os.rename(target, aside)
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(aside, target)           # the old folder back where it was
            raise
        staging = aside
    shutil.rmtree(staging, ignore_errors=True)  # after the exchange, `staging` holds the old folder


def _exchange(a: str, b: str) -> bool:
    """Swap paths `a` and `b` atomically; False when the system cannot."""
    import ctypes
    import ctypes.util
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
