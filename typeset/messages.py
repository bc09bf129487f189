"""Message catalogue of input errors and warnings: key → (Chinese, English).

What `paiban build` and `paiban validate` print about the input —
``file:line:col: <element> message`` — is read by layout editors, so it is
Chinese by default; ``--lang en`` or ``PAIBAN_LANG=en`` (values like
``en_US.UTF-8`` work) switches to English for developers, bug reports and CI
logs.  The location prefix is the same in both languages, and element names,
attribute names (``src=``), values, code points (``U+20BB7``) and paths stay
as written, so tools and tests can match them whatever the language.

The workflow commands (check, proof, watch, batch) keep their own table
texts in `typeset.workflow.messages`; they share `resolve_lang` from here.
"""
from __future__ import annotations

import os
from typing import Optional

LANGS = ("zh", "en")
LANG_ENV = "PAIBAN_LANG"

# key → (Chinese, English).  Placeholders use str.format names and must be
# the same in both languages (tests/test_messages.py checks).
MESSAGES: dict[str, tuple[str, str]] = {
    # ---- the issue file (typeset/model/parse.py) -------------------------
    "unreadable": ("无法读取期刊文件：{reason}", "cannot read the issue file: {reason}"),
    "not_utf8": ('文件不是 UTF-8 编码（字节 0x{byte:02X}，可能是 GBK/GB18030）——'
                 '请在 XML 声明中加上 encoding="GBK"，或把文件转为 UTF-8',
                 "the file is not UTF-8 (byte 0x{byte:02X}; GBK/GB18030?) — "
                 'add encoding="GBK" to the XML declaration or convert the file to UTF-8'),
    "utf8_cut": ("文件在一个字符中间截断（末尾字节 0x{byte:02X} 不是完整的 UTF-8 字符）——文件可能未存完或传输不全",
                 "the file ends in the middle of a character (byte 0x{byte:02X} starts an incomplete "
                 "UTF-8 sequence) — it was cut off; save or copy it again"),
    "utf8_broken": ("此处有一个损坏的 UTF-8 字符（字节 0x{byte:02X}），文件其余部分是正确的 UTF-8",
                    "a damaged UTF-8 character here (byte 0x{byte:02X}); the rest of the file is valid UTF-8"),
    "rtl_script": ("不支持从右向左书写的文字：U+{code:04X}（{name}）——本系统只排从左到右的文字，"
                   "阿拉伯文、希伯来文等会被排反，请删除或改用图片",
                   "right-to-left script is not supported: U+{code:04X} ({name}) — paiban sets text left "
                   "to right only, so Arabic, Hebrew and the like would print reversed; remove it or use an image"),
    "too_deep": ("元素嵌套超过 {depth} 层——期刊文件最多只需几层", "elements are nested more than {depth} deep — "
                 "an issue file needs only a few levels"),
    "page_twice": ("第{number}版重复（第{first}行已有此版号）", "page {number} appears twice (first on line {first})"),
    "page_number_absurd": ("版号 {number} 不合理：版号应为 1 到 {most}",
                           "page number {number} is absurd: pages are numbered 1 to {most}"),
    "bad_bytes": ("含有不符合 {encoding} 编码的字节（0x{byte:02X}）",
                  "bytes that are not valid {encoding} (byte 0x{byte:02X})"),
    "surrogate": ("孤立的代理码位（UTF-16 代理对的一半）不是字符",
                  "an unpaired surrogate (half of a UTF-16 pair) is not a character"),
    "unknown_encoding": ('XML 声明中的编码 "{encoding}" 无法识别',
                         'unknown encoding "{encoding}" in the XML declaration'),
    "control_char": ("期刊文件中不允许出现控制字符 U+{code:04X}（只允许制表符和换行）",
                     "control character U+{code:04X} is not allowed in an issue file (only tab and newline)"),
    "doctype": ("拒绝含实体声明的 DOCTYPE 或外部 DTD：期刊文件不得声明实体或加载 DTD（防 XXE／实体炸弹）",
                "DOCTYPE with entity declarations or an external DTD is refused: "
                "issue files may not declare entities or load DTDs (XXE / entity-bomb protection)"),
    "entity": ("拒绝实体引用 &{name};：期刊文件不得使用实体",
               "entity reference &{name}; is refused: issue files may not use entities"),
    "syntax": ("XML 格式错误：{detail}", "malformed XML: {detail}"),
    "root": ("根元素必须是 <issue>（报纸一期），实为 <{found}>",
             "the root element must be <issue> (报纸一期), found <{found}>"),
    "unknown_element": ("未知元素 <{child}>（位于 <{parent}> 内），应为：{expected}",
                        "unknown element <{child}> inside <{parent}>; expected one of: {expected}"),
    "misplaced_element": ("<{parent}> 内不能放 <{child}>，应为：{expected}",
                          "<{child}> is not allowed inside <{parent}>; expected one of: {expected}"),
    "text_only": ("<{parent}> 只能写文字，请删去元素 <{child}>",
                  "<{parent}> holds text only; remove the element <{child}>"),
    "stray_text": ("<{parent}> 内不能直接写文字：“{text}”{hint}",
                   "text is not allowed directly inside <{parent}>: “{text}”{hint}"),
    "hint_p": ("——请放进 <p>", " — put it in a <p>"),
    "hint_caption": ("——请放进 <caption>", " — put it in a <caption>"),
    "unknown_attribute": ("未知属性 {attr}=（<{element}>），可用：{allowed}",
                          "unknown attribute {attr}= on <{element}>; allowed: {allowed}"),
    "no_attributes": ("未知属性 {attr}=（<{element}>），该元素不带属性",
                      "unknown attribute {attr}= on <{element}>; it takes no attributes"),
    "missing_attribute": ("缺少必需属性 {attr}=（<{element}>）",
                          "missing required attribute {attr}= on <{element}>"),
    "empty_attribute": ("<{element}> 的属性 {attr}= 不能为空",
                        "attribute {attr}= on <{element}> must not be empty"),
    "bad_number": ('<{element}> 的 {attr}="{value}" 必须是正整数（1、2、3……）',
                   '{attr}="{value}" on <{element}> must be a positive whole number (1, 2, 3 …)'),
    "bad_lang": ('<{element}> 的 {attr}="{value}" 不是语言标记（BCP 47），'
                 '应写作 zh-Hans、zh-Hant、zh-Hant-TW、zh-HK 等',
                 '{attr}="{value}" on <{element}> is not a language tag (BCP 47); write zh-Hans, zh-Hant, '
                 'zh-Hant-TW, zh-HK or the like'),
    "bad_choice": ('<{element}> 的 {attr}="{value}" 必须是以下之一：{allowed}',
                   '{attr}="{value}" on <{element}> must be one of: {allowed}'),
    "bad_focus": ('<{element}> 的 {attr}="{value}" 应为 top、bottom、left、right、center（可两个连用，如 "top left"）'
                  '或两个百分数 "X% Y%"（0–100）',
                  '{attr}="{value}" on <{element}> must be top, bottom, left, right or center (two may go '
                  'together, like "top left"), or two per cents "X% Y%" from 0 to 100'),
    "bad_crop": ('<{element}> 的 {attr}="{value}" 应为四个百分数 "左 上 右 下"（从各边裁去），'
                 '左右之和、上下之和都须小于 100',
                 '{attr}="{value}" on <{element}> must be four per cents "left top right bottom" cut from the '
                 "edges, left + right and top + bottom each under 100"),
    "bad_date": ('<{element}> 的 {attr}="{value}" 必须是 YYYY-MM-DD 格式的日期',
                 '{attr}="{value}" on <{element}> must be a date written YYYY-MM-DD'),
    "bad_id": ('<{element}> 的 id="{value}" 必须以字母开头，只含字母、数字和 "-"、"_"、"."',
               'id="{value}" on <{element}> must start with a letter and hold only letters, digits, "-", "_", "."'),
    "schema": ("不符合期刊格式：{detail}", "does not follow the issue schema: {detail}"),
    "order_hint": ("（<{parent}> 的各部分按以下顺序排列，除可重复的以外各至多一次：{parts}）",
                   " (the parts of <{parent}> come in this order, each at most once unless repeatable: {parts})"),
    "headline_mixed": ("标题要么直接写文字，要么用 <line> 分行，不能两者混用",
                       "write the headline either as plain text or as <line> elements, not both"),
    "continuation_unknown": ('<continuation> 的 of="{of}" 不是任何稿件（<article>）的 id',
                             '<continuation> of="{of}" is not the id of any <article>'),
    "continuation_twice": ('稿件 "{of}" 已在第{first}行转版，一篇稿件只能转一次',
                           'article "{of}" is already continued at line {first}; an article continues once'),
    "continuation_not_later": ('转版须在稿件之后的版面：稿件 "{of}" 在第{article_page}版，此处是第{page}版',
                               'a continuation goes on a later page: article "{of}" is on page {article_page}, '
                               'this is page {page}'),
    "duplicate_id": ('id="{value}" 重复（第{first}行已用过）',
                     'duplicate id="{value}" (first used on line {first})'),
    "empty_text": ("<{element}> 是空的", "<{element}> is empty"),
    "ruby_base_long": ("<ruby> 注音的字太多（最多 {most_base} 个字）：一个 <ruby> 只注一个词",
                       "<ruby> annotates too many characters (at most {most_base}): one <ruby> per word"),
    "ruby_reading_long": ("<ruby> 的 reading= 太长（最多 {most_reading} 个字符）",
                          "reading= on <ruby> is too long (at most {most_reading} characters)"),
    "ruby_no_room": ("{block}：注音“{reading}”需要 {need:.1f}pt 的行间空白（连同上一行的着重号），"
                     "行间只有 {gap:.1f}pt，会碰到上一行；请加大模板的 line_pitch 或调整文字",
                     "{block}: the ruby reading “{reading}” needs {need:.1f} pt between lines (with the "
                     "emphasis dots of the line above), the gap is {gap:.1f} pt: it touches the line above; "
                     "widen the template's line_pitch or change the text"),
    "dateline_place": ("<dateline>（本报讯）必须放在第一段开头",
                       "<dateline> (本报讯) must open the first paragraph"),
    "runin_place": ("<runin>（段首小标题）必须放在所在段落开头",
                    "<runin> (run-in head) must open its paragraph"),
    "source_place": ("<source>（来源，如（魏宣））必须放在最后一段末尾",
                     "<source> (来源, e.g. （魏宣）) must close the last paragraph"),
    "image_url": ('src="{src}"：图片必须是期刊旁的本地文件，不能是网址',
                  'src="{src}": images must be local files next to the issue, not URLs'),
    "image_outside": ('src="{src}" 指向期刊文件夹之外，请使用相对于期刊文件的路径',
                      'src="{src}" points outside the issue\'s folder; '
                      "use a path relative to the issue file"),
    # ---- page layout (typeset/flow) ---------------------------------------
    "spans_columns": ("稿件 {block!r} 占第{first}–{last}栏，但本版只有{columns}栏",
                      "block {block!r} spans columns {first}–{last} but the page has {columns}"),
    "column_outside": ("稿件 {block!r} 位于第{col}栏，但本版只有{columns}栏",
                       "block {block!r} stands in column {col} but the page has {columns}"),
    "starts_below": ("稿件 {block!r} 从第{line}行起排，但本版只有{lines}行",
                     "block {block!r} starts at grid line {line} but the page has {lines} lines"),
    "runs_below": ("稿件 {block!r} 排到第{end}行，但本版只有{lines}行",
                   "block {block!r} runs to grid line {end} but the page has {lines} lines"),
    "overlap": ("稿件 {block!r} 与稿件 {other!r} 重叠（第{col}栏第{line}行）",
                "block {block!r} overlaps block {other!r} at column {col}, line {line}"),
    "turned": ("稿件 {block!r}（第{page}版）原位排不下，正文转入右边第{cols}栏 {neighbours} 下方的空白"
               "（刀把形，否则这些栏开天窗）；不要这种形状就请删稿、补稿或改画版",
               "block {block!r} on page {page} did not fit: its text runs on into column {cols} below "
               "{neighbours}, which was white (an L-shaped block, 刀把, instead of a hole); "
               "to avoid the shape, cut or add copy, or change the layout"),
    "overset": ("超版：稿件 {block!r}（第{page}版）有 {chars} 字、{lines} 行排不下",
                "overset: {chars} characters, {lines} lines do not fit in block {block!r} on page {page}"),
    "overset_unplaced": ("超版：稿件 {block!r}（第{page}版）找不到{span}栏宽、容得下它的空位"
                         "（标题和几行正文，或图片的最小高度），整篇 {chars} 字、{lines} 行排不下",
                         "overset: block {block!r} on page {page} finds no free room {span} columns wide "
                         "deep enough for it (its head and a few lines, or a photo at its least height): "
                         "all {chars} characters, {lines} lines do not fit"),
    "missing_glyph": ("缺字：U+{code:04X} “{char}” 无字体可用，以〓代替（第{page}版，稿件 {block!r}）",
                      "no font has {char!r} (U+{code:04X}); a 〓 placeholder is printed "
                      "(page {page}, block {block!r})"),
    "missing_glyph_times": ("缺字：U+{code:04X} “{char}” 无字体可用，以〓代替，"
                            "共{times}处（第{page}版，稿件 {block!r}）",
                            "no font has {char!r} (U+{code:04X}); a 〓 placeholder is printed {times} times "
                            "(page {page}, block {block!r})"),
    "underset_block": ("欠版：稿件 {block!r}（第{page}版）空{lines}行，约缺{chars}字：{where}",
                       "underset: block {block!r} on page {page} leaves {lines} lines empty "
                       "(about {chars} characters): {where}"),
    "underset_page": ("欠版：第{page}版有{lines}行空白，无稿件占用，约缺{chars}字：{where}",
                      "underset: page {page} has {lines} empty lines no block covers "
                      "(about {chars} characters): {where}"),
    "underset_where": ("第{col}栏第{line}行起{lines}行", "column {col} from line {line}, {lines} lines"),
    "underset_where_vertical": ("第{col}栏第{line}行起左侧竖排{lines}行",
                                "column {col} from line {line}, {lines} vertical lines at its left"),
    "too_wide": ("“{text}”超出 {width:.0f} pt 的宽度，字号由 {nominal:g} pt 缩为 {size:.1f} pt",
                 "“{text}” is too wide for {width:.0f} pt; set at {size:.1f} pt instead of {nominal:g} pt"),
    "head_overset": ("标题“{text}”缩到最小字号 {size:g} pt 仍超出 {width:.0f} pt 的宽度："
                     "排成 {lines} 行，超版（源文件第 {line} 行）",
                     "headline “{text}” does not fit {width:.0f} pt even at its min_size {size:g} pt: "
                     "set in {lines} lines, overset (source line {line})"),
    # ---- fonts (typeset/fonts) ---------------------------------------------
    "lang_no_face": ("稿件 {block!r} 是繁体中文（{lang}），但本机没有{faces}的繁体字体（如 Noto Serif/Sans CJK TC，"
                     "Debian 包 fonts-noto-cjk）：这些文字用自带的简体字体排，其中没有的繁体字印成〓（另见缺字警告）",
                     "block {block!r} is Traditional Chinese ({lang}) but no Traditional face is installed for "
                     "{faces} (e.g. Noto Serif/Sans CJK TC, Debian package fonts-noto-cjk): that text is set in "
                     "the shipped Simplified faces, and Traditional characters they lack print as 〓 (see the "
                     "missing-glyph warnings)"),
    "face_song": ("宋体", "Song (serif)"),
    "face_song_bold": ("标宋", "bold Song (serif)"),
    "face_hei": ("黑体", "Hei (sans)"),
    "face_kai": ("楷体", "Kai"),
    "font_missing": ("找不到字体文件（{setting}）", "font file not found ({setting})"),
    "font_unreadable": ("无法读取字体文件：{reason}（{setting}）",
                        "cannot read the font file: {reason} ({setting})"),
    "font_dir_missing": ("{setting} 中列出的字体目录不存在", "font folder named in {setting} does not exist"),
    "font_setting_fonts": ("由 TYPESET_FONTS 指定", "set by TYPESET_FONTS"),
    "font_setting_shipped": ("随软件安装的字体；请重新安装 typeset 或设置 TYPESET_FONTS",
                             "the fonts installed with typeset; reinstall it or set TYPESET_FONTS"),
    "font_skipped": ("已跳过无法使用的字体：{reason}", "font skipped, it cannot be used: {reason}"),
    # ---- templates (typeset/style/template.py, schema.py) -------------------
    # {path} is the key's dotted TOML path (grid.columns, styles.headline.size).
    "template_not_found": ("找不到版式模板 {name!r}（已在期刊旁和 {folder} 中查找）",
                           "page template {name!r} not found (looked next to the issue and in {folder})"),
    "template_outside": ("版式模板 {name!r} 不在允许的文件夹内，已拒绝：模板只能来自期刊所在文件夹（及其 templates/）、"
                         "{env} 列出的文件夹或随软件安装的模板",
                         "page template {name!r} is outside the template folders; refused: templates come only "
                         "from the issue's folder (and its templates/), the folders of {env} and the shipped ones"),
    "template_missing": ("模板缺少 {key}", "template is missing {key}"),
    "template_toml": ("模板不是有效的 TOML：{detail}", "template is not valid TOML: {detail}"),
    "template_not_utf8": ("模板不是 UTF-8 编码（字节 0x{byte:02X}）：TOML 文件须为 UTF-8",
                          "the template is not UTF-8 (byte 0x{byte:02X}): TOML files are UTF-8"),
    "template_unreadable": ("无法读取模板：{reason}", "cannot read template: {reason}"),
    "template_loop": ("模板的 extends 成环：{chain}", "the templates extend each other in a loop: {chain}"),
    "tpl_unknown_table": ("未知的表 [{name}]{hint}", "unknown table [{name}]{hint}"),
    "tpl_unknown_key": ("未知的键 {name}{hint}", "unknown key {name}{hint}"),
    "tpl_did_you_mean": ("——是不是 `{name}`？", " — did you mean `{name}`?"),
    "tpl_known": ("（可用：{names}）", " (known: {names})"),
    "tpl_not_table": ("{path} 必须是一张表（[{path}] 或 {{ … }}），而不是 {value!r}",
                      "{path} must be a table ([{path}] or {{ … }}), not {value!r}"),
    "tpl_whole": ("{path} 必须是整数，而不是 {value!r}", "{path} must be a whole number, not {value!r}"),
    "tpl_number": ("{path} 必须是数值，而不是 {value!r}", "{path} must be a number, not {value!r}"),
    "tpl_length": ("{path} 必须是长度（数值为 pt，或 \"12mm\"、\"9pt\"、\"小五\"），而不是 {value!r}",
                   "{path} must be a length (a number of points, or \"12mm\", \"9pt\", \"小五\"), not {value!r}"),
    "tpl_length_text": ("{path} 的长度有误：{detail}", "{path}: {detail}"),
    "tpl_not_finite": ("{path} = {value} 不是有限的数值", "{path} = {value} is not a finite number"),
    "tpl_range": ("{path} = {value} 超出范围：应在 {low} 到 {high}{unit} 之间",
                  "{path} = {value} is out of range: it must be from {low} to {high}{unit}"),
    "tpl_flag": ("{path} 必须是 true 或 false，而不是 {value!r}", "{path} must be true or false, not {value!r}"),
    "tpl_text": ("{path} 必须是加引号的文字，而不是 {value!r}", "{path} must be text in quotes, not {value!r}"),
    "tpl_texts": ("{path} 必须是文字列表，如 [\"a\", \"b\"]，而不是 {value!r}",
                  "{path} must be a list of texts, like [\"a\", \"b\"], not {value!r}"),
    "tpl_twice": ("{path} 中 {value!r} 出现了两次", "{path} names {value!r} twice"),
    "tpl_choice": ("{path} 必须是以下之一：{options}，而不是 {value!r}{hint}",
                   "{path} must be one of {options}, not {value!r}{hint}"),
    "tpl_placeholder": ("{path}：未知的占位符 {{{name}}}，可用：{allowed}",
                        "{path}: unknown placeholder {{{name}}}; it may use {allowed}"),
    "tpl_braces": ("{path} = {value!r}：花括号不成对（{detail}）；字面的花括号请写成 {{{{ 和 }}}}",
                   "{path} = {value!r}: unbalanced braces ({detail}); write a literal brace as {{{{ or }}}}"),
    "tpl_roles": ("[styles] 缺少这些角色的样式：{roles}", "styles missing for roles: {roles}"),
    "tpl_cmyk": ("颜色 {name!r} 必须是 0 到 1 之间的四个 CMYK 数值，如 [0, 0, 0, 1]；实为 {value!r}",
                 "colour {name!r} must be four CMYK numbers from 0 to 1, like [0, 0, 0, 1]; got {value!r}"),
    "tpl_colour": ("样式 {role}：未知颜色 {colour!r}（请在 [colors] 中定义）{hint}",
                   "style {role}: unknown colour {colour!r} (define it in [colors]){hint}"),
    "tpl_pitch": ("line_pitch（{pitch:g} pt）不能小于 body_size（{size:g} pt）",
                  "line_pitch ({pitch:g} pt) must be at least body_size ({size:g} pt)"),
    "tpl_min_size": ("[styles.{role}] min_size = {value!r} 必须是大于 0 且不大于 size（{size:g} pt）的长度",
                     "[styles.{role}] min_size = {value!r} must be a length above 0 and at most size ({size:g} pt)"),
    "tpl_pitch_loose": ("line_pitch（{pitch:g} pt）超过 body_size（{size:g} pt）的 {most:g} 倍：行距过大，已不成栏",
                        "line_pitch ({pitch:g} pt) is more than {most:g} times body_size ({size:g} pt): "
                        "the lines would not read as one text"),
    "tpl_too_wide": ("版心宽 {grid:.1f} mm，但版面只有 {page:.1f} mm（{columns} 栏 × 每栏 {chars} 字 + 栏间距）",
                     "grid is {grid:.1f} mm wide but the page is {page:.1f} mm "
                     "({columns} columns × {chars} characters + gutters)"),
    "tpl_too_deep": ("{lines} 行的版心超出版面底边 {mm:.1f} mm",
                     "grid of {lines} lines runs {mm:.1f} mm past the bottom of the page"),
    "tpl_span_wide": ("{path} = {value}，但版面只有 {columns} 栏",
                      "{path} = {value} but the grid has {columns} columns"),
    "tpl_masthead_wide": ("报头占第{first}–{last}栏，但版面只有 {columns} 栏",
                          "the masthead spans columns {first}–{last} but the grid has {columns}"),
    "tpl_masthead_deep": ("报头排到第{end}行，版面 {lines} 行已无余地排稿",
                          "the masthead runs to grid line {end} of {lines}: no room is left for the page"),
    "not_length": ("{value!r} 不是长度（请用 pt、mm、cm、in、em 或字号，如 小五）",
                   "not a length: {value!r} (use pt, mm, cm, in, em or a 字号 such as 小五)"),
    "em_needs_size": ("{value!r}：此处没有字号可作 em 的基准", "{value!r}: em needs a font size here"),
    "preflight_summary": ("预检{verdict}：{passed}项通过，{warned}项警告，{failed}项失败（{variant}，{seconds}秒）",
                          "preflight {verdict}: {passed} pass, {warned} warn, {failed} fail ({variant}, {seconds} s)"),
    "preflight_ok": ("合格", "OK"),
    "preflight_failed": ("不合格", "FAILED"),
    "preflight_syntax_written": ("由本次排版用 qpdf {qpdf} 写出，所有流已解码并重新压缩（--preflight=full 另行检查）",
                                 "written by this build with qpdf {qpdf}, every stream decoded and re-encoded "
                                 "(--preflight=full checks it again)"),
    "preflight_syntax_clean": ("无语法或流错误（qpdf 检查，进程内）",
                               "no syntax or stream errors (qpdf's check, in-process)"),
    "preflight_ink_bound": ("{passed}/{pages}个版的总墨量上限在 {warn}% 以内；最高上限 {bound}%"
                            "（按所绘颜色与图片分色时的墨量限制计算，未渲染）",
                            "{passed} of {pages} pages cannot exceed {warn} % ink; highest bound {bound} % "
                            "(from the colours drawn and the photos' ink limit, not rendered)"),
    "preflight_ink_bound_over": ("总墨量上限 {bound}% 超过 {warn}%（上限而非实测；用 --preflight=full 渲染实测）",
                                 "ink could reach {bound} % here, over {warn} % (a bound, not a measurement: "
                                 "--preflight=full renders and measures it)"),
    "preflight_text_unread": ("无法提取文字：{reason}", "text not extracted: {reason}"),
    "preflight_tool_missing": ("未安装 {tool}，未做此项交叉检查", "{tool} not installed, cross-check not run"),
    "cache_unwritable": ("缓存目录 {folder} 无法写入（{reason}）："
                         "照片分色和字体解析每次都要重做（可设 TYPESET_CACHE_DIR）",
                         "cache folder {folder} cannot be written ({reason}): photo separations and font parses "
                         "are redone every build (set TYPESET_CACHE_DIR)"),
    "stray_marks": ("排版程序错误：版块 '{block}'（第{page}版）有 {count} 处内容排到了版块范围以外"
                    "（第一处：{kind}，距裁切线左 {x} mm、上 {y} mm），会压到旁边的稿件或出版口；"
                    "请用 paiban proof --overlay 查看并报告此问题",
                    "layout fault: block '{block}' (page {page}) has {count} marks outside its rectangle "
                    "(the first: {kind} at {x} mm from the left trim, {y} mm from the top): they print over "
                    "the block beside or off the type area; see it with paiban proof --overlay and report it"),
    "vertical_marks_outside": ("{block}：竖排版块最右一行的注音或着重号“{reading}”排在版块右边，需要 {need:.1f}pt，"
                               "那里只有 {room:.1f}pt（栏间到栏线，或版口外的页边），会碰到栏线、旁边的稿件或纸边；"
                               "请把稿件左移、在右边加标题或调整文字",
                               "{block}: the ruby reading or emphasis dots “{reading}” of the block's rightmost "
                               "vertical line stand right of the block and need {need:.1f} pt, only {room:.1f} pt "
                               "is free there (the gutter up to the column rule, or the page margin): they touch "
                               "the rule, the block beside or the trim; move the block, give it a head at the "
                               "right or change the text"),
    "nothing_carried": ("转版 '{of}' 无文字可接：稿件没有文字转到这里（已在原版排完，或原版连转版行也放不下）",
                        "continuation of '{of}' carries nothing: no text of the article went on to it "
                        "(it fitted on its own page, or its block has no room even for the jump line)"),
    # ---- images (typeset/photos/) ----------------------------------
    "image_refused": ("图片 {src!r} 位于期刊文件夹之外，已拒绝（确需使用请加 --allow-outside-images）",
                      "image {src!r} is outside the issue's folder; refused "
                      "(use --allow-outside-images to permit it)"),
    "image_missing": ("图片不存在：{src!r}", "image not found: {src!r}"),
    "image_bad": ("图片 {src!r}：{detail}", "image {src!r}: {detail}"),
    "image_file_missing": ("图片不存在", "image not found"),
    "image_cannot_read": ("无法读取图片：{detail}", "cannot read image: {detail}"),
    "image_cannot_decode": ("图片无法解码：{detail}", "cannot decode image: {detail}"),
    "image_too_many_pixels": ("图片为 {w}×{h} = {mpx} Mpx，超过每张 {limit} Mpx 的上限（防解压炸弹），未解码即拒绝",
                              "image is {w}×{h} = {mpx} Mpx, more than the {limit} Mpx limit "
                              "(decompression-bomb guard); refused before decoding"),
    "image_too_big_decoded": ("图片（{w}×{h}）解码需 {mb} MB 内存，超过 {limit} MB 的预算（防解压炸弹）；请缩小图片",
                              "decoding the image ({w}×{h}) would take {mb} MB, more than the {limit} MB budget "
                              "(decompression-bomb guard); make the image smaller"),
    "photo_low_ppi": ("图片 {photo!r}（{src}，第{page}版）印出来只有 {ppi} ppi，低于印刷要求的 {least} ppi"
                      "（预检不合格）：换更大的原图，或把它放小",
                      "photo {photo!r} ({src}, page {page}) prints at {ppi} ppi, under the {least} ppi print "
                      "needs (the preflight fails it): use a larger original or set it smaller"),
    "photo_cut": ("图片 {photo!r}（{src}，第{page}版）为适合图框被裁去 {cut}%，保留{kept}；"
                  "可在 <photo> 上用 focus= 或 crop= 选择保留的部分",
                  "photo {photo!r} ({src}, page {page}): {cut} % of the image is cut away to fit its frame, "
                  "{kept} is kept; focus= or crop= on the <photo> chooses what is kept"),
    "part_top": ("上部", "the top"),
    "part_bottom": ("下部", "the bottom"),
    "part_left": ("左部", "the left"),
    "part_right": ("右部", "the right"),
    "part_middle": ("中部", "the middle"),
    "image_unreadable": ("图片 {src!r} 无法读取：{reason}", "image {src!r}: cannot read it: {reason}"),
    # ---- output (typeset/pipeline.py) -------------------------------------
    "output_unwritable": ("输出路径无法写入：{reason}", "cannot write the output: {reason}"),
    "output_is_input": ("输出会覆盖期刊文件本身，请另选 .pdf 路径",
                        "the output would overwrite the issue file itself; choose a .pdf path"),
    "output_overwrites_input": ("输出会覆盖本期的{what} {path}，请另选 .pdf 路径",
                                "the output would overwrite the issue's {what} {path}; choose a .pdf path"),
    "output_symlink": ("输出路径是符号链接，拒绝写入（写入会以文件替换链接）：请给出实际文件的路径",
                       "the output is a symbolic link; refused (writing would replace the link "
                       "by a file): give the real file's path"),
    "output_folder_not_folder": ("输出文件夹路径已存在，但不是文件夹", "the output folder exists and is not a folder"),
    "output_folder_foreign": ("输出文件夹已有别的文件（没有 {marker}，不是 paiban 写的），整个文件夹会被替换，"
                              "拒绝写入：请给出新的或空的文件夹",
                              "the output folder holds other files (no {marker}: paiban did not write it) and "
                              "would be replaced as a whole; refused: give a new or empty folder"),
    "output_folder_holds_input": ("输出文件夹里有本期的输入文件 {path}，替换文件夹会删掉它，请另选文件夹",
                                  "the output folder holds an input of the issue, {path}, which replacing "
                                  "the folder would delete; choose another folder"),
    "output_kind_directory": ("这是一个文件夹（directory），请给出 .pdf 文件路径",
                              "it is a directory; give a .pdf file path"),
    "output_kind_device": ("这是一个设备文件，拒绝写入", "it is a device; refused"),
    "output_kind_fifo": ("这是一个命名管道（FIFO），拒绝写入", "it is a FIFO (named pipe); refused"),
    "output_kind_socket": ("这是一个套接字，拒绝写入", "it is a socket; refused"),
    "input_kind_image": ("图片", "image"),
    "input_kind_template": ("版式模板", "template"),
    "input_kind_font": ("字体", "font"),
    # ---- the command line (typeset/cli.py, typeset/errors.py) -------------
    "not_a_file_folder": ("这是一个文件夹，请给出 PDF 文件", "this is a folder; give a PDF file"),
    "not_a_file_missing": ("文件不存在", "no such file"),
    "not_a_file_unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "warning": ("警告：{message}", "warning: {message}"),
    "built": ("{out}：{pages}个版，{chars}字，超版稿件{overset}篇",
              "{out}: {pages} pages, {chars} characters, {overset} overset blocks"),
    "valid": ("{issue}：格式正确，{pages}个版，{blocks}篇稿件",
              "{issue}: valid, {pages} pages, {blocks} blocks"),
    "interrupted": ("paiban: 已中断，未写出任何文件", "paiban: interrupted; no output was written"),
    "terminated": ("paiban: 已被终止（SIGTERM），未写出任何文件",
                   "paiban: terminated (SIGTERM); no output was written"),
    "internal_error": ("paiban: 内部错误：{kind}: {detail}（加 -v 查看详情，请报告此问题）",
                       "paiban: internal error: {kind}: {detail} (run with -v for details)"),
}


def resolve_lang(explicit: Optional[str] = None) -> str:
    """--lang wins, then PAIBAN_LANG (zh_CN.UTF-8 style values accepted), else Chinese."""
    for value in (explicit, os.environ.get(LANG_ENV)):
        if value:
            code = value.strip().lower()[:2]
            if code in LANGS:
                return code
    return "zh"


def lang() -> str:
    """The language of this run: PAIBAN_LANG (set by `paiban --lang`), else Chinese."""
    return resolve_lang()


def say(key: str, /, **values) -> str:
    """The text of message `key` in the run's language, filled with `values`."""
    zh, en = MESSAGES[key]
    return (en if lang() == "en" else zh).format(**values)


def joined(parts) -> str:
    """Parts of one message as a list in the run's language (“；” or “; ”)."""
    return ("; " if lang() == "en" else "；").join(parts)
