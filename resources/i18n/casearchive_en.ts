<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/dialogs/about_dialog.py" line="53" />
        <source>关于典型案例库</source>
        <translation>About Case Archive</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/about_dialog.py" line="55" />
        <source>典型案例库 %1
当前案例库：%2</source>
        <translation>Case Archive %1
Archive: %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/about_dialog.py" line="56" />
        <source>（未打开）</source>
        <translation>(none open)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/about_dialog.py" line="61" />
        <source>随程序附带的组件及其许可证：</source>
        <translation>Components shipped with the program and their licences:</translation>
    </message>
</context>
<context>
    <name>ArchiveSwitcher</name>
    <message>
        <location filename="../../ui/archives.py" line="78" />
        <source>打开案例库…</source>
        <translation>Open Archive…</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="79" />
        <source>新建案例库…</source>
        <translation>New Archive…</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="80" />
        <source>连接共享案例库…</source>
        <translation>Connect to a Shared Archive…</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="81" />
        <source>最近打开</source>
        <translation>Open Recent</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="93" />
        <source>共享：%1（用户 %2）</source>
        <translation>Shared: %1 (user %2)</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="101" />
        <location filename="../../ui/archives.py" line="105" />
        <source>打开案例库</source>
        <translation>Open Archive</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="106" />
        <source>「%1」不是案例库文件夹（其中没有 archive.sqlite3）。要新建案例库，请用「新建案例库…」。</source>
        <translation>“%1” is not an archive folder (it has no archive.sqlite3). To start a new archive, use “New Archive…”.</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="112" />
        <source>选择新案例库的文件夹（空文件夹）</source>
        <translation>Choose a folder for the new archive (an empty one)</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="117" />
        <source>新建案例库</source>
        <translation>New Archive</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="118" />
        <source>「%1」里已有其他文件。请选择一个空文件夹。</source>
        <translation>“%1” already holds other files. Please choose an empty folder.</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="152" />
        <source>正在打开案例库…</source>
        <translation>Opening archive…</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="145" />
        <source>案例库正在使用</source>
        <translation>Archive In Use</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="145" />
        <source>要以只读方式打开吗？</source>
        <translation>Open it read-only?</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="150" />
        <source>无法打开案例库</source>
        <translation>Cannot Open Archive</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="179" />
        <source>%1（%2/%3）</source>
        <translation>%1 (%2/%3)</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="199" />
        <source>请输入密码（服务器不要求密码时可留空）。</source>
        <translation>Enter the password (leave it empty if the server asks for none).</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="229" />
        <source>系统钥匙串不可用，密码没有保存。</source>
        <translation>The system keyring is not available: the password was not saved.</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="240" />
        <source>请先关闭正在编辑的案例。</source>
        <translation>Close the cases being edited first.</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="246" />
        <source>正在打开共享案例库 %1…</source>
        <translation>Opening the shared archive %1…</translation>
    </message>
    <message>
        <location filename="../../ui/archives.py" line="251" />
        <source>正在连接共享案例库 %1…</source>
        <translation>Connecting to the shared archive %1…</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="46" />
        <source>备份与恢复</source>
        <translation>Backups and Restore</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="48" />
        <source>案例库每天自动备份一次数据库（案例、标签、修改历史），升级前也会备份。从备份恢复时，当前的数据库会改名留在案例库文件夹中，不会删除。</source>
        <translation>The archive backs up its database (cases, tags, revision history) once a day and before every upgrade. Restoring a backup keeps the current database in the archive folder under another name; nothing is deleted.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="53" />
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="53" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="53" />
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="64" />
        <source>立即备份</source>
        <translation>Back Up Now</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="65" />
        <source>备份到…</source>
        <translation>Back Up To…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="66" />
        <source>恢复所选备份…</source>
        <translation>Restore Selected Backup…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="67" />
        <source>打开备份文件夹</source>
        <translation>Open Backups Folder</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="68" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="96" />
        <source>还没有备份。点「立即备份」备份一次。</source>
        <translation>No backups yet. Click “Back Up Now” to make one.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="102" />
        <source>恢复前的数据库</source>
        <translation>Database set aside by a restore</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="105" />
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="107" />
        <source>每日自动</source>
        <translation>Daily</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="109" />
        <source>升级前自动</source>
        <translation>Before upgrade</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="141" />
        <location filename="../../ui/dialogs/backup_dialog.py" line="152" />
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="144" />
        <source>备份到（另一个文件夹或移动硬盘）</source>
        <translation>Back up to (another folder or drive)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="157" />
        <source>已备份到 %1</source>
        <translation>Backed up to %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="166" />
        <source>从备份恢复</source>
        <translation>Restore from Backup</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="167" />
        <source>用 %1 的备份替换当前案例库？

这个时间以后新增、修改、删除的案例，恢复后都不会在案例库中。当前的数据库不会删除，会改名留在案例库文件夹中（%2）。

恢复后会重建搜索索引，可能需要几分钟。</source>
        <translation>Replace the current archive with the backup of %1?

Cases added, edited or deleted after that time will not be in the restored archive. The current database is not deleted: it is kept under another name in the archive folder (%2).

