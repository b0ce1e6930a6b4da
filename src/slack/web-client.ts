import { type WebAPICallResult, WebClient, type WebClientOptions } from "@slack/web-api";
import { DeliveryError } from "../delivery/outbox.js";
import { errorMessage } from "../kernel/errors.js";
import { neutraliseBidiDeep } from "../kernel/text.js";

/**
 * Every Web API call goes to `SLACK_API_URL` with the client's own retries off: the outbox retries
 * deliveries (after Retry-After on 429), and interactive answers must not hang past Slack's 3 s.
 */
export function createSlackWebClient(options: { token: string; apiUrl: string; fetch?: typeof fetch }): WebClient {
  return new StaffFacingWebClient(options.token, slackClientOptions(options));
}

/**
 * Everything we post to Slack is read by staff and quotes customers: bidi controls are taken out of
 * every call's arguments here, once, so a customer's U+202E cannot reverse what a card or thread shows.
 */
class StaffFacingWebClient extends WebClient {
  override apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    return super.apiCall(method, options === undefined ? undefined : neutraliseBidiDeep(options));
  }
}

export function slackClientOptions(options: { apiUrl: string; fetch?: typeof fetch }): WebClientOptions {
  return {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}

/** Platform errors that a later attempt may not meet (Slack's own trouble). */
const TRANSIENT_PLATFORM_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);

/** The error code of an ok:false answer, or undefined for other failures. */
export function platformErrorOf(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e.code === "slack_webapi_platform_error" ? e.data?.error : undefined;
}

/** How the outbox should treat a failed Web API call: 429 after Retry-After, 5xx and network again later, the rest never. */
export function toDeliveryError(error: unknown, what: string): DeliveryError {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number };
  const message = `${what}: ${errorMessage(error)}`;
  switch (e.code) {
    case "slack_webapi_rate_limited_error":
      return new DeliveryError("retry", message, Math.max(1, e.retryAfter ?? 1) * 1000, { cause: error });
    case "slack_webapi_platform_error": {
      const code = platformErrorOf(error) ?? "unknown";
      return new DeliveryError(TRANSIENT_PLATFORM_ERRORS.has(code) ? "retry" : "permanent", message, undefined, { cause: error });
    }
    case "slack_webapi_http_error":
      return new DeliveryError((e.statusCode ?? 500) >= 500 ? "retry" : "permanent", message, undefined, { cause: error });
    default:
      return new DeliveryError("retry", message, undefined, { cause: error });
  }
}
