// Japanese text staff see when adding documents; kept together so the wording can be reviewed in one place.

export const extractMessages = {
  empty: (file: string) => `${file}: ファイルが空です。`,
  binary: (file: string) =>
    `${file}: 文字のファイルではありません（画像や実行ファイルなどは追加できません）。`,
  unknownEncoding: (file: string) =>
    `${file}: 文字コードを判定できません。UTF-8・Shift_JIS・EUC-JP のいずれかで保存し直してください。`,
  unknownFormat: (file: string) =>
    `${file}: この形式には対応していません（PDF・HTML・DOCX・Markdown・テキストに対応）。`,
  pdfNoText: (file: string) =>
    `${file}: PDF に文字情報がありません（スキャン画像の PDF です）。OCR が必要です。OCR 済みの PDF か、文字の入ったファイルを追加してください。`,
  pdfUnreadable: (file: string, reason: string) =>
    `${file}: PDF ファイルが壊れているため読み取れませんでした（${reason}）。元の PDF をもう一度保存するかダウンロードし直してから追加してください。`,
  pdfNotPdf: (file: string) =>
    `${file}: 名前は .pdf ですが、中身が PDF になっていません（ファイルが壊れているか、途中までしか保存されていません）。元の PDF をもう一度保存するかダウンロードし直してから追加してください。`,
  pdfEncrypted: (file: string) =>
    `${file}: PDF にパスワードが掛かっているため読み取れません。パスワードを外した PDF を追加してください。`,
  docxNotDocx: (file: string) =>
    `${file}: 名前は .docx ですが、中身が Word 文書になっていません（ファイルが壊れています）。Word で開いて保存し直してから追加してください。`,
  pdfPagesWithoutText: (pages: number[]) =>
    `文字のないページがあります（${pages.join('、')} ページ）。画像のページは OCR が必要です。`,
  docxUnreadable: (file: string, reason: string) => `${file}: Word 文書を読み取れませんでした（${reason}）。`,
  docxNote: (message: string) => `Word 文書の変換メモ: ${message}`,
  noMainContent: 'ページに <main> や <article> がないため、ナビゲーション等を除いた本文全体を使いました。',
} as const;

/** Japanese names of the metadata flags, for prompts and refusals. */
export const META_LABELS: Record<string, string> = {
  title: 'タイトル (--title)',
  municipality: '自治体 (--municipality)',
  department: '担当部署 (--department)',
  period: '期間 (--period)',
  date: '日付 (--date)',
  sourceUrl: '元の URL (--source-url)',
  id: 'ID (--id)',
  source: '元のファイル名',
};

/** What a valid value looks like, per field; the schema's own messages are for developers. */
export const META_HINTS: Record<string, string> = {
  title: '1 行で入力してください。',
  municipality: '「釧路市」のように市町村名で入力してください。',
  department: '1 行で入力してください。',
  period: '1 行で入力してください。',
  date: '実在する日付を 2026-04-01 の形で入力してください。',
  sourceUrl: 'http:// か https:// で始まる URL を入力してください。',
  id: '半角英小文字・数字・ハイフンで入力してください（例: kushiro-tokyo）。',
};

export const addMessages = {
  duplicate: (file: string, existingId: string) =>
    `${file}: 同じ内容の文書がすでにあります（${existingId}）。`,
  idTaken: (file: string, id: string) =>
    `${file}: ID「${id}」はすでに使われています。別の --id を指定するか、先に remove してください。`,
  badMeta: (file: string, field: string, detail: string) =>
    `${file}: メタデータが正しくありません${field ? `（${META_LABELS[field] ?? field}）` : ''}: ${META_HINTS[field] ?? detail}`,
  missingMeta: (file: string, flag: string) =>
    `${file}: メタデータが足りません。${flag} を指定してください。`,
  noPassages: (file: string) => `${file}: 索引に入る文章がありません。`,
  passagesFailed: (file: string, detail: string) => `${file}: 文章に分けられませんでした（${detail}）。`,
  writeFailed: (file: string, detail: string) =>
    `${file}: corpus に書き込めませんでした（${detail}）。何も追加していません。`,
  leftoverTemp: (file: string) =>
    `${file}: 書きかけの一時ファイルが残っています。追加中でなければ削除してください。`,
  badId: (id: string) => `ID「${id}」は正しくありません（半角英小文字・数字・ハイフン）。`,
  unknownId: (id: string) => `ID「${id}」の文書はありません。npm run corpus -- list で確認してください。`,
  stagedGone:
    '置き換えの準備ができていないか、1時間以上たって取り消されました。もう一度ファイルを選んでください。',
} as const;

export interface SummaryCounts {
  passages: number;
  headings: number;
  tables: number;
}

/** Text of `npm run corpus`. */
export const cliMessages = {
  unknownCommand: 'コマンドは add・list・remove・check のいずれかです。',
  badFlag: (flag: string, field: string, detail: string) =>
    `${flag} が正しくありません: ${META_HINTS[field] ?? detail}`,
  missingFlag: (flag: string) => `メタデータが足りません。${flag} を指定してください。何も追加していません。`,
  perFileCount: (flag: string, files: number, given: number) =>
    `${flag} はファイルごとに 1 つずつ、順に指定してください（ファイル ${files} 件に対して ${given} 件）。何も追加していません。`,
  noFiles: '追加するファイルを 1 つ以上指定してください。',
  noCorpusDir: (dir: string) => `corpus のフォルダ「${dir}」がありません。--corpus-dir で指定してください。`,
  fileNotFound: (file: string) => `${file}: ファイルが見つからないか、読めません。`,
  titleFor: (file: string) => `${file} のタイトル`,
  optional: (label: string) => `${label}（省略は Enter）`,
  cancelled: '\n中止しました。この後のファイルは追加していません。',
  invalidAnswer: (field: string, detail: string) => `入力が正しくありません: ${META_HINTS[field] ?? detail}`,
  added: (file: string, id: string, title: string, s: SummaryCounts, warnings: number) =>
    `追加: ${file} → ${id}（${title}） 文章 ${s.passages}・見出し ${s.headings}・表 ${s.tables}・注意 ${warnings}`,
  warning: (text: string) => `注意: ${text}`,
  refused: (error: string) => `追加できません: ${error}`,
  totals: (added: number, refused: number) => `追加 ${added} 件、追加できず ${refused} 件`,
  passageCount: (n: number) => `文章 ${n}`,
  unreadable: '読み込めません（npm run corpus -- check で確認）',
  documentCount: (n: number) => `文書 ${n} 件`,
  removeNeedsOneId: '削除する文書の ID を 1 つ指定してください（npm run corpus -- list で確認できます）。',
  removed: (id: string, title: string) => `削除しました: ${id}（${title}）。`,
  checkLine: (file: string, s: SummaryCounts) =>
    `${file}: 文章 ${s.passages}・見出し ${s.headings}・表 ${s.tables}`,
  problem: (text: string) => `問題: ${text}`,
  checkTotals: (files: number, problems: number) =>
    problems === 0 ? `${files} ファイル、問題なし` : `${files} ファイル、問題 ${problems} 件`,
} as const;
