<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BudgetView</name>
    <message>
        <source>as in the policy</source>
        <translation>按补助政策</translation>
    </message>
    <message>
        <source> 10k CNY</source>
        <translation> 万元</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <source>Plan and compare all scenarios</source>
        <translation>规划并比较全部方案</translation>
    </message>
    <message>
        <source>Scenario:</source>
        <translation>方案：</translation>
    </message>
    <message>
        <source>Budget:</source>
        <translation>预算：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Compute the efficient frontier</source>
        <translation>计算效率前沿</translation>
    </message>
    <message>
        <source>What if the budget is cut by</source>
        <translation>如果预算压减</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>压减</translation>
    </message>
    <message>
        <source>Funded actions that drop out, least valuable first:</source>
        <translation>将被取消支持的措施（优先值低的在前）：</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>方案概要</translation>
    </message>
    <message>
        <source>Funded actions</source>
        <translation>支持措施明细</translation>
    </message>
    <message>
        <source>Every firm: funded or not, and why</source>
        <translation>名单企业支持情况及原因</translation>
    </message>
    <message>
        <source>Scenarios compared</source>
        <translation>方案比较</translation>
    </message>
    <message>
        <source>Efficient frontier</source>
        <translation>效率前沿</translation>
    </message>
    <message>
        <source>Budget cuts</source>
        <translation>预算压减测试</translation>
    </message>
    <message>
        <source>Quick draft</source>
        <translation>快速初稿</translation>
    </message>
    <message>
        <source>Best, proven</source>
        <translation>最优（有证明）</translation>
    </message>
    <message>
        <source>The subsidy the plan allocates and the firms it funds at budgets from a tenth of the current one up to all of it (the chart is under Charts).</source>
        <translation>预算从当前的十分之一到全部时，方案安排的补助资金和支持的企业数（图见“图表”）。</translation>
    </message>
    <message>
        <source>The rules, the policy or the overrides changed since this plan was made: plan again to update it.</source>
        <translation>本方案生成后，规则、政策或人工调整已有变化：请重新规划以更新方案。</translation>
    </message>
    <message>
        <source>No plan yet. Choose a scenario and press Plan.</source>
        <translation>尚无方案。请选择方案后点击“规划”。</translation>
    </message>
    <message>
        <source>By year</source>
        <translation>分年度</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Actions started</source>
        <translation>启动措施</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>By track</source>
        <translation>按路径</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Firms</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation>补助</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Subsidy: {name}</source>
        <translation>补助：{name}</translation>
    </message>
    <message>
        <source>Subsidy paid {year}</source>
        <translation>{year}年拨付补助</translation>
    </message>
    <message>
        <source>Use “Plan and compare all scenarios”.</source>
        <translation>请使用“规划并比较全部方案”。</translation>
    </message>
    <message>
        <source>{name} (Δ vs {base})</source>
        <translation>{name}（较{base}增减）</translation>
    </message>
    <message>
        <source>A cut keeps this plan and drops its least valuable packages, whole, until the smaller budget and each year&apos;s share of it are met: it shows who would lose funding. A scenario with a smaller budget ({scenarios}) plans anew with that money: it can choose other firms, smaller packages and other years, so at the same budget it usually funds more.</source>
        <translation>预算压减测试保留本方案，按优先值从低到高整包取消支持，直到满足压减后的总预算和各年度预算，用于查看哪些企业将失去支持；压减预算的方案（{scenarios}）则用压减后的资金重新规划，可以改选其他企业、较小的措施包和其他年度，因此同样的预算通常能支持更多企业。</translation>
    </message>
    <message>
        <source>At {budget}, “{scenario}” funds {firms} firms with {money}; this cut keeps {kept} firms with {kept_money}.</source>
        <translation>预算同为 {budget} 万元时，“{scenario}”支持企业 {firms} 家、补助 {money} 万元；本次压减测试保留企业 {kept} 家、补助 {kept_money} 万元。</translation>
    </message>
    <message>
        <source>Choose a cut to see who would lose funding.</source>
        <translation>选择压减幅度，查看哪些企业将失去支持。</translation>
    </message>
    <message>
        <source>Plan a scenario first.</source>
        <translation>请先规划一个方案。</translation>
    </message>
    <message>
        <source>Budget {budget} instead of {before}: {firms} firms stay funded ({lost} fewer); {actions} actions drop out, {money} of subsidy.</source>
        <translation>预算由 {before} 压减为 {budget} 万元：仍支持企业 {firms} 家（减少 {lost} 家）；取消措施 {actions} 项，涉及补助 {money} 万元。</translation>
    </message>
</context>
<context>
    <name>CatalogueForm</name>
    <message>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Headcount when a firm gives none:</source>
        <translation>企业未填从业人数时按：</translation>
    </message>
    <message>
        <source>Any track</source>
        <translation>任意路径</translation>
    </message>
    <message>
        <source>In every package (a prerequisite such as the diagnosis)</source>
        <translation>每个措施包都包含（如诊断等前提措施）</translation>
    </message>
    <message>
        <source>Action id:</source>
        <translation>措施编号：</translation>
    </message>
    <message>
        <source>Name (Chinese):</source>
        <translation>名称（中文）：</translation>
    </message>
    <message>
        <source>Name (English):</source>
        <translation>名称（英文）：</translation>
    </message>
    <message>
        <source>Track of the action:</source>
        <translation>适用路径：</translation>
    </message>
    <message>
        <source>Programme:</source>
        <translation>专项：</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>实施主体：</translation>
    </message>
    <message>
        <source>Duration (months):</source>
        <translation>实施周期（月）：</translation>
    </message>
    <message>
        <source>Cost (10k CNY)</source>
        <translation>费用（万元）</translation>
    </message>
    <message>
        <source>Fixed part</source>
        <translation>固定部分</translation>
    </message>
    <message>
        <source>Per employee</source>
        <translation>每名从业人员</translation>
    </message>
    <message>
        <source>At least</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation>补助</translation>
    </message>
    <message>
        <source>as in the policy</source>
        <translation>按补助政策</translation>
    </message>
    <message>
        <source>Subsidy ratio of this action:</source>
        <translation>本措施补助比例：</translation>
    </message>
    <message>
        <source>Cap per firm for this action (10k CNY):</source>
        <translation>本措施每户补助上限（万元）：</translation>
    </message>
    <message>
        <source>Phasing (share per year)</source>
        <translation>分年投入（各年比例）</translation>
    </message>
    <message>
        <source>Add a year</source>
        <translation>增加一年</translation>
    </message>
    <message>
        <source>Remove the last year</source>
        <translation>删去最后一年</translation>
    </message>
    <message>
        <source>Effects</source>
        <translation>成效</translation>
    </message>
    <message>
        <source>Level gain (share of one level)</source>
        <translation>等级提升（一级的比例）</translation>
    </message>
    <message>
        <source>Key-process CNC rate (points)</source>
        <translation>关键工序数控化率（百分点）</translation>
    </message>
    <message>
        <source>Digital research and design tool rate (points)</source>
        <translation>数字化研发设计工具普及率（百分点）</translation>
    </message>
    <message>
        <source>Networking rate (points)</source>
        <translation>设备联网率（百分点）</translation>
    </message>
    <message>
        <source>Whom it suits</source>
        <translation>适用对象</translation>
    </message>
    <message>
        <source>All sectors</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>Sectors:</source>
        <translation>适用行业：</translation>
    </message>
    <message>
        <source>Application scenarios:</source>
        <translation>应用场景：</translation>
    </message>
    <message>
        <source>Not needed when</source>
        <translation>企业已具备时不需要</translation>
    </message>
    <message>
        <source>Edit {template}</source>
        <translation>修改{template}</translation>
    </message>
    <message>
        <source>Year {n}</source>
        <translation>第 {n} 年</translation>
    </message>
