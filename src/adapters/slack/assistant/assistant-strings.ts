/** What the assistant pane says, in one place (mrkdwn, no `&`, `<` or `>`). */
export const ASSISTANT_STRINGS = {
  greeting:
    "Hi! I answer questions from the company's knowledge base, with links to the sources. Ask me in your own words; when I'm not sure, a teammate checks my answer before you get it, right here.",
  promptsTitle: 'Questions colleagues often ask',
} as const;