The search index is rebuilt afterwards, which may take a few minutes.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="179" />
        <source>正在恢复…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="184" />
        <source>已恢复到 %1 的备份，搜索索引已重建。</source>
        <translation>Restored the backup of %1; the search index has been rebuilt.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="195" />
        <source>%1（%2/%3）</source>
        <translation>%1 (%2/%3)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_dialog.py" line="205" />
        <source>操作失败：</source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <location filename="../../ui/models/basket.py" line="145" />
        <source>〔原文已修改〕</source>
        <translation>[source edited]</translation>
    </message>
    <message>
        <location filename="../../ui/models/basket.py" line="147" />
        <source>%1. 【摘录】%2（第%3-%4段）%5</source>
        <translation>%1. [Excerpt] %2 (blocks %3–%4) %5</translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="48" />
        <source>移出简报篮</source>
        <translation>Remove from Basket</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="54" />
        <source>摘录标题…</source>
        <translation>Excerpt title…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="56" />
        <source>按原文重新摘录</source>
        <translation>Take again from the case</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="61" />
        <source>上移</source>
        <translation>Move Up</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="62" />
        <source>下移</source>
        <translation>Move Down</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="63" />
        <source>移出</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="64" />
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="65" />
        <source>导出 Word…</source>
        <translation>Export to Word…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="89" />
        <source>%1 项（案例或摘录），拖动调整顺序</source>
        <translation>%1 items (cases or excerpts); drag to reorder</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="104" />
        <source>摘录标题</source>
        <translation>Excerpt title</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="104" />
        <source>导出时印在摘录上方的标题：</source>
        <translation>Title printed above the excerpt:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/basket_panel.py" line="90" />
        <source>简报篮是空的：在列表中选中案例，按 Ctrl+B 或拖到这里。</source>
        <translation>The basket is empty: select cases in the list and press Ctrl+B, or drag them here.</translation>
    </message>
</context>
<context>
    <name>BatchEditDialog</name>
    <message>
        <location filename="../../ui/dialogs/batch_edit_dialog.py" line="43" />
        <source>批量修改 %1 个案例</source>
        <translation>Edit %1 cases at once</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/batch_edit_dialog.py" line="45" />
        <source>多个标签用顿号或空格分开</source>
        <translation>Separate tags with 、 or spaces</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/batch_edit_dialog.py" line="47" />
        <source>单位改为</source>
        <translation>Set unit to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/batch_edit_dialog.py" line="51" />
        <source>日期改为</source>
        <translation>Set date to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/batch_edit_dialog.py" line="61" />
        <source>加上标签：</source>
        <translation>Add tags:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/batch_edit_dialog.py" line="62" />
        <source>去掉标签：</source>
        <translation>Remove tags:</translation>
    </message>
</context>
<context>
    <name>BriefingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="47" />
        <source>简报与汇编</source>
        <translation>Briefings and compilations</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="52" />
        <source>系列 / 标题</source>
        <translation>Series / title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="52" />
        <source>期号</source>
        <translation>Issue number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="52" />
        <source>印发日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="52" />
        <source>项数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="53" />
        <source>导出时间</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="53" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="56" />
        <source>显示回收站中的记录</source>
        <translation>Show records in the trash</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="63" />
        <source>打开文件</source>
        <translation>Open File</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="64" />
        <source>预览与打印…</source>
        <translation>Preview and print…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="65" />
        <source>按今天的版式重新导出…</source>
        <translation>Export again with today's layout…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="66" />
        <source>复制到简报篮</source>
        <translation>Copy to the basket</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="67" />
        <location filename="../../ui/dialogs/briefings_dialog.py" line="121" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="68" />
        <source>彻底删除</source>
        <translation>Delete Permanently</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="74" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="102" />
        <source>汇编</source>
        <translation>Compilation</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="102" />
        <source>简报</source>
        <translation>Briefing</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="102" />
        <source>单篇</source>
        <translation>Single case</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="107" />
        <source>第%1期</source>
        <translation>No. %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="121" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="127" />
        <source>还没有导出过简报或汇编。</source>
        <translation>No briefing or compilation has been exported yet.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="128" />
        <source>回收站中没有简报记录。</source>
        <translation>No briefing records in the trash.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="131" />
        <source>%1. 摘录「%2」（第%3-%4段）</source>
        <translation>%1. Excerpt “%2” (blocks %3–%4)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="165" />
        <source>重新导出到</source>
        <translation>Export again to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="166" />
        <source>Word 文档 (*.docx);;PDF 文档 (*.pdf)</source>
        <translation>Word documents (*.docx);;PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="170" />
        <source>正在重新导出…</source>
        <translation>Exporting again…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="181" />
        <source>重新导出失败：</source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="196" />
        <source>删除简报记录</source>
        <translation>Delete briefing record</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="197" />
        <source>把「%1」移入回收站？勾选「显示回收站中的记录」可恢复。</source>
        <translation>Move “%1” to the trash? Tick “Show records in the trash” to restore it.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="206" />
        <source>彻底删除简报记录</source>
        <translation>Delete briefing record permanently</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/briefings_dialog.py" line="207" />
        <source>彻底删除「%1」及其保存的文件？此操作不能撤销。</source>
        <translation>Permanently delete “%1” and its kept file? This cannot be undone.</translation>
    </message>