</context>
<context>
    <name>ChartsView</name>
    <message>
        <source>Export chart…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>No plan yet: plan a scenario to see its charts.</source>
        <translation>尚无方案：规划方案后即可查看图表。</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg);;PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Wrote the chart to {path}.</source>
        <translation>已将图表写入 {path}。</translation>
    </message>
</context>
<context>
    <name>ColumnChooser</name>
    <message>
        <source>Show all columns</source>
        <translation>显示全部列</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Adjust digital foundation</source>
        <translation>调整数字化基础</translation>
    </message>
    <message>
        <source>Adjust key sector</source>
        <translation>调整重点行业</translation>
    </message>
    <message>
        <source>Adjust track</source>
        <translation>调整路径</translation>
    </message>
    <message>
        <source>Adjust actions</source>
        <translation>调整措施</translation>
    </message>
    <message>
        <source>Adjust industry division</source>
        <translation>调整行业大类</translation>
    </message>
    <message>
        <source>Undone: {reason}</source>
        <translation>撤销：{reason}</translation>
    </message>
    <message>
        <source>Restore computed value</source>
        <translation>恢复计算值</translation>
    </message>
    <message>
        <source>{change} ({count} firms)</source>
        <translation>{change}（{count} 家企业）</translation>
    </message>
    <message>
        <source>Import rosters</source>
        <translation>导入名单</translation>
    </message>
</context>
<context>
    <name>ConditionEditor</name>
    <message>
        <source>Add condition</source>
        <translation>添加条件</translation>
    </message>
    <message>
        <source>Add group</source>
        <translation>添加条件组</translation>
    </message>
    <message>
        <source>A group of conditions that must all hold, or any of them</source>
        <translation>一组条件：全部满足，或满足其一</translation>
    </message>
    <message>
        <source>Delete condition</source>
        <translation>删除条件</translation>
    </message>
    <message>
        <source>All of these hold (and)</source>
        <translation>全部满足（且）</translation>
    </message>
    <message>
        <source>Any of these holds (or)</source>
        <translation>满足其一（或）</translation>
    </message>
    <message>
        <source>Does not hold (not)</source>
        <translation>不满足（非）</translation>
    </message>
    <message>
        <source>values separated by commas</source>
        <translation>多个值用逗号分隔</translation>
    </message>
    <message>
        <source>Group:</source>
        <translation>条件组：</translation>
    </message>
    <message>
        <source>Field:</source>
        <translation>字段：</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>运算：</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>值：</translation>
    </message>
    <message>
        <source>(choose a field)</source>
        <translation>（请选择字段）</translation>
    </message>
</context>
<context>
    <name>DelayedProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>正在处理</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>DTPlan: something went wrong</source>
        <translation>DTPlan：出现错误</translation>
    </message>
    <message>
        <source>The details below are also in the log file. Copy them into your report to the support team.</source>
        <translation>以下详细信息也已写入日志文件。向技术支持反馈时请复制附上。</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message>
        <source>Choose the rosters</source>
        <translation>选择名单文件</translation>
    </message>
    <message>
        <source>One or several files (one per city is fine): Excel, WPS, ODS, CSV or HTML tables. You can also drop files here.</source>
        <translation>可选择一个或多个文件（每个地市一个亦可）：Excel、WPS、ODS、CSV 或网页表格。也可以把文件拖到这里。</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add rosters</source>
        <translation>添加名单</translation>
    </message>
    <message>
        <source>Rosters ({patterns});;All files (*)</source>
        <translation>名单文件 ({patterns});;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FirmDetail</name>
    <message>
        <source>Adjust…</source>
        <translation>调整…</translation>
    </message>
    <message>
        <source>Restore computed value</source>
        <translation>恢复计算值</translation>
    </message>
    <message>
        <source>Digital foundation</source>
        <translation>数字化基础</translation>
    </message>
    <message>
        <source>Key sector</source>
        <translation>重点行业</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Select a firm to see its strategy.</source>
        <translation>选择一家企业，查看其“一企一策”。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>overridden</source>
        <translation>人工调整</translation>
    </message>
    <message>
        <source>Industry division</source>
        <translation>行业大类</translation>
    </message>
    <message>
        <source>{tier} (score {score})</source>
        <translation>{tier}（得分 {score}）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>企业规模</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>未列入</translation>
    </message>
    <message>
        <source>Funding</source>
        <translation>资金安排</translation>
    </message>
    <message>
        <source>No plan yet: plan a scenario to see the funding.</source>
        <translation>尚无方案：规划方案后可查看资金安排。</translation>
    </message>
    <message>
        <source>The plan predates the latest changes: plan again to update it.</source>
        <translation>此方案早于最近的修改：请重新规划以更新。</translation>
    </message>
    <message>
        <source>No fundable action (track or policy).</source>
        <translation>没有可支持的措施（路径或政策所限）。</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Priority value</source>
        <translation>优先值</translation>
    </message>
    <message>
        <source>Investment</source>
        <translation>投资</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation>补助</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>not funded</source>
        <translation>未获支持</translation>
    </message>
    <message>
        <source>Amounts in 10k CNY.</source>
        <translation>金额单位：万元。</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>人工调整记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>By</source>
        <translation>调整人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>FolderOffer</name>
    <message>
        <source>{text}

Open the folder?</source>
        <translation>{text}

