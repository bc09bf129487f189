"""Message catalogue of the workflow commands: message key → Chinese or English text.

Chinese is the default because the people reading `paiban check` and
`paiban batch` output are layout editors and archivists working in Chinese;
`--lang en` (or PAIBAN_LANG=en) switches to English for developers, bug
reports and CI logs.  One language at a time keeps the tables narrow enough
for an 80-column terminal, which a bilingual line would not.  JSON output
and the batch log always use the English keys below: they are for scripts.
"""
from __future__ import annotations

import unicodedata

# One rule for the language of all messages (input errors too): typeset.messages.
from ..messages import LANG_ENV, LANGS, resolve_lang  # noqa: F401  (re-exported)

# key → (Chinese, English).  Placeholders use str.format names.
CATALOGUE: dict[str, tuple[str, str]] = {
    # paiban check: table heads and statuses
    "col_page": ("版", "page"),
    "col_block": ("稿件", "block"),
    "col_kind": ("类型", "kind"),
    "col_chars": ("字数", "chars"),
    "col_lines": ("行数", "lines"),
    "col_status": ("状态", "status"),
    "col_quality": ("禁则/松行/孤字/字距≤¼", "prohib/loose/orphan/≤¼em"),
    "fits": ("合适", "fits"),
    "overset": ("超版 +{chars}字 +{lines}行 “{text}…”", "overset +{chars} chars +{lines} lines “{text}…”"),
    "underset": ("欠版 空{lines}行≈{chars}字 {where}", "underset {lines} empty lines ≈ {chars} chars, {where}"),
    "underset_col": ("栏{col}:{lines}", "col {col}: {lines}"),
    "continued": ("转第{page}版", "continued on page {page}"),
    "kind_hole": ("空白", "white"),
    "total": ("合计", "total"),
    "check_summary": ("{source}：{pages}个版，{blocks}篇稿件，{chars}字；"
                      "超版{overset}篇，欠版{underset}篇，缺字{missing}个",
                      "{source}: {pages} pages, {blocks} blocks, {chars} characters; "
                      "{overset} overset, {underset} underset, {missing} missing glyphs"),
    "quality_summary": ("排版质量：禁则违例{prohibited}处，松行{loose}行，孤字{orphans}处，孤行{widows}处，"
                        "字距增量≤0.25em的行占{share}（要求≥99%）",
                        "composition: {prohibited} prohibition violations, {loose} loose lines, "
                        "{orphans} orphans (孤字), {widows} widows (孤行), "
                        "{share} of lines with extra spacing ≤ 0.25 em (goal ≥ 99 %)"),
    "quality_missing": ("（排版质量数据暂不可用）", "(composer quality figures unavailable)"),
    "missing_glyph": ("缺字", "missing glyph"),
    "fallback_glyph": ("借用已安装字体 {font}（{path}）：", "from installed font {font} ({path}): "),
    # paiban proof
    "proof_written": ("已生成校样 {count} 页：{folder}", "wrote {count} proof pages to {folder}"),
    "proof_overset_label": ("{id} +{chars}字/+{lines}行", "{id} +{chars} chars/+{lines} lines"),
    "proof_underset_label": ("欠{lines}行", "−{lines} lines"),
    "proof_bad_dpi": ("应在 10 到 1200 之间", "must be between 10 and 1200"),
    # paiban epaper (the words around the content of index.html are in the paper's language)
    "epaper_written": ("已生成电子版：{pages}个版，{articles}篇稿件，{files}个文件：{folder}",
                       "wrote the e-paper: {pages} pages, {articles} articles, {files} files in {folder}"),
    "epaper_bad_sizes": ("应为以逗号分隔、互不相同的图片宽度（{low} 到 {high} 像素），例如 1600,400",
                         "must be distinct image widths ({low} to {high} px) separated by commas, e.g. 1600,400"),
    "epaper_title": ("{paper} {date} {number}电子版", "{paper} {date} {number}e-paper"),
    "epaper_issue_no": ("第{number}期 ", "no. {number} "),
    "epaper_page": ("第{page}版 {section}", "page {page} {section}"),
    "epaper_back": ("返回第{page}版", "back to page {page}"),
    "epaper_on_pages": ("见第{pages}版", "on page {pages}"),
    "epaper_photo": ("图片新闻", "photo"),
    # paiban watch
    "watch_start": ("正在监视 {path}（Ctrl-C 退出）", "watching {path} (Ctrl-C to stop)"),
    "watch_built": ("[{time}] 已重排 {out}，用时 {seconds:.2f} 秒", "[{time}] rebuilt {out} in {seconds:.2f} s"),
    "watch_failed": ("[{time}] 排版失败：{error}", "[{time}] build failed: {error}"),
    "watch_internal": ("内部错误 {kind}: {detail}（请报告此问题；保存后重试）",
                       "internal error {kind}: {detail} (please report it; trying again at the next save)"),
    "watch_changed": ("已修改：{files}", "changed: {files}"),
    "watch_stopped": ("已停止监视", "stopped watching"),
    # paiban batch
    "batch_none": ("没有找到 .xml 期刊文件：{paths}", "no .xml issue files found in: {paths}"),
    "batch_progress": ("排版 {done}/{total} ：已排{built} 跳过{skipped} 失败{failed}；每秒{rate:.2f}期，约剩{eta}",
                       "batch {done}/{total}: built {built}, skipped {skipped}, failed {failed}; "
                       "{rate:.2f} issues/s, {eta} left"),
    "batch_summary": ("共{total}期：已排{built}，跳过{skipped}（未修改），失败{failed}，超版{overset}；"
                      "用时{seconds:.1f}秒，{workers}个进程；"
                      "每秒{rate:.2f}期，每期CPU {cpu:.2f}秒",
                      "{total} issues: {built} built, {skipped} skipped (up to date), {failed} failed, "
                      "{overset} overset; {seconds:.1f} s with {workers} workers; "
                      "{rate:.2f} issues/s, {cpu:.2f} CPU-s per issue"),
    "batch_failed_item": ("失败：{error}", "failed: {error}"),
    "batch_bad_shard": ("应写作 K/N（1 ≤ K ≤ N），例如 3/10", "must be K/N with 1 ≤ K ≤ N, e.g. 3/10"),
    "batch_bad_workers": ("应为不小于 1 的整数", "must be a whole number ≥ 1"),
    "batch_no_distributed": ("--scheduler 需要 Dask distributed：pip install 'typeset[cluster]'",
                             "--scheduler needs Dask distributed: pip install 'typeset[cluster]'"),
    "batch_bad_scheduler": ("应为调度器地址（如 tcp://host:8786）或 local:N（N ≥ 1）",
                            "must be a scheduler address (e.g. tcp://host:8786) or local:N with N ≥ 1"),
    "batch_no_scheduler": ("无法连接调度器 {address}：{reason}", "cannot reach the scheduler {address}: {reason}"),
    "batch_no_workers": ("调度器 {address} 没有工作进程（等待20秒）",
                         "the scheduler {address} has no workers (waited 20 s)"),
    "batch_no_outdir": ("无法创建输出文件夹：{path}", "cannot create the output folder: {path}"),
}


def say(key: str, lang: str = "zh", **values) -> str:
    """The text of message `key` in `lang`, filled with `values`."""
    zh, en = CATALOGUE[key]
    return (en if lang == "en" else zh).format(**values)


def kind_name(kind: str, lang: str) -> str:
    """A block kind for humans; unknown kinds are shown as they are."""
    key = f"kind_{kind}"
    if key in CATALOGUE:
        return say(key, lang)
    from .. import registry
    named = registry.kinds()[kind].messages.get(key) if kind in registry.kinds() else None
    return named[LANGS.index(lang)] if named else kind


def display_width(text: str) -> int:
    """Terminal columns `text` takes: CJK wide and fullwidth characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """Pad `text` to `width` terminal columns (left-aligned unless `right`)."""
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill
