"""Texts the core produces for people (reasons, problems, refusals) in Chinese and English.

The core never shows text itself: it records a message kind and its parameters, and this catalogue
turns them into a sentence in the language asked for. Chinese is the default.
"""

from __future__ import annotations

from planning.base.schema import FIELD_BY_KEY

LANGUAGES = ("zh", "en")
_language = "zh"

MESSAGES: dict[str, tuple[str, str]] = {
    # Refusals: the whole file (or the whole job) cannot be used.
    "fail.not_found": ("找不到文件：{file}", "file not found: {file}"),
    "fail.unreadable": ("无法读取文件 {file}：{detail}", "cannot read {file}: {detail}"),
    "fail.too_large": (
        "{file} 太大（{size_mb} MB，上限 {limit_mb} MB），请拆分后再导入",
        "{file} is too large ({size_mb} MB, limit {limit_mb} MB); split it before importing",
    ),
    "fail.zip_too_large": (
        "{file} 解压后有 {size_mb} MB（上限 {limit_mb} MB），疑似压缩炸弹，已拒绝",
        "{file} expands to {size_mb} MB (limit {limit_mb} MB), which looks like a zip bomb; refused",
    ),
    "fail.too_many_cells": (
        "{file} 的工作表声称有 {rows} 行 × {cols} 列（超过 {limit} 个单元格上限），疑似损坏或恶意文件，已拒绝",
        "{file} has a sheet spanning {rows} rows × {cols} columns (over the {limit}-cell limit); "
        "it looks damaged or hostile and was refused",
    ),
    "fail.too_many_cells_repeat": (
        "{file} 通过重复单元格要求 {cells} 个单元格（上限 {limit}），疑似恶意文件，已拒绝",
        "{file} asks for {cells} cells through repeated cells (limit {limit}); it looks hostile and was refused",
    ),
    "fail.too_much_text": (
        "{file} 展开后单元格文字共 {chars} 个字符（上限 {limit}），疑似恶意文件，已拒绝",
        "{file} would expand to {chars} characters of cell text (limit {limit}); it looks hostile and was refused",
    ),
    "fail.count_too_large": (
        "{file} 的 {part} 声称有 {count} 项，但这一部分最多只能容纳 {bound} 项，疑似损坏或恶意文件，已拒绝",
        "{file}: {part} claims {count} entries but can hold at most {bound}; it looks damaged or hostile "
        "and was refused",
    ),
    "fail.password": (
        "{file} 有密码保护，请在 Excel/WPS 中取消密码后另存再导入",
        "{file} is password-protected; remove the password in Excel/WPS, save, and import again",
    ),
    "fail.reader_memory": (
        "文件 {file} 无法读取：读取时占用内存超过 {limit_gb} GB，可能已损坏或被构造",
        "{file} cannot be read: reading it took more than {limit_gb} GB of memory; it may be damaged or crafted",
    ),
    "fail.reader_timeout": (
        "文件 {file} 无法读取：读取超过 {seconds} 秒仍未完成，可能已损坏或被构造",
        "{file} cannot be read: reading it did not finish within {seconds} seconds; it may be damaged or crafted",
    ),
    "fail.reader_aborted": (
        "文件 {file} 无法读取：读取程序意外中止（{detail}），可能已损坏或被构造",
        "{file} cannot be read: the reader stopped abruptly ({detail}); it may be damaged or crafted",
    ),
    "fail.corrupt": ("{file} 已损坏，无法读取（{detail}）", "{file} is damaged and cannot be read ({detail})"),
    "fail.not_spreadsheet": (
        "{file} 不是表格文件（不是 Excel、WPS、ODS、CSV 或网页表格）",
        "{file} is not a spreadsheet (not Excel, WPS, ODS, CSV or an HTML table)",
    ),
    "fail.empty_file": ("{file} 是空文件", "{file} is empty"),
    "fail.no_sheets": ("{file} 中没有任何工作表", "{file} contains no worksheet"),
    "fail.no_data": ("{file} 中没有数据（所有工作表都是空的）", "{file} holds no data (every sheet is empty)"),
    "fail.no_roster": (
        "{file} 中没有找到企业名单：没有一个工作表的表头包含“企业名称”或“统一社会信用代码”等列",
        "no enterprise roster found in {file}: no sheet has a header with columns such as "
        "enterprise name or credit code",
    ),
    "fail.no_enterprises": (
        "{file} 中找到了名单表头，但没有一行企业数据",
        "{file} has a roster header but not a single enterprise row",
    ),
    "fail.sheet_not_found": (
        "{file} 中没有名为“{sheet}”的工作表（现有：{sheets}）",
        "{file} has no sheet named '{sheet}' (sheets: {sheets})",
    ),
    "fail.bad_header_row": (
        "{file} 工作表“{sheet}”：指定的表头行 {row} 超出范围（共 {rows} 行）",
        "{file}, sheet '{sheet}': header row {row} is outside the sheet ({rows} rows)",
    ),
    "fail.bad_mapping": ("列映射“{spec}”无效：{detail}", "column mapping '{spec}' is invalid: {detail}"),
    "fail.bad_mapping_detail": (
        "请用列字母（B）、列号（2）或表头文字指定列，并使用标准字段名",
        "name columns by letter (B), number (2) or header text, and use standard field names",
    ),
    "fail.no_input": ("没有指定要导入的文件", "no file given to import"),
    # Command line.
    "cli.summary.rows": ("企业行 {rows}，导入企业 {enterprises}（未导入 {rejected}：{detail}）",
                         "enterprise rows {rows}, enterprises imported {enterprises} (not imported {rejected}: {detail})"),
    "cli.summary.skipped": ("跳过的非企业行 {count}：{detail}", "non-enterprise rows skipped {count}: {detail}"),
    "cli.summary.codes": ("信用代码：无效 {invalid}，缺失 {missing}，重复 {duplicated} 个",
                          "credit codes: invalid {invalid}, missing {missing}, duplicated {duplicated}"),
    "cli.summary.revenue": ("营业收入合计：{total} 万元", "revenue total: {total} 万元"),
    "cli.summary.by_city": ("按地市：{detail}", "by city: {detail}"),
    "cli.summary.by_level": ("按数字化水平等级：{detail}", "by MIIT level: {detail}"),
    "cli.summary.problems": ("数据问题 {issues} 条；提示 {notes} 条", "{issues} value problems; {notes} notes"),
    "cli.firms": ("企业 {count} 家", "{count} firms"),
    "cli.file_failed": ("✗ {message}", "✗ {message}"),
    "cli.sheet_rows": ("{file}［{sheet}］表头第 {header} 行，数据第 {first}–{last} 行",
                       "{file} [{sheet}] header on row {header}, data rows {first}-{last}"),
    "cli.sheet_empty": ("{file}［{sheet}］没有数据行", "{file} [{sheet}] no data rows"),
    "cli.unknown": ("未知", "unknown"),
    "cli.level.1": ("一级", "level 1"), "cli.level.2": ("二级", "level 2"), "cli.level.3": ("三级", "level 3"),
    "cli.level.4": ("四级", "level 4"),
    "cli.short.row.blank": ("空行", "blank"), "cli.short.row.title": ("标题", "title"),
    "cli.short.row.header": ("表头", "header"), "cli.short.row.units": ("单位行", "units"),
    "cli.short.row.column_numbers": ("栏次行", "column numbers"),
    "cli.short.row.repeated_header": ("重复表头", "repeated header"), "cli.short.row.total": ("合计行", "totals"),
    "cli.short.row.section": ("分组标题", "section headings"), "cli.short.row.note": ("脚注", "notes"),
    "cli.short.row.serial_only": ("仅序号", "serial only"),
    "cli.short.reject.no_identity": ("无名称和代码", "no name or code"), "cli.short.reject.duplicate": ("重复", "duplicates"),
    "cli.written": ("已写出 {count} 个文件：", "wrote {count} files:"),
    "cli.budget.head": ("方案“{scenario}”（{years}，预算 {budget} 万元）：支持企业 {firms} 家、措施 {actions} 项；"
                        "补助 {subsidy} 万元，带动投资 {investment} 万元",
                        "Scenario '{scenario}' ({years}, budget {budget} 万元): {firms} firms, {actions} actions; "
                        "subsidy {subsidy}, investment {investment} 万元"),
    "cli.budget.by_year": ("按年度：{detail}", "by year: {detail}"),
    "cli.budget.by_track": ("按路径：{detail}", "by track: {detail}"),
    "cli.budget.by_city": ("按地市：{detail}", "by city: {detail}"),
    "cli.plan.tracks": ("路径：{detail}", "tracks: {detail}"),
    "cli.plan.tiers": ("数字化基础：{detail}", "digital foundation: {detail}"),
    "cli.plan.sectors": ("重点行业：{detail}", "key sectors: {detail}"),
    "cli.plan.unclassified": ("未归类", "unclassified"),
    "cli.plan.counts": ("未能归类行业的企业 {unclassified} 家；数据不完整 {incomplete} 家；人工调整 {overrides} 项",
                        "unclassified firms {unclassified}; data incomplete {incomplete}; overrides applied {overrides}"),
    # Why a firm, or some of its actions, may not be funded (the plan's eligibility rules).
    "budget.excluded.unclassified_industry": (
        "行业未能识别，需人工复核：确认属于制造业并归类后方可获得支持",
        "industry unknown, needs review: it can be funded once it is classified as a manufacturer"),
    "budget.excluded.not_sme": (
        "企业规模为“{size}”，不属于中小企业，不能获得{programmes}的支持",
        "size class '{size}' is not an SME: not eligible for {programmes}"),
    "cli.roster_update": ("{file}：新增 {added} 家，更新 {updated} 家，移除 {removed} 家，未变 {unchanged} 家；现有企业 {firms} 家",
                          "{file}: {added} firms added, {updated} updated, {removed} removed, {unchanged} unchanged; {firms} firms now"),
    "cli.roster_update.overrides": ("{count} 项人工调整所属的企业已不在名单中（调整仍保留）",
                                    "{count} adjustments belong to firms no longer in the roster (they are kept)"),
    "cli.roster_update.replanned": ("已按原预算、年份和方法重新规划：{scenarios}",
                                    "planned again with their budget, years and method: {scenarios}"),
    # How each KPI figure is computed (the plan's KPI projection; every figure is indicative).
    "indicator.definition.rd_tool_firm_share": (
        "数字化研发设计工具普及率：使用数字化研发设计工具的企业占已知情况企业的比例（填报普及率大于 0 或已应用 CAD/PLM 即计为使用，"
        "研发设计类措施验收后计入），按企业数计算，与工信部口径一致；预测值仅供参考",
        "digital R&D tool rate: share of the firms whose use is known that use digital R&D or design tools (a reported "
        "rate above 0 or CAD/PLM in use; an R&D-tool action counts once accepted), counted in firms as MIIT does; "
        "projections are indicative"),
    "indicator.definition.cnc_firm_weighted": (
        "关键工序数控化率（估算）：填报企业数控化率的简单平均（每家企业权重相同）。工信部口径为关键工序中数控化工序的比例，"
        "名册未提供工序数，故此数为估算，仅供参考，不与全国数据直接比较",
        "key-process CNC rate (estimate): the plain mean of the reporting firms' CNC rates, each firm weighted "
        "equally. MIIT counts the share of key processes that are numerically controlled; the roster gives no "
        "process counts, so this is an estimate, indicative only, not compared with the national figure"),
    "indicator.definition.networking_firm_weighted": (
        "设备联网率：填报企业设备联网率的简单平均（每家企业权重相同），措施验收后计入；仅供参考",
        "equipment networking rate: the plain mean of the reporting firms' networking rates, each firm weighted "
        "equally, actions counted once accepted; indicative"),
    "indicator.definition.miit_level_firms": (
        "数字化水平等级分布：按工信部中小企业数字化水平评测等级（一级至四级、未知）统计的企业数，措施验收后按累计等级提升计入；仅供参考",
        "MIIT level distribution: firms per MIIT SME digital level (1 to 4, unknown), a firm moving up as the "
        "level gains of its accepted actions add up; indicative"),
    "indicator.national_not_comparable": (
        "{label}的“{indicator}”统计口径与本省估算不同，未列出比较",
        "the national figures ({label}) for '{indicator}' are defined differently from the provincial estimate and are not shown"),
    # The plan's quality in the planner's words (from the allocation's proven gap).
    "plan.quality_label": ("方案质量", "Plan quality"),
    "plan.quality": ("已证明距最优不超过 {gap} %", "proven within {gap} % of the best possible"),
    "plan.quality_optimal": ("已证明为最优方案", "proven the best possible"),
    "plan.quality_line": ("{label}：{value}", "{label}: {value}"),
    # Why each firm of the roster is or is not funded (one sentence a planner can read to the firm).
    "outcome.funded": ("获得支持：按规则 {rule} 走{track}路径，{year}年起实施{actions}，补助 {subsidy} 万元{levels}",
                       "funded: rule {rule}, {track} track, {actions} from {year}, subsidy {subsidy} 万元{levels}"),
    "outcome.levels": ("，预计数字化水平由{before}提升至{after}", ", MIIT level expected to rise from {before} to {after}"),
    "outcome.levels_same": ("，预计数字化水平保持{before}", ", MIIT level expected to stay at {before}"),
    "outcome.excluded": ("未获支持：{reasons}", "not funded: {reasons}"),
    "outcome.not_funded_track": ("未获支持：{why}（{track}，不在本方案支持范围内）",
                                 "not funded: {why} ({track}, not funded by this plan)"),
    "outcome.no_actions": ("未获支持：没有适用的措施", "not funded: no action applies"),
    "outcome.forced_out": ("未获支持：已按政策排除", "not funded: excluded by the policy"),
    "outcome.budget_used": ("未获支持：符合条件，但预算已用完（使用 {use}）；按单位补助的成效排序第 {rank} 位（共 {count} 家）",
                            "not funded: eligible, but the budget is used up ({use} used); ranked {rank} of {count} "
                            "by outcome per 万元 of subsidy"),
    "outcome.not_chosen": ("未获支持：符合条件，但在年度预算、名额等政策限制下未能安排；按单位补助的成效排序第 {rank} 位（共 {count} 家）",
                           "not funded: eligible, but the yearly budgets, quotas or other limits of the policy leave no "
                           "room; ranked {rank} of {count} by outcome per 万元 of subsidy"),
    "outcome.no_payable_package": ("未获支持：现有措施不能使企业达到可获补助的数字化水平等级（试点补助按改造后等级核定，二级以下不予补助）",
                                   "not funded: its actions cannot lift it to a level the pilot pays for (awards go by "
                                   "the level reached after the retrofit; nothing below level 2)"),
    "cli.merged": ("已合并：企业 {firms} 家，冲突 {conflicts} 处，写入 {file}", "merged: {firms} firms, {conflicts} conflicts, written to {file}"),
    # The collection template and the lists of problems sent back to the cities.
    "template.unknown_city": ("找不到地市“{city}”（GB/T 2260）", "no city '{city}' in the divisions (GB/T 2260)"),
    "template.unknown_province": ("找不到省份“{province}”（GB/T 2260）", "no province '{province}' in the divisions (GB/T 2260)"),
    "cli.template_written": ("已写出报送模板 {file}（{place}，预填企业 {count} 家）",
                             "wrote the roster template {file} ({place}, {count} firms pre-filled)"),
    "problems.file_stem": ("退回修改清单", "corrections"),
    "problems.unknown_city": ("未知地市", "unknown city"),
    "problems.col.file": ("文件", "File"), "problems.col.sheet": ("工作表", "Sheet"),
    "problems.col.row": ("行号", "Row"), "problems.col.column": ("列", "Column"),
    "problems.col.header": ("列名", "Column name"), "problems.col.name": ("企业名称", "Enterprise"),
    "problems.col.credit_code": ("统一社会信用代码", "Credit code"), "problems.col.value": ("填写的值", "Value given"),
    "problems.col.problem": ("问题", "Problem"), "problems.col.advice": ("修改建议", "What to do"),
    "advice.other": ("请核对并更正“{field}”", "check and correct '{field}'"),
    "advice.row": ("请核对该行并更正", "check and correct this row"),
    "advice.cc.missing": ("请补填 18 位统一社会信用代码", "add the 18-character credit code"),
    "advice.cc.bad_length": ("请对照营业执照核对位数，应为 18 位", "check the length against the business licence: 18 characters"),
    "advice.cc.bad_charset": ("请核对是否把数字 0、1 写成了字母 O、I，代码中没有 I、O、S、V、Z",
                              "check for the letters O or I written for 0 or 1; a code has no I, O, S, V or Z"),
    "advice.cc.bad_structure": ("请对照营业执照核对前 8 位（登记管理部门、机构类别、行政区划码）",
                                "check the first 8 characters (authority, category, division) against the business licence"),
    "advice.cc.bad_check": ("请核对第 18 位校验码（对照营业执照）", "check the 18th character, the check character (against the business licence)"),
    "advice.cc.lost_digits": ("请按营业执照重新填写完整代码，并把单元格设为文本格式",
                              "write the whole code again from the business licence, in a cell formatted as text"),
    "advice.cc.legacy_registration_number": ("请改填 18 位统一社会信用代码", "give the 18-character credit code instead"),
    "advice.cc.organization_code": ("请改填 18 位统一社会信用代码", "give the 18-character credit code instead"),
    "advice.cc.not_enterprise": ("请确认该单位是否为企业法人；不是企业的请从名单中删除",
                                 "check that this is an enterprise; remove it from the roster if not"),
    "advice.cc.org_code_check": ("请对照营业执照核对第 9–17 位", "check characters 9-17 against the business licence"),
    "advice.value.missing_name": ("请补填企业全称", "add the enterprise's full name"),
    "advice.value.unparseable_number": ("请只填数字，不要带单位或文字", "enter a number only, without a unit or words"),
    "advice.value.unknown_unit": ("请换算为万元，只填数字", "convert to 10k CNY (万元) and enter the number only"),
    "advice.value.approximate_value": ("请填写准确数字", "give the exact number"),
    "advice.value.negative_value": ("请核对，数值不应为负", "check the value: it cannot be negative"),
    "advice.value.fractional_count": ("请填写整数人数", "give a whole number of people"),
    "advice.value.rate_read_as_fraction": ("请按百分数填写（45 表示 45%）并核对", "enter a percentage (45 means 45%) and check it"),
    "advice.value.rate_out_of_range": ("请填写 0–100 之间的百分数", "enter a percentage from 0 to 100"),
    "advice.value.unrecognised_flag": ("请填写“是”或“否”", "enter 是 (yes) or 否 (no)"),
    "advice.value.unrecognised_level": ("请填写一级、二级、三级或四级；尚未评测的留空",
                                        "enter 一级, 二级, 三级 or 四级; leave it empty if not assessed"),
    "advice.value.level_out_of_range": ("请填写一级、二级、三级或四级；尚未评测的留空",
                                        "enter 一级, 二级, 三级 or 四级; leave it empty if not assessed"),
    "advice.value.unparseable_date": ("请按 2015-06-30 的格式填写日期", "enter the date as 2015-06-30"),
    "advice.value.invalid_date": ("请核对日期，按 2015-06-30 的格式填写", "check the date and enter it as 2015-06-30"),
    "advice.value.placeholder": ("请补填实际数据；确实没有的留空并在备注中说明",
                                 "give the real value; if there is none, leave it empty and say so in the remarks"),
    "advice.industry.letter_mismatch": ("请核对行业门类字母与代码", "check the section letter against the code"),
    "advice.industry.unknown_code": ("请按 GB/T 4754-2017 核对行业代码", "check the industry code against GB/T 4754-2017"),
    "advice.industry.not_manufacturing": ("请确认是否为制造业企业（行业代码 13–43）",
                                          "check that this is a manufacturer (industry code 13-43)"),
    "advice.industry.bad_code": ("请按 GB/T 4754-2017 填写数字代码，如 3911", "enter the GB/T 4754-2017 code in digits, e.g. 3911"),
    "advice.region.unknown_city": ("请填写地市全称，如 合肥市", "give the city's full name, e.g. 合肥市"),
    "advice.region.ambiguous_city": ("请填写地市全称，如 合肥市", "give the city's full name, e.g. 合肥市"),
    "advice.region.unknown_county": ("请填写区县全称，如 肥西县", "give the county's full name, e.g. 肥西县"),
    "advice.region.ambiguous_county": ("请填写区县全称，如 肥西县", "give the county's full name, e.g. 肥西县"),
    "advice.region.county_not_in_city": ("请核对地市与区县是否对应", "check that the county is in the city"),
    "advice.region.city_differs_from_sheet": ("请核对所属地市", "check the city"),
    "advice.reject.no_identity": ("请补填企业名称和统一社会信用代码，不是企业的行请删除",
                                  "add the name and credit code, or delete the row if it is no enterprise"),
    "advice.reject.no_name": ("请补填企业名称", "add the enterprise's name"),
    "advice.reject.duplicate": ("请核对是否重复填报：删除重复的行，或更正代码",
                                "check whether the firm is listed twice: delete the repeated row or correct the code"),
    "advice.dup.same_name_other_code": ("请核对是否同一企业：代码以营业执照为准",
                                        "check whether this is the same firm: the business licence's code is right"),
    # Project files.
    "project.not_found": ("找不到项目文件：{file}", "project file not found: {file}"),
    "project.unreadable": ("无法读取项目文件 {file}：{detail}", "cannot read project file {file}: {detail}"),
    "project.empty": ("{file} 是空文件，不是 DTPlan 项目", "{file} is empty, not a DTPlan project"),
    "project.too_large": ("{file} 超出项目文件的大小限制（{size_mb}），可能已损坏或不安全，已拒绝",
                          "{file} exceeds the project file limits ({size_mb}); it may be damaged or unsafe and was refused"),
    "project.not_project": ("{file} 不是 DTPlan 项目文件（.dtplan）", "{file} is not a DTPlan project file (.dtplan)"),
    "project.newer": ("{file} 由更新版本的 DTPlan 创建（格式 {version}，本版本最高支持 {supported}），请升级后再打开",
                      "{file} was made by a newer DTPlan (format {version}; this version reads up to {supported}); "
                      "update DTPlan to open it"),
    "project.backup_exists": ("；同一文件夹中有备份 {backup}，可尝试打开它", "; a backup, {backup}, is in the same folder: try opening it"),
    "project.damaged": ("{file} 已损坏，无法打开（{detail}）", "{file} is damaged and cannot be opened ({detail})"),
    "project.unexpected": ("{file} 含有项目文件不应有的内容（{detail}），出于安全考虑已拒绝",
                           "{file} contains something a project file never holds ({detail}); refused for safety"),
    "project.bad_templates": ("{file} 中的规则或政策无效：{detail}", "the rules or policy in {file} are invalid: {detail}"),
    "project.read_only": ("文件只读，已以只读方式打开；如需修改请“另存为”", "the file is read-only and was opened read-only; use Save As to keep changes"),
    "project.locked": ("{user} 正在 {host} 上编辑此文件（自 {since} 起），已以只读方式打开",
                       "{user} is editing this file on {host} (since {since}); it was opened read-only"),
    "project.migrated": ("此文件来自较早版本（格式 {version}），已在内存中升级；保存后将使用新格式",
                         "this file comes from an earlier version (format {version}) and was upgraded in memory; saving writes the new format"),
    "project.save_failed": ("无法保存到 {file}：{detail}（原文件未改动）", "cannot save to {file}: {detail} (the file on disk is unchanged)"),
    # Sheets that are not imported.
    "sheet.hidden": ("隐藏的工作表，未导入", "hidden sheet, not imported"),
    "sheet.chart": ("图表工作表，未导入", "chart sheet, not imported"),
    "sheet.other_kind": ("不是普通工作表，未导入", "not a worksheet, not imported"),
    "sheet.empty": ("空工作表", "empty sheet"),
    "sheet.no_header": (
        "没有找到企业名单的表头（需要“企业名称”或“统一社会信用代码”等列），未导入",
        "no roster header found (needs columns such as enterprise name or credit code); not imported",
    ),
    "sheet.summary": ("汇总/说明类工作表，不是企业名单，未导入", "summary or notes sheet, not a roster; not imported"),
    "sheet.not_chosen": ("未选择此工作表", "sheet not chosen"),
    "sheet.unreadable": ("工作表无法读取：{detail}", "sheet cannot be read: {detail}"),
    # Rows that are not enterprises.
    "row.blank": ("空行", "blank row"),
    "row.title": ("表头上方的标题或说明", "title or note above the header"),
    "row.header": ("表头行", "header row"),
    "row.units": ("单位行（{units}）", "units row ({units})"),
    "row.column_numbers": ("栏次行（列编号）", "column-number row"),
    "row.repeated_header": ("重复的表头行", "repeated header row"),
    "row.total": ("合计/小计行：{text}", "total or subtotal row: {text}"),
    "row.section": ("分组标题：{text}", "section heading: {text}"),
    "row.note": ("脚注或说明：{text}", "footnote or note: {text}"),
    "row.serial_only": ("只有序号、没有企业信息的行", "row with only a serial number"),
    # Enterprise rows that are not imported.
    "reject.no_identity": (
        "既没有企业名称也没有统一社会信用代码，无法识别企业",
        "no enterprise name and no credit code: the enterprise cannot be identified",
    ),
    "reject.no_name": ("缺少企业名称（信用代码 {code}）", "enterprise name missing (credit code {code})"),
    "reject.diff": ("；不同之处：{diff}", "; differences: {diff}"),
    "reject.duplicate": (
        "与 {first} 重复（{key}）{diff}",
        "duplicate of {first} ({key}){diff}",
    ),
    # Problems with a value; the record is kept.
    "cc.missing": ("缺少统一社会信用代码", "credit code missing"),
    "cc.bad_length": ("长度应为18位（实际 {length} 位）", "should have 18 characters (has {length})"),
    "cc.bad_charset": (
        "含有不允许的字符（不能有 I、O、S、V、Z 及汉字）{hint}",
        "contains characters that are not allowed (no I, O, S, V, Z or Chinese){hint}",
    ),
    "cc.bad_structure": (
        "结构不符合 GB 32100（登记管理部门、机构类别或行政区划码错误）",
        "structure does not follow GB 32100 (authority, category or division code wrong)",
    ),
    "cc.bad_check": ("校验码错误{hint}", "check character is wrong{hint}"),
    "cc.lost_digits": (
        "Excel 把代码存成了数字，后几位已丢失（{raw}），请核对原始代码",
        "Excel stored the code as a number and lost its last digits ({raw}); check the original code",
    ),
    "cc.legacy_registration_number": (
        "这是15位旧版工商注册号，不是统一社会信用代码",
        "this is a legacy 15-digit business registration number, not a credit code",
    ),
    "cc.organization_code": (
        "这是9位组织机构代码，不是统一社会信用代码",
        "this is a 9-character organisation code, not a credit code",
    ),
    "cc.not_enterprise": (
        "代码有效，但类别为“{category}”，不是企业法人",
        "valid code, but its category is '{category}', not an enterprise legal person",
    ),
    "cc.org_code_check": (
        "第 9–17 位的组织机构代码 {org} 校验位不符（GB 11714），代码仍按有效处理，请核对",
        "the organisation code in characters 9-17 ({org}) fails its GB 11714 check digit; the code is kept "
        "as valid, please verify"),
    "cc.status.valid": ("有效", "valid"), "cc.status.not_enterprise": ("非企业代码", "not an enterprise code"),
    "cc.status.missing": ("缺失", "missing"), "cc.status.legacy_registration_number": ("旧注册号", "old registration number"),
    "cc.status.organization_code": ("组织机构代码", "organisation code"), "cc.status.lost_digits": ("丢失末位数字", "lost digits"),
    "cc.status.bad_length": ("长度错误", "wrong length"), "cc.status.bad_charset": ("含非法字符", "invalid characters"),
    "cc.status.bad_structure": ("结构错误", "wrong structure"), "cc.status.bad_check": ("校验码错误", "wrong check character"),
    "cc.suggest": ("；可能应为 {code}", "; probably {code}"),
    "cc.category.92": ("个体工商户", "individual business"),
    "cc.category.93": ("农民专业合作社", "farmers' cooperative"),
    "cc.category.other": ("非企业单位（{prefix}）", "non-enterprise body ({prefix})"),
    "value.missing_name": ("缺少企业名称", "enterprise name missing"),
    "value.unparseable_number": ("无法识别的数字：{raw}", "not a number: {raw}"),
    "value.unknown_unit": ("无法识别的单位“{unit}”：{raw}", "unknown unit '{unit}': {raw}"),
    "value.approximate_value": ("约数，按数字导入：{raw}", "approximate value, imported as the number: {raw}"),
    "value.negative_value": ("不应为负数：{value}", "cannot be negative: {value}"),
    "value.fractional_count": ("人数不应有小数：{value}", "a headcount cannot have decimals: {value}"),
    "value.rate_read_as_fraction": (
        "{value} 按小数理解为 {percent}%",
        "{value} read as a fraction, i.e. {percent}%",
    ),
    "value.rate_out_of_range": ("比率应在 0–100% 之间（{value}），已置空", "a rate must be 0-100% ({value}); left empty"),
    "value.unrecognised_flag": ("无法识别的是/否值：{raw}", "not a yes/no value: {raw}"),
    "value.unrecognised_level": ("无法识别的数字化水平等级：{raw}", "not a digital level: {raw}"),
    "value.level_out_of_range": ("数字化水平等级应为一级至四级：{raw}", "the digital level must be 1-4: {raw}"),
    "value.unparseable_date": ("无法识别的日期：{raw}", "not a date: {raw}"),
    "value.invalid_date": ("日期不存在：{raw}", "no such date: {raw}"),
    "value.placeholder": ("未填写（写的是“{word}”），按缺失处理", "not filled in (says '{word}'); taken as missing"),
    "industry.letter_mismatch": (
        "行业门类字母与代码不符：{raw}",
        "the section letter does not match the code: {raw}",
    ),
    "industry.unknown_code": ("不存在的行业代码：{raw}", "no such industry code: {raw}"),
    "industry.not_manufacturing": ("不属于制造业（C门类 13–43）：{raw}", "not manufacturing (section C, 13-43): {raw}"),
    "industry.bad_code": ("无法识别的行业代码：{raw}", "not an industry code: {raw}"),
    "industry.no_such_code": (
        "行业代码 {code} 在 GB/T 4754-2017 中不存在，按 {used}（{used_name}）处理",
        "industry code {code} does not exist in GB/T 4754-2017; taken as {used} ({used_name})",
    ),
    "industry.former_code": (
        "行业代码 {code} 是 GB/T 4754-{edition} 的代码（{former_name}），2017 版中不存在，按 {used}（{used_name}）处理",
        "industry code {code} is from GB/T 4754-{edition} ({former_name}) and does not exist in the 2017 edition; "
        "taken as {used} ({used_name})",
    ),
    "industry.name_contradicts_code": (
        "行业名称“{name}”与代码 {code}（{code_name}）不符：该名称是 {used}（{used_name}），按名称采用 {used}",
        "the industry name '{name}' contradicts the code {code} ({code_name}): the name is {used} ({used_name}), "
        "and {used} was used",
    ),
    "industry.former_name_contradicts_code": (
        "行业名称“{name}”是 GB/T 4754-{edition} 中 {former_code} 的名称（2017 版为 {now} {now_name}），"
        "与代码 {code}（{code_name}）不符；按代码采用 {code}，请核对",
        "the industry name '{name}' is the GB/T 4754-{edition} name of {former_code} (in the 2017 edition "
        "{now} {now_name}) and contradicts the code {code} ({code_name}); the code {code} was used, please check",
    ),
    "region.unknown_city": ("无法识别的地市：{raw}", "unknown city: {raw}"),
    "region.ambiguous_city": ("地市名称有歧义：{raw}", "ambiguous city name: {raw}"),
    "region.unknown_county": ("无法识别的区县：{raw}", "unknown county: {raw}"),
    "region.ambiguous_county": ("区县名称有歧义：{raw}", "ambiguous county name: {raw}"),
    "region.county_not_in_city": (
        "区县“{county}”不属于“{city}”",
        "county '{county}' is not in '{city}'",
    ),
    "region.city_differs_from_sheet": (
        "地市“{city}”与工作表名“{sheet_city}”不一致",
        "city '{city}' differs from the sheet's city '{sheet_city}'",
    ),
    "region.city_renamed": (
        "“{raw}”是 {year} 年调整前的名称，按现行的“{city}”处理",
        "'{raw}' is the name used before {year}; taken as '{city}', the unit in force",
    ),
    "region.county_renamed": (
        "“{raw}”是 {year} 年调整前的名称，按现行的“{county}”处理",
        "'{raw}' is the name used before {year}; taken as '{county}', the unit in force",
    ),
    "dup.same_name_other_code": (
        "与 {other} 企业名称相同但信用代码不同",
        "same name as {other} but a different credit code",
    ),
    # Warnings about the import as a whole.
    "warn.fallback_reader": ("{file}：用备用读取器读取（{reader}）", "{file}: read with the fallback reader ({reader})"),
    "warn.ods_repaired": ("{file}：ODS 文件缺少 mimetype，已按 ODS 读取", "{file}: ODS file without a mimetype entry, read as ODS"),
    "warn.text_as_xls": (
        "{file}：扩展名是 .xls，实际是{actual}文本，已按{actual}读取",
        "{file}: named .xls but is really {actual} text; read as {actual}",
    ),
    "warn.encoding": ("{file}：按 {encoding} 编码读取", "{file}: read as {encoding}"),
    "warn.unmapped_columns": (
        "{file}“{sheet}”：以下列未对应到标准字段，已原样保留：{columns}",
        "{file} '{sheet}': these columns match no standard field and are kept as they are: {columns}",
    ),
    "warn.headers_matched": (
        "{file}“{sheet}”：以下列名不在同义词表中，按推断对应，请核对：{columns}",
        "{file} '{sheet}': these headers are not in the synonyms and were matched by inference; please check: {columns}",
    ),
    "header.matched": ("{column}列“{header}”→{field}（{how}）", "column {column} '{header}' -> {field} ({how})"),
    "header.how.normalised": ("规范化后一致", "same once normalised"),
    "header.how.tokens": ("按词语", "by its words"),
    "header.how.values": ("按列中的值", "by the column's values"),
    "warn.duplicate_column": (
        "{file}“{sheet}”：“{field}”有多列（{columns}），使用“{used}”",
        "{file} '{sheet}': several columns for {field} ({columns}); using '{used}'",
    ),
    "warn.missing_fields": (
        "{file}“{sheet}”：没有以下字段的列：{fields}",
        "{file} '{sheet}': no column for: {fields}",
    ),
    "warn.column_unit": (
        "{file}“{sheet}”：“{column}”的单位为{unit}，已换算为万元",
        "{file} '{sheet}': column '{column}' is in {unit}; converted to 万元",
    ),
    "warn.city_from_sheet": (
        "{file}：工作表“{sheet}”按名称视为{city}的名单",
        "{file}: sheet '{sheet}' taken as the roster of {city} from its name",
    ),
    "warn.sheet_skipped": ("{file}：工作表“{sheet}”未导入：{reason}", "{file}: sheet '{sheet}' not imported: {reason}"),
    "warn.lost_digits": (
        "{count} 个信用代码被 Excel 存成了数字、后几位已丢失，请让报送单位把该列设为文本后重新导出",
        "{count} credit codes were stored as numbers by Excel and lost digits; ask the sender to "
        "format that column as text and export again",
    ),
    "warn.formula_errors": (
        "{file}“{sheet}”：有 {count} 个公式错误值（#DIV/0! 等）按空值处理",
        "{file} '{sheet}': {count} formula error values (#DIV/0! ...) read as empty",
    ),
    # ------------------------------------------------------------------ strategy, budget and reports
    # Joining words.
    "text.list": ("、", ", "),
    "text.clause": ("，", ", "),
    "text.sentence": ("。", ". "),
    "text.end": ("。", "."),
    "value.yes": ("是", "yes"),
    "value.no": ("否", "no"),
    "value.blank": ("（空）", "(blank)"),
    # Conditions of rules and actions, in words.
    "condition.always": ("（无条件）", "(always)"),
    "condition.and": ("且", " and "),
    "condition.or": ("或", " or "),
    "condition.not": ("非（{inner}）", "not ({inner})"),
    "condition.test": ("{field} {operator} {value}", "{field} {operator} {value}"),
    "condition.test_blank": ("{field} {operator}", "{field} {operator}"),
    "condition.op.==": ("等于", "is"),
    "condition.op.!=": ("不等于", "is not"),
    "condition.op.<": ("小于", "<"),
    "condition.op.<=": ("不超过", "≤"),
    "condition.op.>": ("大于", ">"),
    "condition.op.>=": ("不低于", "≥"),
    "condition.op.between": ("介于", "between"),
    "condition.op.in": ("属于", "is one of"),
    "condition.op.not_in": ("不属于", "is not one of"),
    "condition.op.contains": ("包含", "contains"),
    "condition.op.starts_with": ("开头是", "starts with"),
    "condition.op.is_blank": ("为空", "is blank"),
    "condition.op.not_blank": ("不为空", "is filled"),
    # Template files that cannot be used (ConfigError): {where} names the file and the entry.
    "config.where.rule": ("{where}，规则“{id}”", "{where}, rule '{id}'"),
    "config.where.rule_number": ("{where}，第 {number} 条规则", "{where}, rule {number}"),
    "config.where.item": ("{where}，{noun}“{id}”", "{where}, {noun} '{id}'"),
    "config.where.item_number": ("{where}，第 {number} 个{noun}", "{where}, {noun} {number}"),
    "config.where.part": ("{where}，{part}", "{where}, {part}"),
    "config.where.field": ("{where}，字段“{field}”", "{where}, field '{field}'"),
    "config.where.skip_if": ("{where}，已具备条件（skip_if）", "{where}, skip_if"),
    "config.where.track_packages": ("{where}，路径“{track}”的措施包", "{where}, track_packages '{track}'"),
    "config.noun.action": ("措施", "action"),
    "config.noun.sector": ("重点行业", "sector"),
    "config.noun.rule": ("规则", "rule"),
    "config.noun.scenario": ("方案", "scenario"),
    "config.noun.earmark": ("专项比例", "earmark"),
    "config.type.str": ("文字", "text"),
    "config.type.int": ("整数", "a whole number"),
    "config.type.float": ("数字", "a number"),
    "config.type.number": ("数字", "a number"),
    "config.type.list": ("列表", "a list"),
    "config.type.dict": ("对象", "an object"),
    "config.type.bool": ("是/否", "true or false"),
    "config.type.NoneType": ("空值", "null"),
    "config.type.text": ("文字", "text"),
    "config.type.flag": ("是/否", "yes/no"),
    "config.type.date": ("日期", "date"),
    "config.new.rule": ("新规则", "New rule"),
    "config.new.action": ("新措施", "New action"),
    "config.new.scenario": ("新方案", "New scenario"),
    "config.unknown_template": ("未知模板“{template}”", "unknown template '{template}'"),
    "config.scenario.unique_names": ("{where}：每个方案都需要一个不重复的编号", "{where}: every scenario needs a unique name"),
    "config.key.rules": ("规则列表", "rules"),
    "config.key.track": ("路径", "track"),
    "config.key.id": ("编号", "id"),
    "config.key.zh": ("中文名称", "zh"),
    "config.key.en": ("英文名称", "en"),
    "config.key.when": ("条件", "when"),
    "config.key.actions": ("措施", "actions"),
    "config.key.scenarios": ("应用场景", "scenarios"),
    "config.key.scenario_list": ("方案列表", "scenarios"),
    "config.key.default_employees": ("默认从业人数", "default_employees"),
    "config.key.cost": ("费用", "cost"),
    "config.key.effects": ("成效", "effects"),
    "config.key.fixed_wan": ("固定费用", "fixed_wan"),
    "config.key.per_employee_wan": ("每名从业人员费用", "per_employee_wan"),
    "config.key.min_wan": ("费用下限", "min_wan"),
    "config.key.max_wan": ("费用上限", "max_wan"),
    "config.key.sectors": ("重点行业", "sectors"),
    "config.key.horizon": ("规划期", "horizon"),
    "config.key.start": ("起始年", "start"),
    "config.key.end": ("结束年", "end"),
    "config.key.total_budget_wan": ("总预算", "total_budget_wan"),
    "config.key.yearly_budget_wan": ("年度预算", "yearly_budget_wan"),
    "config.key.funded_tracks": ("资助路径", "funded_tracks"),
    "config.key.subsidy_ratio": ("补助比例", "subsidy_ratio"),
    "config.key.subsidy_ratio.default": ("默认补助比例", "subsidy_ratio.default"),
    "config.key.subsidy_ratio.by_track": ("各路径补助比例", "subsidy_ratio.by_track"),
    "config.key.subsidy_ratio.by_sector": ("各重点行业补助比例", "subsidy_ratio.by_sector"),
    "config.key.subsidy_ratio.by_action": ("各措施补助比例", "subsidy_ratio.by_action"),
    "config.key.action_cap_wan": ("各措施补助上限", "action_cap_wan"),
    "config.key.firm_cap_wan": ("每户补助上限", "firm_cap_wan"),
    "config.key.firm_cap_by_level_reached": ("按达到等级的每户补助上限", "firm_cap_by_level_reached"),
    "config.key.min_share": ("最低比例", "min_share"),
    "config.key.max_share": ("最高比例", "max_share"),
    "config.key.programme_quota_per_year": ("各专项年度名额", "programme_quota_per_year"),
    "config.key.packages.fund_partial_packages": ("资助单项措施", "packages.fund_partial_packages"),
    "config.key.packages.max_firms_started_per_year": ("每年启动企业数", "packages.max_firms_started_per_year"),
    "config.key.eligibility": ("资助条件", "eligibility"),
    "config.key.eligibility.fund_unclassified_industry": ("资助行业不明的企业", "eligibility.fund_unclassified_industry"),
    "config.key.eligibility.sme_only_programmes": ("仅限中小企业的专项", "eligibility.sme_only_programmes"),
    "config.key.eligibility.sme_size_classes": ("算作中小企业的规模", "eligibility.sme_size_classes"),
    "config.key.budget_factor": ("预算系数", "budget_factor"),
    "config.key.weights": ("优先权重", "weights"),
    "config.key.sector_priority.default": ("默认行业优先度", "sector_priority.default"),
    "config.key.sector_priority": ("行业优先度", "sector_priority"),
    "config.key.size": ("规模优先度", "size"),
    "config.key.specialized": ("专精特新优先度", "specialized"),
    "config.key.readiness": ("准备程度", "readiness"),
    "config.key.readiness.incomplete_penalty": ("数据不完整扣减", "readiness.incomplete_penalty"),
    "config.key.earlier_start_bonus": ("提前启动加分", "earlier_start_bonus"),
    "config.key.package_value": ("措施包价值", "package_value"),
    "config.key.level_reached": ("达到等级的价值", "level_reached"),
    "config.key.rd_tool_uptake": ("开始使用研发设计工具的价值", "rd_tool_uptake"),
    "config.key.per_cnc_point": ("数控化率每点的价值", "per_cnc_point"),
    "config.key.per_networking_point": ("联网率每点的价值", "per_networking_point"),
    "config.key.priority_floor": ("最低价值比例", "priority_floor"),
    "config.key.indicators": ("评价指标", "indicators"),
    "config.key.field": ("字段", "field"),
    "config.key.weight": ("权重", "weight"),
    "config.key.scale": ("评分标准", "scale"),
    "config.key.full": ("满分值", "full"),
    "config.key.zero": ("零分值", "zero"),
    "config.key.points": ("分值表", "points"),
    "config.key.tiers": ("等级", "tiers"),
    "config.key.min_score": ("最低得分", "min_score"),
    "config.key.unknown_tier": ("数据不足等级", "unknown_tier"),
    "config.key.classes": ("规模等级", "classes"),
    "config.key.employees_min": ("最少从业人数", "employees_min"),
    "config.key.revenue_min_wan": ("最低营业收入", "revenue_min_wan"),
    "config.key.unknown_class": ("规模不明等级", "unknown_class"),
    "config.where.entry": ("{where}“{id}”", "{where} '{id}'"),
    "config.noun.indicator": ("评价指标", "indicator"),
    "config.noun.tier": ("等级", "tier"),
    "config.noun.class": ("规模等级", "class"),
    "config.policy.share": ("{where}：{value} 必须是 0 到 1 之间的比例", "{where}: {value} must be a share between 0 and 1"),
    "config.policy.amount": ("{where}：{value} 必须是不小于 0 的金额（万元）",
                             "{where}: {value} must be a non-negative amount (万元)"),
    "config.policy.flag": ("{where}：必须为是或否", "{where}: must be true or false"),
    "config.policy.id_list": ("{where}：必须是编号列表", "{where}: must be a list of ids"),
    "config.policy.sme_sizes": ("{where}：设置了仅限中小企业的专项，就要指定哪些规模算作中小企业",
                                "{where}: SME-only programmes need the size classes that count as SMEs"),
    "config.policy.horizon": ("{where}：{start}–{end} 不是 1 到 11 年的规划期",
                              "{where}: {start}-{end} is not a horizon of 1 to 11 years"),
    "config.policy.budget_factor": ("{where}：必须大于 0", "{where}: must be positive"),
    "config.policy.years_outside": ("{where}：{years} 年不在规划期内", "{where}: year(s) {years} outside the horizon"),
    "config.policy.unfunded_tracks": ("{where}：{tracks} 不能资助", "{where}: {tracks} cannot be funded"),
    "config.policy.unknown_tracks": ("{where}：未知路径 {tracks}", "{where}: unknown track(s) {tracks}"),
    "config.policy.level": ("{where}：等级 {level} 必须是 1–4", "{where}: level {level} must be 1-4"),
    "config.policy.level_caps_order": ("{where}：较高等级的上限不能低于较低等级", "{where}: a higher level cannot have a lower cap"),
    "config.policy.earmark_bounds": ("{where}：请给出最低比例或最高比例", "{where}: give min_share or max_share"),
    "config.policy.earmark_targets": ("{where}：请以列表给出它所限定的专项和/或路径",
                                      "{where}: give the programmes and/or the tracks whose share it sets, as lists"),
    "config.policy.whole_number": ("{where}：必须是不小于 0 的整数", "{where}: must be a whole number ≥ 0"),
    "config.policy.unknown_names": ("{where}：未知 {names}", "{where}: unknown {names}"),
    "config.policy.unknown_programmes": ("{where}：未知专项 {programmes}", "{where}: unknown programme(s) {programmes}"),
    "config.policy.unknown_criteria": ("{where}：未知权重项 {criteria}（可用：{known}）",
                                       "{where}: unknown criterion {criteria} (use {known})"),
    "config.policy.weights_zero": ("{where}：权重不能为负，也不能全为 0", "{where}: weights must be ≥ 0 and not all zero"),
    "config.policy.levels": ("{where}：等级必须是 1–4", "{where}: levels must be 1-4"),
    "config.policy.number": ("{where}：{value} 必须是不小于 0 的数", "{where}: {value} must be a number ≥ 0"),
    "config.missing": ("{where}：缺少“{key}”", "{where}: missing '{key}'"),
    "config.wrong_type": ("{where}：“{key}”应为{expected}，而不是{found}",
                          "{where}: '{key}' must be {expected}, not {found}"),
    "config.not_object": ("{where}：必须是一个对象", "{where}: must be an object"),
    "config.duplicate_id": ("{where}：编号重复", "{where}: duplicate id"),
    "config.empty_id": ("{where}：编号不能为空", "{where}: the id cannot be blank"),
    "config.empty_name": ("{where}：名称不能为空", "{where}: the name cannot be blank"),
    "config.condition.not_object": ("{where}：条件必须是一个对象，而不是{found}",
                                    "{where}: a condition must be an object, not {found}"),
    "config.condition.not_list": ("{where}：“{op}”必须包含一个条件列表", "{where}: '{op}' must hold a list of conditions"),
    "config.condition.unknown_field": ("{where}：未知字段“{field}”（可用字段：{known}）",
                                       "{where}: unknown field '{field}' (known fields: {known})"),
    "config.condition.unknown_operator": ("{where}：未知运算符“{op}”（可用：{known}）",
                                          "{where}: unknown operator '{op}' (use one of {known})"),
    "config.condition.operator_type": ("{where}：运算符“{op}”不适用于{type}字段",
                                       "{where}: operator '{op}' does not apply to a {type} field"),
    "config.condition.needs_value": ("{where}：运算符“{op}”需要一个值", "{where}: operator '{op}' needs a value"),
    "config.condition.needs_list": ("{where}：“{op}”需要至少一个值", "{where}: '{op}' needs a non-empty list of values"),
    "config.condition.needs_range": ("{where}：“介于”需要下限和上限", "{where}: 'between' needs [low, high]"),
    "config.condition.low_above_high": ("{where}：“介于”的下限 {low} 高于上限 {high}",
                                        "{where}: 'between' low {low} is above high {high}"),
    "config.condition.needs_text": ("{where}：“{op}”需要文字值", "{where}: '{op}' needs a text value"),
    "config.condition.not_number": ("{where}：{value} 不是数字", "{where}: {value} is not a number"),
    "config.condition.not_flag": ("{where}：{value} 不是“是”或“否”", "{where}: {value} is not true or false"),
    "config.condition.not_date": ("{where}：{value} 不是日期（YYYY-MM-DD）", "{where}: {value} is not a date (YYYY-MM-DD)"),
    "config.condition.not_text": ("{where}：{value} 不是文字", "{where}: {value} is not a text value"),
    "config.condition.not_known_value": ("{where}：“{value}”不是可选值之一（{known}）",
                                         "{where}: '{value}' is not one of {known}"),
    "config.sector.prefix_digits": ("{where}：行业代码前缀“{prefix}”必须是 2–4 位数字",
                                    "{where}: prefix '{prefix}' must be 2-4 digits"),
    "config.sector.prefix_taken": ("{where}：行业代码前缀“{prefix}”已属于重点行业“{sector}”",
                                   "{where}: prefix '{prefix}' is already in sector '{sector}'"),
    "config.sector.keyword_pair": ("{where}：关键词必须写成 [词语, 行业大类或 null]",
                                   "{where}: keywords must be [word, division or null] pairs"),
    "config.sector.keyword_division": ("{where}：关键词“{keyword}”对应的行业大类“{division}”不是 2 位数字",
                                       "{where}: keyword '{keyword}' names division '{division}', not 2 digits"),
    "config.rule.duplicate": ("{where}：规则编号重复", "{where}: duplicate rule id"),
    "config.rule.unknown_track": ("{where}：路径“{track}”不是可选路径之一（{known}）",
                                  "{where}: track '{track}' is not one of {known}"),
    "config.unknown_actions": ("{where}：未知措施 {actions}", "{where}: unknown action(s) {actions}"),
    "config.rule.unfunded_actions": ("{where}：“{track}”规则不能安排措施", "{where}: a '{track}' rule cannot fund actions"),
    "config.unknown_track": ("{where}：未知路径", "{where}: unknown track"),
    "config.action.track": ("{where}：路径必须是智能化升级、关键业务环节数字化或任意（any）",
                            "{where}: track must be intelligence, digitalization or any"),
    "config.action.unknown_scenarios": ("{where}：未知应用场景 {scenarios}", "{where}: unknown scenario(s) {scenarios}"),
    "config.action.unknown_sectors": ("{where}：未知重点行业 {sectors}", "{where}: unknown sector(s) {sectors}"),
    "config.action.sectors": ("{where}：“sectors”必须是 \"all\" 或重点行业编号列表",
                              "{where}: 'sectors' must be \"all\" or a list of sector ids"),
    "config.action.negative_cost": ("{where}：费用不能为负数", "{where}: costs cannot be negative"),
    "config.action.min_above_max": ("{where}：费用下限高于上限", "{where}: cost min_wan is above max_wan"),
    "config.action.unknown_effects": ("{where}：未知成效 {effects}（可用：{known}）",
                                      "{where}: unknown effect(s) {effects} (use {known})"),
    "config.action.phasing": ("{where}：分年投入比例不能为负，且合计必须为 1（100%）",
                              "{where}: phasing must be non-negative shares that add up to 1"),
    "config.action.provider": ("{where}：实施主体必须是 {known} 之一", "{where}: provider must be one of {known}"),
    "config.action.in_every_package": ("{where}：in_every_package 必须为是或否",
                                       "{where}: in_every_package must be true or false"),
    # Why a firm got its tags, track and actions.
    "explain.source.code": ("由行业代码 {code} 确定", "from industry code {code}"),
    "explain.source.name": ("由行业名称“{name}”确定", "from the industry name '{name}'"),
    "explain.source.keyword": ("由行业名称或企业名称中的关键词推断，建议核实",
                               "inferred from a keyword in the industry or firm name; please verify"),
    "explain.source.override": ("人工调整", "set by a planner"),
    "explain.source.unclassified": ("无法识别行业，需人工归类", "industry unknown: classify by hand"),
    "explain.left_out.sector": ("不适用于该行业", "does not suit the firm's sector"),
    "explain.left_out.in_place": ("企业已具备：{condition}", "already in place: {condition}"),
    "explain.field.key_sector": ("重点行业", "key sector"),
    "explain.field.division": ("行业大类", "industry division"),
    "explain.field.tier": ("数字化基础", "digital foundation"),
    "explain.field.track": ("路径", "track"),
    "explain.field.actions": ("措施", "actions"),
    "explain.sector": ("行业：{sector}（{source}）", "Sector: {sector} ({source})"),
    "explain.sector_unknown": ("行业：{source}", "Sector: {source}"),
    "explain.foundation": ("数字化基础：{tier}（得分 {score}：{points}）", "Digital foundation: {tier} (score {score}: {points})"),
    "explain.points": ("{indicator} {value} → {points}", "{indicator} {value} → {points}"),
    "explain.incomplete": ("；数据不完整，缺：{missing}", "; data incomplete, missing: {missing}"),
    "explain.by_planner": ("（人工调整）", " (set by a planner)"),
    "explain.rule": ("规则 {rule} {name}：{reason}", "Rule {rule} {name}: {reason}"),
    "explain.because": ("；依据：{conditions}", "; because {conditions}"),
    "explain.held": ("{condition}（实际 {actual}）", "{condition} (actual {actual})"),
    "explain.track": ("路径：{track}", "Track: {track}"),
    "explain.actions": ("措施：{actions}", "Actions: {actions}"),
    "explain.left_out": ("未列入 {action}：{why}", "Left out {action}: {why}"),
    "explain.override": ("人工调整{field}为“{value}”（{author}，{time}：{reason}）",
                         "{field} set to '{value}' by {author} ({time}: {reason})"),
}


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGUAGES}")
    _language = lang


