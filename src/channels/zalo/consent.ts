import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../kernel/clock.js";
import { isLanguage } from "../../kernel/language.js";
import { sameSecret } from "../../kernel/same-secret.js";
import type { ZaloConnection } from "../../modules.js";
import type { ZaloConsents, ZaloTokens } from "./store.js";
import { type ZaloOAuth, ZaloRefreshRefused } from "./tokens.js";

/** Zalo's authorization code lives 10 minutes; a consent waits as long for its callback. */
const CONSENT_MS = 10 * 60 * 1000;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** RFC 7636: a verifier of 43 unreserved characters and its S256 challenge (base64url, no padding). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/**
 * The OA's OAuth v4 consent: `begin` keeps a fresh code_verifier under the state's hash and builds
 * the permission URL with its challenge; `complete` takes that consent once, checks the browser, and
 * exchanges the code. The pair is stored only when Zalo gave one; a refused or mismatched callback
 * leaves the stored pair as it was.
 */
export function createZaloConsent(deps: {
  appId: string;
  oauthRoot: string;
  oauth: ZaloOAuth;
  tokens: ZaloTokens;
  consents: ZaloConsents;
  clock: Clock;
  /** After a pair is stored: the channel works again (alerts cleared, waiting messages sent). */
  connected(): void;
}): ZaloConnection {
  const { clock } = deps;
  return {
    status: () => deps.tokens.status(),

    async begin({ staffId, language, browserKey, redirectUri }) {
      const { verifier, challenge } = pkcePair();
      const state = randomBytes(24).toString("base64url");
      const now = clock.now();
      await deps.consents.save(sha256(state), {
        codeVerifier: verifier,
        browserHash: sha256(browserKey),
        staffId,
        language,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CONSENT_MS),
      });
      const url = new URL(`${deps.oauthRoot.replace(/\/+$/, "")}/v4/oa/permission`);
      url.search = new URLSearchParams({
        app_id: deps.appId,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        state,
      }).toString();
      return { url: url.toString() };
    },

    async complete({ state, code, oaId, browserKey }) {
      const consent = state ? await deps.consents.take(sha256(state)) : undefined;
      if (!consent) return { ok: false, reason: "unknown_state" };
      const language = isLanguage(consent.language) ? consent.language : undefined;
      const refused = (reason: "expired" | "other_browser" | "refused", detail?: string) =>
        ({ ok: false, reason, ...(language ? { language } : {}), ...(detail ? { detail } : {}) }) as const;
      if (consent.expiresAt.getTime() <= clock.now().getTime()) return refused("expired");
      if (!sameSecret(sha256(browserKey), consent.browserHash)) return refused("other_browser");
      // Zalo came back without a code: the admin did not allow; the state is spent, a new consent starts over.
      if (!code) return refused("refused", "no authorization code");
      try {
        const pair = await deps.oauth.grant({ grant_type: "authorization_code", code, code_verifier: consent.codeVerifier });
        await deps.tokens.store(pair, oaId);
      } catch (error) {
        if (error instanceof ZaloRefreshRefused) return refused("refused", error.message);
        throw error;
      }
      deps.connected();
      return { ok: true, staffId: consent.staffId, language: language ?? "vi" };
    },
  };
}