打开所在文件夹？</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>DTPlan user guide</source>
        <translation>DTPlan 用户指南</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>指南</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>前进</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Find in page:</source>
        <translation>页内查找：</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>ImportModeDialog</name>
    <message>
        <source>Import into this project</source>
        <translation>导入到本项目</translation>
    </message>
    <message>
        <source>The project already has {count} firms. How should the {new} firms of the file join them?</source>
        <translation>项目中已有 {count} 家企业。文件中的 {new} 家企业如何并入？</translation>
    </message>
    <message>
        <source>&amp;Add these firms (a firm already there takes the file&apos;s record)</source>
        <translation>追加这些企业（已有的企业采用文件中的记录）(&amp;A)</translation>
    </message>
    <message>
        <source>Replace one &amp;city&apos;s firms:</source>
        <translation>替换一个地市的企业(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Replace all firms with the file&apos;s</source>
        <translation>用文件中的企业替换全部企业(&amp;R)</translation>
    </message>
    <message>
        <source>The file looks like the submission of {city}.</source>
        <translation>该文件看来是{city}报送的名单。</translation>
    </message>
    <message>
        <source>The file holds firms of several cities.</source>
        <translation>该文件包含多个地市的企业。</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Firm</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>City</source>
        <translation>地市</translation>
    </message>
    <message>
        <source>Fields that change</source>
        <translation>变化的字段</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>{added} firms added, {updated} updated, {removed} removed, {unchanged} unchanged; {firms} firms after the import.</source>
        <translation>新增 {added} 家，更新 {updated} 家，移除 {removed} 家，未变 {unchanged} 家；导入后共 {firms} 家企业。</translation>
    </message>
    <message>
        <source>{count} adjustments belong to firms that leave the roster (they are kept and apply again if the firms come back).</source>
        <translation>有 {count} 项人工调整所属的企业将移出名单（调整会保留，企业再次导入时重新生效）。</translation>
    </message>
    <message>
        <source>The plans are made again after the import; Undo brings back the roster and plans of now.</source>
        <translation>导入后将重新编制规划；撤销可恢复当前的名单和规划。</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ImportReportView</name>
    <message>
        <source>Search messages and values</source>
        <translation>搜索说明和原始值</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Lists to send back…</source>
        <translation>退回修改清单…</translation>
    </message>
    <message>
        <source>One workbook per city listing every row to correct, ready to send back to the city</source>
        <translation>每个地市一份工作簿，列出需要修改的每一行，可直接退回地市</translation>
    </message>
    <message>
        <source>Double-click a line to see its row.</source>
        <translation>双击一行可定位到对应数据行。</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Value in the file</source>
        <translation>原始值</translation>
    </message>
    <message>
        <source>Skipped row</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>Value problem</source>
        <translation>数据问题</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部问题类型</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>显示 {shown} 条，共 {total} 条</translation>
    </message>
    <message>
        <source>Export the import report</source>
        <translation>导出导入报告</translation>
    </message>
    <message>
        <source>import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Wrote the import report to {path}.</source>
        <translation>已将导入报告写入 {path}。</translation>
    </message>
    <message>
        <source>Folder for the lists to send back</source>
        <translation>选择保存退回修改清单的文件夹</translation>
    </message>
    <message>
        <source>The lists could not be written to {folder}: {reason}</source>
        <translation>无法将清单写入 {folder}：{reason}</translation>
    </message>
    <message>
        <source>Wrote {count} lists to send back (one per city) to {folder}.</source>
        <translation>已将 {count} 份退回修改清单（每个地市一份）写入 {folder}。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import rosters</source>
        <translation>导入名单</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>JsonTemplateEditor</name>
    <message>
        <source>Shipped defaults</source>
        <translation>恢复默认模板</translation>
    </message>
    <message>
        <source>Put the template shipped with DTPlan in the editor (apply to use it)</source>
        <translation>把 DTPlan 自带的模板放入编辑器（应用后生效）</translation>
    </message>
    <message>
        <source>Not valid JSON: line {line}, column {column}: {message}</source>
        <translation>JSON 格式错误：第 {line} 行第 {column} 列：{message}</translation>
    </message>
    <message>
        <source>Not valid: {message}</source>
        <translation>无效：{message}</translation>
    </message>
    <message>
        <source>Valid; in use.</source>
        <translation>有效，正在使用。</translation>
    </message>
    <message>
        <source>Valid; not applied yet.</source>
        <translation>有效，尚未应用。</translation>
    </message>
    <message>
        <source>a value is expected</source>
        <translation>此处应为一个值</translation>
    </message>
    <message>
        <source>a name in double quotes is expected</source>
        <translation>此处应为带双引号的名称</translation>
    </message>
    <message>
        <source>a colon is expected</source>
        <translation>此处应为冒号</translation>
    </message>
    <message>
        <source>a comma is expected</source>
        <translation>此处应为逗号</translation>
    </message>
    <message>
        <source>a text is not closed by a double quote</source>
        <translation>文本缺少结尾的双引号</translation>
    </message>
    <message>
        <source>a text holds a line break or another control character</source>
        <translation>文本中含有换行或其他控制字符</translation>
    </message>
    <message>
        <source>a backslash starts no known escape</source>
        <translation>反斜杠后不是有效的转义字符</translation>
    </message>
    <message>
        <source>more text follows the end of the template</source>
        <translation>模板结束后还有多余内容</translation>
    </message>
    <message>
        <source>Edit {template}</source>
        <translation>修改{template}</translation>
    </message>
</context>
<context>
    <name>LayoutPage</name>
    <message>
        <source>Sheet, header and columns</source>
        <translation>工作表、表头和列</translation>
    </message>
    <message>
        <source>DTPlan found the header row and what each column holds. Change anything that is wrong; the choices apply to every file.</source>
        <translation>DTPlan 已识别表头行和各列内容。如有不对请修改；所作选择适用于所有文件。</translation>
    </message>
    <message>
        <source>detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Header row:</source>
        <translation>表头行：</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>文件中的表头</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>前几个值</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <source>Sheet as read</source>
        <translation>原始表格</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Reading {name}</source>
        <translation>读取 {name}</translation>
    </message>
    <message>
        <source>Not imported (the other files are): {files}</source>
        <translation>未导入（其他文件照常导入）：{files}</translation>
    </message>
    <message>
        <source>Detect (every roster sheet)</source>
        <translation>自动识别（所有名单工作表）</translation>
    </message>
    <message>
        <source> (hidden)</source>
        <translation>（隐藏）</translation>
    </message>
    <message>
        <source>No roster header found in this sheet: choose another sheet or give the header row.</source>
        <translation>此工作表中没有找到名单表头：请选择其他工作表或指定表头行。</translation>
    </message>
    <message>
        <source>Sheet “{sheet}”: header on row {row}, data from row {data} ({rows} rows).</source>
        <translation>工作表“{sheet}”：表头在第 {row} 行，数据从第 {data} 行开始（共 {rows} 行）。</translation>
    </message>
    <message>
        <source>detect (row {row})</source>
        <translation>自动识别（第 {row} 行）</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Firms</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Rules and policy</source>
        <translation>规则与政策</translation>
    </message>
    <message>
        <source>Budget and scenarios</source>
        <translation>预算与方案</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a project file (.dtplan)</source>
        <translation>打开项目文件（.dtplan）</translation>
    </message>
    <message>
        <source>&amp;Import rosters…</source>
        <translation>导入名单(&amp;I)…</translation>
    </message>
    <message>
        <source>Import one or several roster files</source>
        <translation>导入一个或多个名单文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <source>Drop the changes since the last save</source>
        <translation>放弃上次保存以来的修改</translation>
    </message>
    <message>
        <source>&amp;Export plan workbook…</source>
        <translation>导出方案工作簿(&amp;E)…</translation>
    </message>
    <message>
        <source>Plan workbooks per cit&amp;y…</source>
        <translation>各地市方案工作簿(&amp;Y)…</translation>
    </message>
    <message>
        <source>Write the province&apos;s plan workbook and one workbook per city</source>
        <translation>写出全省方案工作簿和各地市方案工作簿</translation>
    </message>
    <message>
        <source>Roster &amp;template…</source>
        <translation>生成报送模板(&amp;T)…</translation>
    </message>
    <message>
        <source>Write the workbook the cities fill in and send back</source>
        <translation>生成各地市填写后报送的模板工作簿</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>&amp;Find firm</source>
        <translation>查找企业(&amp;F)</translation>
    </message>
    <message>
        <source>Adjust {field}…</source>
        <translation>调整{field}…</translation>
    </message>
    <message>
        <source>Firm &amp;details</source>
        <translation>企业详情(&amp;D)</translation>
    </message>
    <message>
        <source>Import &amp;report…</source>
        <translation>导入报告(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Plan the scenario</source>
        <translation>规划方案(&amp;P)</translation>
    </message>
    <message>
        <source>Build the budgeted plan of the chosen scenario</source>
        <translation>按所选方案编制资金安排</translation>
    </message>
    <message>
        <source>Plan and &amp;compare all scenarios</source>
        <translation>规划并比较全部方案(&amp;C)</translation>
    </message>
    <message>
        <source>Efficient &amp;frontier</source>
        <translation>效率前沿(&amp;F)</translation>
    </message>
    <message>
        <source>New &amp;scenario from the current policy…</source>
        <translation>由当前政策新建方案(&amp;S)…</translation>
    </message>
    <message>
        <source>Budget cut −10 %</source>
        <translation>预算压减 10%</translation>
    </message>
    <message>
        <source>Budget cut −20 %</source>
        <translation>预算压减 20%</translation>
    </message>
    <message>
        <source>&amp;Cancel running work</source>
        <translation>取消正在进行的任务(&amp;C)</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>导出 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>Page &amp;setup…</source>
        <translation>页面设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Reports per &amp;city…</source>
        <translation>各地市报告(&amp;C)…</translation>
    </message>
    <message>
        <source>Export the c&amp;hart…</source>
        <translation>导出图表(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;About DTPlan</source>
        <translation>关于 DTPlan(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Recent projects</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>规划(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>报告(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>Read-only: use Save As</source>
        <translation>只读：请“另存为”</translation>
    </message>
    <message>
        <source>{task}: done in {time}.</source>
        <translation>{task}：已完成，用时 {time}。</translation>
    </message>
    <message>
        <source>{count} firms</source>
        <translation>企业 {count} 家</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them?</source>
        <translation>项目有未保存的修改。是否保存？</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Restoring unsaved work</source>
        <translation>正在恢复未保存的工作</translation>
    </message>
    <message>
        <source>Sample project</source>
        <translation>示例项目</translation>
    </message>
    <message>
        <source>Importing the sample roster</source>
        <translation>导入示例名单</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>DTPlan projects (*.dtplan)</source>
        <translation>DTPlan 项目 (*.dtplan)</translation>
    </message>
    <message>
        <source>Opening {name}</source>
        <translation>正在打开 {name}</translation>
    </message>
    <message>
        <source>Open the backup</source>
        <translation>打开备份</translation>
    </message>
    <message>
        <source>Opened from the backup {backup}. Save it under a name of your choice; {name} is left as it is.</source>
        <translation>已从备份 {backup} 打开。请另存为您选择的名称；{name} 保持原样。</translation>
    </message>
    <message>
        <source>project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>{name} is open in another DTPlan window: save under another name.</source>
        <translation>{name} 已在另一个 DTPlan 窗口中打开：请另存为其他名称。</translation>
    </message>
    <message>
        <source>Drop every change since the project was last saved?</source>
        <translation>放弃上次保存以来的全部修改？</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <source>Import rosters: add firms</source>
        <translation>导入名单：追加企业</translation>
    </message>
    <message>
        <source>Import rosters: replace a city</source>
        <translation>导入名单：替换地市</translation>
    </message>
    <message>
        <source>Import rosters: replace all</source>
        <translation>导入名单：全部替换</translation>
    </message>
    <message>
        <source>The import is applied when the running work ends.</source>
        <translation>正在进行的工作结束后将执行导入。</translation>
    </message>
    <message>
        <source>Export the plan workbook</source>
        <translation>导出方案工作簿</translation>
    </message>
    <message>
        <source>Wrote the plan workbook to {path}.</source>
        <translation>已将方案工作簿写入 {path}。</translation>
    </message>
    <message>
        <source>Folder for the plan workbooks</source>
        <translation>选择方案工作簿的保存文件夹</translation>
    </message>
    <message>
        <source>Wrote {count} plan workbooks (the province&apos;s and one per city) to {folder}.</source>
        <translation>已将 {count} 份方案工作簿（全省一份，各地市各一份）写入 {folder}。</translation>
    </message>
    <message>
        <source>Writing the plan workbooks per city</source>
        <translation>正在写入各地市方案工作簿</translation>
    </message>
    <message>
        <source>Exporting the workbooks</source>
        <translation>导出方案工作簿</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The report is being prepared; it follows as soon as it is ready.</source>
        <translation>报告正在生成，完成后将立即继续。</translation>
    </message>
    <message>
        <source>The new language and scale show when DTPlan starts again. Restart DTPlan now?</source>
        <translation>新的界面语言和缩放在 DTPlan 重新启动后生效。现在重新启动 DTPlan 吗？</translation>
    </message>
    <message>
        <source>Writing {name}</source>
        <translation>正在写入 {name}</translation>
    </message>
    <message>
        <source>DTPlan found unsaved work from {time} ({title}). Restore it?

No keeps it for the next start; Discard deletes it.</source>
        <translation>DTPlan 发现 {time} 未保存的工作（{title}）。是否恢复？

选“否”将保留它，下次启动时再询问；选“放弃”将删除它。</translation>
    </message>
    <message>
        <source>Exporting the workbook</source>
        <translation>导出工作簿</translation>
    </message>
    <message>
        <source>roster template</source>
        <translation>报送模板</translation>
    </message>
    <message>
        <source>Save the roster template</source>
        <translation>保存报送模板</translation>
    </message>
    <message>
        <source>Wrote the roster template of {place} ({firms} firms pre-filled) to {path}.</source>
        <translation>已将{place}的报送模板（预填企业 {firms} 家）写入 {path}。</translation>
    </message>
    <message>
        <source>Writing the roster template</source>
        <translation>生成报送模板</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>Row {row} of “{sheet}” is not in the roster (see the report).</source>
        <translation>“{sheet}”第 {row} 行不在名单中（见导入报告）。</translation>
    </message>
    <message>
        <source>About DTPlan</source>
        <translation>关于 DTPlan</translation>
    </message>
    <message>
        <source>&lt;h3&gt;DTPlan {version}&lt;/h3&gt;&lt;p&gt;Digital-transformation planning for provincial “one enterprise, one strategy” programmes: import the rosters, tag every firm, apply the strategy rules, build the budgeted plan and print it.&lt;/p&gt;&lt;p&gt;Chinese font: Droid Sans Fallback (Apache License 2.0).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DTPlan 数字化转型规划 {version}&lt;/h3&gt;&lt;p&gt;服务于省级制造业数字化转型“一企一策”工作：导入名单、为每家企业打标签、应用策略规则、编制资金安排方案并打印输出。&lt;/p&gt;&lt;p&gt;中文字体：Droid Sans Fallback（Apache License 2.0）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them before closing?</source>
        <translation>项目有未保存的修改。关闭前是否保存？</translation>
    </message>
</context>
<context>
    <name>MeasureTips</name>
    <message>
        <source>{track} track; about {months} months</source>
        <translation>{track}路径；工期约 {months} 个月</translation>
    </message>
    <message>
        <source>Any track; about {months} months</source>
        <translation>适用于各路径；工期约 {months} 个月</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Adjust {field}</source>
        <translation>调整{field}</translation>
    </message>
    <message>
        <source>Firm:</source>
        <translation>企业：</translation>
    </message>
    <message>
        <source>Firms:</source>
        <translation>企业：</translation>
    </message>
    <message>
        <source>{count} selected</source>
        <translation>已选 {count} 家</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>当前：</translation>
    </message>
    <message>
        <source>(differ)</source>
        <translation>（各不相同）</translation>
    </message>
    <message>
        <source>New value:</source>
        <translation>调整为：</translation>
    </message>
    <message>
        <source>Why? (required; kept in the audit trail and the report)</source>
        <translation>调整理由（必填；记入审计记录和报告）</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
</context>
<context>
    <name>PeopleText</name>
    <message>
        <source>exact optimisation</source>
        <translation>精确求解</translation>
    </message>
    <message>
        <source>greedy selection</source>
        <translation>贪心算法</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>optimal</source>
        <translation>最优</translation>
    </message>
    <message>
        <source>feasible</source>
        <translation>可行</translation>
    </message>
    <message>
        <source>stopped at the time limit</source>
        <translation>达到时间上限后停止</translation>
    </message>
    <message>
        <source>no plan meets every constraint</source>
        <translation>没有满足全部约束的方案</translation>
    </message>
    <message>
        <source>a required firm is not funded</source>
        <translation>有必须支持的企业未获支持</translation>
    </message>
    <message>
        <source>a city&apos;s minimum is not met</source>
        <translation>有地市未达到最低支持数</translation>
    </message>
    <message>
        <source>an earmark is not met</source>
        <translation>有专项比例未满足</translation>
    </message>
    <message>
        <source>gap {gap}</source>
        <translation>差距 {gap}</translation>
    </message>
    <message>
        <source>Building the candidate actions</source>
        <translation>正在生成候选措施</translation>
    </message>
    <message>
        <source>Drawing up a first plan</source>
        <translation>编制初步方案</translation>
    </message>
    <message>
        <source>Writing the workbook</source>
        <translation>正在写入工作簿</translation>
    </message>
    <message>
        <source>Improving the plan and proving its quality</source>
        <translation>改进方案并证明其质量</translation>
    </message>
    <message>
        <source>Drawing the charts</source>
        <translation>正在绘制图表</translation>
    </message>
    <message>
        <source>Budget {amount} (10k CNY)</source>
        <translation>预算 {amount} 万元</translation>
    </message>
</context>
<context>
    <name>PolicyForm</name>
    <message>
        <source>Horizon and budget (10k CNY)</source>
        <translation>规划期与预算（万元）</translation>
    </message>
    <message>
        <source>First year</source>
        <translation>起始年度</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>截止年度</translation>
    </message>
    <message>
        <source>Total budget</source>
        <translation>总预算</translation>
    </message>
    <message>
        <source>Budget {year}</source>
        <translation>{year}年预算</translation>
    </message>
    <message>
        <source>Subsidy ratios (share of the investment)</source>
        <translation>补助比例（占投资的比例）</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认比例</translation>
    </message>
    <message>
        <source>Caps (10k CNY)</source>
        <translation>补助上限（万元）</translation>
    </message>
    <message>
        <source>Per firm</source>
        <translation>单户上限</translation>
    </message>
    <message>
        <source>Per action: {action}</source>
        <translation>单项上限：{action}</translation>
    </message>
    <message>
        <source>level 1</source>
        <translation>一级</translation>
    </message>
    <message>
        <source>level 2</source>
        <translation>二级</translation>
    </message>
    <message>
        <source>level 3</source>
        <translation>三级</translation>
    </message>
    <message>
        <source>level 4</source>
        <translation>四级</translation>
    </message>
    <message>
        <source>Per firm reaching {level}</source>
        <translation>改造后达到{level}的单户上限</translation>
    </message>
    <message>
        <source>Awards per year: {programme}</source>
        <translation>每年名额：{programme}</translation>
    </message>
    <message>
        <source>Earmarks (share of all subsidies)</source>
        <translation>专项比例（占全部补助）</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>不低于</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>不高于</translation>
    </message>
    <message>
        <source>{earmark}: {bound}</source>
        <translation>{earmark}：{bound}</translation>
    </message>
    <message>
        <source>Priority weights (relative)</source>
        <translation>优先权重（相对值）</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>支持资格</translation>
    </message>
    <message>
        <source>Fund firms whose industry is unknown</source>
        <translation>支持行业未能识别的企业</translation>
    </message>
    <message>
        <source>Programmes for SMEs only</source>
        <translation>仅限中小企业的资金渠道</translation>
    </message>
    <message>
        <source>Size classes that count as SMEs</source>
        <translation>视为中小企业的规模</translation>
    </message>
    <message>
        <source>Packages and batches</source>
        <translation>措施包与批次</translation>
    </message>
    <message>
        <source>Also fund single actions (partial packages)</source>
        <translation>也支持单项措施（部分措施包）</translation>
    </message>
    <message>
        <source>Firms starting in {year}</source>
        <translation>{year}年启动企业数上限</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Value of a package&apos;s outcome</source>
        <translation>措施包成效的价值</translation>
    </message>
    <message>
        <source>Reaching level 2</source>
        <translation>达到二级</translation>
    </message>
    <message>
        <source>Reaching level 3</source>
        <translation>达到三级</translation>
    </message>
    <message>
        <source>Reaching level 4</source>
        <translation>达到四级</translation>
    </message>
    <message>
        <source>A firm starting to use digital research and design tools</source>
        <translation>企业开始使用数字化研发设计工具</translation>
    </message>
    <message>
        <source>Each point of key-process CNC rate</source>
        <translation>关键工序数控化率每提高1个百分点</translation>
    </message>
    <message>
        <source>Each point of networking rate</source>
        <translation>设备联网率每提高1个百分点</translation>
    </message>
    <message>
        <source>Share of the value every firm gets, whatever its priority</source>
        <translation>不论优先度，每家企业至少计入的价值比例</translation>
    </message>
    <message>
        <source>The plan&apos;s first and last year. When they change, the budget is spread over the new years in proportion.</source>
        <translation>规划期的起止年度。改动后，预算按比例分配到新的各年度。</translation>
    </message>
    <message>
        <source>All the subsidy the plan may give over its years, in 10k CNY. The yearly budgets follow in proportion.</source>
        <translation>规划期内可安排的补助总额（万元）。各年度预算随之按比例调整。</translation>
    </message>
    <message>
        <source>What may be paid in {year}, in 10k CNY. Subsidies are paid on acceptance, year by year; this limits the year&apos;s payments, not what is committed.</source>
        <translation>{year}年可以拨付的补助（万元）。补助按验收分年拨付；这里约束的是当年拨付额，而不是立项额。</translation>
    </message>
    <message>
        <source>The subsidy&apos;s share of a measure&apos;s investment when no measure, sector or track ratio applies.</source>
        <translation>没有单项措施、行业或路径比例时，补助占措施投资的比例。</translation>
    </message>
    <message>
        <source>The subsidy&apos;s share of the investment for the measures of this track, unless the measure or the sector has a ratio of its own.</source>
        <translation>这条路径上措施的补助占投资的比例；单项措施或行业另有比例的除外。</translation>
    </message>
    <message>
        <source>The most one firm may receive over the plan&apos;s years, in 10k CNY.</source>
        <translation>一家企业在规划期内最多获得的补助（万元）。</translation>
    </message>
    <message>
        <source>The most this measure may receive for one firm, in 10k CNY.</source>
        <translation>一家企业的这项措施最多获得的补助（万元）。</translation>
    </message>
    <message>
        <source>The most a firm may receive from {programmes} when its package lifts it to this level. A package that leaves the firm below level 2 gets nothing from them.</source>
        <translation>企业的措施包实施后达到这一等级时，从{programmes}最多获得的补助。实施后仍低于二级的，这些资金渠道不予补助。</translation>
    </message>
    <message>
        <source>The most projects this programme may fund in one year.</source>
        <translation>这个资金渠道每年最多支持的项目数。</translation>
    </message>
    <message>
        <source>The least share of all subsidies that must go here.</source>
        <translation>全部补助中至少要用于此项的比例。</translation>
    </message>
    <message>
        <source>The most share of all subsidies that may go here.</source>
        <translation>全部补助中最多可以用于此项的比例。</translation>
    </message>
    <message>
        <source>Ticked: firms whose industry could not be recognised may be funded. Not ticked: they need review and get nothing until classified.</source>
        <translation>勾选：行业未能识别的企业也可以获得补助。不勾选：这些企业需人工复核，归类前不安排资金。</translation>
    </message>
    <message>
        <source>Ticked: this programme funds only firms of the size classes that count as SMEs.</source>
        <translation>勾选：这个资金渠道只支持视为中小企业的规模的企业。</translation>
    </message>
    <message>
        <source>Ticked: firms of this size count as SMEs for the programmes for SMEs only.</source>
        <translation>勾选：对仅限中小企业的资金渠道，这一规模的企业视为中小企业。</translation>
    </message>
    <message>
        <source>Not ticked: only whole packages are funded, each lifting the firm to a next level. Ticked: single measures of a package may be funded too.</source>
        <translation>不勾选：只支持完整的措施包，每个措施包使企业升到更高等级。勾选：也可以只支持措施包中的单项措施。</translation>
    </message>
    <message>
        <source>The most firms whose package starts in {year} (a batch); No limit for none.</source>
        <translation>{year}年最多启动的企业数（批次）；“不限”表示没有限制。</translation>
    </message>
    <message>
        <source>How much the levels and rate points a measure adds count; it orders the measures in a firm&apos;s details.</source>
        <translation>措施带来的等级和比率提升的权重；用于企业详情中措施的排序。</translation>
    </message>
    <message>
        <source>How much the firm&apos;s key sector counts (the sectors&apos; priorities are in the Priority weights template).</source>
        <translation>企业所属重点行业的权重（各行业的优先度在“优先权重”模板中）。</translation>
    </message>
    <message>
        <source>How much the firm&apos;s size counts (small firms first by default).</source>
        <translation>企业规模的权重（默认小型企业优先）。</translation>
    </message>
    <message>
        <source>How much being a specialised and sophisticated SME counts.</source>
        <translation>专精特新企业的权重。</translation>
    </message>
    <message>
        <source>How much the firm&apos;s digital foundation counts: a firm that is ready carries a package out more surely.</source>
        <translation>企业数字化基础的权重：准备充分的企业更能把措施包落实到位。</translation>
    </message>
    <message>
        <source>What a package that lifts the firm to level 2 is worth.</source>
        <translation>措施包使企业达到二级的价值。</translation>
    </message>
    <message>
        <source>What a package that lifts the firm to level 3 is worth.</source>
        <translation>措施包使企业达到三级的价值。</translation>
    </message>
    <message>
        <source>What a package that lifts the firm to level 4 is worth.</source>
        <translation>措施包使企业达到四级的价值。</translation>
    </message>
    <message>
        <source>What a firm that starts to use digital research and design tools is worth.</source>
        <translation>企业开始使用数字化研发设计工具的价值。</translation>
    </message>
    <message>
        <source>What each point the key-process CNC rate gains is worth.</source>
        <translation>关键工序数控化率每提高 1 个百分点的价值。</translation>
    </message>
    <message>
        <source>What each point the networking rate gains is worth.</source>
        <translation>设备联网率每提高 1 个百分点的价值。</translation>
    </message>
    <message>
        <source>The share of a package&apos;s value every firm gets whatever its priority; the rest is weighted by the firm&apos;s priority.</source>
        <translation>不论优先度，每家企业的措施包至少计入的价值比例；其余部分按企业的优先度加权。</translation>
    </message>
    <message>
        <source>⚠ The yearly budgets add up to {sum}: {diff} less than the total budget {total}; the money left over cannot be spent.</source>
        <translation>⚠ 各年度预算合计 {sum}，比总预算 {total} 少 {diff}，差额无法安排</translation>
    </message>
    <message>
        <source>⚠ The yearly budgets add up to {sum}: {diff} more than the total budget {total}; the total limits the plan.</source>
        <translation>⚠ 各年度预算合计 {sum}，比总预算 {total} 多 {diff}，方案以总预算为限</translation>
    </message>
    <message>
        <source>Not applied: {message}</source>
        <translation>未应用：{message}</translation>
    </message>
    <message>
        <source>Change {what}</source>
        <translation>修改{what}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <source>Interface scale:</source>
        <translation>界面缩放：</translation>
    </message>
    <message>
        <source>Autosave every:</source>
        <translation>自动保存间隔：</translation>
    </message>
    <message>
        <source>Open the most recent project at start (else the sample)</source>
        <translation>启动时打开最近的项目（否则打开示例）</translation>
    </message>
    <message>
        <source>Language and scale take effect when DTPlan starts again.</source>
        <translation>界面语言和缩放在重新启动 DTPlan 后生效。</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check and import</source>
        <translation>检查并导入</translation>
    </message>
    <message>
        <source>The values as DTPlan will store them, and every row that was skipped, not imported or has a problem. Finish imports the roster into the project.</source>
        <translation>这里显示 DTPlan 将要保存的规范化数据，以及所有被跳过、未导入或有问题的行。点击“导入”即把名单导入项目。</translation>
    </message>
    <message>
        <source>Validation report</source>
        <translation>校验报告</translation>
    </message>
    <message>
        <source>Normalised values</source>
        <translation>规范化数据</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>{firms} firms imported from {rows} enterprise rows; {rejected} rows not imported, {skipped} other rows skipped, {issues} value problems.</source>
        <translation>从 {rows} 个企业行导入企业 {firms} 家；未导入 {rejected} 行，跳过其他行 {skipped} 行，数据问题 {issues} 条。</translation>
    </message>
    <message>
        <source>Not imported: {files}</source>
        <translation>未导入：{files}</translation>
    </message>
    <message>
        <source>Row in file</source>
        <translation>原文件行号</translation>
    </message>
    <message>
        <source>Row {row} of “{sheet}” is not in the imported roster (see the report).</source>
        <translation>“{sheet}”第 {row} 行不在导入的名单中（见报告）。</translation>
    </message>
</context>
<context>
    <name>ProjectDocument</name>
    <message>
        <source>This project is already open in another DTPlan window; it was opened read-only here.</source>
        <translation>此项目已在另一个 DTPlan 窗口中打开，此处以只读方式打开。</translation>
    </message>
    <message>
        <source>Opening {name}</source>
        <translation>正在打开 {name}</translation>
    </message>
    <message>
        <source>Saving {name}</source>
        <translation>正在保存 {name}</translation>
    </message>
    <message>
        <source>Importing rosters</source>
        <translation>正在导入名单</translation>
    </message>
    <message>
        <source>Applying the strategy rules</source>
        <translation>正在应用策略规则</translation>
    </message>
    <message>
        <source>Tagging firms</source>
        <translation>企业标签计算</translation>
    </message>
    <message>
        <source>Planning “{scenario}”</source>
        <translation>正在规划“{scenario}”</translation>
    </message>
    <message>
        <source>Recomputing the stored plans</source>
        <translation>重新计算已保存的方案</translation>
    </message>
    <message>
        <source>Planning every scenario</source>
        <translation>正在规划全部方案</translation>
    </message>
    <message>
        <source>Computing the efficient frontier</source>
        <translation>正在计算效率前沿</translation>
    </message>
    <message>
        <source>Cutting the budget by {percent}%</source>
        <translation>预算压减 {percent}% 测算</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Report for:</source>
        <translation>报告范围：</translation>
    </message>
    <message>
        <source>Page setup…</source>
        <translation>页面设置…</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>No plan yet: plan a scenario to see its report.</source>
        <translation>尚无方案：规划方案后即可预览报告。</translation>
    </message>
    <message>
        <source>The whole province</source>
        <translation>全省</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Zoom (Ctrl + mouse wheel)</source>
        <translation>缩放（Ctrl + 鼠标滚轮）</translation>
    </message>
    <message>
        <source>Building the report</source>
        <translation>正在生成报告</translation>
    </message>
    <message>
        <source>Laying out the report</source>
        <translation>正在排版报告</translation>
    </message>
    <message>
        <source>Preparing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <source>Page {page} of {count}</source>
        <translation>第 {page} 页，共 {count} 页</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>报告导出为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Wrote the report to {path}.</source>
        <translation>已将报告写入 {path}。</translation>
    </message>
    <message>
        <source>Writing {name}</source>
        <translation>正在写入 {name}</translation>
    </message>
    <message>
        <source>Saving the PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Folder for the city reports</source>
        <translation>选择各地市报告的保存文件夹</translation>
    </message>
    <message>
        <source>Wrote {count} city reports to {folder}.</source>
        <translation>已将 {count} 份地市报告写入 {folder}。</translation>
    </message>
    <message>
        <source>Writing the city reports</source>
        <translation>正在生成各地市报告</translation>
    </message>
    <message>
        <source>Preparing the city reports</source>
        <translation>正在准备各市报告</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <source>overridden</source>
        <translation>人工调整</translation>
    </message>
    <message>
        <source>data incomplete</source>
        <translation>数据不完整</translation>
    </message>
    <message>
        <source>sector unknown</source>
        <translation>行业未归类</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Subsidy (10k CNY)</source>
        <translation>补助（万元）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>标记</translation>
    </message>
</context>
<context>
    <name>RosterTemplateDialog</name>
    <message>
        <source>Roster template</source>
        <translation>生成报送模板</translation>
    </message>
    <message>
        <source>The workbook the cities fill in and send back: the roster&apos;s columns with drop-down lists and checks, and the instructions. A filled-in template imports without any guessing.</source>
        <translation>各地市填写后报送的工作簿：包含名单的各列（带下拉列表和填写校验）及填报说明。填好的模板导入时无需任何推断。</translation>
    </message>
    <message>
        <source>Whole province ({province})</source>
        <translation>全省（{province}）</translation>
    </message>
    <message>
        <source>Pre-fill the firms of the open project</source>
        <translation>预填当前项目中的企业</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>范围：</translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>Search name or credit code</source>
        <translation>搜索企业名称或信用代码</translation>
    </message>
    <message>
        <source>Export list…</source>
        <translation>导出列表…</translation>
    </message>
    <message>
        <source>Write the firms shown, in their order, to an Excel or CSV file</source>
        <translation>把当前显示的企业按显示顺序导出为 Excel 或 CSV 文件</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>All cities</source>
        <translation>全部地市</translation>
    </message>
    <message>
        <source>All sectors</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>No key sector</source>
        <translation>非重点行业</translation>
    </message>
    <message>
        <source>All foundations</source>
        <translation>全部基础水平</translation>
    </message>
    <message>
        <source>All tracks</source>
        <translation>全部路径</translation>
    </message>
    <message>
        <source>All firms</source>
        <translation>全部企业</translation>
    </message>
    <message>
        <source>Overridden</source>
        <translation>人工调整过</translation>
    </message>
    <message>
        <source>Data incomplete</source>
        <translation>数据不完整</translation>
    </message>
    <message>
        <source>Sector unknown</source>
        <translation>行业未归类</translation>
    </message>
    <message>
        <source>Specialised SME</source>
        <translation>专精特新</translation>
    </message>
    <message>
        <source>Funded</source>
        <translation>获得支持</translation>
    </message>
    <message>
        <source>Not funded</source>
        <translation>未获支持</translation>
    </message>
    <message>
        <source>{shown} of {total} firms</source>
        <translation>{shown} / {total} 家企业</translation>
    </message>
    <message>
        <source>{total} firms</source>
        <translation>共 {total} 家企业</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV 文件，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Export firms</source>
        <translation>导出企业</translation>
    </message>
    <message>
        <source>firms</source>
        <translation>企业名单</translation>
    </message>
    <message>
        <source>Wrote {count} firms to {path}.</source>
        <translation>已将 {count} 家企业导出到 {path}。</translation>
    </message>
    <message>
        <source>Export selected…</source>
        <translation>导出所选…</translation>
    </message>
    <message>
        <source>Adjust {field}…</source>
        <translation>调整{field}…</translation>
    </message>
    <message>
        <source>Restore computed value</source>
        <translation>恢复计算值</translation>
    </message>
    <message>
        <source>Back to the computed value</source>
        <translation>恢复为计算值</translation>
    </message>
</context>
<context>
    <name>RulesForm</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Firms</source>
        <translation>企业数</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>A new rule before the last one (the catch-all)</source>
        <translation>在最后一条（兜底规则）之前新增一条规则</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Try this rule earlier: the first rule that holds decides</source>
        <translation>提前判断这条规则：企业按第一条满足的规则确定路径</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Rule id:</source>
        <translation>规则编号：</translation>
    </message>
    <message>
        <source>Name (Chinese):</source>
        <translation>名称（中文）：</translation>
    </message>
    <message>
        <source>Name (English):</source>
        <translation>名称（英文）：</translation>
    </message>
    <message>
        <source>Track:</source>
        <translation>路径：</translation>
    </message>
    <message>
        <source>Actions:</source>
        <translation>措施：</translation>
    </message>
    <message>
        <source>Reason (Chinese):</source>
        <translation>理由（中文）：</translation>
    </message>
    <message>
        <source>Reason (English):</source>
        <translation>理由（英文）：</translation>
    </message>
    <message>
        <source>When the rule holds</source>
        <translation>规则适用条件</translation>
    </message>
    <message>
        <source>Actions a planner&apos;s change of track brings</source>
        <translation>人工调整路径时带入的措施</translation>
    </message>
    <message>
        <source>When a planner moves a firm to another track by hand, it gets these actions</source>
        <translation>人工将企业调整到其他路径时，企业获得这些措施</translation>
    </message>
</context>
<context>
    <name>RulesOverview</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>When</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Firms</source>
        <translation>企业数</translation>
    </message>
</context>
<context>
    <name>RulesView</name>
    <message>
        <source>Budget, ratios, caps, weights</source>
        <translation>预算、比例、上限、权重</translation>
    </message>
    <message>
        <source>Strategy rules</source>
        <translation>策略规则</translation>
    </message>
    <message>
        <source>Action catalogue</source>
        <translation>措施目录</translation>
    </message>
    <message>
        <source>Subsidy policy</source>
        <translation>补助政策</translation>
    </message>
    <message>
        <source>Priority weights</source>
        <translation>优先权重</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Key sectors</source>
        <translation>重点行业</translation>
    </message>
    <message>
        <source>Digital foundation</source>
        <translation>数字化基础</translation>
    </message>
    <message>
        <source>Size classes</source>
        <translation>企业规模</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <source>Advanced (JSON)</source>
        <translation>高级（JSON）</translation>
    </message>
</context>
<context>
    <name>ScenariosForm</name>
    <message>
        <source>Scenario</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>调整内容</translation>
    </message>
    <message>
        <source>New from the current policy</source>
        <translation>由当前政策新建</translation>
    </message>
    <message>
        <source>A new scenario that keeps the current policy and weights as they are now, with your edits</source>
        <translation>新建方案，保存当前补助政策和优先权重（含您的修改）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The scenario&apos;s budget as a share of the policy&apos;s budget</source>
        <translation>本方案预算占补助政策预算的比例</translation>
    </message>
    <message>
        <source>Name (Chinese):</source>
        <translation>名称（中文）：</translation>
    </message>
    <message>
        <source>Name (English):</source>
        <translation>名称（英文）：</translation>
    </message>
    <message>
        <source>Scenario id:</source>
        <translation>方案编号：</translation>
    </message>
    <message>
        <source>Budget factor:</source>
        <translation>预算系数：</translation>
    </message>
    <message>
        <source>budget {factor} %</source>
        <translation>预算 {factor}%</translation>
    </message>
    <message>
        <source>policy settings: {count}; weights: {weights}</source>
        <translation>政策设置 {count} 项；权重 {weights} 项</translation>
    </message>
    <message>
        <source>the policy as it stands</source>
        <translation>按现行政策</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>The baseline is the policy as it stands; it cannot be deleted.</source>
        <translation>基准方案即现行政策，不能删除。</translation>
    </message>
</context>
<context>
    <name>StartHint</name>
    <message>
        <source>&lt;h3&gt;This project has no firms yet&lt;/h3&gt;&lt;p&gt;Import the rosters the cities sent (Excel, WPS, ODS or CSV; one file per city is fine), or drop the files on this window. DTPlan then tags every firm with the strategy rules and plans the budget, which you check and adjust under Rules and policy and Budget and scenarios.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;本项目还没有企业&lt;/h3&gt;&lt;p&gt;请导入各地市报送的名单（Excel、WPS、ODS 或 CSV，每个地市一个文件即可），或将文件拖放到本窗口。DTPlan 随后按策略规则为每家企业打标签并编制预算规划，您可在“规则与政策”和“预算与方案”中核对和调整。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import rosters…</source>
        <translation>导入名单…</translation>
    </message>
    <message>
        <source>Try the sample roster</source>
        <translation>试用示例名单</translation>
    </message>
</context>
<context>
    <name>TaskIndicator</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Elapsed {time}</source>
        <translation>已用时 {time}</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Show the template the project uses now</source>
        <translation>显示项目当前使用的模板</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Not valid: {message}</source>
        <translation>无效：{message}</translation>
    </message>
    <message>
        <source>Not valid: see the message next to the field.</source>
        <translation>无效：请看字段旁的提示。</translation>
    </message>
    <message>
        <source>Valid; in use.</source>
        <translation>有效，正在使用。</translation>
    </message>
    <message>
        <source>Valid; not applied yet.</source>
        <translation>有效，尚未应用。</translation>
    </message>
    <message>
        <source>Edit {template}</source>
        <translation>修改{template}</translation>
    </message>
</context>
</TS>
