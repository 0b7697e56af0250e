// The engine's staff-facing wording (shown on the console's reload panel), in one place for review.

export const engineMessages = {
  unreadableFile: (file: string, reason: string) => `${file}: 読み込めません（${reason}）`,
} as const;
