// The chat API client: POST {apiUrl}/chat and GET {apiUrl}/conversation/{id}, with every failure
// turned into a ChatError whose kind the page can explain in plain words.

/** The longest message the API accepts, in UTF-16 code units like the runtime counts them. */
export const MAX_MESSAGE_LENGTH = 4000;

const TIMEOUT_MS = 60_000;

/** Why a call failed; {@code kind} is one of the keys of {@link describeError}'s table. */
export class ChatError extends Error {
  constructor(kind, status, code, serverMessage) {
    super(`${kind}${status ? ' (' + status + ')' : ''}${code ? ' ' + code : ''}`);
    this.name = 'ChatError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

/** Maps an HTTP status and the API's error code to a failure kind. */
export function kindOf(status, code) {
  if (status === 409 && (code === 'conversation_too_long' || code === 'conversation_unreadable')) {
    return 'conversation_too_long';
  }
  if (status === 409 && code === 'conversation_busy') return 'busy';
  if (status === 413 || code === 'message_too_long') return 'message_too_long';
  if (status === 429 && code === 'daily_limit_reached') return 'daily_limit';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 409 || status === 422) return 'rejected';
  if (status === 503) return 'unavailable';
  if (status === 502) return 'bad_gateway';
  if (status === 504) return 'timeout';
  return 'server';
}

/** Plain words for each failure, and whether Retry can help. */
export function describeError(error, twinName) {
  const kind = error instanceof ChatError ? error.kind : 'server';
  switch (kind) {
    case 'offline':
      return { text: `Can't reach ${twinName} — check your internet connection, then retry.`, retry: true };
    case 'timeout':
      return { text: `${twinName} took too long to answer. Try again.`, retry: true };
    case 'busy':
      return { text: 'This conversation is answering in another tab or window. Try again in a moment.', retry: true };
    case 'rate_limited':
      return { text: 'Too many messages in a short time. Wait a moment, then retry.', retry: true };
    case 'daily_limit':
      // Retry cannot help until the budget resets, so the page does not offer it
      return { text: `${twinName} has answered all the questions it can for today. Please come back tomorrow.`, retry: false };
    case 'unavailable':
      return { text: `${twinName} is unavailable right now. Try again in a moment.`, retry: true };
    case 'bad_gateway':
      return { text: `${twinName} couldn't answer this time. Try again.`, retry: true };
    case 'conversation_too_long':
      return { text: 'This conversation has grown too long to continue. Start a new one to keep talking.', retry: false, restart: true };
    case 'message_too_long':
      return { text: `That message is too long: keep it under ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')} characters.`, retry: false };
    case 'rejected':
      return { text: 'The message was not accepted' + (error.serverMessage ? `: ${error.serverMessage}` : '.'), retry: false };
    default:
      return { text: 'Something went wrong on our side. Try again.', retry: true };
  }
}

/** A new id for one turn: a random UUID where the browser has one (any secure context). */
export function newTurnId(cryptoImpl = globalThis.crypto) {
  if (cryptoImpl?.randomUUID) return cryptoImpl.randomUUID();
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates a client for the API at {@code apiUrl} (e.g. "/api" or "https://api.example.com"). */
export function createApi(apiUrl, fetchImpl = globalThis.fetch.bind(globalThis)) {
  const base = String(apiUrl || '/api').replace(/\/+$/, '');

  async function call(path, init, signal) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new ChatError('timeout', 0)), TIMEOUT_MS);
    const abortFromCaller = () => controller.abort(new ChatError('aborted', 0));
    signal?.addEventListener('abort', abortFromCaller, { once: true });
    let response;
    try {
      response = await fetchImpl(base + path, { ...init, signal: controller.signal, headers: { Accept: 'application/json', ...init.headers } });
    } catch (cause) {
      if (controller.signal.aborted && controller.signal.reason instanceof ChatError) throw controller.signal.reason;
      throw new ChatError('offline', 0);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abortFromCaller);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body && typeof body.error === 'object' && body.error ? body.error : {};
      const code = typeof error.code === 'string' ? error.code : undefined;
      const message = typeof error.message === 'string' ? error.message.slice(0, 300) : undefined;
      throw new ChatError(kindOf(response.status, code), response.status, code, message);
    }
    if (body === null || typeof body !== 'object') throw new ChatError('server', response.status, 'invalid_body');
    return body;
  }

  return {
    /**
     * Sends one visitor message; resolves to {response, sessionId}. A Retry sends the same turnId,
     * so a message whose answer was lost on the way is answered from the stored turn, not stored twice.
     */
    async chat(message, sessionId, signal, turnId) {
      const payload = sessionId ? { message, session_id: sessionId } : { message };
      if (turnId) payload.turn_id = turnId;
      const body = await call('/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(payload),
      }, signal);
      if (typeof body.response !== 'string' || typeof body.session_id !== 'string') {
        throw new ChatError('server', 200, 'invalid_body');
      }
      return { response: body.response, sessionId: body.session_id };
    },

    /** Loads a stored conversation; resolves to [{role, content}] oldest first. */
    async conversation(sessionId, signal) {
      const body = await call('/conversation/' + encodeURIComponent(sessionId), { method: 'GET' }, signal);
      const messages = Array.isArray(body.messages) ? body.messages : [];
      return messages
        .filter((m) => m && (m.role === 'user' || m.role === 'assistant') && typeof m.content === 'string')
        .map((m) => ({ role: m.role, content: m.content }));
    },
  };
}