def language() -> str:
    return _language


def message(kind: str, **params) -> dict:
    """A message as data (its kind and parameters), for use as a parameter of another message: it is
    rendered in the language of whoever reads it."""
    return {"kind": kind, "params": params}


def field_name(key: str) -> dict:
    """A roster field (:mod:`planning.base.schema`) as a message parameter: its label in the reader's language."""
    return {"field": key}


def _pick(value: object, lang: str) -> object:
    if isinstance(value, list):
        return ("、" if lang == "zh" else ", ").join(str(_pick(item, lang)) for item in value)
    if isinstance(value, dict):
        if value.keys() == {"kind", "params"}:
            return tr(value["kind"], lang, **value["params"])
        if value.keys() == {"field"}:
            known = FIELD_BY_KEY.get(value["field"])
            return known.label(lang) if known else value["field"]
        if value.keys() == set(LANGUAGES):  # a message rendered in every language, as older versions stored it
            return value[lang]
    return value


def tr(kind: str, lang: str | None = None, **params) -> str:
    lang = lang or _language
    texts = MESSAGES.get(kind)
    if texts is None:
        return kind if not params else f"{kind} {params}"
    template = texts[0] if lang == "zh" else texts[1]
    try:
        return template.format(**{k: _pick(v, lang) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return template
