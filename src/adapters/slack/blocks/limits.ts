/**
 * Block Kit limits we render against (docs.slack.dev/reference/block-kit).
 * Lengths are counted in UTF-16 code units, which is never fewer than Slack's
 * character count, so staying under them here keeps us under them in Slack.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  inputMaxLength: 3000,
  /** Option objects: text and description. */
  optionText: 75,
  /** Our own cap for the top-level `text` fallback, well under Slack's 40 000. */
  fallbackText: 4000,
} as const;
