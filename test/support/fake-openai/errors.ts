// OpenAI's documented error body, `{ error: { message, type, param, code } }`,
// with messages worded as the real API words them so code that logs or matches
// on them sees realistic text. Platform-free (no node:*).

export interface OpenAIErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export const apiError = (message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody => ({
  message,
  type,
  param,
  code,
});

/** The body for a bare scripted status. */
export function statusError(status: number, message?: string): OpenAIErrorBody {
  if (status === 401) return INVALID_API_KEY;
  if (status >= 500) {
    return apiError(message ?? 'The server had an error while processing your request. Sorry about that!', 'server_error');
  }
  return apiError(message ?? `Fake error with status ${status}.`, 'invalid_request_error');
}

export const INVALID_API_KEY = apiError(
  'Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.',
  'invalid_request_error',
  'invalid_api_key',
);

export const MISSING_API_KEY = apiError(
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  'invalid_request_error',
);

export const INVALID_JSON_BODY = apiError(
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  'invalid_request_error',
);

export const rateLimited = (model: string, retryAfterSeconds: number | undefined) =>
  apiError(
    `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${retryAfterSeconds ?? 20}s.`,
    'requests',
    'rate_limit_exceeded',
  );

export const INSUFFICIENT_QUOTA = apiError(
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  'insufficient_quota',
  'insufficient_quota',
);

export const missingParameter = (name: string) =>
  apiError(`Missing required parameter: '${name}'.`, 'invalid_request_error', 'missing_required_parameter', name);

/** OpenAI's wording for a value outside an enum. */
export const notOneOf = (value: unknown, allowed: readonly string[], param: string) =>
  apiError(
    `${JSON.stringify(value)} is not one of [${allowed.map((a) => `'${a}'`).join(', ')}] - '${param}'`,
    'invalid_request_error',
    null,
    param,
  );
