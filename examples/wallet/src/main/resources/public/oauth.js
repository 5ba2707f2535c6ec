// The browser app's OAuth 2.1 / OpenID Connect client: authorization code with PKCE S256 (RFC 7636) through WebCrypto,
// state and nonce checked, the code exchanged at the token endpoint by CORS as a public client, tokens kept in this
// module's memory only, refresh before expiry (refresh_token grant, rotated at every use), logout by revocation
// (RFC 7009) and RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).
//
// Storage: access, refresh and ID tokens never leave this module's variables (no localStorage, no sessionStorage, no
// cookie), so a script injected later cannot find them at rest, and closing or reloading the tab forgets them. Only
// the PKCE verifier, state and nonce of the one request in flight live in sessionStorage, because the redirect to the
// sign-in page unloads this page; they are removed at the callback before the code is used, and they are worthless
// without the code, which only the registered redirect URI receives.

const PENDING = 'wallet.pendingAuthorization';
const PENDING_MAX_AGE_MS = 10 * 60 * 1000; // Tokenbooth's pending requests live 10 minutes
const REFRESH_AT = 0.75;                  // renew after three quarters of the access token's lifetime
const REFRESH_MARGIN_MS = 30 * 1000;      // ... and at a call when less than this (or that last quarter) is left,
                                          // in case a background tab's timer was throttled

/** An OAuth/OIDC failure with Tokenbooth's error code (RFC 6749 §5.2), or 'state_mismatch' / 'network'. */
export class AuthError extends Error {
  constructor(code, description) {
    super(description || code);
    this.code = code;
  }
}

export class OAuthClient {
  /** @param config {issuer, clientId, audience, scope?, postLogoutRedirectUri?} from /config.json */
  constructor(config, discovery, onChange) {
    this.config = config;
    this.discovery = discovery;
    this.onChange = onChange;
    this.redirectUri = location.origin + '/callback';
    this.scope = config.scope || 'openid offline_access wallet:read wallet:write';
    this.tokens = null;     // {accessToken, refreshToken, idToken, expiresAt, claims}
    this.timer = null;
    this.refreshing = null; // the refresh in flight, shared by every caller
  }

