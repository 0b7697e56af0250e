// The console's notices and error sentences, in one place so staff can review the wording.

export const consoleMessages = {
  loopbackOnlyNote:
    'パスワードが設定されていないため、このコンソールはこのコンピューター（ループバックアドレス）からの接続にだけ応答します。ほかの端末から使うには CONSOLE_PASSWORD を設定してください。',
  notLoopbackTitle: '接続できません',
  notLoopback:
    'パスワードが設定されていないため、このコンソールはサーバーと同じコンピューターからの接続にだけ応答します。ほかの端末から使うには CONSOLE_PASSWORD を設定してください。',
  hostNotAllowedTitle: 'このアドレスでは開けません',
  hostNotAllowed:
    'このコンソールは、登録されていないホスト名での接続には応答しません。http://localhost または http://127.0.0.1 で開くか、管理者が CONSOLE_ALLOWED_HOSTS にホスト名を加えてください。',
  crossOriginTitle: '別のサイトからの送信です',
  crossOrigin:
    'この操作は、コンソール以外のページから送信されたため受け付けませんでした。コンソールを開き直して、コンソールの画面から操作してください。',
  csrfTitle: 'もう一度お試しください',
  csrf: 'フォームの有効期限が切れたか、正しくない送信です。コンソールを開き直してから、もう一度操作してください。',
  rateLimitedTitle: 'ログインを一時停止しています',
  rateLimited: 'ログインの失敗が続いたため、しばらくログインできません。15分ほど待ってからお試しください。',
  wrongPassword: 'パスワードが違います。',
  loginRequiredTitle: 'ログインしてください',
  engineFailedTitle: '回答エンジンを読み込めません',
  engineFailed:
    '回答エンジンを読み込めませんでした。サーバーのログを確認し、資料と辞書を直してから「辞書」ページで読み込み直してください。',
  questionTooLong: (max: number) => `質問は${max}文字までです`,
  badInput: '入力が正しくありません',
  badFilter: '条件が正しくありません',
  badDocumentId: '資料IDが正しくありません。',
  noDocument: 'その資料はありません。',
  noPassage: 'その段落はありません。',
  notFound: 'ページが見つかりません。',
  badRequest: '送信された内容を読み取れませんでした。',
  internalError: 'コンソールで問題が起きました。しばらくしてからお試しください。',
  testRunDone: (count: number) => `${count}問を実行しました。`,
  testNotRun: 'まだ実行していません。',
  reloaded: (terms: number, synonyms: number, ms: number) =>
    `辞書を読み込み直しました（ユーザー辞書 ${terms}語、同義語 ${synonyms}件、${ms} ms）。`,
  reloadRefused: '辞書に誤りがあるため、読み込み直していません。いまの辞書で動き続けています。',
} as const;
