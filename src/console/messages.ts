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

  nav: {
    label: 'メニュー',
    dashboard: 'ダッシュボード',
    ask: '質問を試す',
    review: '振り返り',
    documents: '資料',
    testSet: 'テストセット',
    dictionaries: '辞書',
    audit: '操作記録',
    users: 'アカウント',
  },

  // Accounts, roles and the login form.
  loginTitle: 'ログイン',
  loginName: '名前',
  loginNameSharedHint: '共有パスワード（CONSOLE_PASSWORD）で入るときは空欄のまま',
  loginPassword: 'パスワード',
  loginButton: 'ログイン',
  logoutButton: 'ログアウト',
  wrongLogin: '名前またはパスワードが違います。',
  loginRequired: 'ログインしてください。',
  loginLink: 'ログイン画面へ',
  openConsole: 'コンソールを開く',
  backToConsole: 'コンソールのはじめに戻る',
  errorTitle: 'エラー',
  forbiddenTitle: 'この操作の権限がありません',
  forbidden: (role: string, needed: string) =>
    `いまの役割（${role}）では、このページを開いたりこの操作をしたりできません。${needed}の役割が必要です。必要なときは管理者に役割の変更を頼んでください。`,
  signedInAs: (name: string, role: string) => `${name}（${role}）`,
  roleLabels: { admin: '管理者', editor: '編集者', viewer: '閲覧者' },
  roleHelp: {
    admin: 'アカウントと設定の管理、編集者と閲覧者のすべての操作',
    editor: '資料の追加・置き換え・削除、辞書、読み込み直し、テストセット、操作記録の閲覧',
    viewer: 'ダッシュボード、質問を試す、振り返り、資料の閲覧',
  },
  builtInActors: { '@shared': '共有パスワード', '@loopback': 'このコンピューター' } as Record<string, string>,

  // The accounts page (admin).
  usersTitle: 'アカウント',
  usersCaption: (n: number) => `アカウント ${n}件`,
  userName: '名前',
  userNameHint: '半角英小文字・数字・「.」「_」「-」で2〜64文字（例: sato.hanako）',
  userRole: '役割',
  userState: '状態',
  userActive: '有効',
  userDisabled: '無効',
  userCreated: '作成日時',
  userActions: '操作',
  userPassword: '初期パスワード',
  userPasswordHint: '10文字以上。本人に安全な方法で伝え、ログイン後に変えてもらってください。',
  addUserTitle: 'アカウントを追加する',
  addUserButton: '追加する',
  changeRoleButton: '役割を変える',
  disableButton: '無効にする',
  enableButton: '有効にする',
  userAdded: (name: string, role: string) => `アカウント「${name}」（${role}）を追加しました。`,
  userRoleChanged: (name: string, role: string) =>
    `「${name}」の役割を${role}に変えました。本人は次の操作でもう一度ログインします。`,
  userDisabledNotice: (name: string) => `「${name}」を無効にしました。ログイン中の画面からも締め出されます。`,
  userEnabledNotice: (name: string) => `「${name}」を有効にしました。`,
  userExists: (name: string) => `「${name}」という名前のアカウントはすでにあります。`,
  userUnknown: 'そのアカウントはありません。',
  badUserName: '名前は半角英小文字・数字・「.」「_」「-」で2〜64文字にしてください。',
  badPassword: 'パスワードは10文字以上、1024文字以下にしてください。',
  notYourself:
    '自分のアカウントを無効にしたり、自分の役割を変えたりはできません。ほかの管理者に頼んでください。',
  lastAdmin:
    '有効な管理者がいなくなるため、この変更はできません。先にほかのアカウントを管理者にしてください。',
  // The audit log page and the document changes it records.
  auditTitle: '操作記録',
  auditIntro:
    '資料の追加・置き換え・削除、辞書と資料の読み込み直し、アカウントの変更を、だれがいつ行ったかの記録です。',
  auditCaption: (total: number, from: number, to: number) => `${total}件中 ${from}〜${to}件目`,
  auditEmpty: 'まだ記録はありません。資料や辞書、アカウントを変更すると、ここに記録されます。',
  auditFilter: '操作の種類',
  auditAll: 'すべて',
  auditShow: '表示',
  auditColumns: {
    at: '日時',
    actor: '操作した人',
    action: '操作',
    target: '対象',
    before: '変更前',
    after: '変更後',
  },
  auditActionLabels: {
    'document.upload': '資料の追加',
    'document.replace': '資料の置き換え',
    'document.remove': '資料の削除',
    'dictionary.reload': '辞書の読み込み直し',
    'engine.reload': '資料と辞書の読み込み直し',
    'user.create': 'アカウントの追加',
    'user.role': '役割の変更',
    'user.disable': 'アカウントの無効化',
    'user.enable': 'アカウントの有効化',
  } as Record<string, string>,
  previousPage: '← 新しい記録',
  nextPage: '古い記録 →',
  engineSummary: (documents: number, passages: number) => `資料 ${documents}件・段落 ${passages}件`,
  dictionarySummary: (terms: number, synonyms: number, stopwords: number) =>
    `ユーザー辞書 ${terms}語・同義語 ${synonyms}件・検索に使わない語 ${stopwords}語`,
  refusedSummary: (reason: string) => `読み込み直しを取りやめ（${reason}）`,
  documentSummary: (title: string, passages: number, headings: number, tables: number) =>
    `${title}（段落 ${passages}件・見出し ${headings}件・表 ${tables}件）`,

  changeDocumentTitle: 'この資料を変更する',
  replaceHelp:
    '新しい版のファイルを選ぶと、内容を確かめる画面を表示します。タイトルなどの情報はそのまま引き継ぎます。確定するまで資料は変わりません。',
  replaceFile: '新しい版のファイル',
  replaceButton: '内容を確かめる',
  removeButton: 'この資料を削除する…',
  replaceConfirmTitle: (title: string) => `「${title}」を置き換えますか`,
  replaceConfirmIntro: (file: string) => `${file} の内容で置き換えます。確定するまで、いまの資料のままです。`,
  replaceBefore: 'いまの資料',
  replaceAfter: '新しい版',
  replaceCounts: (passages: number, headings: number, tables: number) =>
    `段落 ${passages}件・見出し ${headings}件・表 ${tables}件`,
  replaceUnknownBefore: '（読み込めていません）',
  replaceConfirmButton: '置き換える',
  cancelButton: 'やめる',
  replaced: (title: string) =>
    `「${title}」を置き換えました。「資料と辞書を読み込み直す」を押すと回答に反映されます。`,
  replaceCancelled: '置き換えをやめました。資料は変わっていません。',
  replaceRefused: '置き換えませんでした。資料は変わっていません。',
  removeConfirmTitle: (title: string) => `「${title}」を削除しますか`,
  removeConfirmIntro: (id: string, passages: number) =>
    `資料ID ${id}（段落 ${passages}件）のファイルを corpus から削除します。「資料と辞書を読み込み直す」を押すまでは、回答にまだ使われます。元に戻すには、ファイルをもう一度追加してください。`,
  removeConfirmButton: '削除する',
  removed: (title: string) =>
    `「${title}」を削除しました。「資料と辞書を読み込み直す」を押すと回答から外れます。`,
  removeFailed: (detail: string) => `削除できませんでした: ${detail}`,

  noAccountsYet:
    'まだアカウントがありません。ここで追加するか、サーバーで npm run console:add-user -- --name <名前> --role admin を実行してください。最初のアカウントを作ると、コンソールはログインが必要になります。',
} as const;