  /** Reads the issuer's discovery document (OpenID Connect Discovery §4) and checks it names the same issuer. */
  static async discover(config) {
    const response = await fetch(config.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
    if (!response.ok) {
      throw new AuthError('discovery', 'discovery answered ' + response.status);
    }
    const discovery = await response.json();
    if (discovery.issuer !== config.issuer) {
      throw new AuthError('discovery', 'discovery names issuer ' + discovery.issuer);
    }
    return discovery;
  }

  get signedIn() {
    return this.tokens !== null;
  }

  get subject() {
    return this.tokens?.claims?.preferred_username || this.tokens?.claims?.sub || '';
  }

  /** Sends the browser to the authorization endpoint; the page unloads. */
  async login(uiLocale) {
    const verifier = randomString(32);
    const challenge = base64url(new Uint8Array(
        await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const pending = {verifier, state: randomString(16), nonce: randomString(16), at: Date.now()};
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    const url = new URL(this.discovery.authorization_endpoint);
    const params = {
      response_type: 'code', client_id: this.config.clientId, redirect_uri: this.redirectUri, scope: this.scope,
      state: pending.state, nonce: pending.nonce, code_challenge: challenge, code_challenge_method: 'S256',
      resource: this.config.audience, ui_locales: uiLocale,
    };
    for (const [name, value] of Object.entries(params)) {
      url.searchParams.set(name, value);
    }
    location.assign(url.toString());
  }

  /**
   * At /callback: checks state (and iss, RFC 9207) against the request this tab started, exchanges the code with the
   * PKCE verifier and checks the ID token's nonce, audience and issuer. The code leaves the address bar first.
   */
  async completeLogin() {
    const params = new URLSearchParams(location.search);
    const saved = sessionStorage.getItem(PENDING);
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', '/');
    const pending = saved ? JSON.parse(saved) : null;
    if (!pending || !params.get('state') || params.get('state') !== pending.state
        || Date.now() - pending.at > PENDING_MAX_AGE_MS) {
      throw new AuthError('state_mismatch');
    }
    if (params.has('iss') && params.get('iss') !== this.discovery.issuer) {
      throw new AuthError('state_mismatch', 'iss ' + params.get('iss'));
    }
    if (params.has('error')) {
      throw new AuthError(params.get('error'), params.get('error_description'));
    }
    const answer = await this.tokenRequest({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: this.redirectUri,
      code_verifier: pending.verifier, resource: this.config.audience,
    });
    const claims = decodeJwtPayload(answer.id_token);
    // OpenID Connect Core §3.1.3.7: the ID token came straight from the token endpoint, so TLS stands in for its
    // signature; the claims that bind it to this request are checked here.
    const audiences = [].concat(claims.aud || []);
    if (claims.nonce !== pending.nonce || claims.iss !== this.discovery.issuer
        || !audiences.includes(this.config.clientId)) {
      throw new AuthError('state_mismatch', 'the ID token does not belong to this sign-in');
    }
    this.keep(answer, claims);
  }

  /** A valid access token, refreshed first when it is about to expire. Throws AuthError('invalid_grant') when over. */
  async accessToken() {
    if (!this.tokens) {
      throw new AuthError('login_required');
    }
    const margin = Math.min(REFRESH_MARGIN_MS, this.tokens.lifetimeMs * (1 - REFRESH_AT));
    if (this.tokens.expiresAt - Date.now() < margin) {
      await this.refresh();
    }
    return this.tokens.accessToken;
  }

  /** Renews the tokens with the refresh token (rotated: the new one replaces it). One refresh at a time. */
  refresh() {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  async doRefresh() {
    if (!this.tokens?.refreshToken) {
      this.forget();
      throw new AuthError('invalid_grant', 'no refresh token');
    }
    try {
      const answer = await this.tokenRequest({
        grant_type: 'refresh_token', refresh_token: this.tokens.refreshToken, resource: this.config.audience,
      });
      this.keep(answer, answer.id_token ? decodeJwtPayload(answer.id_token) : this.tokens.claims);
    } catch (e) {
      if (e instanceof AuthError && e.code !== 'network') {
        this.forget(); // refused (revoked, expired, reused): the session is over
      }
      throw e;
    }
  }

  /**
   * Revokes the refresh token (which ends its whole family at Tokenbooth) and the access token, forgets everything,
   * then sends the browser to the end-session endpoint with the ID token as hint, so the SSO session ends too.
   */
  async logout(uiLocale) {
    const tokens = this.tokens;
    this.forget();
    if (!tokens) {
      return;
    }
    for (const [token, hint] of [[tokens.refreshToken, 'refresh_token'], [tokens.accessToken, 'access_token']]) {
      if (token && this.discovery.revocation_endpoint) {
        try {
          await this.post(this.discovery.revocation_endpoint, {token, token_type_hint: hint});
        } catch (e) {
          // best effort: the end-session step below still runs
        }
      }
    }
    const url = new URL(this.discovery.end_session_endpoint);
    url.searchParams.set('id_token_hint', tokens.idToken);
    url.searchParams.set('client_id', this.config.clientId);
    if (this.config.postLogoutRedirectUri) {
      url.searchParams.set('post_logout_redirect_uri', this.config.postLogoutRedirectUri);
    }
    url.searchParams.set('ui_locales', uiLocale);
    location.assign(url.toString());
  }

  keep(answer, claims) {
    const lifetimeMs = Math.max(1, Number(answer.expires_in) || 60) * 1000;
    this.tokens = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token || this.tokens?.refreshToken || null,
      idToken: answer.id_token || this.tokens?.idToken || null,
      expiresAt: Date.now() + lifetimeMs,
      lifetimeMs,
      claims,
    };
    clearTimeout(this.timer);
    if (this.tokens.refreshToken) {
      this.timer = setTimeout(() => this.refresh().catch(() => this.onChange()), lifetimeMs * REFRESH_AT);
    }
    this.onChange();
  }

  forget() {
    clearTimeout(this.timer);
    const was = this.tokens !== null;
    this.tokens = null;
    if (was) {
      this.onChange();
    }
  }

  async tokenRequest(params) {
    const answer = await this.post(this.discovery.token_endpoint, params);
    if (answer.token_type?.toLowerCase() !== 'bearer' || !answer.access_token) {
      throw new AuthError('invalid_response', 'no bearer token in the answer');
    }
    return answer;
  }

  /** A form POST as a public client (client_id in the body, RFC 6749 §2.3); JSON back, or an AuthError. */
  async post(endpoint, params) {
    const body = new URLSearchParams({client_id: this.config.clientId});
    for (const [name, value] of Object.entries(params)) {
      body.set(name, value);
    }
    let response;
    try {
      response = await fetch(endpoint, {method: 'POST', body, cache: 'no-store', credentials: 'omit'});
    } catch (e) {
      throw new AuthError('network', e.message);
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      throw new AuthError(json.error || 'http_' + response.status, json.error_description);
    }
    return json;
  }
}

function randomString(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes) {
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeJwtPayload(jwt) {
  const part = String(jwt || '').split('.')[1];
  if (!part) {
    throw new AuthError('invalid_response', 'no ID token');
  }
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - base64.length % 4) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, c => c.charCodeAt(0))));
}
