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
import stat
import tomllib
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
    from .draw.images import photo_lines
    found = [("issue", issue.source)]
    base = issue.base_dir
    found += [("image", os.path.join(base, src)) for src in photo_lines(issue)]
    for page in issue.pages:
        found += [("template", path) for path in template_chain(page.template, base)]
    found += [("font", path) for path in font_paths(fonts)]
    return list(dict.fromkeys(found))


def template_chain(name: Optional[str], issue_dir: str) -> list[str]:
    """The template file a page names and every parent it `extends` (what can be found)."""
    from .style.template import find_template
    chain: list[str] = []
    folder = issue_dir
    while name and len(chain) < 32:          # a loop is the template loader's to report
        try:
            path = find_template(name, folder)
            with open(path, "rb") as f:
                parent = tomllib.load(f).get("extends")
        except (InputError, OSError, ValueError):
            return chain
        if path in chain:
            return chain
        chain.append(path)
        name, folder = (parent if isinstance(parent, str) else None), os.path.dirname(path)
    return chain


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
