<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name />
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="229" />
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="229" />
        <source>已导出到：
%1</source>
        <translation>Exported to:
%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="231" />
        <source>打开文件</source>
        <translation>Open File</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="232" />
        <source>打开所在文件夹</source>
        <translation>Open Folder</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="233" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="42" />
        <source>移出简报篮</source>
        <translation>Remove from Basket</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="48" />
        <source>上移</source>
        <translation>Move Up</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="49" />
        <source>下移</source>
        <translation>Move Down</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="50" />
        <source>移出</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="51" />
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="52" />
        <source>导出 Word…</source>
        <translation>Export to Word…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="75" />
        <source>%1 个案例，拖动调整顺序</source>
        <translation>%1 cases; drag to reorder</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="76" />
        <source>简报篮是空的：在列表中选中案例，按 Ctrl+B 或拖到这里。</source>
        <translation>The basket is empty: select cases in the list and press Ctrl+B, or drag them here.</translation>
    </message>
</context>
<context>
    <name>CaseEditor</name>
    <message>
        <location filename="../../ui/editor.py" line="110" />
        <source>编辑案例</source>
        <translation>Edit Case</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="110" />
        <source>新建案例</source>
        <translation>New Case</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="114" />
        <source>案例标题</source>
        <translation>Case title</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="116" />
        <source>报送单位</source>
        <translation>Reporting unit</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="118" />
        <source>稿件来源，如某报</source>
        <translation>Source, e.g. a newspaper</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="123" />
        <source>日期已知</source>
        <translation>Date known</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="126" />
        <source>用逗号分隔，如：防汛，防灾减灾</source>
        <translation>Separated by commas, e.g. 防汛, 防灾减灾</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="139" />
        <source>建议标签：</source>
        <translation>Suggested tags:</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="145" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="146" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="147" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="148" />
        <source>作者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="149" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="150" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="158" />
        <source>加粗</source>
        <translation>Bold</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="159" />
        <source>倾斜</source>
        <translation>Italic</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="164" />
        <source>一级标题</source>
        <translation>Heading 1</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="165" />
        <source>二级标题</source>
        <translation>Heading 2</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="166" />
        <source>正文</source>
        <translation>Body text</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="167" />
        <source>项目列表</source>
        <translation>Bulleted list</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="171" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="172" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="236" />
        <source>有未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="312" />
        <source>草稿已自动保存 %1</source>
        <translation>Draft saved automatically at %1</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="323" />
        <source>恢复草稿</source>
        <translation>Restore Draft</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="324" />
        <source>发现 %1 自动保存的未保存修改，要恢复吗？</source>
        <translation>Unsaved changes were saved automatically at %1. Restore them?</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="344" />
        <source>无法保存</source>
        <translation>Cannot Save</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="344" />
        <source>请填写案例标题。</source>
        <translation>Please enter a title for the case.</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="354" />
        <source>保存失败</source>
        <translation>Saving Failed</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="367" />
        <source>未保存的修改</source>
        <translation>Unsaved Changes</translation>
    </message>
    <message>
        <location filename="../../ui/editor.py" line="367" />
        <source>这个案例有未保存的修改。要保存吗？</source>
        <translation>This case has unsaved changes. Save them?</translation>
    </message>
