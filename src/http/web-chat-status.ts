import type { PostRefusalCode } from '../domain/webchat/post-outcome';

/** The HTTP status of each refusal, for the REST API and the socket's error frames alike. */
export const REFUSAL_STATUS: Record<PostRefusalCode, 400 | 403 | 409 | 413 | 429> = {
  empty_message: 400,
  invalid_client_message_id: 400,
  message_too_long: 413,
  no_conversation: 409,
  history_full: 409,
  client_message_id_reused: 409,
  rate_limited: 429,
  not_available: 403,
};
