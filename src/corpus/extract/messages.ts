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
  pdfUnreadable: (file: string, reason: string) => `${file}: PDF を読み取れませんでした（${reason}）。`,
  pdfPagesWithoutText: (pages: number[]) =>
    `文字のないページがあります（${pages.join('、')} ページ）。画像のページは OCR が必要です。`,
  docxUnreadable: (file: string, reason: string) => `${file}: Word 文書を読み取れませんでした（${reason}）。`,
  docxNote: (message: string) => `Word 文書の変換メモ: ${message}`,
  noMainContent: 'ページに <main> や <article> がないため、ナビゲーション等を除いた本文全体を使いました。',
  replacedCharacters: (count: number) =>
    `読み取れない文字が ${count} 個あり、「�」に置き換えました。元のファイルを確認してください。`,
} as const;