</context>
<context>
    <name>CaseEditor</name>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="138" />
        <source>编辑案例</source>
        <translation>Edit Case</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="138" />
        <source>新建案例</source>
        <translation>New Case</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="142" />
        <source>案例标题</source>
        <translation>Case title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="144" />
        <source>报送单位</source>
        <translation>Reporting unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="146" />
        <source>稿件来源，如某报</source>
        <translation>Source, e.g. a newspaper</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="151" />
        <source>日期已知</source>
        <translation>Date known</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="155" />
        <source>用逗号分隔，如：防汛，防灾减灾</source>
        <translation>Separated by commas, e.g. 防汛, 防灾减灾</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="167" />
        <source>建议标签：</source>
        <translation>Suggested tags:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="173" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="174" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="175" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="176" />
        <source>作者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="177" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="178" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="186" />
        <source>加粗</source>
        <translation>Bold</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="187" />
        <source>倾斜</source>
        <translation>Italic</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="192" />
        <source>一级标题</source>
        <translation>Heading 1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="193" />
        <source>二级标题</source>
        <translation>Heading 2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="194" />
        <source>正文</source>
        <translation>Body text</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="195" />
        <source>项目列表</source>
        <translation>Bulleted list</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="199" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="200" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="274" />
        <source>有未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="348" />
        <source>草稿已自动保存 %1</source>
        <translation>Draft saved automatically at %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="359" />
        <source>恢复草稿</source>
        <translation>Restore Draft</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="360" />
        <source>发现 %1 自动保存的未保存修改，要恢复吗？</source>
        <translation>Unsaved changes were saved automatically at %1. Restore them?</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="384" />
        <source>无法保存</source>
        <translation>Cannot Save</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="384" />
        <source>请填写案例标题。</source>
        <translation>Please enter a title for the case.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="398" />
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="420" />
        <source>未保存。</source>
        <translation>Not saved.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="423" />
        <source>保存失败</source>
        <translation>Saving Failed</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="432" />
        <source>冲突：未保存，您的文本仍在编辑器中。</source>
        <translation>Conflict: not saved; your text is still in the editor.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="448" />
        <source>已合并双方的修改：请检查〔冲突〕标记处，再保存。</source>
        <translation>Both sides' changes are merged: check the places marked 〔Conflict〕, then save.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="467" />
        <source>正在保存，保存完成后自动关闭。</source>
        <translation>Saving; the window closes when the save is done.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="471" />
        <source>未保存的修改</source>
        <translation>Unsaved Changes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/editor.py" line="471" />
        <source>这个案例有未保存的修改。要保存吗？</source>
        <translation>This case has unsaved changes. Save them?</translation>
    </message>
</context>
<context>
    <name>CaseReader</name>
    <message>
        <location filename="../../ui/reader.py" line="64" />
        <source>在左侧列表中选择一个案例</source>
        <translation>Select a case in the list</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="91" />
        <source>日期不详</source>
        <translation>Date unknown</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="92" />
        <source>来源：</source>
        <translation>Source: </translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="93" />
        <source>作者：</source>
        <translation>Author: </translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="104" />
        <source>原始文件</source>
        <translation>Original file</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="104" />
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="123" />
        <source>第%1期</source>
        <translation>No. %1</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="125" />
        <source>（摘录）</source>
        <translation> (excerpt)</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="139" />
        <source>加入简报篮（摘录选中段落）</source>
        <translation>Add to basket (excerpt the selected paragraphs)</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="141" />
        <source>摘录本节</source>
        <translation>Excerpt this section</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="155" />
        <source>摘录</source>
        <translation>Excerpt</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="190" />
        <source>无法打开附件</source>
        <translation>Cannot open the attachment</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="191" />
        <source>无法打开附件「{0}」：{1}</source>
        <translation>Cannot open the attachment “{0}”: {1}</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="35" />
        <source>检查案例库</source>
        <translation>Check Archive</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="43" />
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="43" />
        <source>处理办法</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="46" />
        <source>修复</source>
        <translation>Repair</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="49" />
        <source>备份与恢复…</source>
        <translation>Backups and Restore…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="52" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="66" />
        <source>正在修复…</source>
        <translation>Repairing…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="66" />
        <source>正在检查数据库、文件和搜索索引…</source>
        <translation>Checking the database, the files and the search index…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="73" />
        <source>%1（%2/%3）</source>
        <translation>%1 (%2/%3)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="82" />
        <source>点「修复」即可修复，不会丢失数据。</source>
        <translation>Click “Repair” to fix this; no data is lost.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="87" />
        <source>已修复：</source>
        <translation>Repaired: </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="89" />
        <source>案例库完好：%1 个案例，%2 个文件均已校验。</source>
        <translation>The archive is sound: %1 cases, %2 files verified.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="92" />
        <source>案例库完好：%1 个案例，没有附件需要校验。</source>
        <translation>The archive is sound: %1 cases, no attached files to verify.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="94" />
        <source>发现 %1 个问题（共 %2 个案例，校验了 %3 个文件）：</source>
        <translation>%1 problem(s) found (%2 cases, %3 files verified):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/check_dialog.py" line="109" />
        <source>检查失败：</source>
        <translation>Check failed: </translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="32" />
        <source>只读</source>
        <translation>Read only</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="33" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="34" />
        <source>管理</source>
        <translation>Administer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="47" />
        <source>连接共享案例库</source>
        <translation>Connect to a Shared Archive</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="49" />
        <source>如 db.intranet 或 10.1.2.3</source>
        <translation>e.g. db.intranet or 10.1.2.3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="54" />
        <source>如 case_archive</source>
        <translation>e.g. case_archive</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="60" />
        <source>服务器支持时加密（默认）</source>
        <translation>Encrypt when the server can (default)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="60" />
        <source>不加密</source>
        <translation>Do not encrypt</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="61" />
        <source>必须加密（require）</source>
        <translation>Always encrypt (require)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="61" />
        <source>加密并校验证书（verify-ca）</source>
        <translation>Encrypt and verify the certificate (verify-ca)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="62" />
        <source>加密并校验证书和服务器名（verify-full）</source>
        <translation>Encrypt, verify the certificate and the server name (verify-full)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="65" />
        <source>在系统钥匙串中记住密码</source>
        <translation>Remember the password in the system keyring</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="68" />
        <source>本机没有可用的系统钥匙串：密码不会保存，每次连接都要输入。</source>
        <translation>This computer has no usable system keyring: the password is not saved and is asked for at every connection.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="73" />
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="74" />
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="75" />
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="76" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="77" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="78" />
        <source>加密连接</source>
        <translation>Encryption (TLS)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="84" />
        <source>测试连接</source>
        <translation>Test Connection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="89" />
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="90" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="130" />
        <location filename="../../ui/dialogs/connect_dialog.py" line="143" />
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/connect_dialog.py" line="137" />
        <source>连接成功：这是一个共享案例库，您的权限是「%1」。</source>
        <translation>Connected: this is a shared archive, and your role is “%1”.</translation>
    </message>
