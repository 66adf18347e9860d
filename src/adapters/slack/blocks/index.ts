export { answerMessage, holdingMessage, MAX_ANSWER_SECTIONS, type AnswerMessageInput } from './answer-message';
export { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from './ids';
export { LIMITS } from './limits';
export { editModal, rejectModal } from './modals';
export { escapeMrkdwn, markdownToMrkdwn, truncateMrkdwn } from './mrkdwn';
export type { Citation, SlackMessage } from './parts';
export { reviewCard, reviewOutcomeCard, type ReviewCardInput, type ReviewOutcomeInput } from './review-card';
export { STRINGS } from './strings';