</context>
<context>
    <name>CaseReader</name>
    <message>
        <location filename="../../ui/reader.py" line="43" />
        <source>在左侧列表中选择一个案例</source>
        <translation>Select a case in the list</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="53" />
        <source>日期不详</source>
        <translation>Date unknown</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="54" />
        <source>来源：</source>
        <translation>Source: </translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="55" />
        <source>作者：</source>
        <translation>Author: </translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="64" />
        <source>原始文件</source>
        <translation>Original file</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="64" />
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="65" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="65" />
        <source>修改历史</source>
        <translation>Revision History</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="59" />
        <source>导出 Word</source>
        <translation>Export to Word</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="64" />
        <source>材料汇编</source>
        <translation>Compilation</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="65" />
        <source>简报</source>
        <translation>Briefing</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="67" />
        <source>典型案例汇编</source>
        <translation>Compilation of Typical Cases</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="69" />
        <source>编印单位，如某市气象局办公室</source>
        <translation>Issuing unit, e.g. the office of a city meteorological bureau</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="72" />
        <source>不编号</source>
        <translation>No number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="78" />
        <source>默认版式（GB/T 9704）</source>
        <translation>Default layout (GB/T 9704)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="79" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="84" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="85" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="86" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="87" />
        <source>每个案例另起一页</source>
        <translation>Start each case on a new page</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="97" />
        <source>报送、抄送单位（简报用）</source>
        <translation>Recipients and copies (for briefings)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="100" />
        <source>不注明</source>
        <translation>Not stated</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="104" />
        <source>版式</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="105" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="106" />
        <source>编印单位</source>
        <translation>Issuing unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="107" />
        <source>期号</source>
        <translation>Issue number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="108" />
        <source>印发日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="109" />
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="110" />
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="112" />
        <source>分送</source>
        <translation>Distribution</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="113" />
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="115" />
        <source>共 %1 个案例，按简报篮中的顺序导出。</source>
        <translation>%1 cases, exported in the order of the basket.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="119" />
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="120" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="157" />
        <source>选择 Word 模板</source>
        <translation>Choose a Word Template</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="158" />
        <source>Word 模板 (*.docx *.dotx)</source>
        <translation>Word templates (*.docx *.dotx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="165" />
        <source>导出到</source>
        <translation>Export To</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="166" />
        <source>Word 文档 (*.docx);;PDF 文档 (*.pdf)</source>
        <translation>Word documents (*.docx);;PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="178" />
        <source>无法导出</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="178" />
        <source>请填写标题。</source>
        <translation>Please enter a title.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="188" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="199" />
        <source>正在导出 %1/%2：%3</source>
        <translation>Exporting %1/%2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="204" />
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="214" />
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
</context>
<context>
    <name>FilterTreeModel</name>
    <message>
        <location filename="../../ui/models/filters.py" line="32" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/models/filters.py" line="33" />
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/models/filters.py" line="34" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="30" />
        <source>修改历史</source>
        <translation>Revision History</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="34" />
        <source>第 %1 版  %2</source>
        <translation>Revision %1  %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="42" />
        <source>恢复为这一版</source>
        <translation>Restore This Revision</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="45" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="55" />
        <source>这个案例还没有修改过。</source>
        <translation>This case has not been edited yet.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="75" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="76" />
        <source>把案例恢复为第 %1 版？当前内容会保存为新的历史版本。</source>
        <translation>Restore revision %1? The current text is kept as a new revision.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="33" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_dialog.py" line="36" />
        <source>正在准备导入 %n 项…</source>
        <translation>
            <numerusform>Preparing to import %n item(s)…</numerusform>
            <numerusform>Preparing to import %n item(s)…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="39" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="39" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="39" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="44" />
        <source>取消导入</source>
        <translation>Cancel Import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="62" />
        <source>正在导入 %1/%2：%3</source>
        <translation>Importing %1/%2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="67" />
        <source>与已有案例相似</source>
        <translation>similar to an existing case</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="68" />
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="71" />
        <source>已跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="73" />
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="74" />
        <source>导入 %1 个，跳过 %2 个，失败 %3 个。</source>
        <translation>%1 imported, %2 skipped, %3 failed. </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="77" />
        <source>已取消。</source>
        <translation>Cancelled. </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="78" />
        <source>双击一行打开对应的案例。</source>
        <translation>Double-click a row to open its case.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="86" />
        <source>导入失败：</source>
        <translation>Import failed: </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="102" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="108" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/widgets/search_help.py" line="10" />
        <source>&lt;b&gt;检索语法&lt;/b&gt;&lt;br&gt;
防汛 预警 — 两个词都要出现&lt;br&gt;
防汛 OR 抗旱 — 出现其中之一&lt;br&gt;
-演练 — 排除含“演练”的案例&lt;br&gt;
"叫应机制" — 整个短语&lt;br&gt;
标题:台风 &amp;nbsp; 单位:气象局 &amp;nbsp; 正文:预警 &amp;nbsp; 标签:防汛&lt;br&gt;
日期:2024 &amp;nbsp; 日期:2023-06..2024-06&lt;br&gt;
繁体和简体互相匹配，词的一部分也能找到。</source>
        <translation>&lt;b&gt;Search syntax&lt;/b&gt;&lt;br&gt;
防汛 预警 — both words&lt;br&gt;
防汛 OR 抗旱 — either word&lt;br&gt;
-演练 — leave out cases with 演练&lt;br&gt;
"叫应机制" — the exact phrase&lt;br&gt;
title:台风 &amp;nbsp; unit:气象局 &amp;nbsp; body:预警 &amp;nbsp; tag:防汛 (or 标题: 单位: 正文: 标签:)&lt;br&gt;
date:2024 &amp;nbsp; date:2023-06..2024-06&lt;br&gt;
Traditional and simplified match each other; parts of words are found too.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103" />
        <source>典型案例库</source>
        <translation>Case Archive</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115" />
        <source>保存的检索</source>
        <translation>Saved searches</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158" />
        <location filename="../../ui/main_window.py" line="243" />
        <source>简报篮</source>
        <translation>Briefing Basket</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174" />
        <location filename="../../ui/main_window.py" line="239" />
        <source>检索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179" />
        <source>检索案例：输入词语，空格分隔（Ctrl+F）</source>
        <translation>Search cases: type words separated by spaces (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187" />
        <source>按相关度</source>
        <translation>By relevance</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188" />
        <source>按日期</source>
        <translation>By date</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194" />
        <source>检索语法</source>
        <translation>Search Syntax</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196" />
        <location filename="../../ui/main_window.py" line="413" />
        <source>保存检索</source>
        <translation>Save Search</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198" />
        <source>清除筛选</source>
        <translation>Clear Filters</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200" />
        <location filename="../../ui/main_window.py" line="234" />
        <source>加入简报篮</source>
        <translation>Add to Basket</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="201" />
        <source>把选中的案例加入简报篮（Ctrl+B）</source>
        <translation>Add the selected cases to the briefing basket (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="216" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217" />
        <source>新建案例</source>
        <translation>New Case</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219" />
        <source>导入文件…</source>
        <translation>Import Files…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>导入文件夹…</source>
        <translation>Import Folder…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221" />
        <source>导出 Word…</source>
        <translation>Export to Word…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="223" />
        <source>备份数据库</source>
        <translation>Back Up Database</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227" />
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228" />
        <source>编辑案例</source>
        <translation>Edit Case</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="230" />
        <source>移入回收站</source>
        <translation>Move to Trash</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237" />
        <source>回收站…</source>
        <translation>Trash…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="238" />
        <source>管理标签…</source>
        <translation>Manage Tags…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="241" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245" />
        <source>统计概览…</source>
        <translation>Overview…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="247" />
        <location filename="../../ui/main_window.py" line="606" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254" />
        <source>工具(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="255" />
        <source>重建搜索索引</source>
        <translation>Rebuild Search Index</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256" />
        <location filename="../../ui/main_window.py" line="595" />
        <location filename="../../ui/main_window.py" line="598" />
        <source>检查案例库</source>
        <translation>Check Archive</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="266" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="302" />
        <source>（只读）</source>
        <translation> (read-only)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336" />
        <source>共 %1 个案例</source>
        <translation>%1 cases</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="376" />
        <source>找到 %1 个 / 共 %2 个案例</source>
        <translation>%1 found of %2 cases</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="413" />
        <source>名称：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="476" />
        <source>已把 %1 个案例移入回收站（编辑 ▸ 回收站 可恢复）</source>
        <translation>Moved %1 case(s) to the trash (Edit ▸ Trash restores them)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="504" />
        <source>简报篮中已有 %1 个案例</source>
        <translation>%1 cases in the basket</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="511" />
        <source>导出 Word</source>
        <translation>Export to Word</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="512" />
        <source>请先把要导出的案例加入简报篮（选中后按 Ctrl+B）。</source>
        <translation>First add the cases to export to the basket (select them and press Ctrl+B).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="522" />
        <source>导入文件</source>
        <translation>Import Files</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="523" />
        <source>案例文件 (*.docx *.doc *.wps *.txt *.md *.html *.htm *.mhtml *.pdf);;所有文件 (*)</source>
        <translation>Case files (*.docx *.doc *.wps *.txt *.md *.html *.htm *.mhtml *.pdf);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="528" />
        <source>导入文件夹</source>
        <translation>Import Folder</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="577" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="581" />
        <source>正在重建索引</source>
        <translation>Rebuilding index</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="586" />
        <source>正在备份</source>
        <translation>Backing up</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="588" />
        <source>已备份到 %1</source>
        <translation>Backed up to %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="596" />
        <source>案例库完好：%1 个案例，%2 个文件。</source>
        <translation>The archive is sound: %1 cases, %2 files.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="601" />
        <source>正在检查</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="606" />
        <source>重新启动程序后生效。</source>
        <translation>The change takes effect when the program restarts.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="609" />
        <source>出错了</source>
        <translation>Something Went Wrong</translation>
    </message>
</context>
<context>
    <name>SavedSearchList</name>
    <message>
        <location filename="../../ui/widgets/saved_searches.py" line="23" />
        <source>删除这个保存的检索</source>
        <translation>Delete this saved search</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <location filename="../../ui/stats.py" line="65" />
        <source>统计概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../ui/stats.py" line="67" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/stats.py" line="90" />
        <source>共 %1 个案例。点击柱条，在主窗口中按它筛选。</source>
        <translation>%1 cases. Click a bar to filter the main window by it.</translation>
    </message>
    <message>
        <location filename="../../ui/stats.py" line="92" />
        <source>各类案例数</source>
        <translation>Cases per tag group</translation>
    </message>
    <message>
        <location filename="../../ui/stats.py" line="94" />
        <source>各年份案例数</source>
        <translation>Cases per year</translation>
    </message>
    <message>
        <location filename="../../ui/stats.py" line="97" />
        <source>报送案例最多的 %1 个单位</source>
        <translation>The %1 units with most cases</translation>
    </message>
    <message>
        <location filename="../../ui/stats.py" line="101" />
        <source>无法统计：</source>
        <translation>Cannot count: </translation>
    </message>
</context>
<context>
    <name>TagManagerDialog</name>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="40" />
        <source>管理标签</source>
        <translation>Manage Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="43" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="43" />
        <source>案例数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="49" />
        <source>新建分组…</source>
        <translation>New Group…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="50" />
        <source>新建标签…</source>
        <translation>New Tag…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="51" />
        <source>重命名…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="52" />
        <source>合并到…</source>
        <translation>Merge Into…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="53" />
        <source>更改颜色…</source>
        <translation>Change Colour…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="54" />
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="66" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="121" />
        <source>已添加标签「%1」</source>
        <translation>Added the tag “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="125" />
        <source>已把「%1」改名为「%2」</source>
        <translation>Renamed “%1” to “%2”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="129" />
        <source>已把「%1」合并到「%2」</source>
        <translation>Merged “%1” into “%2”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="132" />
        <source>已更改「%1」的颜色</source>
        <translation>Changed the colour of “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="135" />
        <source>已删除标签「%1」</source>
        <translation>Deleted the tag “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="139" />
        <source>正在更新标签和相关案例…</source>
        <translation>Updating the tag and its cases…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="149" />
        <source>无法修改标签</source>
        <translation>Cannot change the tag</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="158" />
        <source>新建分组</source>
        <translation>New Group</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="158" />
        <source>分组名称：</source>
        <translation>Group name:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="164" />
        <source>新建标签</source>
        <translation>New Tag</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="165" />
        <source>在「%1」下新建标签：</source>
        <translation>New tag under “%1”:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="171" />
        <source>重命名标签</source>
        <translation>Rename Tag</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="172" />
        <source>「%1」的新名称（%2 个案例会随之更新）：</source>
        <translation>New name for “%1” (%2 cases will be updated):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="179" />
        <source>合并标签</source>
        <translation>Merge Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="180" />
        <source>把「%1」的 %2 个案例并入：</source>
        <translation>Move the %2 cases of “%1” into:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="187" />
        <source>标签颜色</source>
        <translation>Tag Colour</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="193" />
        <source>删除标签</source>
        <translation>Delete Tag</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="194" />
        <source>删除标签「%1」？它会从 %2 个案例上去掉，案例本身不会删除。</source>
        <translation>Delete the tag “%1”? It will be removed from %2 cases; the cases themselves stay.</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="28" />
        <source>回收站</source>
        <translation>Trash</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="32" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="33" />
        <location filename="../../ui/dialogs/trash_dialog.py" line="83" />
        <source>彻底删除</source>
        <translation>Delete Permanently</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="34" />
        <source>清空回收站</source>
        <translation>Empty Trash</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="42" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="84" />
        <source>彻底删除 %1 个案例？此操作不能撤销。</source>
        <translation>Delete %1 case(s) permanently? This cannot be undone.</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../ui/app.py" line="91" />
        <source>正在打开案例库…</source>
        <translation>Opening archive…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="96" />
        <source>案例库已损坏</source>
        <translation>Archive Damaged</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="106" />
        <source>案例库正在使用</source>
        <translation>Archive In Use</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="107" />
        <source>要以只读方式打开吗？</source>
        <translation>Open it read-only?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="112" />
        <source>无法打开案例库</source>
        <translation>Cannot Open Archive</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="135" />
        <source>欢迎使用典型案例库</source>
        <translation>Welcome to Case Archive</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="136" />
        <source>案例库还是空的。要先载入一些示例案例，看看检索和汇编的效果吗？
示例案例以后可以随时删除。</source>
        <translation>The archive is empty. Load some demo cases to see search at work?
They can be deleted at any time (tag 示例).</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="139" />
        <source>正在载入示例案例</source>
        <translation>Loading demo cases</translation>
    </message>
</context>
</TS>