</context>
<context>
    <name>DialogLauncher</name>
    <message>
        <location filename="../../ui/window/dialogs.py" line="61" />
        <source>正在修改 %1 个案例</source>
        <translation>Changing %1 cases</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="115" />
        <source>导出 Word</source>
        <translation>Export to Word</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="116" />
        <source>请先把要导出的案例加入简报篮（选中后按 Ctrl+B）。</source>
        <translation>First add the cases to export to the basket (select them and press Ctrl+B).</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="125" />
        <source>导入文件</source>
        <translation>Import Files</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="126" />
        <source>案例文件 (*.docx *.doc *.wps *.txt *.md *.html *.htm *.mhtml *.pdf);;所有文件 (*)</source>
        <translation>Case files (*.docx *.doc *.wps *.txt *.md *.html *.htm *.mhtml *.pdf);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="131" />
        <source>导入文件夹</source>
        <translation>Import Folder</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="145" />
        <source>导出交流包</source>
        <translation>Export Exchange Package</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="146" />
        <source>请先在列表中选中要导出的案例（可按住 Ctrl 或 Shift 多选），或在左侧标签上点右键，导出该标签下的全部案例。</source>
        <translation>First select the cases to export in the list (hold Ctrl or Shift to select several), or right-click a tag on the left to export all its cases.</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="155" />
        <source>导入交流包</source>
        <translation>Import Exchange Package</translation>
    </message>
    <message>
        <location filename="../../ui/window/dialogs.py" line="157" />
        <source>交流包 (*.zip)</source>
        <translation>Exchange packages (*.zip)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="61" />
        <source>导出 Word</source>
        <translation>Export to Word</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="65" />
        <source>材料汇编</source>
        <translation>Compilation</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="66" />
        <source>简报</source>
        <translation>Briefing</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="73" />
        <source>编印单位，如某市气象局办公室</source>
        <translation>Issuing unit, e.g. the office of a city meteorological bureau</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="76" />
        <source>不编号</source>
        <translation>No number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="82" />
        <source>默认版式（GB/T 9704）</source>
        <translation>Default layout (GB/T 9704)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="83" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="88" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="89" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="90" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="91" />
        <source>每个案例另起一页</source>
        <translation>Start each case on a new page</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="112" />
        <source>不注明</source>
        <translation>Not stated</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="116" />
        <source>版式</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="117" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="118" />
        <source>编印单位</source>
        <translation>Issuing unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="119" />
        <source>期号</source>
        <translation>Issue number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="120" />
        <source>印发日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="121" />
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="122" />
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="107" />
        <source>上级单位，如省气象局</source>
        <translation>Higher authority, e.g. Provincial Meteorological Bureau</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="108" />
        <source>平级单位，如市应急管理局</source>
        <translation>Peer units, e.g. Municipal Emergency Management Bureau</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="109" />
        <source>下级单位，如各县（区）气象局</source>
        <translation>Subordinate units, e.g. county meteorological bureaus</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="124" />
        <source>报</source>
        <translation>Report to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="125" />
        <source>送</source>
        <translation>Copy to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="126" />
        <source>发</source>
        <translation>Distribute to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="127" />
        <source>抄送</source>
        <translation>Cc</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="128" />
        <source>印数</source>
        <translation>Copies printed</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="135" />
        <source>共 %1 个案例，按简报篮中的顺序导出。</source>
        <translation>%1 cases, exported in the order of the basket.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="139" />
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="140" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="141" />
        <source>预览…</source>
        <translation>Preview…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="199" />
        <source>选择 Word 模板</source>
        <translation>Choose a Word Template</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="200" />
        <source>Word 模板 (*.docx *.dotx)</source>
        <translation>Word templates (*.docx *.dotx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="208" />
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="208" />
        <source>PDF 文档 (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="209" />
        <source>导出到</source>
        <translation>Export To</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="225" />
        <source>无法导出</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="225" />
        <location filename="../../ui/dialogs/export_dialog.py" line="248" />
        <source>请填写标题。</source>
        <translation>Please enter a title.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="233" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="240" />
        <source>正在导出 %1/%2：%3</source>
        <translation>Exporting %1/%2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="248" />
        <source>无法预览</source>
        <translation>Cannot preview</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="258" />
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="264" />
        <source>已取消导出，没有写入文件。</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="267" />
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="278" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="292" />
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="293" />
        <source>已导出到：
%1</source>
        <translation>Exported to:
%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="294" />
        <source>打开文件</source>
        <translation>Open File</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="295" />
        <source>打开所在文件夹</source>
        <translation>Open Folder</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="297" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>FilterTreeModel</name>
    <message>
        <location filename="../../ui/models/filters.py" line="34" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/models/filters.py" line="30" />
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/models/filters.py" line="31" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/models/filters.py" line="33" />
        <source>未用于（未报送）</source>
        <translation>Not yet used in (not reported)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="36" />
        <source>修改历史</source>
        <translation>Revision History</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="70" />
        <source>第 %1 版  %2</source>
        <translation>Revision %1  %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="43" />
        <source>这一版</source>
        <translation>This version</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="44" />
        <source>此后的改动</source>
        <translation>Changes after it</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="50" />
        <source>恢复为这一版</source>
        <translation>Restore This Revision</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="53" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="64" />
        <source>这个案例还没有修改过。</source>
        <translation>This case has not been edited yet.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="85" />
        <source>从第 %1 版到第 %2 版的改动：</source>
        <translation>Changes from version %1 to version %2:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="86" />
        <source>从第 %1 版到当前内容的改动：</source>
        <translation>Changes from version %1 to the current text:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="96" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/history_dialog.py" line="97" />
        <source>把案例恢复为第 %1 版？当前内容会保存为新的历史版本。</source>
        <translation>Restore revision %1? The current text is kept as a new revision.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="35" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_dialog.py" line="37" />
        <source>正在准备导入 %n 项…</source>
        <translation>
            <numerusform>Preparing to import %n item(s)…</numerusform>
            <numerusform>Preparing to import %n item(s)…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="41" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="41" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="41" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="46" />
        <source>取消导入</source>
        <translation>Cancel Import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="59" />
        <source>正在导入第 %1/%2 个：%3</source>
        <translation>Importing %1 of %2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="71" />
        <source>与已有案例相似</source>
        <translation>similar to an existing case</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="72" />
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="75" />
        <source>已跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="77" />
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="78" />
        <source>导入 %1 个，跳过 %2 个，失败 %3 个。</source>
        <translation>%1 imported, %2 skipped, %3 failed. </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="81" />
        <source>已取消。</source>
        <translation>Cancelled. </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="82" />
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
        <location filename="../../ui/dialogs/import_dialog.py" line="106" />
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
        <location filename="../../ui/main_window.py" line="57" />
        <source>典型案例库</source>
        <translation>Case Archive</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="89" />
        <source>保存的检索</source>
        <translation>Saved searches</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149" />
        <source>可在「文件 ▸ 备份与恢复」中从备份恢复。</source>
        <translation>You can restore a backup under File ▸ Backups and Restore.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="66" />
        <location filename="../../ui/main_window.py" line="198" />
        <source>出错了</source>
        <translation>Something Went Wrong</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="96" />
        <source>案例库已损坏</source>
        <translation>Archive Damaged</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="97" />
        <source>为防止损坏扩大，案例库暂时只读。要现在从备份恢复吗？</source>
        <translation>To keep the damage from spreading, the archive is read-only for now. Restore it from a backup now?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="122" />
        <source>欢迎使用典型案例库</source>
        <translation>Welcome to Case Archive</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="123" />
        <source>案例库还是空的。要先载入一些示例案例，看看检索和汇编的效果吗？
示例案例以后可以随时删除。</source>
        <translation>The archive is empty. Load some demo cases to see search at work?
They can be deleted at any time (tag 示例).</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="126" />
        <source>正在载入示例案例</source>
        <translation>Loading demo cases</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="20" />
        <source>yyyy年M月d日</source>
        <translation>MMMM d, yyyy</translation>
    </message>
    <message>
        <location filename="../../ui/toolbar.py" line="22" />
        <source>常用</source>
        <translation>Common</translation>
    </message>
</context>
<context>
    <name>MenuController</name>
    <message>
        <location filename="../../ui/window/actions.py" line="45" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="48" />
        <source>新建案例</source>
        <translation>New Case</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="50" />
        <source>导入文件…</source>
        <translation>Import Files…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="51" />
        <source>导入文件夹…</source>
        <translation>Import Folder…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="52" />
        <source>导入交流包…</source>
        <translation>Import Exchange Package…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="54" />
        <source>导出 Word…</source>
        <translation>Export to Word…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="56" />
        <source>简报与汇编…</source>
        <translation>Briefings and compilations…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="57" />
        <source>导出交流包…</source>
        <translation>Export Exchange Package…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="59" />
        <source>备份与恢复…</source>
        <translation>Backups and Restore…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="61" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="63" />
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="64" />
        <source>编辑案例</source>
        <translation>Edit Case</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="66" />
        <source>移入回收站</source>
        <translation>Move to Trash</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="70" />
        <source>加入简报篮</source>
        <translation>Add to Basket</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="72" />
        <source>批量修改标签、单位、日期…</source>
        <translation>Edit Tags, Unit, Date of Selection…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="74" />
        <source>回收站…</source>
        <translation>Trash…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="75" />
        <source>管理标签…</source>
        <translation>Manage Tags…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="76" />
        <source>检索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="78" />
        <source>首选项…</source>
        <translation>Preferences…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="80" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="82" />
        <source>简报篮</source>
        <translation>Briefing Basket</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="84" />
        <source>统计概览…</source>
        <translation>Overview…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="85" />
        <source>表格视图</source>
        <translation>Table View</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="90" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="96" />
        <source>工具(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="97" />
        <source>重建搜索索引</source>
        <translation>Rebuild Search Index</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="98" />
        <source>检查案例库…</source>
        <translation>Check Archive…</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="100" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="101" />
        <source>检索语法</source>
        <translation>Search syntax</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="102" />
        <source>关于典型案例库</source>
        <translation>About Case Archive</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="125" />
        <source>正在重建索引</source>
        <translation>Rebuilding index</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="150" />
        <source>只看「%1」</source>
        <translation>Show Only “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/window/actions.py" line="151" />
        <source>导出「%1」的交流包…</source>
        <translation>Export “%1” as Exchange Package…</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="56" />
        <source>冲突：对照并合并</source>
        <translation>Conflict: Compare and Merge</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="72" />
        <source>他人保存的最新版本（第 %1 版）：「%2」</source>
        <translation>The newest version, saved by someone else (version %1): “%2”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="74" />
        <source>我的修改（未保存）：「%1」</source>
        <translation>My changes (not saved): “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="78" />
        <source>用我的</source>
        <translation>Use Mine</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="79" />
        <source>保存我的修改，作为最新版本之后的一版（他人的修改留在历史版本中）</source>
        <translation>Save my changes as the version after the newest (the other changes stay in the history)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="80" />
        <source>用他们的</source>
        <translation>Use Theirs</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="81" />
        <source>放弃我的修改，保留他人保存的最新版本</source>
        <translation>Drop my changes and keep the newest version someone else saved</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="82" />
        <source>编辑合并结果</source>
        <translation>Edit the Merged Text</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="83" />
        <source>把双方的修改合在一起放回编辑器，检查后再保存</source>
        <translation>Put both sides' changes together into the editor, to check and save</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="84" />
        <source>稍后再说</source>
        <translation>Not Now</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="85" />
        <source>回到编辑器，我的文本仍在</source>
        <translation>Back to the editor, with my text still there</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="110" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="110" />
        <source>报送单位</source>
        <translation>Reporting unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="110" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="111" />
        <source>作者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="111" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="111" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="115" />
        <location filename="../../ui/dialogs/merge_dialog.py" line="120" />
        <source>最新版本</source>
        <translation>Latest version</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="115" />
        <source>我的修改</source>
        <translation>My changes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="115" />
        <source>保存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="119" />
        <source>合并双方</source>
        <translation>Merge both</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="121" />
        <source>我的</source>
        <translation>Mine</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="129" />
        <source>%1（双方都改过）</source>
        <translation>%1 (changed on both sides)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="142" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="143" />
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="54" />
        <source>〔冲突：我的修改〕</source>
        <translation>〔Conflict: my change〕</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="54" />
        <source>〔冲突：他人的修改〕</source>
        <translation>〔Conflict: their change〕</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/merge_dialog.py" line="54" />
        <source>〔冲突结束〕</source>
        <translation>〔End of conflict〕</translation>
    </message>
</context>
<context>
    <name>PackDialog</name>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="60" />
        <source>导出交流包</source>
        <translation>Export Exchange Package</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="62" />
        <source>交流包是一个 zip 文件，含案例正文、附件和原始文件。其他单位用「文件 ▸ 导入交流包」把它并入自己的案例库，已有的案例不会重复。</source>
        <translation>An exchange package is a zip file with the cases' text, attachments and original files. Another office merges it into its archive with File ▸ Import Exchange Package; cases it already has are not duplicated.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="65" />
        <source>正在统计要导出的案例…</source>
        <translation>Counting the cases to export…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="68" />
        <source>如某市气象局办公室（写入交流包，供对方查看来源）</source>
        <translation>e.g. the city meteorological bureau's office (written into the package so the receiver sees the source)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="70" />
        <source>导出单位</source>
        <translation>Exporting unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="71" />
        <source>同时带上用到这些案例的简报、汇编记录（含 Word 文件）</source>
        <translation>Also include the briefings and compilations that used these cases (with their Word files)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="79" />
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="83" />
        <source>打开所在文件夹</source>
        <translation>Open Folder</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="87" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="108" />
        <source>标签「%1」下的 %2 个案例</source>
        <translation>%2 cases tagged “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="110" />
        <source>选中的 %1 个案例</source>
        <translation>%1 selected cases</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="113" />
        <source>没有可导出的案例。</source>
        <translation>There are no cases to export.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="116" />
        <source>无法确定要导出的案例：</source>
        <translation>Could not determine the cases to export:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="121" />
        <source>案例交流包</source>
        <translation>Case exchange package</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="126" />
        <source>保存交流包</source>
        <translation>Save Exchange Package</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="127" />
        <source>交流包 (*.zip)</source>
        <translation>Exchange packages (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="144" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="160" />
        <source>取消导出</source>
        <translation>Cancel Export</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="160" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="151" />
        <source>正在导出 %1/%2：%3</source>
        <translation>Exporting %1/%2: %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="167" />
        <source>已导出 %1 个案例（%2）到：
%3</source>
        <translation>Exported %1 cases (%2) to:
%3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="174" />
        <source>已取消，没有写出文件。</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="179" />
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pack_dialog.py" line="196" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="74" />
        <location filename="../../ui/dialogs/preferences.py" line="128" />
        <source>首选项</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="80" />
        <source>系统默认</source>
        <translation>System default</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="81" />
        <source> 磅</source>
        <translation> pt</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="83" />
        <source>结果列表、表格和阅读区的字号</source>
        <translation>Font size of the result list, the table and the reader</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="86" />
        <source>上次导出的文件夹</source>
        <translation>The folder of the last export</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="88" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="100" />
        <source>字号：</source>
        <translation>Font size:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="101" />
        <source>默认导出文件夹：</source>
        <translation>Default export folder:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="102" />
        <source>界面语言：</source>
        <translation>Language:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="103" />
        <source>更改立即生效。</source>
        <translation>Changes apply at once.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="119" />
        <source>默认导出文件夹</source>
        <translation>Default export folder</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="129" />
        <source>默认导出文件夹「%1」不存在或不是文件夹，请重新选择。</source>
        <translation>The default export folder “%1” does not exist or is not a folder: choose another.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../ui/dialogs/preview_dialog.py" line="31" />
        <source>预览：%1</source>
        <translation>Preview: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preview_dialog.py" line="39" />
        <source>正在用 LibreOffice 排版，请稍候…</source>
        <translation>Laying out with LibreOffice, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preview_dialog.py" line="41" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preview_dialog.py" line="44" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preview_dialog.py" line="63" />
        <source>共 %1 页</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/preview_dialog.py" line="67" />
        <source>无法预览：</source>
        <translation>Cannot preview: </translation>
    </message>
</context>
<context>
    <name>ReaderPane</name>
    <message>
        <location filename="../../ui/reader.py" line="210" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ui/reader.py" line="211" />
        <source>修改历史</source>
        <translation>Revision History</translation>
    </message>
</context>
<context>
    <name>ReadingController</name>
    <message>
        <location filename="../../ui/window/reading.py" line="68" />
        <source>简报篮</source>
        <translation>Briefing Basket</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="183" />
        <source>把「%1」移入回收站？</source>
        <translation>Move “%1” to the trash?</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="184" />
        <source>把选中的 %1 个案例移入回收站？</source>
        <translation>Move the %1 selected cases to the trash?</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="185" />
        <source>移入回收站</source>
        <translation>Move to Trash</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="186" />
        <source>可以马上撤销，以后也可在「编辑 ▸ 回收站」中恢复。</source>
        <translation>You can undo this at once, or restore later from Edit ▸ Trash.</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="191" />
        <source>已把 %1 个案例移入回收站</source>
        <translation>Moved %1 cases to the trash</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="193" />
        <source>（只有管理员可以恢复）</source>
        <translation> (only an administrator can restore them)</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="200" />
        <source>已恢复 %1 个案例</source>
        <translation>Restored %1 cases</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="207" />
        <source>简报篮中已有 %1 个案例</source>
        <translation>%1 cases in the basket</translation>
    </message>
    <message>
        <location filename="../../ui/window/reading.py" line="213" />
        <source>已把第 %1-%2 段加入简报篮</source>
        <translation>Added blocks %1–%2 to the basket</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <location filename="../../ui/delegates.py" line="128" />
        <source>已用于</source>
        <translation>Used</translation>
    </message>
</context>
<context>
    <name>ResultPlaceholder</name>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="32" />
        <source>导入文件…</source>
        <translation>Import Files…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="35" />
        <source>新建案例</source>
        <translation>New Case</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="37" />
        <source>清除筛选再找</source>
        <translation>Search without filters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="54" />
        <source>案例库还是空的</source>
        <translation>The archive is empty</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="55" />
        <source>点「导入文件…」，或把 Word、PDF、网页、文本文件（或整个文件夹）拖到窗口里，就能开始检索和汇编。</source>
        <translation>Click “Import Files…” or drop Word, PDF, web or text files (or whole folders) onto the window to start searching and compiling.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="57" />
        <source>这个案例库是只读的，不能导入。</source>
        <translation>This archive is read-only: nothing can be imported.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="61" />
        <source>没有找到「%1」</source>
        <translation>Nothing found for “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="62" />
        <source>没有找到符合筛选条件的案例</source>
        <translation>No case matches the filters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="65" />
        <source>检索理解为：%1（各项都要满足，「或」连接的满足其一即可）</source>
        <translation>The search was read as: %1 (every part must match; of parts joined by 或 (OR), one is enough)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="68" />
        <source>可能输错了：%1。</source>
        <translation>Possibly mistyped: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="70" />
        <source>左侧勾选的筛选条件也限制了结果。</source>
        <translation>The filters ticked on the left narrow the result too.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="72" />
        <source>试试换个说法、少写几个词，或点右上角的「?」看检索语法。</source>
        <translation>Try other words, fewer words, or click “?” for the search syntax.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/result_placeholder.py" line="75" />
        <source>改为检索「%1」</source>
        <translation>Search for “%1” instead</translation>
    </message>
</context>
<context>
    <name>ResultsTableModel</name>
    <message>
        <location filename="../../ui/models/results_table.py" line="54" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/models/results_table.py" line="54" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/models/results_table.py" line="54" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/models/results_table.py" line="54" />
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../ui/models/results_table.py" line="55" />
        <source>更新时间</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../ui/models/results_table.py" line="55" />
        <location filename="../../ui/models/results_table.py" line="87" />
        <source>已用于</source>
        <translation>Used</translation>
    </message>
</context>
<context>
    <name>SavedSearchList</name>
    <message>
        <location filename="../../ui/widgets/saved_searches.py" line="22" />
        <source>删除这个保存的检索</source>
        <translation>Delete this saved search</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/saved_searches.py" line="52" />
        <source>检索后点「保存检索」，常用的检索就会列在这里。</source>
        <translation>Search, then click “Save Search”: searches you use often are listed here.</translation>
    </message>
</context>
<context>
    <name>SearchBarController</name>
    <message>
        <location filename="../../ui/window/search_bar.py" line="43" />
        <source>检索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="48" />
        <source>检索案例：输入词语，空格分隔（Ctrl+F）</source>
        <translation>Search cases: type words separated by spaces (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="60" />
        <source>按相关度</source>
        <translation>By relevance</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="61" />
        <source>按日期</source>
        <translation>By date</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="69" />
        <source>检索语法</source>
        <translation>Search syntax</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="71" />
        <location filename="../../ui/window/search_bar.py" line="141" />
        <source>保存检索</source>
        <translation>Save Search</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="73" />
        <source>清除筛选</source>
        <translation>Clear Filters</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="75" />
        <source>加入简报篮</source>
        <translation>Add to Basket</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="76" />
        <source>把选中的案例加入简报篮（Ctrl+B）</source>
        <translation>Add the selected cases to the briefing basket (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/window/search_bar.py" line="141" />
        <source>名称：</source>
        <translation>Name:</translation>
    </message>
</context>
<context>
    <name>SearchingController</name>
    <message>
        <location filename="../../ui/window/searching.py" line="129" />
        <source>找到 %1 个 / 共 %2 个案例</source>
        <translation>%1 found of %2 cases</translation>
    </message>
    <message>
        <location filename="../../ui/window/searching.py" line="179" />
        <source>共 %1 个案例</source>
        <translation>%1 cases</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <location filename="../../ui/dialogs/stats.py" line="69" />
        <source>统计概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/stats.py" line="71" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/stats.py" line="99" />
        <source>共 %1 个案例。点击柱条，在主窗口中按它筛选。</source>
        <translation>%1 cases. Click a bar to filter the main window by it.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/stats.py" line="101" />
        <source>各类案例数</source>
        <translation>Cases per tag group</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/stats.py" line="103" />
        <source>各年份案例数</source>
        <translation>Cases per year</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/stats.py" line="106" />
        <source>报送案例最多的 %1 个单位</source>
        <translation>The %1 units with most cases</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/stats.py" line="109" />
        <source>无法统计：</source>
        <translation>Cannot count: </translation>
    </message>
</context>
<context>
    <name>StatusBarController</name>
    <message>
        <location filename="../../ui/window/status_bar.py" line="34" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/window/status_bar.py" line="52" />
        <source>（已损坏，只读）</source>
        <translation> (damaged, read-only)</translation>
    </message>
    <message>
        <location filename="../../ui/window/status_bar.py" line="54" />
        <source>（只读）</source>
        <translation> (read-only)</translation>
    </message>
    <message>
        <location filename="../../ui/window/status_bar.py" line="59" />
        <source>典型案例库</source>
        <translation>Case Archive</translation>
    </message>
    <message>
        <location filename="../../ui/window/status_bar.py" line="62" />
        <source>共享案例库：服务器 %1，数据库 %2，用户 %3（%4）</source>
        <translation>Shared archive: server %1, database %2, user %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../ui/window/status_bar.py" line="65" />
        <source>典型案例库 — %1（%2）</source>
        <translation>Case Archive — %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/window/status_bar.py" line="103" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
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
        <location filename="../../ui/dialogs/tag_manager.py" line="159" />
        <source>新建分组</source>
        <translation>New Group</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="159" />
        <source>分组名称：</source>
        <translation>Group name:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="165" />
        <source>新建标签</source>
        <translation>New Tag</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="166" />
        <source>在「%1」下新建标签：</source>
        <translation>New tag under “%1”:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="172" />
        <source>重命名标签</source>
        <translation>Rename Tag</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="173" />
        <source>「%1」的新名称（%2 个案例会随之更新）：</source>
        <translation>New name for “%1” (%2 cases will be updated):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="180" />
        <source>合并标签</source>
        <translation>Merge Tags</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="181" />
        <source>把「%1」的 %2 个案例并入：</source>
        <translation>Move the %2 cases of “%1” into:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="188" />
        <source>标签颜色</source>
        <translation>Tag Colour</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="194" />
        <source>删除标签</source>
        <translation>Delete Tag</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/tag_manager.py" line="195" />
        <source>删除标签「%1」？它会从 %2 个案例上去掉，案例本身不会删除。</source>
        <translation>Delete the tag “%1”? It will be removed from %2 cases; the cases themselves stay.</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="29" />
        <source>回收站</source>
        <translation>Trash</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="35" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="36" />
        <location filename="../../ui/dialogs/trash_dialog.py" line="96" />
        <source>彻底删除</source>
        <translation>Delete Permanently</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="37" />
        <source>清空回收站</source>
        <translation>Empty Trash</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="45" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="62" />
        <source>共 %1 个案例。恢复后回到原处；彻底删除后不能找回。</source>
        <translation>%1 cases. Restored cases return where they were; deleted for good, they cannot be recovered.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="65" />
        <source>回收站是空的。删除的案例会先放在这里，可以恢复。</source>
        <translation>The trash is empty. Deleted cases wait here and can be restored.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="69" />
        <source>只有管理员可以恢复或彻底删除。</source>
        <translation> Only an administrator can restore or delete for good.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/trash_dialog.py" line="97" />
        <source>彻底删除 %1 个案例？此操作不能撤销。</source>
        <translation>Delete %1 case(s) permanently? This cannot be undone.</translation>
    </message>
</context>
<context>
    <name>UndoOffer</name>
    <message>
        <location filename="../../ui/widgets/undo_offer.py" line="22" />
        <location filename="../../ui/widgets/undo_offer.py" line="27" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
</context>
<context>
    <name>UnpackDialog</name>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="78" />
        <source>导入交流包</source>
        <translation>Import Exchange Package</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/unpack_dialog.py" line="81" />
        <source>正在检查 %n 个交流包…</source>
        <translation>
            <numerusform>Checking %n exchange package(s)…</numerusform>
            <numerusform>Checking %n exchange package(s)…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="86" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="86" />
        <source>案例</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="86" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="91" />
        <source>取消导入</source>
        <translation>Cancel Import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="102" />
        <source>%1（%2/%3）</source>
        <translation>%1 (%2/%3)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="121" />
        <source>已取消。取消前已并入的案例会保留，再次导入同一个交流包会跳过它们。</source>
        <translation>Cancelled. Cases merged before the cancel are kept; importing the same package again skips them.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="132" />
        <source>交流包「%1」：%2。</source>
        <translation>Package “%1”: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="139" />
        <source>双击一行打开对应的案例。</source>
        <translation>Double-click a row to open its case.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="140" />
        <source>新增 %1 个案例，更新 %2 个，跳过 %3 个。</source>
        <translation>%1 cases added, %2 updated, %3 skipped.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/unpack_dialog.py" line="143" />
        <source>%n 个交流包被拒绝，见下方说明。</source>
        <translation>
            <numerusform>%n package(s) refused; see the reasons below.</numerusform>
            <numerusform>%n package(s) refused; see the reasons below.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="151" />
        <source>导入失败：</source>
        <translation>Import failed: </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="155" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="158" />
        <source>未注明导出单位</source>
        <translation>Exporting unit not given</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="160" />
        <source>%1，%2 导出</source>
        <translation>%1, exported %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="164" />
        <source>被拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="169" />
        <source>新增 %1，更新 %2，跳过 %3</source>
        <translation>%1 added, %2 updated, %3 skipped</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="171" />
        <source>交流包</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="178" />
        <source>已新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="178" />
        <source>已更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="179" />
        <source>已跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/unpack_dialog.py" line="193" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
</TS>